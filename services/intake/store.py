"""Intake storage: the only module that knows intake's SQL."""

from __future__ import annotations

import base64
import datetime as dt
import json

from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from intake.models import applications, status_history
from intake.rules import Application, HistoryEntry
from intake.stats import Fact
from tereze.errors import InvalidArgument, Violation

T = applications
H = status_history

# The statements of every submission and change of status, built once: SQLAlchemy reuses their compiled form
# (building a statement on each call cost about half of running it).
_INSERT_APP = insert(T)
_INSERT_HISTORY = insert(H)
_SELECT_APP = select(T).where(T.c.id == bindparam("app_id"))
_SELECT_APP_LOCKED = _SELECT_APP.with_for_update()
_SELECT_HISTORY = select(H).where(H.c.application_id == bindparam("app_id")).order_by(H.c.id)
_SELECT_APPS = select(T).where(T.c.id.in_(bindparam("app_ids", expanding=True)))
_SELECT_HISTORIES = (select(H).where(H.c.application_id.in_(bindparam("app_ids", expanding=True)))
                     .order_by(H.c.application_id, H.c.id))
_TRACKING_TAKEN = select(T.c.id).where(T.c.tracking_number == bindparam("tracking"))
_SAVE_STATE = update(T).where(T.c.id == bindparam("app_id"))


def _row_to_app(row, history: list[HistoryEntry]) -> Application:
    return Application(
        id=row.id,
        tracking_number=row.tracking_number,
        service=row.service,
        office=row.office,
        status=row.status,
        outcome=row.outcome or "",
        reason=row.reason or "",
        due_date=row.due_date,
        agency=row.agency or "",
        submitted_at=row.submitted_at,
        updated_at=row.updated_at,
        submitted_by=row.submitted_by,
        applicant=json.loads(row.applicant),
        details=json.loads(row.details),
        documents=json.loads(row.documents),
        result=json.loads(row.result or "{}"),
        assessment=json.loads(row.assessment or "{}"),
        warnings=[Violation(**w) for w in json.loads(row.warnings or "[]")],
        precheck_pending=bool(row.precheck_pending),
        rating=row.rating,
        trace_id=row.trace_id or "",
        history=history,
    )


def _entry(row) -> HistoryEntry:
    return HistoryEntry(row.status, row.at, row.by, row.note or "")


def encode_cursor(app: Application) -> str:
    raw = f"{app.submitted_at.isoformat()}|{app.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        ts, ident = raw.split("|", 1)
        return dt.datetime.fromisoformat(ts), ident
    except (ValueError, UnicodeDecodeError):
        raise InvalidArgument({"cursor": "is not a cursor this list returned"}) from None


