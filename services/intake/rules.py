"""Intake's rules: plain Python, no gRPC and no SQL."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from tereze.errors import Conflict, FieldErrors, Violation
from tereze.pin import pin_error, pin_warnings

SERVICE_CODES = (
    "birth_registration",
    "marriage_registration",
    "divorce_registration",
    "unemployment_benefit",
    "social_benefit",
    "family_benefit",
)
SEXES = ("female", "male")
LANGUAGES = ("ky", "ru", "en")

# Forward order of the statuses people see; needs_info and in_review alternate at the same rank.
RANK = {"submitted": 0, "routed": 1, "in_review": 2, "needs_info": 2, "result_ready": 3, "handed_over": 4}
CANCELLABLE = ("submitted", "routed", "in_review", "needs_info")
MAX_NAME = 100
MAX_DOCUMENTS = 50
MAX_REASON = 2000
# Matched with fullmatch: `$` alone would accept a trailing newline.
PHONE_RE = re.compile(r"\+?[0-9][0-9 ()-]{6,18}[0-9]")
EMAIL_RE = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}")
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U


@dataclass
class HistoryEntry:
    status: str
    at: dt.datetime
    by: str
    note: str = ""


@dataclass
class Application:
    id: str
    tracking_number: str
    service: str
    office: str
    status: str
    submitted_at: dt.datetime
    updated_at: dt.datetime
    submitted_by: str
    applicant: dict
    details: dict
    documents: list[str]
    outcome: str = ""
    reason: str = ""
    due_date: dt.date | None = None
    agency: str = ""
    result: dict = field(default_factory=dict)
    assessment: dict = field(default_factory=dict)
    warnings: list[Violation] = field(default_factory=list)
    precheck_pending: bool = False
    rating: int | None = None
    trace_id: str = ""
    history: list[HistoryEntry] = field(default_factory=list)


def validate_applicant(applicant: dict, today: dt.date, errors: FieldErrors) -> list[Violation]:
    """Hard checks refuse (field errors); soft checks come back as warnings."""
    a = errors.nested("applicant")
    pin = applicant.get("pin", "")
    problem = pin_error(pin, today) if pin else "is required"
    if problem:
        a.add("pin", problem)
    for name in ("surname", "given_name"):
        value = (applicant.get(name) or "").strip()
        if not value:
            a.add(name, "is required")
        elif len(value) > MAX_NAME:
            a.add(name, f"must be at most {MAX_NAME} characters")
    if len(applicant.get("patronymic") or "") > MAX_NAME:
        a.add("patronymic", f"must be at most {MAX_NAME} characters")
    sex = applicant.get("sex", "")
    if sex not in SEXES:
        a.add("sex", "must be female or male")
    birth_date = None
    raw = applicant.get("birth_date", "")
    if not raw:
        a.add("birth_date", "is required")
    else:
        try:
            birth_date = dt.date.fromisoformat(raw)
            if birth_date > today:
                a.add("birth_date", "must not be in the future")
        except ValueError:
            a.add("birth_date", "must be a date as YYYY-MM-DD")
    phone = applicant.get("phone", "")
    if phone and not PHONE_RE.fullmatch(phone):
        a.add("phone", "must be a phone number such as +996700123456")
    email = applicant.get("email", "")
    if email and not EMAIL_RE.fullmatch(email):
        a.add("email", "must be an e-mail address")
    if len(applicant.get("address") or "") > 300:
        a.add("address", "must be at most 300 characters")
    language = applicant.get("language", "")
    if language and language not in LANGUAGES:
        a.add("language", "must be ky, ru or en")
    for index, channel in enumerate(applicant.get("opt_out") or []):
        if channel not in ("sms", "email"):
            a.add(f"opt_out[{index}]", "must be sms or email")
    if problem:
        return []
    return pin_warnings(pin, sex if sex in SEXES else None, birth_date, "applicant.pin")


def validate_submission(service: str, office: str, documents: list[str], errors: FieldErrors) -> None:
    if service not in SERVICE_CODES:
        errors.add("service", "must be one of " + ", ".join(SERVICE_CODES))
    if not office:
        errors.add("office", "is required")
    elif len(office) > 40:
        errors.add("office", "is not a known office")
    if len(documents) > MAX_DOCUMENTS:
        errors.add("documents", f"must list at most {MAX_DOCUMENTS} documents")
        return
    for i, code in enumerate(documents):
        if not code or len(code) > 80:
            errors.add(f"documents[{i}]", "must be a document code")


def validate_reason(reason: str, errors: FieldErrors) -> None:
    if len(reason or "") > MAX_REASON:
        errors.add("reason", f"must be at most {MAX_REASON} characters")


def new_tracking_number(office: str) -> str:
    """Office prefix and eight random characters: short to read out, not guessable."""
    body = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))
    return f"{office[:3].upper()}-{body[:4]}-{body[4:]}"


def validate_rating(rating: int, errors: FieldErrors) -> None:
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        errors.add("rating", "must be a whole number from 1 to 5")


def can_cancel(app: Application) -> None:
    if app.status not in CANCELLABLE:
        raise Conflict(f"an application in status {app.status} can no longer be cancelled")


def can_hand_over(app: Application) -> None:
    if app.status != "result_ready":
        raise Conflict(f"an application in status {app.status} has no result to hand over")


def is_forward(current: str, target: str) -> bool:
    """Whether moving from `current` to `target` is progress (stale or repeated updates are ignored)."""
    if current in ("cancelled", "handed_over"):
        return False
    if target not in RANK:
        return False
    if current in ("in_review", "needs_info") and target in ("in_review", "needs_info"):
        return current != target
    return RANK[target] > RANK[current]
