"""Registry's use cases: birth, marriage and divorce registration by the rules, and the population register.

What the law forbids is refused at the window (Precheck) and checked again when the registrar decides, against the
register as it is then (a person may have married meanwhile): a failed re-check changes nothing."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.engine import Connection

from registry import rules
from registry.rules import EffectiveRules
from registry.store import RegistryStore
from tereze.casework import Case, CaseDesk, CaseStore
from tereze.db import Database
from tereze.domain import Actor, PrecheckResult
from tereze.errors import InvalidArgument, NotFound, RuleViolation, Violation
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.pin import make_pin, pin_error, pin_prefix
from tereze.timeutil import today

log = logging.getLogger("registry")

CIVIL_SERVICES = ("birth_registration", "marriage_registration", "divorce_registration")
AVAILABLE = CIVIL_SERVICES
DUPLICATE_DECISIONS = ("duplicate", "not_duplicate")


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
        on = application_date or today()
        if service == "marriage_registration":
            m = rules.validate_marriage(applicant, details, on)
            with self.db.read() as s:
                refusals = rules.marriage_refusals(m, on, self.rules, self._marriage_register(s, m))
            return PrecheckResult(refusals=refusals)
        if service == "divorce_registration":
            d = rules.validate_divorce(applicant, details, on)
            with self.db.read() as s:
                refusals = rules.divorce_refusals(d, self._divorce_register(s, d, applicant))
                record = self.store.act_record(s, d["marriage_record_no"]) if d["marriage_record_no"] else None
            warnings = [] if refusals else [
                Violation("divorce.waiting_period", w.message, w.field)
                for w in rules.divorce_decision_refusals(d, on, on, self.rules)]
            if d["marriage_record_no"] and (record is None or record["kind"] != "marriage"):
                # Older marriages were registered before this system: a warning for the registrar, not a refusal.
                warnings.append(Violation("divorce.marriage_record_unknown",
                                          "no marriage act record with this number in the system",
                                          "details.marriage_record_no"))
            return PrecheckResult(refusals=refusals, warnings=warnings)
        born = rules.validate_birth(details, on)
        return PrecheckResult(warnings=rules.birth_warnings(born, on, self.rules))

    # ---- what the register knows, for the rules ----

    def _person(self, session: Connection, declared: dict) -> dict | None:
        return rules.pick_person(self.store.persons_by_pin(session, declared.get("pin") or ""), declared)

    def _ancestors(self, session: Connection, person: dict | None) -> set[str]:
        if not person:
            return set()
        parents = {p for p in (person.get("mother_pin"), person.get("father_pin")) if p}
        found = set(parents)
        for pin in parents:
            for parent in self.store.persons_by_pin(session, pin):
                found |= {p for p in (parent.get("mother_pin"), parent.get("father_pin")) if p}
        return found

    def _marriage_register(self, session: Connection, m: dict) -> dict:
        a, b = self._person(session, m["applicant"]), self._person(session, m["spouse"])
        why = rules.related(a or m["applicant"], b or m["spouse"], self._ancestors(session, a),
                            self._ancestors(session, b)) if (a or b) else None
        return {"applicant": a, "spouse": b, "relatives": why}

    def _divorce_register(self, session: Connection, d: dict, applicant: dict) -> dict:
        mine = self.store.persons_by_pin(session, d["applicant_pin"])
        a = next((p for p in mine if p.get("spouse_pin") == d["spouse_pin"]), None) or self._person(session, applicant)
        spouses = self.store.persons_by_pin(session, d["spouse_pin"])
        b = next((p for p in spouses if p.get("spouse_pin") == d["applicant_pin"]), spouses[0] if spouses else None)
        return {"applicant": a, "spouse": b}

    def _add_from_window(self, session: Connection, declared: dict) -> dict:
        """A person the register does not know yet is added from the identity document the clerk checked."""
        person = self._person(session, declared)
        if person is None:
            self.store.add_person(session, pin=declared["pin"], surname=declared.get("surname", ""),
                                  given_name=declared.get("given_name", ""),
                                  patronymic=declared.get("patronymic", "") or "",
                                  birth_date=rules.as_date(declared["birth_date"]), sex=declared.get("sex", ""),
                                  source="window_document")
            person = self._person(session, declared)
        return person

    # ---- what opening and approving a birth case mean ----

    def _on_open(self, session: Connection, case: Case) -> None:
        details = case.details
        if case.service == "marriage_registration":
            applicant = case.application.get("applicant", {})
            for who, declared, field in (("applicant", applicant, "applicant.pin"),
                                         ("spouse", details.get("spouse") or {}, "details.spouse.pin")):
                if declared.get("pin") and not self.store.persons_by_pin(session, declared["pin"]):
                    case.flags.append(Violation(
                        "register.person_unknown",
                        f"the {who} is not in the register yet: added from the identity document on registration",
                        field))
            return
        if case.service != "birth_registration":
            return
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

    def _on_approve(self, session: Connection, case: Case) -> dict:
        if case.service == "marriage_registration":
            return self._approve_marriage(session, case)
        if case.service == "divorce_registration":
            return self._approve_divorce(session, case)
        return self._approve_birth(session, case)

    def _submitted_on(self, case: Case) -> dt.date:
        raw = case.application.get("submitted_at", "")
        try:
            return dt.date.fromisoformat(raw[:10])
        except ValueError:
            return case.opened_at.date()

    def _approve_marriage(self, session: Connection, case: Case) -> dict:
        on = case.decided_at.date()
        applicant = case.application.get("applicant", {})
        m = rules.validate_marriage(applicant, case.details, on)
        refusals = rules.marriage_refusals(m, self._submitted_on(case), self.rules, self._marriage_register(session, m))
        refusals += rules.marriage_decision_refusals(m, on)
        if refusals:
            raise RuleViolation(refusals)
        a = self._add_from_window(session, applicant)
        b = self._add_from_window(session, case.details["spouse"])
        after = m["surnames_after"]
        self.store.set_marital(session, a["id"], "married", b["pin"], surname=after.get("applicant"))
        self.store.set_marital(session, b["id"], "married", a["pin"], surname=after.get("spouse"))
        record = self._act_record(session, "marriage", case, on)
        shows = {
            "act_record_number": record, "registered_on": on.isoformat(), "office": case.office,
            "applicant_surname_before": a["surname"], "applicant_surname_after": after.get("applicant", a["surname"]),
            "applicant_given_name": a["given_name"], "applicant_patronymic": a["patronymic"] or "",
            "applicant_birth_date": a["birth_date"].isoformat(),
            "spouse_surname_before": b["surname"], "spouse_surname_after": after.get("spouse", b["surname"]),
            "spouse_given_name": b["given_name"], "spouse_patronymic": b["patronymic"] or "",
            "spouse_birth_date": b["birth_date"].isoformat(),
        }
        certificate = self._certificate(session, "marriage", record, on, shows)
        return {"act_record_number": record, "certificate_number": certificate}

    def _approve_divorce(self, session: Connection, case: Case) -> dict:
        on = case.decided_at.date()
        applicant = case.application.get("applicant", {})
        d = rules.validate_divorce(applicant, case.details, on)
        register = self._divorce_register(session, d, applicant)
        refusals = rules.divorce_refusals(d, register)
        refusals += rules.divorce_decision_refusals(d, self._submitted_on(case), on, self.rules)
        if refusals:
            raise RuleViolation(refusals)
        a, b = register["applicant"], register["spouse"]
        self.store.set_marital(session, a["id"], "divorced", None)
        if b is not None:
            self.store.set_marital(session, b["id"], "divorced", None)
        record = self._act_record(session, "divorce", case, on)
        result = {"act_record_number": record}
        spouses = [("applicant", a), ("spouse", b)] if b is not None else [("applicant", a)]
        base = {"act_record_number": record, "registered_on": on.isoformat(), "office": case.office,
                "route": rules.divorce_route(d)}
        for role, person in spouses:
            other = b if role == "applicant" else a
            shows = {**base,
                     "issued_to": f"{person['surname']} {person['given_name']} {person['patronymic'] or ''}".strip(),
                     "issued_to_birth_date": person["birth_date"].isoformat(),
                     "other_spouse": (f"{other['surname']} {other['given_name']} {other['patronymic'] or ''}".strip()
                                      if other else "")}
            result[f"certificate_number_{role}"] = self._certificate(session, "divorce", record, on, shows)
        result["certificate_number"] = result["certificate_number_applicant"]
        return result

    def _act_record(self, session: Connection, kind: str, case: Case, on: dt.date) -> str:
        seq = self.store.next_value(session, f"act:{kind}:{case.office}:{on.year}")
        record = rules.act_record_number(kind, case.office, on.year, seq)
        self.store.add_act_record(session, number=record, kind=kind, office=case.office, year=on.year, seq=seq,
                                  application_id=case.application_id, registered_on=on)
        return record

    def _certificate(self, session: Connection, kind: str, record: str, on: dt.date, shows: dict) -> str:
        number = rules.certificate_number(kind, on.year, self.store.next_value(session, f"certificate:{kind}:{on.year}"))
        self.store.add_certificate(session, number, kind, record, on, shows)
        return number

    def _approve_birth(self, session: Connection, case: Case) -> dict:
        on = case.decided_at.date()
        refusal = rules.duplicate_decision_refusal(case.flags, duplicate_decision(case.history))
        if refusal:
            raise RuleViolation([refusal])
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
        parents = {}
        for role, pin in (("mother", mother), ("father", details.get("father_pin") or "")):
            person = rules.pick_person(self.store.persons_by_pin(session, pin)) if pin else None
            if person:
                parents[role] = f"{person['surname']} {person['given_name']} {person['patronymic'] or ''}".strip()
        self.store.add_certificate(session, certificate, "birth", record, on, {
            "surname": child["surname"], "given_name": child["given_name"],
            "patronymic": child.get("patronymic", ""), "birth_date": child["birth_date"], "sex": child["sex"],
            "birth_place": child.get("birth_place", ""), "pin": child_pin, "act_record_number": record,
            "registered_on": on.isoformat(), "office": case.office, **parents,
        })
        return {"act_record_number": record, "certificate_number": certificate, "child_pin": child_pin}

    # ---- the registrar's work besides deciding ----

    def decide_duplicate(self, key: str, fp: str, actor: Actor, application_id: str, decision: str,
                         note: str) -> Case:
        if decision not in DUPLICATE_DECISIONS:
            raise InvalidArgument({"decision": "must be duplicate or not_duplicate"})
        if len(note or "") > 2000:
            raise InvalidArgument({"note": "must be at most 2000 characters"})

        def flagged(case: Case) -> None:
            if not any(f.rule == "birth.possible_duplicate" for f in case.flags):
                raise RuleViolation([Violation("birth.not_flagged", "this case is not flagged as a possible duplicate",
                                               "decision")])

        return self.desk.record(key, fp, actor, application_id, decision, note or "", validate=flagged)

    # ---- register look-ups ----

    def find_person(self, pin: str) -> list[dict]:
        problem = pin_error(pin, today())
        if problem:
            raise InvalidArgument({"pin": problem})
        with self.db.read() as s:
            return self.store.persons_by_pin(s, pin)

    def act_record(self, number: str) -> dict:
        with self.db.read() as s:
            record = self.store.act_record(s, number)
        if record is None:
            raise NotFound("no such act record")
        return record

    def certificate(self, number: str, check_code: str = "", full: bool = False) -> dict:
        """A certificate by number: whether it is genuine; what it shows only with its check code (or `full`)."""
        if not isinstance(number, str) or not 1 <= len(number) <= 40:
            raise InvalidArgument({"number": "is not a certificate number"})
        with self.db.read() as s:
            cert = self.store.certificate(s, number)
        if cert is None:
            raise NotFound("no such certificate")
        code = rules.certificate_check(cert["number"], cert["shows"])
        cert["check_code"] = code if full else ""
        cert["check_matches"] = bool(check_code) and check_code.strip().upper() == code
        if not (full or cert["check_matches"]):
            cert["shows"] = {}
        return cert


def duplicate_decision(history: list[dict]) -> str:
    """The registrar's latest word on a possible duplicate, from the case's append-only history."""
    for entry in reversed(history):
        if entry.get("action") in DUPLICATE_DECISIONS:
            return entry["action"]
    return ""
