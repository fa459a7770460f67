"""The personal identification number (PIN), DOMAIN.md: 14 digits, sex digit, DDMMYYYY, 5-digit serial.

Hard rules refuse the PIN; soft rules only warn (the register has errors and ~100,000 duplicates, so a
PIN is validated and indexed but never treated as a unique key of a person).
"""

from __future__ import annotations

import datetime as dt
import re

from tereze.errors import Violation

# ASCII digits only, the whole string (`$` alone would let a trailing newline through).
PIN_RE = re.compile(r"[12][0-9]{13}")
SEX_DIGIT = {"female": "1", "male": "2"}


def pin_birth_date(pin: str) -> dt.date | None:
    try:
        return dt.date(int(pin[5:9]), int(pin[3:5]), int(pin[1:3]))
    except ValueError:
        return None


def pin_error(pin: str, today: dt.date) -> str | None:
    """Why the PIN is refused, or None when it is well-formed."""
    if not isinstance(pin, str) or not PIN_RE.fullmatch(pin):
        return "must be 14 digits starting with 1 (female) or 2 (male)"
    born = pin_birth_date(pin)
    if born is None:
        return "digits 2-9 must be a real date of birth (DDMMYYYY)"
    if born > today:
        return "the date of birth in the PIN is in the future"
    return None


def pin_warnings(pin: str, sex: str | None, birth_date: dt.date | None, field: str) -> list[Violation]:
    """Soft checks: the PIN disagrees with the declared sex or birth date."""
    warnings = []
    if sex in SEX_DIGIT and pin[:1] != SEX_DIGIT[sex]:
        warnings.append(Violation("pin.sex_mismatch", "the PIN's first digit does not match the declared sex", field))
    if birth_date is not None and pin_birth_date(pin) != birth_date:
        warnings.append(
            Violation("pin.birth_date_mismatch", "the PIN's date part does not match the declared birth date", field)
        )
    return warnings


def pin_prefix(sex: str, birth_date: dt.date) -> str:
    """The first nine digits of a PIN for a person of this sex born on this date."""
    return f"{SEX_DIGIT[sex]}{birth_date:%d%m%Y}"


def make_pin(sex: str, birth_date: dt.date, serial: int) -> str:
    if not 0 < serial < 100_000:
        raise ValueError("serial must be between 1 and 99999")
    return f"{pin_prefix(sex, birth_date)}{serial:05d}"
