"""The rules of the three benefits: plain Python, no gRPC, no SQL (DOMAIN.md "Benefits").

`validate_details` checks a claim's `details` field by field (errors named details.<path>); the assessors
turn the details, the applicant, the facts other agencies answered and the parameters in force on the
application date into an Assessment: inputs, parameter set, rule version, eligible, monthly amount, reasons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from benefits.parameters import ParameterMissing, ParameterSet
from tereze.errors import FieldErrors
from tereze.pin import pin_error
from tereze.timeutil import iso

BENEFIT_SERVICES = ("unemployment_benefit", "social_benefit", "family_benefit")
RELATIONS = ("applicant", "spouse", "child", "grandchild", "parent", "grandparent", "sibling", "other")
CHILD_RELATIONS = ("child", "grandchild")
PENSION_RELATIONS = ("parent", "grandparent")
CHANNELS = ("post_office", "bank")
ESP_CATEGORIES = (
    "disabled_child", "disabled_since_childhood_1", "disabled_since_childhood_2", "disabled_since_childhood_3",
    "disabled_1", "disabled_2", "disabled_3", "elderly_no_pension", "heroine_mother", "lost_one_parent",
    "lost_both_parents", "child_of_hiv_mother",
)
MSEK_CATEGORIES = tuple(c for c in ESP_CATEGORIES if c.startswith("disabled"))
MAX_HOUSEHOLD = 30
MAX_INCOME = 10_000_000


# ---- facts other agencies answer (the adapters return these) ----


@dataclass(frozen=True)
class Fact:
    name: str
    value: str
    source: str
    at: dt.datetime

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "source": self.source, "at": iso(self.at)}


@dataclass(frozen=True)
class RegistryChild:
    """What the civil registry says of a child's PIN: known (with birth dates), unknown, or not reachable."""

    pin: str
    birth_dates: tuple[dt.date, ...] = ()
    reachable: bool = True
    source: str = "civil_registry"
    at: dt.datetime | None = None


@dataclass(frozen=True)
class InsuranceRecord:
    """The Social Fund's answer: insured months in the last 36 and pension entitlement (None: not reachable)."""

    insured_months_last_36: int | None
    pension_entitled: bool | None
    source: str
    at: dt.datetime


@dataclass(frozen=True)
class UnemploymentRecord:
    registered: bool | None
    source: str
    at: dt.datetime


@dataclass
class Assessment:
    eligible: bool = False
    monthly_amount: int = 0
    reasons: list[str] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)
    rule_version: str = ""
    parameter_set: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    def to_dict(self) -> dict:
        out = {
            "eligible": self.eligible, "monthly_amount": int(self.monthly_amount), "reasons": list(self.reasons),
            "parameters": dict(self.parameters), "rule_version": self.rule_version,
            "parameter_set": self.parameter_set, "inputs": dict(self.inputs),
            "facts": [f.to_dict() for f in self.facts],
        }
        if self.start_date:
            out["start_date"] = self.start_date.isoformat()
        if self.end_date:
            out["end_date"] = self.end_date.isoformat()
        return out


# ---- dates ----


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    days_in = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31,
               30, 31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, days_in))


def first_of_next_month(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1)


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def parse_month(raw: str) -> dt.date:
    """`YYYY-MM` as the first day of that month; ValueError otherwise."""
    if (not isinstance(raw, str) or len(raw) != 7 or raw[4] != "-" or not raw[:4].isascii()
            or not (raw[:4] + raw[5:]).isdigit() or not 1900 <= int(raw[:4]) <= 2200):
        raise ValueError("must be a month as YYYY-MM")
    return dt.date(int(raw[:4]), int(raw[5:]), 1)


def month_end(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)


def open_payroll_months(on: dt.date) -> list[dt.date]:
    """The payrolls kept filled in (their first days): the month of `on` and the next one."""
    current = on.replace(day=1)
    return [current, first_of_next_month(current)]


def in_payroll(valid_from: dt.date, valid_to: dt.date | None, month: dt.date) -> bool:
    """An enrolment is paid for a month when it is valid on any day of it."""
    return valid_from <= month_end(month) and (valid_to is None or valid_to >= month)


# ---- validation of details ----


