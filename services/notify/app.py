"""Notify's use cases: record each event's messages once (queued), answer with masked recipients, and the
in-app notices for staff. Delivery is not done here: `notify.delivery.Deliverer` sends what is queued.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass

from opentelemetry import propagate
from sqlalchemy.engine import Connection

from notify import rules
from notify.rules import Templates
from notify.store import NotifyStore
from tereze.db import Database, wake_after_commit
from tereze.errors import FieldErrors, InvalidArgument, NotFound
from tereze.idempotency import IdempotencyKeys
from tereze.timeutil import utcnow

log = logging.getLogger("notify")

MAX_NOTICES = 200
# Column sizes of the delivery log and the notices: longer values are refused, never truncated or a 500.
LIMITS = {"request_id": 200, "application_id": 36, "office": 40}


def _check_sizes(errors: FieldErrors, **values: str) -> None:
    for name, value in values.items():
        if len(value) > LIMITS[name] or "\x00" in value:
            errors.add(name, f"must be at most {LIMITS[name]} characters, without NUL")


@dataclass(frozen=True)
class Reader:
    """The member of staff reading notices (from the gateway's session)."""

    username: str
    role: str
    office: str


class Notify:
    def __init__(self, db: Database, store: NotifyStore, keys: IdempotencyKeys, templates: Templates):
        self.db = db
        self.store = store
        self.keys = keys
        self.templates = templates

    # ---- messages to citizens ----

    def send(self, key: str, fp: str, application_id: str, template: str, recipient: dict,
             params: dict[str, str]) -> list[dict]:
        """Queue the event's messages, one per channel the citizen has and did not decline; the same event
        id (request id) never queues a second message."""
        errors = FieldErrors()
        if not key:
            errors.add("request_id", "is required")
        if not application_id:
            errors.add("application_id", "is required")
        rules.validate_send(template, self.templates, errors)
        _check_sizes(errors, request_id=key, application_id=application_id)
        for index, channel in enumerate(recipient.get("opt_out") or []):
            if channel not in rules.CHANNELS:
                errors.add(f"recipient.opt_out[{index}]", "must be sms or email")
        errors.raise_if_any()
        # NUL is no character of a message (and PostgreSQL refuses it in text).
        params = {str(k): str(v).replace("\x00", "") for k, v in params.items()}
        recipient = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in recipient.items()}

        def work(session: Connection) -> list[dict]:
            now = utcnow()
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
            for channel, address in rules.channels(recipient):
                subject = None
                if channel == "email":
                    language, subject, text = self.templates.render_email(template, recipient.get("language", ""),
                                                                          params)
                else:
                    language, text = self.templates.render(template, recipient.get("language", ""), params)
                self.store.add(session, id=str(uuid.uuid4()), event_id=key, application_id=application_id,
                               channel=channel, template=template, language=language, recipient=address,
                               subject=subject, body=text, status="queued", attempts=0, provider="",
                               created_at=now, available_at=now, headers=json.dumps(carrier))
                wake_after_commit(session)  # the delivery worker is woken by the commit
            return self.store.by_event(session, key)

        rows = self.keys.run(key, "Send", fp, work, lambda s, ref: self.store.by_event(s, ref), lambda _: key)
        log.info("event recorded", extra={"event_id": key, "application_id": application_id, "template": template,
                                          "channels": ",".join(r["channel"] for r in rows)})
        return rows

    def list(self, application_id: str) -> list[dict]:
        if not application_id:
            raise InvalidArgument({"application_id": "is required"})
        with self.db.read() as s:
            return self.store.by_application(s, application_id)

    # ---- notices for staff ----

    def post_notice(self, key: str, fp: str, template: str, role: str, office: str, application_id: str,
                    params: dict[str, str]) -> dict:
        errors = FieldErrors()
        if not key:
            errors.add("request_id", "is required")
        rules.validate_notice(template, role, self.templates, errors)
        _check_sizes(errors, request_id=key, application_id=application_id, office=office)
        if role == "clerk" and not office:
            errors.add("office", "is required for a clerks' notice")
        errors.raise_if_any()

        def work(session: Connection) -> dict:
            existing = self.store.notice(session, event_id=key)
            if existing is not None:
                return existing
            notice_id = str(uuid.uuid4())
            self.store.add_notice(session, id=notice_id, event_id=key, template=template, role=role, office=office,
                                  application_id=application_id, params=params, created_at=utcnow())
            return self.store.notice(session, notice_id)

        notice = self.keys.run(key, "PostNotice", fp, work, lambda s, ref: self.store.notice(s, ref),
                               lambda n: n["id"])
        log.info("notice posted", extra={"notice_id": notice["id"], "template": template, "role": role,
                                         "office": office, "application_id": application_id})
        return notice

    def list_notices(self, role: str, office: str, unread_only: bool, limit: int) -> list[dict]:
        errors = FieldErrors()
        if role not in rules.STAFF_ROLES:
            errors.add("role", "must be one of " + ", ".join(rules.STAFF_ROLES))
        if role == "clerk" and not office:
            errors.add("office", "is required for clerks")
        if limit and not 1 <= limit <= MAX_NOTICES:
            errors.add("limit", f"must be between 1 and {MAX_NOTICES}")
        errors.raise_if_any()
        with self.db.read() as s:
            return self.store.notices(s, role, office, unread_only, limit or 50)

    def mark_read(self, notice_id: str, reader: Reader) -> dict:
        if not notice_id:
            raise InvalidArgument({"id": "is required"})
        with self.db.transaction() as s:
            notice = self.store.notice(s, notice_id)
            if notice is None or not rules.visible_to(notice, reader.role, reader.office):
                raise NotFound("no such notice")
            self.store.mark_notice_read(s, notice_id, utcnow(), reader.username)
            return self.store.notice(s, notice_id)

    def render_notice(self, notice: dict, language: str) -> tuple[str, str, str]:
        return self.templates.render_notice(notice["template"], language, notice["params"])
