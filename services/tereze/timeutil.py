"""Time in one place: timestamps are UTC, dates are naive (the law speaks of dates)."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def iso(ts: dt.datetime | None) -> str:
    """RFC 3339 for a naive-UTC timestamp."""
    if ts is None:
        return ""
    return ts.replace(microsecond=ts.microsecond).isoformat(timespec="milliseconds") + "Z"


def today() -> dt.date:
    return utcnow().date()


def parse_date(value: str) -> dt.date:
    """ISO YYYY-MM-DD; raises ValueError otherwise."""
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("expected a date as YYYY-MM-DD")
    return dt.date.fromisoformat(value)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """Working days are Monday to Friday; public holidays are not modelled yet."""
    current = start
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current
