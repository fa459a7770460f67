"""Routing storage: the only module that knows routing's SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from routing.models import deadline_notices as DN
from routing.models import dispatches as D

# Built once: SQLAlchemy reuses their compiled form.
_INSERT = insert(D)
_GET = select(D).where(D.c.application_id == bindparam("app_id"))
_SET_STATE = update(D).where(D.c.application_id == bindparam("app_id"))


@dataclass
class Dispatch:
    application_id: str
    tracking_number: str
    service: str
    office: str
    agency: str
    handled_by: str
    due_date: object
    state: str
    dispatched_at: object
    contact: dict
    outcome: str = ""
    decided_at: object = None


class RoutingStore:
    def insert(self, session: Connection, d: Dispatch) -> None:
        session.execute(_INSERT, dict(
            application_id=d.application_id, tracking_number=d.tracking_number, service=d.service, office=d.office,
            agency=d.agency, handled_by=d.handled_by, due_date=d.due_date, state=d.state,
            dispatched_at=d.dispatched_at, contact=json.dumps(d.contact, ensure_ascii=False), outcome=d.outcome,
        ))

    def get(self, session: Connection, application_id: str) -> Dispatch | None:
        row = session.execute(_GET, {"app_id": application_id}).first()
        return None if row is None else self._dispatch(row)

    @staticmethod
    def _dispatch(row) -> Dispatch:
        return Dispatch(row.application_id, row.tracking_number, row.service, row.office, row.agency, row.handled_by,
                        row.due_date, row.state, row.dispatched_at, json.loads(row.contact), row.outcome or "",
                        row.decided_at)

    def due_by(self, session: Connection, date, *, unless_noticed: str) -> list[Dispatch]:
        """Cases still with the agency whose due date is on or before `date`, but those already noticed with
        `unless_noticed` (the last threshold: an overdue case nobody decides is read once, not on every scan)."""
        noticed = select(DN.c.application_id).where(DN.c.application_id == D.c.application_id,
                                                    DN.c.threshold == unless_noticed).exists()
        rows = session.execute(select(D).where(D.c.state == "dispatched", D.c.due_date <= date, ~noticed)
                               .order_by(D.c.due_date, D.c.application_id)).all()
        return [self._dispatch(r) for r in rows]

    def deadline_noticed(self, session: Connection, application_id: str, threshold: str) -> bool:
        return session.execute(select(DN.c.application_id).where(
            DN.c.application_id == application_id, DN.c.threshold == threshold)).first() is not None

    def record_deadline_notice(self, session: Connection, application_id: str, threshold: str, at) -> None:
        session.execute(insert(DN).values(application_id=application_id, threshold=threshold, noticed_at=at))

    def set_state(self, session: Connection, application_id: str, state: str, **values) -> None:
        session.execute(_SET_STATE, {"app_id": application_id, "state": state, **values})
