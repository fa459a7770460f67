"""Civil-registration rules: plain Python, no gRPC, no SQL. Numbers from law come from rules.yaml, dated."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import pathlib

import yaml

from tereze.errors import FieldErrors, Violation
from tereze.pin import pin_error

RULES_FILE = pathlib.Path(__file__).with_name("rules.yaml")
SEXES = ("female", "male")
MAX_NAME = 100


class EffectiveRules:
    """Values that change with the law, each looked up for the date it applies to."""

    def __init__(self, data: dict):
        self.data = data

    @classmethod
    def load(cls, path: str | pathlib.Path | None = None) -> EffectiveRules:
        return cls(yaml.safe_load(pathlib.Path(path or RULES_FILE).read_text(encoding="utf-8")))

    def value(self, service: str, name: str, on: dt.date):
        entries = self.data[service][name]
        in_force = [e for e in entries if e["from"] <= on]
        if not in_force:
            raise LookupError(f"no {service}.{name} in force on {on}")
        # The latest `from` wins, whatever order the file lists the entries in.
        return max(in_force, key=lambda e: e["from"])["value"]


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30,
            31, 30, 31][month - 1]
    return dt.date(year, month, min(day.day, last))


def _name(errors: FieldErrors, data: dict, key: str, required: bool = True) -> None:
    value = (data.get(key) or "").strip()
    if required and not value:
        errors.add(key, "is required")
    elif len(value) > MAX_NAME:
        errors.add(key, f"must be at most {MAX_NAME} characters")


def _date(errors: FieldErrors, data: dict, key: str) -> dt.date | None:
    raw = data.get(key) or ""
    if not raw:
        errors.add(key, "is required")
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors.add(key, "must be a date as YYYY-MM-DD")
        return None


def _pin(errors: FieldErrors, data: dict, key: str, today: dt.date, required: bool = True) -> None:
    pin = data.get(key) or ""
    if not pin:
        if required:
            errors.add(key, "is required")
        return
    problem = pin_error(pin, today)
    if problem:
        errors.add(key, problem)


def validate_birth(details: dict, today: dt.date) -> dt.date | None:
    """Field by field; raises InvalidArgument naming every bad field. Returns the child's birth date."""
    errors = FieldErrors("details.")
    child = details.get("child") or {}
    c = errors.nested("child")
    if not child:
        errors.add("child", "is required")
    _name(c, child, "surname")
    _name(c, child, "given_name")
    _name(c, child, "patronymic", required=False)
    if child.get("sex") not in SEXES:
        c.add("sex", "must be female or male")
    born = _date(c, child, "birth_date")
    if born is not None and born > today:
        c.add("birth_date", "must not be in the future")
    if not (child.get("birth_place") or "").strip():
        c.add("birth_place", "is required")
    _pin(errors, details, "mother_pin", today)
    _pin(errors, details, "father_pin", today, required=False)
    if not (details.get("medical_certificate_no") or "").strip():
        errors.add("medical_certificate_no", "is required")
    errors.raise_if_any()
    return born


def birth_warnings(born: dt.date, application_date: dt.date, rules: EffectiveRules) -> list[Violation]:
    # The rule in force on the day of the application: a birth from before the first dated rule
    # (an adult registering late) is still judged, not an internal error.
    months = rules.value("birth", "on_time_months", application_date)
    if application_date > add_months(born, months):
        try:
            fine = f"a fine of up to {rules.value('birth', 'late_fine_som', application_date)} som"
        except (KeyError, LookupError):  # a rules file without the fine: say so without the amount
            fine = "a fine"
        return [Violation("birth.late_registration",
                          f"registered more than {months} month(s) after the birth: accepted, {fine} may apply",
                          "details.child.birth_date")]
    return []


