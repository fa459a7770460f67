"""Intake's use cases: each one transaction, with its outbox messages and idempotency key.

No gRPC here: the precheck is a port (a callable) and outbox payloads are JSON; the edges translate.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable

from sqlalchemy.engine import Connection

from intake import rules, stats
from intake.rules import Application, HistoryEntry
from intake.store import IntakeStore
from tereze.db import Database
from tereze.domain import Actor, PrecheckResult
from tereze.errors import Conflict, FieldErrors, NotFound, RuleViolation, Unavailable
from tereze.errors import InvalidArgument as InvalidArgumentError
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.telemetry import current_trace_id
from tereze.timeutil import today, utcnow

log = logging.getLogger("intake")

TOPIC_DISPATCH = "dispatch"
TOPIC_WITHDRAW = "withdraw"
TOPIC_SUPPLY = "info_supplied"
MAX_SUPPLIED_DOCUMENTS = 20


Precheck = Callable[[str, str, dict, dict, list[str]], PrecheckResult]


class Intake:
    def __init__(self, db: Database, store: IntakeStore, outbox: Outbox, keys: IdempotencyKeys, precheck: Precheck):
        self.db = db
        self.store = store
        self.outbox = outbox
        self.keys = keys
        self.precheck = precheck

    # ---- reads ----

    def get(self, app_id: str = "", tracking_number: str = "") -> Application:
        with self.db.read() as s:
            app = (self.store.get(s, app_id) if app_id else self.store.get_by_tracking_number(s, tracking_number))
        if app is None:
            raise NotFound("no such application")
        return app

    def get_many(self, app_ids: list[str]) -> dict[str, Application]:
        """The applications of these ids that exist, by id, in one read."""
        with self.db.read() as s:
            return self.store.get_many(s, app_ids)

    def list(self, *, status="", service="", office="", agency="", limit=50, cursor="",
             due_before="") -> tuple[list[Application], str]:
        errors = FieldErrors()
        due = None
        if due_before:
            try:
                due = dt.date.fromisoformat(due_before)
            except ValueError:
                errors.add("due_before", "must be a date as YYYY-MM-DD")
        if status and status not in (*rules.RANK, "cancelled"):
            errors.add("status", "is not a status")
        if service and service not in rules.SERVICE_CODES:
            errors.add("service", "is not a service code")
        if limit and not 1 <= limit <= 200:
            errors.add("limit", "must be between 1 and 200")
        errors.raise_if_any()
        with self.db.read() as s:
            return self.store.list(s, status=status, service=service, office=office, agency=agency,
                                   limit=limit or 50, cursor=cursor, due_before=due)

    def stats(self, *, office: str = "", service: str = "", from_date: str = "", to_date: str = "",
              period: str = "") -> stats.Stats:
        """Aggregate indicators per office, service and period (no personal data)."""
        start, end, period = stats.parse_filters(from_date, to_date, period)
        if service and service not in rules.SERVICE_CODES:
            raise InvalidArgumentError({"service": "is not a service code"})
        with self.db.read() as s:
            facts = self.store.stats_facts(s, office=office, service=service, from_date=start, to_date=end)
        return stats.compute(facts, today(), period)

    def _replay(self, session: Connection, ref: str) -> Application:
        app = self.store.get(session, ref)
        if app is None:
            raise NotFound("no such application")
        return app

    # ---- submission ----

    def submit(self, key: str, fp: str, actor: Actor, service: str, office: str, applicant: dict, details: dict,
               documents: list[str]) -> Application:
        errors = FieldErrors()
        if not key:
            errors.add("request_id", "is required")
        rules.validate_submission(service, office, documents, errors)
        warnings = rules.validate_applicant(applicant, today(), errors)
        errors.raise_if_any()

        pending = False
        try:
            checked = self.precheck(service, office, applicant, details, documents)
        except Unavailable:
            # The back office is unreachable: accept and queue; routing checks again on dispatch.
            checked, pending = PrecheckResult(), True
            log.warning("precheck unavailable, accepted for later", extra={"service": service})
        if checked.refusals:
            # A replay is answered as the first call was, even if the precheck would refuse it by now. Only a
            # refusal needs that look-up: an accepted replay is answered by the idempotency key below.
            existing = self._peek(key, fp)
            if existing is not None:
                return existing
            raise RuleViolation(checked.refusals)

        def work(session: Connection) -> Application:
            now = utcnow()
            tracking = rules.new_tracking_number(office)
            while self.store.tracking_number_taken(session, tracking):
                tracking = rules.new_tracking_number(office)
            app = Application(
                id=str(uuid.uuid4()), tracking_number=tracking, service=service, office=office,
                status="submitted", submitted_at=now, updated_at=now, submitted_by=actor.username,
                applicant=applicant, details=details, documents=list(documents),
                warnings=[*warnings, *checked.warnings], assessment=checked.assessment,
                precheck_pending=pending, trace_id=current_trace_id(),
                history=[HistoryEntry("submitted", now, actor.username)],
            )
            self.store.insert(session, app)
            self.outbox.add(session, TOPIC_DISPATCH, json.dumps({"application_id": app.id}).encode())
            return app

        app = self.keys.run(key, "SubmitApplication", fp, work, self._replay, lambda a: a.id)
        log.info("application submitted", extra={"application_id": app.id, "tracking_number": app.tracking_number,
                                                 "service": service, "office": office})
        return app

    def _peek(self, key: str, fp: str) -> Application | None:
        """The application a replayed submission made, if this is a replay."""
        with self.db.read() as s:
            ref = self.keys.lookup(s, key, "SubmitApplication", fp)
            return self._replay(s, ref) if ref else None

    # ---- changes of status ----

    def cancel(self, key: str, fp: str, actor: Actor, app_id: str, reason: str) -> Application:
        errors = FieldErrors()
        rules.validate_reason(reason, errors)
        errors.raise_if_any()

        def work(session: Connection) -> Application:
            app = self._load(session, app_id)
            rules.can_cancel(app)
            now = utcnow()
            app.status, app.updated_at = "cancelled", now
            app.reason = reason
            self.store.save_state(session, app)
            entry = HistoryEntry("cancelled", now, actor.username, reason)
            self.store.add_history(session, app.id, entry)
            app.history.append(entry)
            self.outbox.add(session, TOPIC_WITHDRAW, json.dumps({"application_id": app.id, "reason": reason}).encode())
            return app

        return self.keys.run(key, "CancelApplication", fp, work, self._replay, lambda a: a.id)

    def hand_over(self, key: str, fp: str, actor: Actor, app_id: str, rating: int) -> Application:
        errors = FieldErrors()
        rules.validate_rating(rating, errors)
        errors.raise_if_any()

        def work(session: Connection) -> Application:
            app = self._load(session, app_id)
            rules.can_hand_over(app)
            now = utcnow()
            app.status, app.updated_at, app.rating = "handed_over", now, rating
            self.store.save_state(session, app)
            entry = HistoryEntry("handed_over", now, actor.username)
            self.store.add_history(session, app.id, entry)
            app.history.append(entry)
            return app

        return self.keys.run(key, "RecordHandover", fp, work, self._replay, lambda a: a.id)

    def update_status(self, key: str, fp: str, actor: Actor, app_id: str, status: str, *, outcome: str = "",
                      reason: str = "", result: dict | None = None, due_date=None, note: str = "",
                      agency: str = "", assessment: dict | None = None) -> Application:
        errors = FieldErrors()
        if status not in rules.RANK or status in ("submitted", "handed_over"):
            errors.add("status", "must be routed, in_review, needs_info or result_ready")
        if status == "result_ready" and outcome not in ("approved", "rejected"):
            errors.add("outcome", "must be approved or rejected when the result is ready")
        errors.raise_if_any()

        def work(session: Connection) -> Application:
            app = self._load(session, app_id)
            if due_date is not None and app.due_date is None:
                app.due_date = due_date
            if agency and not app.agency:
                app.agency = agency
            if assessment:
                app.assessment = assessment
            if not rules.is_forward(app.status, status):
                # Stale or repeated news (messages may arrive late or twice): keep what is known.
                self.store.save_state(session, app)
                return app
            now = utcnow()
            app.status, app.updated_at = status, now
            app.precheck_pending = False if status != "submitted" else app.precheck_pending
            if status == "result_ready":
                app.outcome, app.reason, app.result = outcome, reason, dict(result or {})
            self.store.save_state(session, app)
            entry = HistoryEntry(status, now, actor.username, note)
            self.store.add_history(session, app.id, entry)
            app.history.append(entry)
            return app

        return self.keys.run(key, "UpdateStatus", fp, work, self._replay, lambda a: a.id)

    def supply_info(self, key: str, fp: str, actor: Actor, app_id: str, note: str,
                    documents: list[str]) -> Application:
        """The clerk supplies what the back office asked for; the agency resumes the case (through routing)."""
        errors = FieldErrors()
        note = (note or "").strip()
        if len(note) > 2000:
            errors.add("note", "must be at most 2000 characters")
        if len(documents) > MAX_SUPPLIED_DOCUMENTS:
            errors.add("documents", f"at most {MAX_SUPPLIED_DOCUMENTS}")
        for i, doc in enumerate(documents):
            if not doc.strip() or len(doc) > 100:
                errors.add(f"documents[{i}]", "must be 1 to 100 characters")
        if not note and not documents:
            errors.add("note", "say what is supplied (a note or documents)")
        errors.raise_if_any()

        def work(session: Connection) -> Application:
            app = self._load(session, app_id)
            if app.status != "needs_info":
                raise Conflict(f"an application in status {app.status} is not waiting for information")
            # No status entry here: the status history gets `in_review` (by this clerk, with this note) once the
            # agency has resumed the case, so each needs_info round stays one entry (intake.stats counts them).
            app.updated_at = utcnow()
            self.store.save_state(session, app)
            self.outbox.add(session, TOPIC_SUPPLY, json.dumps({
                "application_id": app.id, "note": note, "documents": documents, "by": actor.username,
            }, ensure_ascii=False).encode())
            return app

        return self.keys.run(key, "SupplyInfo", fp, work, self._replay, lambda a: a.id)

    def _load(self, session: Connection, app_id: str) -> Application:
        app = self.store.get(session, app_id, for_update=True)
        if app is None:
            raise NotFound("no such application")
        return app
