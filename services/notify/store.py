"""Notify storage: the delivery log's SQL."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from notify.models import notifications as N


class NotifyStore:
    def add(self, session: Session, **values) -> None:
        session.execute(insert(N).values(**values))

    def by_event(self, session: Session, event_id: str) -> list[dict]:
        rows = session.execute(select(N).where(N.c.event_id == event_id).order_by(N.c.channel)).all()
        return [dict(r._mapping) for r in rows]

    def by_application(self, session: Session, application_id: str) -> list[dict]:
        rows = session.execute(select(N).where(N.c.application_id == application_id)
                               .order_by(N.c.created_at, N.c.channel)).all()
        return [dict(r._mapping) for r in rows]

    def mark(self, session: Session, notification_id: str, **values) -> None:
        session.execute(update(N).where(N.c.id == notification_id).values(**values))
