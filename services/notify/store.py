"""Notify storage: the only module that knows notify's SQL (the delivery log and the staff notices)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import and_, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from notify.models import notices as T
from notify.models import notifications as N

# The statements of every message, built once (SQLAlchemy reuses their compiled form).
_INSERT = insert(N)
_BY_EVENT = select(N).where(N.c.event_id == bindparam("by_event")).order_by(N.c.channel)
_MARK = update(N).where(N.c.id == bindparam("notification_id"))
_SENT_TO_SINCE = select(N.c.sent_at).where(and_(
    N.c.recipient == bindparam("to"), N.c.channel == bindparam("on"), N.c.status == "sent",
    N.c.sent_at > bindparam("since")))
_INSERT_NOTICE = insert(T)
_NOTICE_BY_ID = select(T).where(T.c.id == bindparam("by_id"))
_NOTICE_BY_EVENT = select(T).where(T.c.event_id == bindparam("by_event"))


class NotifyStore:
    # ---- the delivery log ----

    def add(self, session: Connection, **values) -> None:
        session.execute(_INSERT, values)

    def by_event(self, session: Connection, event_id: str) -> list[dict]:
        rows = session.execute(_BY_EVENT, {"by_event": event_id}).all()
        return [dict(r._mapping) for r in rows]

    def by_application(self, session: Connection, application_id: str) -> list[dict]:
        rows = session.execute(select(N).where(N.c.application_id == application_id)
                               .order_by(N.c.created_at, N.c.channel)).all()
        return [dict(r._mapping) for r in rows]

    def get(self, session: Connection, notification_id: str) -> dict | None:
        row = session.execute(select(N).where(N.c.id == notification_id)).first()
        return dict(row._mapping) if row else None

    def mark(self, session: Connection, notification_id: str, **values) -> None:
        session.execute(_MARK, {"notification_id": notification_id, **values})

    def sent_to_since(self, session: Connection, channel: str, recipient: str, since: dt.datetime) -> list[dt.datetime]:
        """When messages went to this recipient on this channel since `since` (for the rate limit)."""
        rows = session.execute(_SENT_TO_SINCE, {"to": recipient, "on": channel, "since": since}).all()
        return [r.sent_at for r in rows]

    def counts(self, session: Connection) -> dict[str, int]:
        rows = session.execute(select(N.c.status, func.count()).group_by(N.c.status)).all()
        return {status: count for status, count in rows}

    # ---- notices for staff ----

    def add_notice(self, session: Connection, *, params: dict[str, str], **values) -> None:
        session.execute(_INSERT_NOTICE, {"params": json.dumps(params, ensure_ascii=False), **values})

    def notice(self, session: Connection, notice_id: str = "", event_id: str = "") -> dict | None:
        if notice_id:
            row = session.execute(_NOTICE_BY_ID, {"by_id": notice_id}).first()
        else:
            row = session.execute(_NOTICE_BY_EVENT, {"by_event": event_id}).first()
        return self._notice(row) if row else None

    def notices(self, session: Connection, role: str, office: str, unread_only: bool, limit: int) -> list[dict]:
        query = select(T).where(T.c.role == role)
        if office:
            query = query.where(T.c.office == office)
        if unread_only:
            query = query.where(T.c.read_at.is_(None))
        rows = session.execute(query.order_by(T.c.created_at.desc(), T.c.id).limit(limit)).all()
        return [self._notice(r) for r in rows]

    def mark_notice_read(self, session: Connection, notice_id: str, at: dt.datetime, by: str) -> None:
        session.execute(update(T).where(and_(T.c.id == notice_id, T.c.read_at.is_(None)))
                        .values(read_at=at, read_by=by))

    @staticmethod
    def _notice(row) -> dict:
        out = dict(row._mapping)
        out["params"] = json.loads(out["params"] or "{}")
        return out