def _whole(value, errors: FieldErrors, key: str, *, minimum: int = 0, maximum: int = MAX_INCOME) -> int | None:
    """A whole number (protobuf int64 arrives as a string in JSON)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        errors.add(key, "must be a whole number")
        return None
    try:
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
    except (TypeError, ValueError):
        number = None
    if number is None:
        errors.add(key, "must be a whole number")
        return None
    if not minimum <= number <= maximum:
        errors.add(key, f"must be from {minimum} to {maximum}")
        return None
    return number


def _date(value, errors: FieldErrors, key: str, today: dt.date, *, required: bool) -> dt.date | None:
    if not value:
        if required:
            errors.add(key, "is required")
        return None
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        errors.add(key, "must be a date as YYYY-MM-DD")
        return None
    if day > today:
        errors.add(key, "must not be in the future")
        return None
    return day


def _payment(details: dict, errors: FieldErrors) -> None:
    payment = details.get("payment")
    if not isinstance(payment, dict) or not payment:
        errors.add("payment.channel", "is required: post_office or bank")
        return
    channel = payment.get("channel")
    if channel not in CHANNELS:
        errors.add("payment.channel", "must be post_office or bank")
    account = payment.get("account") or ""
    if channel == "bank" and not account.strip():
        errors.add("payment.account", "is required when paid to a bank account")
    if len(account) > 40:
        errors.add("payment.account", "must be at most 40 characters")


def validate_details(service: str, details: dict, today: dt.date) -> None:
    """Raise InvalidArgument naming details.<path> for every malformed field of the claim."""
    errors = FieldErrors("details.")
    details = details if isinstance(details, dict) else {}
    if service == "family_benefit":
        household = details.get("household") or []
        if not household:
            errors.add("household", "must list the applicant and everyone living with them")
        if len(household) > MAX_HOUSEHOLD:
            errors.add("household", f"must have at most {MAX_HOUSEHOLD} members")
        seen: dict[str, int] = {}
        for i, member in enumerate(household[:MAX_HOUSEHOLD]):
            m = errors.nested(f"household[{i}]")
            pin = member.get("pin") or ""
            problem = pin_error(pin, today) if pin else "is required"
            if problem:
                m.add("pin", problem)
            elif pin in seen:
                m.add("pin", f"is listed twice (also household[{seen[pin]}])")
            else:
                seen[pin] = i
            relation = member.get("relation") or ""
            if relation not in RELATIONS:
                m.add("relation", "must be one of " + ", ".join(RELATIONS))
            _date(member.get("birth_date"), m, "birth_date", today, required=True)
            _whole(member.get("monthly_income"), m, "monthly_income")
            if member.get("pension") and relation in RELATIONS and relation not in PENSION_RELATIONS:
                m.add("pension", "only a pension of a parent or grandparent is left out of income")
        land = details.get("land_hectares")
        if land is not None and (isinstance(land, bool) or not isinstance(land, int | float) or not 0 <= land <= 1000):
            errors.add("land_hectares", "must be a number of hectares from 0 to 1000")
        _payment(details, errors)
    elif service == "social_benefit":
        category = details.get("category") or ""
        if category not in ESP_CATEGORIES:
            errors.add("category", "must be one of " + ", ".join(ESP_CATEGORIES))
        certificate = (details.get("msek_certificate_no") or "").strip()
        if len(certificate) > 40:
            errors.add("msek_certificate_no", "must be at most 40 characters")
        if category in MSEK_CATEGORIES:
            if not certificate:
                errors.add("msek_certificate_no", "is required for a disability category")
            _date(details.get("msek_date"), errors, "msek_date", today, required=True)
        else:
            _date(details.get("msek_date"), errors, "msek_date", today, required=False)
        _payment(details, errors)
    elif service == "unemployment_benefit":
        _whole(details.get("insured_months_last_36"), errors, "insured_months_last_36", maximum=36)
        if len(details.get("last_employer") or "") > 200:
            errors.add("last_employer", "must be at most 200 characters")
        _date(details.get("dismissal_date"), errors, "dismissal_date", today, required=False)
        _payment(details, errors)
    errors.raise_if_any()


# ---- assessment ----


def _base(params: ParameterSet, *names: str) -> Assessment:
    return Assessment(rule_version=params.rule_version, parameter_set=params.id,
                      parameters=params.describe(*names))


def _missing(params: ParameterSet, error: ParameterMissing) -> Assessment:
    a = Assessment(rule_version=params.rule_version, parameter_set=params.id)
    a.reasons.append(f"parameters.missing: {error}")
    return a


def assess_family(details: dict, office: str, on: dt.date, params: ParameterSet,
                  registry: dict[str, RegistryChild]) -> Assessment:
    """ЕПМС: per-capita income below ГМД; amount = children under 16 × per-child amount × district coefficient."""
    try:
        gmd, per_child = int(params["gmd"]), int(params["child_amount"])
        age_limit, months = int(params["child_age_limit"]), int(params["family_duration_months"])
        coefficient = params.coefficient(office)
        pensions_excluded = bool(params.values.get("pensions_excluded", False))
    except ParameterMissing as error:
        return _missing(params, error)
    a = _base(params, "gmd", "child_amount", "child_age_limit", "family_duration_months", "pensions_excluded",
              "district_coefficients")
    a.parameters["district_coefficient"] = f"{coefficient:g}"
    household = details.get("household") or []
    total = 0
    for i, member in enumerate(household):
        income = int(member.get("monthly_income") or 0)
        if member.get("pension") and pensions_excluded and member.get("relation") in PENSION_RELATIONS:
            a.inputs[f"household[{i}].pension_not_counted"] = str(income)
            continue
        total += income
    members = len(household)
    a.inputs.update({"members": str(members), "total_income": str(total),
                     "per_capita_income": str(total // members if members else 0), "application_date": on.isoformat(),
                     "office": office})
    if details.get("land_hectares") is not None:
        # Recorded, not yet counted: the land-income norms of Resolution No. 307 Annex 2 are not in the parameters.
        a.inputs["land_hectares"] = f"{details['land_hectares']:g}"

    children = 0
    for i, member in enumerate(household):
        if member.get("relation") not in CHILD_RELATIONS:
            continue
        declared = dt.date.fromisoformat(member["birth_date"])
        born = declared
        found = registry.get(member.get("pin", ""))
        if found is not None:
            at = found.at or dt.datetime.min
            if not found.reachable:
                a.facts.append(Fact(f"household[{i}].registry", "not reachable", found.source, at))
                a.reasons.append(f"child.unverified: household[{i}] could not be checked against the civil registry")
            elif not found.birth_dates:
                a.facts.append(Fact(f"household[{i}].registry", "unknown", found.source, at))
                a.reasons.append(f"child.not_in_registry: household[{i}] is not known to the civil registry")
            elif declared not in found.birth_dates:
                born = found.birth_dates[0]
                a.facts.append(Fact(f"household[{i}].birth_date", born.isoformat(), found.source, at))
                a.reasons.append(f"child.birth_date_differs: household[{i}] was born on {born.isoformat()} "
                                 f"by the civil registry, not {declared.isoformat()}")
            else:
                a.facts.append(Fact(f"household[{i}].birth_date", declared.isoformat(), found.source, at))
        age = age_on(born, on)
        a.inputs[f"household[{i}].age"] = str(age)
        if age < age_limit:
            children += 1
    a.inputs["children_under_limit"] = str(children)

    below = members > 0 and total < gmd * members  # exact: total/members < gmd without rounding
    if not below:
        a.reasons.insert(0, f"income.above_threshold: per-capita income {a.inputs['per_capita_income']} som is not "
                            f"below the guaranteed minimum income of {gmd} som")
    if children == 0:
        a.reasons.insert(0, f"household.no_child: no child under {age_limit} in the household")
    a.eligible = below and children > 0
    if a.eligible:
        a.monthly_amount = round(children * per_child * coefficient)
        a.reasons.insert(0, f"income.below_threshold: per-capita income {a.inputs['per_capita_income']} som is "
                            f"below {gmd} som; {children} × {per_child} som × {coefficient:g}")
    a.start_date = first_of_next_month(on)
    a.end_date = add_months(a.start_date, months) - dt.timedelta(days=1)
    return a


def esp_start_date(on: dt.date, msek_date: dt.date | None, window_months: int) -> dt.date:
    """From the disability assessment date when applied for within the window of it, else the 1st of next month."""
    if msek_date is not None and msek_date <= on <= add_months(msek_date, window_months):
        return msek_date
    return first_of_next_month(on)


def assess_social(details: dict, applicant: dict, on: dt.date, params: ParameterSet, insurance: InsuranceRecord,
                  existing_esp: bool) -> Assessment:
    """ЕСП: no pension entitlement, one per person, age thresholds, amount by category."""
    try:
        table = params["esp_amounts"]
        elderly, heroine = params["esp_elderly_age"], int(params["esp_heroine_mother_age"])
        window = int(params["esp_msek_window_months"])
    except ParameterMissing as error:
        return _missing(params, error)
    a = _base(params, "esp_amounts", "esp_elderly_age", "esp_heroine_mother_age", "esp_msek_window_months")
    category = details.get("category", "")
    row = table.get(category) or {}
    a.parameters["category_amount"] = f"{row.get('amount', 0)} [{row.get('mark', 'B')}]"
    a.inputs.update({"category": category, "application_date": on.isoformat()})
    ok = True
    if not row:
        ok = False
        a.reasons.append(f"category.no_amount: no amount for {category} in the parameters in force")
    a.facts.append(Fact("pension_entitled", _text(insurance.pension_entitled), insurance.source, insurance.at))
    if insurance.pension_entitled is None:
        ok = False
        a.reasons.append("social_fund.unreachable: pension entitlement could not be confirmed by the Social Fund")
    elif insurance.pension_entitled:
        ok = False
        a.reasons.append("pension.entitled: the Social Fund reports a pension entitlement; ЕСП is only for people "
                         "with none")
    if existing_esp:
        ok = False
        a.reasons.append("social_benefit.one_per_person: the person already receives an ЕСП")
    born = _applicant_birth(applicant)
    sex = applicant.get("sex", "")
    if born is not None:
        a.inputs["age"] = str(age_on(born, on))
    if category == "elderly_no_pension":
        limit = int(elderly.get(sex, 0)) if isinstance(elderly, dict) else 0
        if born is None or not limit or age_on(born, on) < limit:
            ok = False
            a.reasons.append(f"age.below: the elderly category starts at {elderly.get('male')} for men and "
                             f"{elderly.get('female')} for women")
    elif category == "heroine_mother":
        if sex != "female" or born is None or age_on(born, on) < heroine:
            ok = False
            a.reasons.append(f"age.below: a heroine mother receives ЕСП from {heroine}")
    msek = dt.date.fromisoformat(details["msek_date"]) if details.get("msek_date") else None
    if msek is not None:
        a.inputs["msek_date"] = msek.isoformat()
    a.start_date = esp_start_date(on, msek, window)
    a.eligible = ok
    if ok:
        a.monthly_amount = int(row["amount"])
        a.reasons.insert(0, f"category.amount: {category} {row['amount']} som from {a.start_date.isoformat()}")
    return a


def assess_unemployment(details: dict, on: dt.date, params: ParameterSet, insurance: InsuranceRecord,
                        register: UnemploymentRecord) -> Assessment:
    """Recognised unemployed, at least 12 insured months in the last 36 (Social Fund), base amount."""
    try:
        base, minimum = int(params["unemployment_base"]), int(params["unemployment_min_insured_months"])
        months = int(params["unemployment_duration_months"])
    except ParameterMissing as error:
        return _missing(params, error)
    a = _base(params, "unemployment_base", "unemployment_min_insured_months", "unemployment_duration_months")
    a.inputs["application_date"] = on.isoformat()
    declared = details.get("insured_months_last_36")
    if declared not in (None, ""):
        a.inputs["declared_insured_months_last_36"] = str(declared)
    a.facts.append(Fact("registered_unemployed", _text(register.registered), register.source, register.at))
    a.facts.append(Fact("insured_months_last_36", _text(insurance.insured_months_last_36), insurance.source,
                        insurance.at))
    ok = True
    if register.registered is None:
        ok = False
        a.reasons.append("unemployment_register.unreachable: registration as unemployed could not be confirmed")
    elif not register.registered:
        ok = False
        a.reasons.append("unemployed.not_registered: the person is not registered as unemployed")
    if insurance.insured_months_last_36 is None:
        ok = False
        a.reasons.append("social_fund.unreachable: the insurance record could not be confirmed")
    elif insurance.insured_months_last_36 < minimum:
        ok = False
        a.reasons.append(f"insurance.too_short: {insurance.insured_months_last_36} insured months in the last 36, "
                         f"at least {minimum} are needed")
    if (declared not in (None, "") and insurance.insured_months_last_36 is not None
            and int(declared) != insurance.insured_months_last_36):
        a.reasons.append(f"insurance.declared_differs: declared {declared}, the Social Fund says "
                         f"{insurance.insured_months_last_36}")
    a.eligible = ok
    if ok:
        a.monthly_amount = base
        a.reasons.insert(0, f"unemployment.base: {base} som a month")
    a.start_date = first_of_next_month(on)
    a.end_date = add_months(a.start_date, months) - dt.timedelta(days=1)
    return a


def invalid_assessment(params: ParameterSet, fields: dict[str, str]) -> Assessment:
    """A claim accepted with malformed details (the precheck was not reachable): not assessable as it stands."""
    a = Assessment(rule_version=params.rule_version, parameter_set=params.id)
    a.reasons.extend(f"details.invalid: {k} {v}" for k, v in sorted(fields.items()))
    return a


def contradicts(assessment: dict, outcome: str) -> bool:
    """An approval of a claim the assessment found not eligible needs a written justification."""
    return outcome == "approved" and bool(assessment) and not assessment.get("eligible", False)


def _applicant_birth(applicant: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(applicant.get("birth_date", ""))
    except (TypeError, ValueError):
        return None


def _text(value) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
