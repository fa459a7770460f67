"""Benefits' use cases.

A benefit claim is always accepted at the window: a citizen may always apply. What exists now is the
claim file and the inspector's decision; the automatic assessment, enrolment and payroll are issue 5,
so a claim carries no assessment yet and an approval records the decision only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tereze.casework import Case, CaseDesk, CaseStore
from tereze.db import Database
from tereze.domain import PrecheckResult
from tereze.errors import InvalidArgument
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox

BENEFIT_SERVICES = ("unemployment_benefit", "social_benefit", "family_benefit")


class Benefits:
    def __init__(self, db: Database, claims: CaseStore, outbox: Outbox, keys: IdempotencyKeys):
        self.db = db
        self.desk = CaseDesk(db, claims, outbox, keys, BENEFIT_SERVICES, self._on_open, self._on_approve, "benefits")

    def precheck(self, *, service: str, office: str, applicant: dict, details: dict, documents: list[str],
                 application_date: dt.date | None = None, details_service: str = "") -> PrecheckResult:
        if service not in BENEFIT_SERVICES:
            raise InvalidArgument({"service": "is not a benefit service"})
        return PrecheckResult()

    def _on_open(self, session: Session, case: Case) -> None:
        return None

    def _on_approve(self, session: Session, case: Case) -> dict:
        return {}
