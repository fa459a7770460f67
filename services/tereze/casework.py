"""The back-office case file that both agencies keep (registry cases, benefit claims), written once.

A case is opened from a dispatched application, decided once (approved or rejected, with a reason) or
withdrawn while open; every step is appended to its history; the decision goes to routing through the
outbox in the same transaction. What approval means (an act record, an enrolment) is the agency's hook.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    bindparam,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection

from tereze.db import Database
from tereze.domain import Actor
from tereze.errors import Conflict, FieldErrors, InvalidArgument, NotFound, Violation
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.timeutil import utcnow

log = logging.getLogger("tereze.casework")

TOPIC_DECISION = "decision"
TOPIC_PROGRESS = "progress"  # in_review / needs_info news for routing (and so intake and the citizen)


@dataclass
class Case:
    id: str
    application_id: str
    tracking_number: str
    service: str
    office: str
    status: str  # open | needs_info | decided | withdrawn
    application: dict
    opened_at: dt.datetime
    outcome: str = ""
    reason: str = ""
    result: dict = field(default_factory=dict)
    flags: list[Violation] = field(default_factory=list)
    assessment: dict = field(default_factory=dict)
    due_date: dt.date | None = None
    decided_at: dt.datetime | None = None
    decided_by: str = ""
    history: list[dict] = field(default_factory=list)  # filled by CaseDesk.get

    @property
    def details(self) -> dict:
        return self.application.get("details", {}).get(self.service, {})


def case_tables(metadata: MetaData) -> tuple[Table, Table]:
    cases = Table(
        "cases",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("application_id", String(36), nullable=False, unique=True),
        Column("tracking_number", String(20), nullable=False),
        Column("service", String(40), nullable=False),
        Column("office", String(40), nullable=False),
        Column("status", String(12), nullable=False),
        Column("outcome", String(10), nullable=False, default=""),
        Column("reason", Text, nullable=False, default=""),
        Column("result", Text, nullable=False, default="{}"),
        Column("flags", Text, nullable=False, default="[]"),
        Column("assessment", Text, nullable=False, default="{}"),
        Column("application", Text, nullable=False),
        Column("due_date", Date, nullable=True),
        Column("opened_at", DateTime, nullable=False),
        Column("decided_at", DateTime, nullable=True),
        Column("decided_by", String(80), nullable=False, default=""),
    )
    Index("ix_cases_status_opened", cases.c.status, cases.c.opened_at, cases.c.id)
    history = Table(
        "case_history",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True),
        Column("at", DateTime, nullable=False),
        Column("by", String(80), nullable=False),
        Column("action", String(30), nullable=False),
        Column("note", Text, nullable=False, default=""),
    )
    return cases, history


class CaseStore:
    """The SQL of case files."""

    def __init__(self, cases: Table, history: Table):
        self.cases = cases
        self.history = history
        # The statements of every case, built once (SQLAlchemy reuses their compiled form).
        self._insert = insert(cases)
        self._save = update(cases).where(cases.c.id == bindparam("case_id"))
        self._by_application = select(cases).where(cases.c.application_id == bindparam("app_id"))
        self._by_application_locked = self._by_application.with_for_update()
        self._insert_history = insert(history)
        self._history_of = (select(history.c.at, history.c.by, history.c.action, history.c.note)
                            .where(history.c.case_id == bindparam("of_case")).order_by(history.c.id))

    def _case(self, row) -> Case:
        return Case(
            id=row.id, application_id=row.application_id, tracking_number=row.tracking_number,
            service=row.service, office=row.office, status=row.status, application=json.loads(row.application),
            opened_at=row.opened_at, outcome=row.outcome or "", reason=row.reason or "",
            result=json.loads(row.result or "{}"), flags=[Violation(**f) for f in json.loads(row.flags or "[]")],
            assessment=json.loads(row.assessment or "{}"), due_date=row.due_date, decided_at=row.decided_at,
            decided_by=row.decided_by or "",
        )

    def _values(self, case: Case) -> dict:
        return dict(status=case.status, outcome=case.outcome, reason=case.reason,
                    result=json.dumps(case.result, ensure_ascii=False),
                    flags=json.dumps([vars(f) for f in case.flags], ensure_ascii=False),
                    assessment=json.dumps(case.assessment, ensure_ascii=False),
                    decided_at=case.decided_at, decided_by=case.decided_by)

    def insert(self, session: Connection, case: Case) -> None:
        session.execute(self._insert, dict(
            id=case.id, application_id=case.application_id, tracking_number=case.tracking_number,
            service=case.service, office=case.office, application=json.dumps(case.application, ensure_ascii=False),
            due_date=case.due_date, opened_at=case.opened_at, **self._values(case),
        ))

    def save(self, session: Connection, case: Case) -> None:
        session.execute(self._save, {"case_id": case.id, **self._values(case)})

    def by_application(self, session: Connection, application_id: str, *, for_update: bool = False) -> Case | None:
        locked = for_update and session.dialect.name == "postgresql"
        row = session.execute(self._by_application_locked if locked else self._by_application,
                              {"app_id": application_id}).first()
        return self._case(row) if row else None

    def list(self, session: Connection, *, service: str, status: str, limit: int, cursor: str) -> tuple[list[Case], str]:
        t = self.cases
        conditions = []
        if service:
            conditions.append(t.c.service == service)
        if status:
            conditions.append(t.c.status == status)
        if cursor:
            try:
                ts_raw, ident = cursor.split("|", 1)
                ts = dt.datetime.fromisoformat(ts_raw)
            except ValueError:
                raise InvalidArgument({"cursor": "is not a cursor this list returned"}) from None
            conditions.append(or_(t.c.opened_at > ts, and_(t.c.opened_at == ts, t.c.id > ident)))
        rows = session.execute(select(t).where(*conditions).order_by(t.c.opened_at, t.c.id).limit(limit + 1)).all()
        items = [self._case(r) for r in rows[:limit]]
        next_cursor = f"{items[-1].opened_at.isoformat()}|{items[-1].id}" if len(rows) > limit else ""
        return items, next_cursor

    def add_history(self, session: Connection, case_id: str, by: str, action: str, note: str = "") -> None:
        session.execute(self._insert_history, {"case_id": case_id, "at": utcnow(), "by": by, "action": action,
                                               "note": note})

    def history_of(self, session: Connection, case_id: str) -> list[dict]:
        rows = session.execute(self._history_of, {"of_case": case_id}).all()
        return [dict(r._mapping) for r in rows]


OnOpen = Callable[[Connection, Case], None]      # may add flags or an assessment to the new case
OnApprove = Callable[[Connection, Case], dict]   # does what approval means; returns the result


class CaseDesk:
    """Open, decide and withdraw case files, each in one transaction with its idempotency key."""

    def __init__(self, db: Database, store: CaseStore, outbox: Outbox, keys: IdempotencyKeys,
                 services: tuple[str, ...], on_open: OnOpen, on_approve: OnApprove, name: str):
        self.db = db
        self.store = store
        self.outbox = outbox
        self.keys = keys
        self.services = services
        self.on_open = on_open
        self.on_approve = on_approve
        self.name = name

    def _replay(self, session: Connection, application_id: str) -> Case:
        case = self.store.by_application(session, application_id)
        if case is None:
            raise NotFound("no case for this application")
        case.history = self.store.history_of(session, case.id)
        return case

    def open(self, key: str, fp: str, application: dict) -> Case:
        errors = FieldErrors()
        if not application.get("id"):
            errors.add("application.id", "is required")
        if application.get("service") not in self.services:
            errors.add("application.service", f"is not a service the {self.name} takes")
        due_date = None
        if application.get("due_date"):
            try:
                due_date = dt.date.fromisoformat(application["due_date"])
            except (TypeError, ValueError):
                errors.add("application.due_date", "must be a date as YYYY-MM-DD")
        errors.raise_if_any()

        def work(session: Connection) -> Case:
            existing = self.store.by_application(session, application["id"])
            if existing is not None:
                return existing
            case = Case(
                id=str(uuid.uuid4()), application_id=application["id"],
                tracking_number=application.get("tracking_number", ""), service=application["service"],
                office=application.get("office", ""), status="open", application=application, opened_at=utcnow(),
                flags=[Violation(w.get("rule", ""), w.get("message", ""), w.get("field", ""))
                       for w in application.get("warnings", [])],
                due_date=due_date,
            )
            self.on_open(session, case)
            self.store.insert(session, case)
            self.store.add_history(session, case.id, "system", "opened")
            return case

        case = self.keys.run(key, "OpenCase", fp, work, self._replay, lambda c: c.application_id)
        log.info("case opened", extra={"application_id": case.application_id, "case_id": case.id,
                                       "flags": [f.rule for f in case.flags]})
        return case

    def get(self, application_id: str, viewer: Actor | None = None) -> Case:
        """The case with its history. An officer's read is appended to the history (`viewed`); the first one
        puts an open case in review, and routing tells intake and the citizen."""
        with self.db.transaction() as s:
            case = self._replay(s, application_id)
            if viewer is not None and viewer.username and viewer.role not in ("", "system"):
                first = not any(e["action"] == "viewed" for e in self.store.history_of(s, case.id))
                self.store.add_history(s, case.id, viewer.username, "viewed")
                if first and case.status == "open":
                    self._progress(s, case, "in_review", viewer.username, "")
            case.history = self.store.history_of(s, case.id)
            return case

    def _progress(self, session: Connection, case: Case, status: str, by: str, note: str) -> None:
        self.outbox.add(session, TOPIC_PROGRESS, json.dumps({
            "application_id": case.application_id, "status": status, "note": note, "by": by,
        }, ensure_ascii=False).encode())

    def request_info(self, key: str, fp: str, actor: Actor, application_id: str, note: str) -> Case:
        """The officer asks the window for missing information: the case waits in `needs_info`."""
        note = (note or "").strip()
        if not note:
            raise InvalidArgument({"note": "say what is missing"})
        if len(note) > 2000:
            raise InvalidArgument({"note": "must be at most 2000 characters"})

        def work(session: Connection) -> Case:
            case = self.store.by_application(session, application_id, for_update=True)
            if case is None:
                raise NotFound("no case for this application")
            if case.status != "open":
                raise Conflict(f"a case that is {case.status} cannot ask for information")
            case.status = "needs_info"
            self.store.save(session, case)
            self.store.add_history(session, case.id, actor.username, "info_requested", note)
            case.history = self.store.history_of(session, case.id)
            self._progress(session, case, "needs_info", actor.username, note)
            return case

        return self.keys.run(key, "RequestInfo", fp, work, self._replay, lambda c: c.application_id)

    def resume(self, key: str, fp: str, actor: Actor, application_id: str, note: str, documents: list[str]) -> Case:
        """The window supplied the information: the case is worked again (`in_review`)."""
        def work(session: Connection) -> Case:
            case = self.store.by_application(session, application_id, for_update=True)
            if case is None:
                raise NotFound("no case for this application")
            if case.status != "needs_info":
                return case  # late or repeated news: nothing to resume
            case.status = "open"
            self.store.save(session, case)
            supplied = "; ".join(x for x in ((note or "").strip(), ", ".join(documents)) if x)
            self.store.add_history(session, case.id, actor.username or "system", "info_supplied", supplied)
            case.history = self.store.history_of(session, case.id)
            self._progress(session, case, "in_review", actor.username or "system", supplied)
            return case

        return self.keys.run(key, "ResumeCase", fp, work, self._replay, lambda c: c.application_id)

    def record(self, key: str, fp: str, actor: Actor, application_id: str, action: str, note: str = "",
               validate: Callable[[Case], None] | None = None) -> Case:
        """Append an officer's action (e.g. a duplicate decision) to an undecided case's history."""
        def work(session: Connection) -> Case:
            case = self.store.by_application(session, application_id, for_update=True)
            if case is None:
                raise NotFound("no case for this application")
            if case.status in ("decided", "withdrawn"):
                raise Conflict(f"the case is already {case.status}")
            if validate is not None:
                validate(case)
            self.store.add_history(session, case.id, actor.username, action, note)
            case.history = self.store.history_of(session, case.id)
            return case

        return self.keys.run(key, f"Record:{action}", fp, work, self._replay, lambda c: c.application_id)

    def list(self, *, service: str = "", status: str = "", limit: int = 50, cursor: str = ""):
        if limit and not 1 <= limit <= 200:
            raise InvalidArgument({"limit": "must be between 1 and 200"})
        with self.db.read() as s:
            return self.store.list(s, service=service, status=status, limit=limit or 50, cursor=cursor)

    def decide(self, key: str, fp: str, actor: Actor, application_id: str, outcome: str, reason: str,
               validate: Callable[[Case], None] | None = None) -> Case:
        errors = FieldErrors()
        if outcome not in ("approved", "rejected"):
            errors.add("outcome", "must be approved or rejected")
        if outcome == "rejected" and not reason.strip():
            errors.add("reason", "is required when rejecting")
        if len(reason) > 2000:
            errors.add("reason", "must be at most 2000 characters")
        errors.raise_if_any()

        def work(session: Connection) -> Case:
            case = self.store.by_application(session, application_id, for_update=True)
            if case is None:
                raise NotFound("no case for this application")
            if case.status == "withdrawn":
                raise Conflict("the application was cancelled")
            if case.status == "decided":
                raise Conflict(f"the case was already decided: {case.outcome}")
            case.history = self.store.history_of(session, case.id)
            if validate is not None:
                validate(case)
            now = utcnow()
            case.status, case.outcome, case.reason = "decided", outcome, reason
            case.decided_at, case.decided_by = now, actor.username
            if outcome == "approved":
                case.result = self.on_approve(session, case)
            self.store.save(session, case)
            self.store.add_history(session, case.id, actor.username, outcome, reason)
            self.outbox.add(session, TOPIC_DECISION, json.dumps({
                "application_id": case.application_id, "outcome": outcome, "reason": reason,
                "result": case.result, "by": actor.username,
            }, ensure_ascii=False).encode())
            return case

        case = self.keys.run(key, "Decide", fp, work, self._replay, lambda c: c.application_id)
        log.info("case decided", extra={"application_id": case.application_id, "outcome": case.outcome})
        return case

    def withdraw(self, key: str, fp: str, application_id: str, reason: str) -> Case:
        def work(session: Connection) -> Case:
            case = self.store.by_application(session, application_id, for_update=True)
            if case is None:
                raise NotFound("no case for this application")
            if case.status in ("open", "needs_info"):
                case.status, case.reason = "withdrawn", reason
                self.store.save(session, case)
                self.store.add_history(session, case.id, "system", "withdrawn", reason)
            return case

        return self.keys.run(key, "WithdrawCase", fp, work, self._replay, lambda c: c.application_id)
