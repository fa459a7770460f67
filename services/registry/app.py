"""Registry's use cases. Birth registration is complete; marriage and divorce are refused at the window
until their rules are built (issue 4), so nothing is accepted that the registry cannot decide lawfully."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from registry import rules
from registry.rules import EffectiveRules
from registry.store import RegistryStore
from tereze.casework import Case, CaseDesk, CaseStore
from tereze.db import Database
from tereze.domain import PrecheckResult
from tereze.errors import InvalidArgument, NotFound, Violation
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.pin import make_pin, pin_error, pin_prefix
from tereze.timeutil import today

log = logging.getLogger("registry")

CIVIL_SERVICES = ("birth_registration", "marriage_registration", "divorce_registration")
AVAILABLE = ("birth_registration",)


class Registry:
    def __init__(self, db: Database, store: RegistryStore, cases: CaseStore, outbox: Outbox, keys: IdempotencyKeys,
                 effective: EffectiveRules):
        self.db = db
        self.store = store
        self.rules = effective
        self.desk = CaseDesk(db, cases, outbox, keys, AVAILABLE, self._on_open, self._on_approve, "registry")

    # ---- at the window ----

    def precheck(self, *, service: str, office: str, applicant: dict, details: dict, documents: list[str],
                 application_date: dt.date | None = None, details_service: str = "") -> PrecheckResult:
        if service not in CIVIL_SERVICES:
            raise InvalidArgument({"service": "is not a civil-registration service"})
        if service not in AVAILABLE:
            return PrecheckResult(refusals=[Violation(
                "service.not_available", f"{service} is not yet taken at the window", "service")])
        on = application_date or today()
        born = rules.validate_birth(details, on)
        return PrecheckResult(warnings=rules.birth_warnings(born, on, self.rules))

    # ---- what opening and approving a birth case mean ----

    def _on_open(self, session: Session, case: Case) -> None:
        details = case.details
        child = details.get("child", {})
        mother = details.get("mother_pin", "")
        if mother and not self.store.persons_by_pin(session, mother):
            case.flags.append(Violation("register.mother_unknown",
                                        "the mother is not in the register yet: added from the identity document",
                                        "details.mother_pin"))
        try:
            born = dt.date.fromisoformat(child.get("birth_date", ""))
        except ValueError:
            return
        window = self.rules.value("birth", "duplicate_window_days", case.opened_at.date())
        candidates = self.store.children_of(session, mother, born - dt.timedelta(days=window),
                                            born + dt.timedelta(days=window))
        duplicate = rules.duplicate_flag(child, candidates)
        if duplicate:
            case.flags.append(duplicate)

    def _on_approve(self, session: Session, case: Case) -> dict:
        on = case.decided_at.date()
        details = case.details
        child = details["child"]
        born = dt.date.fromisoformat(child["birth_date"])
        mother = details["mother_pin"]
        applicant = case.application.get("applicant", {})
        if not self.store.persons_by_pin(session, mother) and applicant.get("pin") == mother:
            self.store.add_person(session, pin=mother, surname=applicant.get("surname", ""),
                                  given_name=applicant.get("given_name", ""),
                                  patronymic=applicant.get("patronymic", ""),
                                  birth_date=dt.date.fromisoformat(applicant["birth_date"]),
                                  sex=applicant.get("sex", "female"), source="window_document")
        prefix = pin_prefix(child["sex"], born)
        serial = self.store.next_value(session, f"pin:{prefix}", start=self.store.max_serial(session, prefix))
        child_pin = make_pin(child["sex"], born, serial)
        self.store.add_person(session, pin=child_pin, surname=child["surname"], given_name=child["given_name"],
                              patronymic=child.get("patronymic", ""), birth_date=born, sex=child["sex"],
                              mother_pin=mother, father_pin=details.get("father_pin"), source="birth_registration")
        seq = self.store.next_value(session, f"act:birth:{case.office}:{on.year}")
        record = rules.act_record_number("birth", case.office, on.year, seq)
        self.store.add_act_record(session, number=record, kind="birth", office=case.office, year=on.year, seq=seq,
                                  application_id=case.application_id, registered_on=on)
        certificate = rules.certificate_number("birth", on.year,
                                               self.store.next_value(session, f"certificate:birth:{on.year}"))
        self.store.add_certificate(session, certificate, "birth", record, on, {
            "surname": child["surname"], "given_name": child["given_name"],
            "patronymic": child.get("patronymic", ""), "birth_date": child["birth_date"],
            "birth_place": child.get("birth_place", ""), "act_record_number": record,
        })
        return {"act_record_number": record, "certificate_number": certificate, "child_pin": child_pin}

    # ---- register look-ups ----

    def find_person(self, pin: str) -> list[dict]:
        problem = pin_error(pin, today())
        if problem:
            raise InvalidArgument({"pin": problem})
        with self.db.transaction() as s:
            return self.store.persons_by_pin(s, pin)

    def act_record(self, number: str) -> dict:
        with self.db.transaction() as s:
            record = self.store.act_record(s, number)
        if record is None:
            raise NotFound("no such act record")
        return record

    def certificate(self, number: str) -> dict:
        with self.db.transaction() as s:
            cert = self.store.certificate(s, number)
        if cert is None:
            raise NotFound("no such certificate")
        return cert