def similar_names(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    return bool(a) and bool(b) and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def duplicate_flag(child: dict, candidates: list[dict]) -> Violation | None:
    """Same mother, birth date within the window (already filtered), similar name: flag for the registrar."""
    for other in candidates:
        if similar_names(child.get("given_name", ""), other.get("given_name", "")):
            return Violation("birth.possible_duplicate",
                             "a child of the same mother born within days with a similar name is already registered",
                             "details.child")
    return None


def act_record_number(kind: str, office: str, year: int, seq: int) -> str:
    """Numbered per office and year; the whole office id keeps ~900 offices apart."""
    return f"{office.upper()}-{year}-{kind[0].upper()}{seq:05d}"


CERTIFICATE_SERIES = {"birth": "BC", "marriage": "MC", "divorce": "DC"}


def certificate_number(kind: str, year: int, seq: int) -> str:
    return f"{CERTIFICATE_SERIES[kind]}-{year}-{seq:06d}"


# ---- persons in the register (PINs are not unique: pick the record that matches what was declared) ----


def as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years completed on a date (a 29 February birthday counts from 1 March in common years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def pick_person(candidates: list[dict], declared: dict | None = None) -> dict | None:
    """Of the register's records under one PIN (PINs are duplicated), the one that best matches the declared
    person: birth date first, then given name, then surname (it may have changed on marriage)."""
    if not candidates:
        return None
    declared = declared or {}
    born = declared.get("birth_date")
    if isinstance(born, str):
        try:
            born = dt.date.fromisoformat(born)
        except ValueError:
            born = None

    def same(a, b) -> bool:
        return bool(a) and bool(b) and a.strip().lower() == b.strip().lower()

    def score(p: dict) -> tuple[int, int, int]:
        return (int(born is not None and p.get("birth_date") == born),
                int(same(p.get("given_name"), declared.get("given_name"))),
                int(same(p.get("surname"), declared.get("surname"))))

    return max(candidates, key=score)  # max keeps the first of equals: the oldest record


def related(a: dict | None, b: dict | None, ancestors_a: set[str], ancestors_b: set[str]) -> str | None:
    """Why two persons are close relatives (Family Code: direct line, full and half siblings), or None.

    `ancestors_*` are the PINs of a person's parents and grandparents, from the register's parent links."""
    if not a or not b:
        return None
    if a["pin"] in ancestors_b or b["pin"] in ancestors_a:
        return "direct line (parent, child, grandparent, grandchild)"
    parents_a = {p for p in (a.get("mother_pin"), a.get("father_pin")) if p}
    parents_b = {p for p in (b.get("mother_pin"), b.get("father_pin")) if p}
    if parents_a & parents_b:
        return "siblings (a common parent)"
    return None


# ---- marriage_registration ----

URGENT_REASONS = ("pregnancy", "child_born", "threat_to_life")


def _person_fields(errors: FieldErrors, person: dict, today: dt.date, pin_required: bool = True) -> dt.date | None:
    _pin(errors, person, "pin", today, required=pin_required)
    _name(errors, person, "surname")
    _name(errors, person, "given_name")
    _name(errors, person, "patronymic", required=False)
    born = _date(errors, person, "birth_date")
    if born is not None and born > today:
        errors.add("birth_date", "must not be in the future")
    if person.get("sex") not in SEXES:
        errors.add("sex", "must be female or male")
    return born


def validate_marriage(applicant: dict, details: dict, today: dt.date) -> dict:
    """Field by field (details.<path>, applicant.<field>); returns the parsed request."""
    errors = FieldErrors()
    a = errors.nested("applicant")
    d = errors.nested("details")
    applicant_born = _person_fields(a, applicant, today)
    spouse = details.get("spouse") or {}
    if not spouse:
        d.add("spouse", "is required")
    spouse_born = _person_fields(d.nested("spouse"), spouse, today)
    if spouse.get("pin") and spouse.get("pin") == applicant.get("pin"):
        d.add("spouse.pin", "must be the other person's PIN, not the applicant's")
    requested = _date(d, details, "requested_date")
    urgent = details.get("urgent_reason") or ""
    if urgent and urgent not in URGENT_REASONS:
        d.add("urgent_reason", "must be one of " + ", ".join(URGENT_REASONS))
    exception = (details.get("age_exception_no") or "").strip()
    if len(exception) > MAX_NAME:
        d.add("age_exception_no", f"must be at most {MAX_NAME} characters")
    after = details.get("surnames_after") or {}
    s = d.nested("surnames_after")
    _name(s, after, "applicant", required=False)
    _name(s, after, "spouse", required=False)
    errors.raise_if_any()
    return {"applicant": {**applicant, "birth_date": applicant_born}, "spouse": {**spouse, "birth_date": spouse_born},
            "requested_date": requested, "urgent_reason": urgent, "age_exception_no": exception,
            "surnames_after": {k: v.strip() for k, v in after.items() if isinstance(v, str) and v.strip()}}


def marriage_refusals(m: dict, application_date: dt.date, rules: EffectiveRules, register: dict) -> list[Violation]:
    """What the law forbids (Family Code art. 12-14). `register` holds what the population register knows:
    {"applicant": person|None, "spouse": person|None, "relatives": why|None}."""
    out: list[Violation] = []
    on = m["requested_date"]
    minimum = rules.value("marriage", "min_age", on)
    exceptional = rules.value("marriage", "min_age_with_exception", on)
    for who, field in (("applicant", "applicant.birth_date"), ("spouse", "details.spouse.birth_date")):
        age = age_on(m[who]["birth_date"], on)
        if age >= minimum:
            continue
        if age >= exceptional and m["age_exception_no"]:
            continue
        out.append(Violation("marriage.under_age",
                             f"the {who} is {age} on the registration date: the marriage age is {minimum} "
                             f"({exceptional} only with a recorded exception)", field))
    if on < application_date:
        out.append(Violation("marriage.date_in_past", "the requested date is before the application",
                             "details.requested_date"))
    else:
        months = rules.value("marriage", "waiting_months", application_date)
        earliest = application_date if m["urgent_reason"] else add_months(application_date, months)
        if on < earliest:
            out.append(Violation("marriage.too_early",
                                 f"registration is no earlier than {months} month(s) after the application "
                                 f"({earliest.isoformat()}) unless an urgent reason (pregnancy, child_born, "
                                 "threat_to_life) allows the same day", "details.requested_date"))
    for who, field in (("applicant", "applicant.pin"), ("spouse", "details.spouse.pin")):
        person = register.get(who)
        if person and person.get("marital_status") == "married":
            out.append(Violation("marriage.already_married", f"the {who} is married in the population register",
                                 field))
    if register.get("relatives"):
        out.append(Violation("marriage.close_relatives",
                             f"close relatives may not marry: {register['relatives']}", "details.spouse.pin"))
    return out


def marriage_decision_refusals(m: dict, decided_on: dt.date) -> list[Violation]:
    if decided_on < m["requested_date"]:
        return [Violation("marriage.before_requested_date",
                          f"the marriage is registered on the requested date, {m['requested_date'].isoformat()}",
                          "details.requested_date")]
    return []


# ---- divorce_registration ----

DIVORCE_GROUNDS = ("spouse_missing", "spouse_incapacitated", "spouse_imprisoned_over_3_years")
MAX_CHILDREN = 30


def validate_divorce(applicant: dict, details: dict, today: dt.date) -> dict:
    errors = FieldErrors()
    d = errors.nested("details")
    _pin(errors.nested("applicant"), applicant, "pin", today)
    _pin(d, details, "spouse_pin", today)
    if details.get("spouse_pin") and details.get("spouse_pin") == applicant.get("pin"):
        d.add("spouse_pin", "must be the other spouse's PIN, not the applicant's")
    consent = details.get("mutual_consent")
    if not isinstance(consent, bool):
        d.add("mutual_consent", "is required (true or false)")
    children = details.get("common_minor_children")
    if isinstance(children, bool) or not isinstance(children, int):
        d.add("common_minor_children", "is required (a whole number, 0 if none)")
    elif not 0 <= children <= MAX_CHILDREN:
        d.add("common_minor_children", f"must be from 0 to {MAX_CHILDREN}")
    grounds = details.get("grounds") or ""
    if grounds and grounds not in DIVORCE_GROUNDS:
        d.add("grounds", "must be one of " + ", ".join(DIVORCE_GROUNDS))
    for key in ("court_decision_no", "marriage_record_no"):
        value = details.get(key) or ""
        if not isinstance(value, str) or len(value) > MAX_NAME:
            d.add(key, f"must be text of at most {MAX_NAME} characters")
    errors.raise_if_any()
    return {"applicant_pin": applicant["pin"], "spouse_pin": details["spouse_pin"], "mutual_consent": consent,
            "common_minor_children": children, "grounds": grounds,
            "court_decision_no": (details.get("court_decision_no") or "").strip(),
            "marriage_record_no": (details.get("marriage_record_no") or "").strip()}


def divorce_route(d: dict) -> str:
    """court_decision | grounds | mutual_consent — how the registry may divorce them; "" = only through court."""
    if d["court_decision_no"]:
        return "court_decision"
    if d["grounds"]:
        return "grounds"
    if d["mutual_consent"] and d["common_minor_children"] == 0:
        return "mutual_consent"
    return ""


def divorce_refusals(d: dict, register: dict) -> list[Violation]:
    """`register`: {"applicant": person|None, "spouse": person|None} as the population register knows them."""
    out: list[Violation] = []
    if not divorce_route(d):
        if d["common_minor_children"]:
            out.append(Violation("divorce.minor_children_court",
                                 "a couple with common minor children divorces through court; the registry then "
                                 "registers the court decision (court_decision_no)", "details.common_minor_children"))
        if not d["mutual_consent"]:
            out.append(Violation("divorce.no_consent_court",
                                 "without the consent of both spouses a divorce goes through court, unless the other "
                                 "spouse is declared missing, incapacitated or imprisoned for over 3 years",
                                 "details.mutual_consent"))
    applicant, spouse = register.get("applicant"), register.get("spouse")
    married = (applicant is not None and applicant.get("marital_status") == "married"
               and applicant.get("spouse_pin") == d["spouse_pin"]
               and (spouse is None or (spouse.get("marital_status") == "married"
                                       and spouse.get("spouse_pin") == d["applicant_pin"])))
    if not married:
        out.append(Violation("divorce.not_married_to_each_other",
                             "the two are not married to each other in the population register", "details.spouse_pin"))
    return out


def divorce_decision_refusals(d: dict, application_date: dt.date, decided_on: dt.date,
                              rules: EffectiveRules) -> list[Violation]:
    if divorce_route(d) == "court_decision":
        return []  # a court decision in force is registered without a waiting period
    months = rules.value("divorce", "waiting_months", application_date)
    earliest = add_months(application_date, months)
    if decided_on < earliest:
        return [Violation("divorce.too_early",
                          f"the divorce is registered no earlier than {months} month(s) after the application "
                          f"({earliest.isoformat()})", "submitted_at")]
    return []


def duplicate_decision_refusal(flags: list[Violation], decision: str) -> Violation | None:
    """An approval of a birth flagged as a possible duplicate needs the registrar's "not a duplicate"."""
    if not any(f.rule == "birth.possible_duplicate" for f in flags):
        return None
    if decision == "not_duplicate":
        return None
    if decision == "duplicate":
        return Violation("birth.duplicate", "the registrar marked this birth a duplicate: it can only be rejected",
                         "details.child")
    return Violation("birth.duplicate_undecided",
                     "a possible duplicate: record 'not a duplicate' before approving", "details.child")


def certificate_check(number: str, shows: dict) -> str:
    """The check code printed on a certificate and in its QR link: derived from everything the certificate
    shows, so only someone holding the certificate has it (numbers alone are sequential and guessable)."""
    digest = hashlib.sha256((number + json.dumps(shows, sort_keys=True, ensure_ascii=False)).encode()).hexdigest()
    return digest[:10].upper()
