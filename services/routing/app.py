"""Routing's use cases: precheck at the window, dispatch by the catalog, decisions back to intake and the citizen.

Every message to another service goes through the outbox in the transaction that decides it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable

from sqlalchemy.engine import Connection

from routing import deadlines
from routing.catalog import Catalog
from routing.store import Dispatch, RoutingStore
from tereze.db import Database
from tereze.domain import Actor, PrecheckResult
from tereze.errors import Conflict, FieldErrors, InvalidArgument, NotFound, Violation
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.timeutil import utcnow

log = logging.getLogger("routing")

TOPIC_OPEN = "open_case"
TOPIC_STATUS = "intake_status"
TOPIC_NOTIFY = "notify"
TOPIC_WITHDRAW = "withdraw_case"
TOPIC_NOTICE = "notice"
# Who works an agency's queue (and is told of its deadlines), by the catalog's `handled_by`.
OFFICER_ROLE = {"registry": "registrar", "benefits": "inspector"}
TOPIC_RESUME = "resume_case"
PROGRESS_STATUSES = ("in_review", "needs_info")

# (handled_by, PrecheckResult-returning call with the same arguments as Routing.precheck)
AgencyPrecheck = Callable[..., PrecheckResult]


class Routing:
    def __init__(self, db: Database, store: RoutingStore, outbox: Outbox, keys: IdempotencyKeys, catalog: Catalog,
                 agency_precheck: AgencyPrecheck):
        self.db = db
        self.store = store
        self.outbox = outbox
        self.keys = keys
        self.catalog = catalog
        self.agency_precheck = agency_precheck

    # ---- at the window ----

    def precheck(self, *, service: str, office: str, applicant: dict, details: dict, details_service: str,
                 documents: list[str], application_date: dt.date | None = None) -> PrecheckResult:
        errors = FieldErrors()
        entry = self.catalog.services.get(service)
        if entry is None:
            errors.add("service", "must be one of " + ", ".join(self.catalog.services))
        if office not in self.catalog.offices:
            errors.add("office", "must be one of " + ", ".join(self.catalog.offices))
        if details_service and details_service != service:
            errors.add("details", f"are the details of {details_service}, not of {service}")
        errors.raise_if_any()
        result = PrecheckResult()
        missing = entry.missing_documents(documents)
        if missing:
            result.refusals.append(Violation(
                "documents.missing",
                "required documents not presented: " + ", ".join(d.code for d in missing),
                "documents",
            ))
        unknown = [code for code in documents if code not in {d.code for d in entry.documents}]
        if unknown:
            raise InvalidArgument({"documents": "not on the checklist of this service: " + ", ".join(unknown)})
        agency = self.agency_precheck(entry.handled_by, service=service, office=office, applicant=applicant,
                                      details=details, documents=documents, application_date=application_date)
        return result.merge(agency)

    # ---- dispatch ----

    def _replay(self, session: Connection, ref: str) -> Dispatch:
        found = self.store.get(session, ref)
        if found is None:
            raise NotFound("no dispatch for this application")
        return found

    def dispatch(self, key: str, fp: str, application: dict) -> Dispatch:
        app_id = application.get("id", "")
        service = self.catalog.services.get(application.get("service", ""))
        errors = FieldErrors()
        if not app_id:
            errors.add("application.id", "is required")
        if service is None:
            errors.add("application.service", "is not in the catalog")
        submitted = utcnow().date()
        if application.get("submitted_at"):
            try:
                submitted = dt.date.fromisoformat(application["submitted_at"][:10])
            except ValueError:
                errors.add("application.submitted_at", "must be an RFC 3339 timestamp")
        errors.raise_if_any()

        def work(session: Connection) -> Dispatch:
            existing = self.store.get(session, app_id)
            if existing is not None:
                return existing  # the same application dispatched again under another message id
            applicant = application.get("applicant", {})
            record = Dispatch(
                application_id=app_id, tracking_number=application.get("tracking_number", ""),
                service=service.code, office=application.get("office", ""), agency=service.agency,
                handled_by=service.handled_by, due_date=service.due_date(submitted), state="dispatched",
                dispatched_at=utcnow(),
                contact={**{k: applicant.get(k, "") for k in ("phone", "email", "language")},
                         "opt_out": list(applicant.get("opt_out") or [])},
            )
            self.store.insert(session, record)
            self.outbox.add(session, TOPIC_OPEN, json.dumps({
                "handled_by": service.handled_by, "application": application,
                "due_date": record.due_date.isoformat(), "agency": service.agency,
            }, ensure_ascii=False).encode())
            return record

        record = self.keys.run(key, "Dispatch", fp, work, self._replay, lambda d: d.application_id)
        log.info("dispatched", extra={"application_id": app_id, "agency": record.agency})
        return record

    def case_opened(self, session: Connection, application_id: str, assessment: dict | None) -> None:
        """Follow-up of a delivered open_case: intake learns `routed`, the citizen learns `accepted`."""
        record = self._replay(session, application_id)
        self.outbox.add(session, TOPIC_STATUS, json.dumps({
            "application_id": application_id, "status": "routed", "due_date": record.due_date.isoformat(),
            "agency": record.agency, "assessment": assessment or {},
        }).encode())
        self._notify(session, record, "accepted")

    def _notify(self, session: Connection, record: Dispatch, template: str, **params: str) -> None:
        language = record.contact.get("language") or "ky"
        service = self.catalog.services[record.service]
        office = self.catalog.offices.get(record.office)
        self.outbox.add(session, TOPIC_NOTIFY, json.dumps({
            "application_id": record.application_id, "template": template, "recipient": record.contact,
            "params": {
                "tracking_number": record.tracking_number,
                "service": record.service,
                "service_name": service.names.get(language, service.names["en"]),
                "office": record.office,
                "office_name": office.names.get(language, office.names["en"]) if office else record.office,
                "due_date": record.due_date.isoformat(),
                **params,
            },
        }, ensure_ascii=False).encode())

    def _notice(self, session: Connection, record: Dispatch, template: str, role: str, event_id: str,
                **params: str) -> None:
        """An in-app notice for staff; names in every language, since each reader chooses theirs."""
        service = self.catalog.services.get(record.service)
        office = self.catalog.offices.get(record.office)
        names = {}
        for lang in ("ky", "ru", "en"):
            names[f"service_name_{lang}"] = service.names[lang] if service else record.service
            names[f"office_name_{lang}"] = office.names[lang] if office else record.office
        self.outbox.add(session, TOPIC_NOTICE, json.dumps({
            "event_id": event_id, "template": template, "role": role, "office": record.office,
            "application_id": record.application_id,
            "params": {"tracking_number": record.tracking_number, "service": record.service, "office": record.office,
                       "due_date": record.due_date.isoformat(), **names, **params},
        }, ensure_ascii=False).encode())

    # ---- deadlines ----

    def scan_deadlines(self, today: dt.date, warn_days: int) -> int:
        """One notice to the officers per dispatched case and threshold: `deadline_near` within `warn_days`
        working days of its due date, `deadline_passed` after it. Recorded in the same transaction as the
        outbox message, so a rescan or a restart never notices twice. Returns how many were noticed."""
        noticed = 0
        with self.db.transaction() as session:
            horizon = deadlines.horizon(today, warn_days)
            for record in self.store.due_by(session, horizon, unless_noticed=deadlines.PASSED):
                threshold = deadlines.threshold(record.due_date, today, warn_days)
                if threshold is None or self.store.deadline_noticed(session, record.application_id, threshold):
                    continue
                self.store.record_deadline_notice(session, record.application_id, threshold, utcnow())
                self._notice(session, record, threshold, OFFICER_ROLE.get(record.handled_by, "registrar"),
                             f"{threshold}:{record.application_id}")
                noticed += 1
        if noticed:
            log.info("deadline notices", extra={"count": noticed})
        return noticed

    # ---- decisions and withdrawals ----

    def report_decision(self, key: str, fp: str, application_id: str, outcome: str, reason: str, result: dict,
                        actor: Actor) -> Dispatch:
        errors = FieldErrors()
        if outcome not in ("approved", "rejected"):
            errors.add("outcome", "must be approved or rejected")
        errors.raise_if_any()

        def work(session: Connection) -> Dispatch:
            record = self._replay(session, application_id)
            if record.state == "withdrawn":
                raise Conflict("the application was withdrawn before the decision")
            if record.state == "decided":
                return record
            self.store.set_state(session, application_id, "decided", outcome=outcome, decided_at=utcnow())
            self.outbox.add(session, TOPIC_STATUS, json.dumps({
                "application_id": application_id, "status": "result_ready", "outcome": outcome, "reason": reason,
                "result": result, "by": actor.username,
            }, ensure_ascii=False).encode())
            self._notify(session, record, "ready", outcome=outcome)
            self._notice(session, record, "results_waiting", "clerk", f"results_waiting:{application_id}")
            record.state, record.outcome = "decided", outcome
            return record

        return self.keys.run(key, "ReportDecision", fp, work, self._replay, lambda d: d.application_id)

    def report_progress(self, key: str, fp: str, application_id: str, status: str, note: str,
                        actor: Actor) -> Dispatch:
        """An agency's news before the decision: intake learns the status; asked for information, the citizen too."""
        if status not in PROGRESS_STATUSES:
            raise InvalidArgument({"status": "must be in_review or needs_info"})

        def work(session: Connection) -> Dispatch:
            record = self._replay(session, application_id)
            if record.state != "dispatched":
                return record  # decided or withdrawn meanwhile: the news is stale
            self.outbox.add(session, TOPIC_STATUS, json.dumps({
                "application_id": application_id, "status": status, "note": note, "by": actor.username,
            }, ensure_ascii=False).encode())
            if status == "needs_info":
                self._notify(session, record, "needs_info")
            return record

        return self.keys.run(key, "ReportProgress", fp, work, self._replay, lambda d: d.application_id)

    def supply_info(self, key: str, fp: str, application_id: str, note: str, documents: list[str],
                    actor: Actor) -> Dispatch:
        """The window supplied what the agency asked for: the agency resumes the case."""
        def work(session: Connection) -> Dispatch:
            record = self._replay(session, application_id)
            if record.state != "dispatched":
                return record
            self.outbox.add(session, TOPIC_RESUME, json.dumps({
                "handled_by": record.handled_by, "application_id": application_id, "note": note,
                "documents": documents, "by": actor.username,
            }, ensure_ascii=False).encode())
            return record

        return self.keys.run(key, "SupplyInfo", fp, work, self._replay, lambda d: d.application_id)

    def withdraw(self, key: str, fp: str, application_id: str, reason: str) -> Dispatch:
        def work(session: Connection) -> Dispatch:
            record = self.store.get(session, application_id)
            if record is None:
                # Withdrawn before it was dispatched: a tombstone, so a late dispatch opens no case.
                record = Dispatch(application_id=application_id, tracking_number="", service="", office="",
                                  agency="", handled_by="", due_date=utcnow().date(), state="withdrawn",
                                  dispatched_at=utcnow(), contact={})
                self.store.insert(session, record)
                return record
            if record.state != "dispatched":
                return record
            self.store.set_state(session, application_id, "withdrawn")
            self.outbox.add(session, TOPIC_WITHDRAW, json.dumps({
                "handled_by": record.handled_by, "application_id": application_id, "reason": reason,
            }, ensure_ascii=False).encode())
            self._notify(session, record, "cancelled")
            record.state = "withdrawn"
            return record

        return self.keys.run(key, "Withdraw", fp, work, self._replay, lambda d: d.application_id)