class IntakeStore:
    def insert(self, session: Connection, app: Application) -> None:
        session.execute(_INSERT_APP, dict(
            id=app.id,
            tracking_number=app.tracking_number,
            service=app.service,
            office=app.office,
            status=app.status,
            outcome=app.outcome,
            reason=app.reason,
            due_date=app.due_date,
            agency=app.agency,
            submitted_at=app.submitted_at,
            updated_at=app.updated_at,
            submitted_by=app.submitted_by,
            applicant=json.dumps(app.applicant, ensure_ascii=False),
            details=json.dumps(app.details, ensure_ascii=False),
            documents=json.dumps(app.documents),
            result=json.dumps(app.result, ensure_ascii=False),
            assessment=json.dumps(app.assessment, ensure_ascii=False),
            warnings=json.dumps([vars(w) for w in app.warnings], ensure_ascii=False),
            precheck_pending=int(app.precheck_pending),
            rating=app.rating,
            trace_id=app.trace_id,
            applicant_pin=app.applicant.get("pin", ""),
        ))
        for entry in app.history:
            self.add_history(session, app.id, entry)

    def add_history(self, session: Connection, app_id: str, entry: HistoryEntry) -> None:
        session.execute(_INSERT_HISTORY, {"application_id": app_id, "status": entry.status, "at": entry.at,
                                          "by": entry.by, "note": entry.note})

    def _history(self, session: Connection, app_id: str) -> list[HistoryEntry]:
        return [_entry(r) for r in session.execute(_SELECT_HISTORY, {"app_id": app_id}).all()]

    def get(self, session: Connection, app_id: str, *, for_update: bool = False) -> Application | None:
        locked = for_update and session.dialect.name == "postgresql"
        row = session.execute(_SELECT_APP_LOCKED if locked else _SELECT_APP, {"app_id": app_id}).first()
        return _row_to_app(row, self._history(session, row.id)) if row else None

    def get_many(self, session: Connection, app_ids: list[str]) -> dict[str, Application]:
        """The applications of these ids that exist, with their histories, in two statements."""
        if not app_ids:
            return {}
        histories: dict[str, list[HistoryEntry]] = {}
        for r in session.execute(_SELECT_HISTORIES, {"app_ids": app_ids}).all():
            histories.setdefault(r.application_id, []).append(_entry(r))
        return {row.id: _row_to_app(row, histories.get(row.id, []))
                for row in session.execute(_SELECT_APPS, {"app_ids": app_ids}).all()}

    def get_by_tracking_number(self, session: Connection, tracking_number: str) -> Application | None:
        row = session.execute(select(T).where(T.c.tracking_number == tracking_number)).first()
        return _row_to_app(row, self._history(session, row.id)) if row else None

    def tracking_number_taken(self, session: Connection, tracking_number: str) -> bool:
        return session.execute(_TRACKING_TAKEN, {"tracking": tracking_number}).first() is not None

    def save_state(self, session: Connection, app: Application) -> None:
        """Write the mutable part of an application back."""
        session.execute(_SAVE_STATE, {
            "app_id": app.id,
            "status": app.status,
            "outcome": app.outcome,
            "reason": app.reason,
            "due_date": app.due_date,
            "agency": app.agency,
            "updated_at": app.updated_at,
            "result": json.dumps(app.result, ensure_ascii=False),
            "assessment": json.dumps(app.assessment, ensure_ascii=False),
            "rating": app.rating,
            "precheck_pending": int(app.precheck_pending),
        })

    def list(
        self, session: Connection, *, status: str = "", service: str = "", office: str = "", agency: str = "",
        limit: int = 50, cursor: str = "", due_before: dt.date | None = None,
    ) -> tuple[list[Application], str]:
        conditions = []
        if due_before is not None:
            conditions.append(T.c.due_date <= due_before)
        if status:
            conditions.append(T.c.status == status)
        if service:
            conditions.append(T.c.service == service)
        if office:
            conditions.append(T.c.office == office)
        if agency:
            conditions.append(T.c.agency == agency)
        if cursor:
            ts, ident = decode_cursor(cursor)
            conditions.append(or_(T.c.submitted_at < ts, and_(T.c.submitted_at == ts, T.c.id < ident)))
        query = select(T).where(*conditions).order_by(T.c.submitted_at.desc(), T.c.id.desc()).limit(limit + 1)
        rows = session.execute(query).all()
        items = [_row_to_app(r, []) for r in rows[:limit]]
        next_cursor = encode_cursor(items[-1]) if len(rows) > limit else ""
        return items, next_cursor

    def count(self, session: Connection) -> int:
        return session.execute(select(func.count()).select_from(T)).scalar_one()

    def stats_facts(self, session: Connection, *, office: str = "", service: str = "",
                    from_date: dt.date | None = None, to_date: dt.date | None = None) -> list[Fact]:
        """One Fact per application submitted in the range: no applicant, no details (monitoring only)."""
        conditions = []
        if office:
            conditions.append(T.c.office == office)
        if service:
            conditions.append(T.c.service == service)
        if from_date:
            conditions.append(T.c.submitted_at >= dt.datetime.combine(from_date, dt.time()))
        if to_date:
            conditions.append(T.c.submitted_at < dt.datetime.combine(to_date + dt.timedelta(days=1), dt.time()))
        apps = select(T.c.id).where(*conditions).subquery()
        result_at = dict(session.execute(
            select(H.c.application_id, func.min(H.c.at))
            .where(H.c.status == "result_ready", H.c.application_id.in_(select(apps.c.id)))
            .group_by(H.c.application_id)).all())
        info = dict(session.execute(
            select(H.c.application_id, func.count())
            .where(H.c.status == "needs_info", H.c.application_id.in_(select(apps.c.id)))
            .group_by(H.c.application_id)).all())
        rows = session.execute(
            select(T.c.id, T.c.office, T.c.service, T.c.status, T.c.outcome, T.c.submitted_at, T.c.due_date,
                   T.c.rating).where(*conditions)).all()
        return [Fact(office=r.office, service=r.service, status=r.status, outcome=r.outcome or "",
                     submitted_at=r.submitted_at, due_date=r.due_date, result_at=result_at.get(r.id),
                     info_supplied=int(info.get(r.id, 0)), rating=r.rating) for r in rows]
