"""Notify's use cases: record each event's messages once, deliver them, answer with masked recipients."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.orm import Session

from notify import rules
from notify.rules import Templates
from notify.store import NotifyStore
from tereze.db import Database
from tereze.errors import FieldErrors, InvalidArgument
from tereze.idempotency import IdempotencyKeys
from tereze.timeutil import utcnow

log = logging.getLogger("notify")


class Notify:
    def __init__(self, db: Database, store: NotifyStore, keys: IdempotencyKeys, templates: Templates, sms):
        self.db = db
        self.store = store
        self.keys = keys
        self.templates = templates
        self.sms = sms

    def send(self, key: str, fp: str, application_id: str, template: str, recipient: dict,
             params: dict[str, str]) -> list[dict]:
        errors = FieldErrors()
        if not key:
            errors.add("request_id", "is required")
        if not application_id:
            errors.add("application_id", "is required")
        rules.validate_send(template, self.templates, errors)
        errors.raise_if_any()

        def work(session: Session) -> list[dict]:
            language, text = self.templates.render(template, recipient.get("language", ""), params)
            now = utcnow()
            if recipient.get("phone"):
                self.store.add(session, id=str(uuid.uuid4()), event_id=key, application_id=application_id,
                               channel="sms", template=template, language=language, recipient=recipient["phone"],
                               body=text, status="queued", attempts=0, created_at=now)
            return self.store.by_event(session, key)

        queued = self.keys.run(key, "Send", fp, work, lambda s, ref: self.store.by_event(s, ref), lambda _: key)
        for row in queued:
            if row["status"] == "queued":
                self._deliver(row)
        with self.db.transaction() as s:
            return self.store.by_event(s, key)

    def _deliver(self, row: dict) -> None:
        try:
            self.sms.send(row["recipient"], row["body"])
        except Exception as error:  # noqa: BLE001 - recorded in the delivery log, retried by issue 6's worker
            with self.db.transaction() as s:
                self.store.mark(s, row["id"], attempts=row["attempts"] + 1, last_error=type(error).__name__)
            log.warning("delivery failed", extra={"notification_id": row["id"], "channel": row["channel"]})
            return
        with self.db.transaction() as s:
            self.store.mark(s, row["id"], status="sent", attempts=row["attempts"] + 1, sent_at=utcnow(),
                            provider=self.sms.name)
        log.info("message sent", extra={"notification_id": row["id"], "channel": row["channel"],
                                        "template": row["template"], "application_id": row["application_id"]})

    def list(self, application_id: str) -> list[dict]:
        if not application_id:
            raise InvalidArgument({"application_id": "is required"})
        with self.db.transaction() as s:
            return self.store.by_application(s, application_id)
