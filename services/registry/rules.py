"""Civil-registration rules: plain Python, no gRPC, no SQL. Numbers from law come from rules.yaml, dated."""

from __future__ import annotations

import datetime as dt
import difflib
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
        return [Violation("birth.late_registration",
                          f"registered more than {months} month(s) after the birth: accepted, a fine may apply",
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
