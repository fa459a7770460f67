"""Benefits' use cases: programme → assessment → claim → decision (maker-checker) → enrolment → payroll.

A benefit claim is always accepted at the window: a citizen may always apply. Every claim is assessed with
the parameters in force on its application date; the assessment goes back to the window with the precheck
and is stored with the claim. The inspector decides; approving against the assessment needs a written
justification; an approval becomes an enrolment; enrolments become a monthly payroll per post office.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from benefits import rules
from benefits.adapters import CivilRegistry, SocialFund, UnemploymentRegister
from benefits.parameters import Parameters
from benefits.rules import BENEFIT_SERVICES
from benefits.store import BenefitsStore, Enrolment, PayrollLine
from tereze import protojson
from tereze.casework import Case, CaseDesk, CaseStore
from tereze.db import Database
from tereze.domain import Actor, PrecheckResult
from tereze.errors import Conflict, FieldErrors, InvalidArgument, NotFound, RuleViolation, Violation
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.timeutil import today

log = logging.getLogger("benefits")

OFFICES = ("belek", "aral", "natsionalnoe", "malovodnoe")
LINE_STATUSES = ("paid", "not_paid")
DEFAULT_RENEWAL_DAYS = 30

# What the open and decide hooks need from the call that runs them (computed outside the transaction).
_opening: contextvars.ContextVar[dict | None] = contextvars.ContextVar("benefits_opening", default=None)
_deciding: contextvars.ContextVar[str] = contextvars.ContextVar("benefits_justification", default="")


@dataclass
class Payroll:
    office: str
    month: str
    lines: list[PayrollLine]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


class Benefits:
    def __init__(self, db: Database, claims: CaseStore, outbox: Outbox, keys: IdempotencyKeys,
                 store: BenefitsStore | None = None, parameters: Parameters | None = None,
                 registry: CivilRegistry | None = None, social_fund: SocialFund | None = None,
                 unemployment: UnemploymentRegister | None = None):
        self.db = db
        self.keys = keys
        self.store = store or BenefitsStore()
        self.parameters = parameters or Parameters.load()
        self.registry = registry
        self.social_fund = social_fund
        self.unemployment = unemployment
        self.desk = CaseDesk(db, claims, outbox, keys, BENEFIT_SERVICES, self._on_open, self._on_approve, "benefits")

    # ---- assessment ----

    def assess(self, service: str, office: str, applicant: dict, details: dict, on: dt.date) -> rules.Assessment:
        """Gather the facts other agencies hold, then apply the rules with the parameters in force on `on`."""
        params = self.parameters.in_force(on)
        pin = applicant.get("pin", "")
        if service == "family_benefit":
            checked = {}
            if self.registry is not None:
                for member in details.get("household") or []:
                    if member.get("relation") in rules.CHILD_RELATIONS and member.get("pin"):
                        checked[member["pin"]] = self.registry.child(member["pin"])
            return rules.assess_family(details, office, on, params, checked)
        if service == "social_benefit":
            with self.db.read() as s:
                existing = bool(self.store.active_enrolments(s, service=service, pin=pin, on=on))
            return rules.assess_social(details, applicant, on, params, self.social_fund.insurance(pin, on), existing)
        return rules.assess_unemployment(details, on, params, self.social_fund.insurance(pin, on),
                                         self.unemployment.registration(pin, on))

    def precheck(self, *, service: str, office: str, applicant: dict, details: dict, documents: list[str],
                 application_date: dt.date | None = None, details_service: str = "") -> PrecheckResult:
        if service not in BENEFIT_SERVICES:
            raise InvalidArgument({"service": "is not a benefit service"})
        on = application_date or today()
        if not dt.date(1900, 1, 1) <= on <= dt.date(2200, 1, 1):
            raise InvalidArgument({"application_date": "must be a date from 1900 to 2200"})
        rules.validate_details(service, details, today())
        assessment = self.assess(service, office, applicant or {}, details, on)
        log.info("claim assessed at the window", extra={"service": service, "eligible": assessment.eligible})
        return PrecheckResult(assessment=assessment.to_dict())

    # ---- opening a claim ----

    def open(self, key: str, fp: str, application: dict) -> Case:
        service = application.get("service", "")
        if application.get("due_date"):
            protojson.date_or_none(application["due_date"], "application.due_date")
        assessment: dict = {}
        if service in BENEFIT_SERVICES and application.get("id"):
            with self.db.transaction() as s:
                known = self.desk.store.by_application(s, application["id"])
            if known is None:
                assessment = self._assess_application(application)
        token = _opening.set(assessment)
        try:
            return self.desk.open(key, fp, application)
        finally:
            _opening.reset(token)

    def _assess_application(self, application: dict) -> dict:
        service = application["service"]
        details = application.get("details", {}).get(service, {})
        submitted = application.get("submitted_at", "")
        try:
            on = dt.date.fromisoformat(submitted[:10]) if submitted else today()
        except ValueError:
            on = today()
        if not dt.date(1900, 1, 1) <= on <= dt.date(2200, 1, 1):
            on = today()
        try:
            rules.validate_details(service, details, today())
        except InvalidArgument as error:
            return rules.invalid_assessment(self.parameters.in_force(on), error.fields).to_dict()
        return self.assess(service, application.get("office", ""), application.get("applicant", {}), details,
                           on).to_dict()

    def _on_open(self, session: Connection, case: Case) -> None:
        assessment = _opening.get()
        if assessment:
            case.assessment = assessment

    # ---- the inspector's decision (maker-checker) ----

    def decide(self, key: str, fp: str, actor: Actor, application_id: str, outcome: str, reason: str,
               justification: str = "") -> Case:
        justification = (justification or "").strip()
        if len(justification) > 2000:
            raise InvalidArgument({"justification": "must be at most 2000 characters"})

        def validate(case: Case) -> None:
            if rules.contradicts(case.assessment, outcome) and not justification:
                raise InvalidArgument({"justification": "an approval against the assessment (not eligible) needs a "
                                                        "written justification"})

        token = _deciding.set(justification)
        try:
            case = self.desk.decide(key, fp, actor, application_id, outcome, reason, validate=validate)
        finally:
            _deciding.reset(token)
        return case

    def _on_approve(self, session: Connection, case: Case) -> dict:
        justification = _deciding.get()
        if justification:
            self.desk.store.add_history(session, case.id, case.decided_by, "justified", justification)
        applicant = case.application.get("applicant", {})
        pin = applicant.get("pin", "")
        decided_on = case.decided_at.date()
        if case.service == "social_benefit" and self.store.active_enrolments(session, service=case.service, pin=pin):
            raise RuleViolation([Violation("social_benefit.one_per_person",
                                           "the person already receives an ЕСП: only one per person", "applicant.pin")])
        a = case.assessment
        amount = int(a.get("monthly_amount") or 0)
        if amount <= 0:
            # Approved against the assessment: the amount the rules give when eligibility is set aside.
            amount = self._amount_regardless(case)
        start = _date(a.get("start_date")) or rules.first_of_next_month(decided_on)
        end = _date(a.get("end_date"))
        name = " ".join(p for p in (applicant.get("surname"), applicant.get("given_name"),
                                    applicant.get("patronymic")) if p)
        enrolment = self.store.add_enrolment(
            session, application_id=case.application_id, case_id=case.id, service=case.service, office=case.office,
            pin=pin, recipient=name, tracking_number=case.tracking_number,
            channel=(case.details.get("payment") or {}).get("channel", "post_office"), monthly_amount=amount,
            valid_from=start, valid_to=end,
        )
        # Its lines in the payrolls kept open, with the approval: the decision's answer never comes before them.
        for first in rules.open_payroll_months(today()):
            if rules.in_payroll(start, end, first):
                self.store.add_lines(session, [enrolment], f"{first:%Y-%m}")
        self.desk.store.add_history(session, case.id, "system", "enrolled",
                                    f"{amount} som a month from {start.isoformat()}"
                                    + (f" to {end.isoformat()}" if end else ""))
        result = {"enrolment_id": enrolment.id, "monthly_amount": str(amount), "valid_from": start.isoformat()}
        if end:
            result["valid_to"] = end.isoformat()
        return result

    def _amount_regardless(self, case: Case) -> int:
        params = self.parameters.in_force(case.opened_at.date())
        if case.service == "social_benefit":
            row = params.values.get("esp_amounts", {}).get(case.details.get("category", ""), {})
            return int(row.get("amount", 0))
        if case.service == "unemployment_benefit":
            return int(params.values.get("unemployment_base", 0))
        children = int(case.assessment.get("inputs", {}).get("children_under_limit", 0) or 0)
        return round(children * int(params.values.get("child_amount", 0)) * params.coefficient(case.office))

    # ---- payroll ----

    def _payroll_args(self, office: str, month: str) -> tuple[str, dt.date]:
        errors = FieldErrors()
        if office not in OFFICES:
            errors.add("office", "must be one of " + ", ".join(OFFICES))
        first = None
        try:
            first = rules.parse_month(month)
        except ValueError:
            errors.add("month", "must be a month as YYYY-MM")
        errors.raise_if_any()
        return office, first

    def generate_payroll(self, key: str, fp: str, office: str, month: str) -> Payroll:
        """Lines for every enrolment of the office valid in the month; running it again adds only what is missing."""
        office, first = self._payroll_args(office, month)

        def work(session: Connection) -> Payroll:
            self._generate(session, office, first)
            return Payroll(office, month, self.store.lines(session, office, month))

        if not key:
            with self.db.transaction() as s:
                return work(s)
        return self.keys.run(key, "GeneratePayroll", fp, work,
                             lambda s, ref: Payroll(office, month, self.store.lines(s, office, month)),
                             lambda p: f"{p.office}|{p.month}")

    def _generate(self, session: Connection, office: str, first: dt.date) -> int:
        month = f"{first:%Y-%m}"
        missing = self.store.payable_without_line(session, office, first, rules.month_end(first), month)
        added = self.store.add_lines(session, missing, month)
        log.info("payroll generated", extra={"office": office, "month": month, "added": added})
        return added

    def get_payroll(self, office: str, month: str) -> Payroll:
        office, _ = self._payroll_args(office, month)
        with self.db.read() as s:
            return Payroll(office, month, self.store.lines(s, office, month))

    def mark_line(self, key: str, fp: str, actor: Actor, line_id: str, status: str) -> PayrollLine:
        if status not in LINE_STATUSES:
            raise InvalidArgument({"status": "must be paid or not_paid"})
        if not line_id:
            raise InvalidArgument({"line_id": "is required"})
        if len(line_id) > 36 or not line_id.isascii() or not line_id.isprintable():
            raise NotFound("no such payroll line")

        def work(session: Connection) -> PayrollLine:
            line = self.store.line(session, line_id, for_update=True)
            if line is None or (actor.role == "clerk" and actor.office != line.office):
                raise NotFound("no such payroll line")
            if line.status == status:
                return line
            if line.status == "paid":
                raise Conflict("the line was already reported paid")
            self.store.mark_line(session, line_id, status, actor.username)
            return self.store.line(session, line_id)

        def replay(session: Connection, ref: str) -> PayrollLine:
            return self.store.line(session, ref)

        line = self.keys.run(key, "MarkPayrollLine", fp, work, replay, lambda ln: ln.id)
        log.info("payroll line marked", extra={"line_id": line.id, "status": line.status})
        return line

    def generate_all(self, month: str) -> int:
        """The background job's unit: every office's payroll of the month (idempotent); the lines it added."""
        first = rules.parse_month(month)
        added = 0
        for office in OFFICES:
            with self.db.transaction() as s:
                added += self._generate(s, office, first)
        return added

    # ---- renewal ----

    def renewals(self, office: str = "", on: dt.date | None = None, within_days: int = 0) -> list[Enrolment]:
        if office and office not in OFFICES:
            raise InvalidArgument({"office": "must be one of " + ", ".join(OFFICES)})
        if within_days < 0 or within_days > 366:
            raise InvalidArgument({"within_days": "must be from 0 to 366"})
        on = on or today()
        if not dt.date(1900, 1, 1) <= on <= dt.date(2200, 1, 1):
            raise InvalidArgument({"on": "must be a date from 1900 to 2200"})
        entry = self.parameters.entry("renewal_notice_days", on)
        days = within_days or (int(entry["value"]) if entry else DEFAULT_RENEWAL_DAYS)
        with self.db.read() as s:
            return self.store.expiring(s, service="family_benefit", office=office, start=on,
                                       end=on + dt.timedelta(days=days))


def _date(raw) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
