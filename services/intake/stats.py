"""Monitoring indicators of intake's applications: plain Python, no gRPC and no SQL.

Counts and times only; nothing here knows who applied. One `Fact` per application comes from storage.
A citizen's visits to the window are counted as the submission, one per information supplied after a
request (each needs_info → in_review step) and the handover.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tereze.errors import FieldErrors

PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class Fact:
    office: str
    service: str
    status: str
    outcome: str
    submitted_at: dt.datetime
    due_date: dt.date | None
    result_at: dt.datetime | None  # first time it became result_ready
    info_supplied: int  # needs_info rounds answered
    rating: int | None


@dataclass
class Indicators:
    office: str = ""
    service: str = ""
    period: str = ""
    submitted: int = 0
    decided: int = 0
    within_deadline: int = 0
    median_days_to_result: float = 0.0
    share_within_deadline: float = 0.0
    visits_per_application: float = 0.0
    rated: int = 0
    mean_rating: float = 0.0
    handed_over: int = 0
    approved: int = 0
    rejected: int = 0
    overdue_open: int = 0
    cancelled: int = 0


@dataclass
class Stats:
    total: Indicators
    by_office: list[Indicators]
    by_service: list[Indicators]
    over_time: list[Indicators]


OPEN = ("submitted", "routed", "in_review", "needs_info")


def parse_filters(from_date: str, to_date: str, period: str) -> tuple[dt.date | None, dt.date | None, str]:
    errors = FieldErrors()
    bounds = []
    for name, value in (("from", from_date), ("to", to_date)):
        try:
            bounds.append(dt.date.fromisoformat(value) if value else None)
        except ValueError:
            errors.add(name, "must be a date YYYY-MM-DD")
            bounds.append(None)
    if period and period not in PERIODS:
        errors.add("period", "must be one of " + ", ".join(PERIODS))
    if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
        errors.add("to", "must not be before from")
    errors.raise_if_any()
    return bounds[0], bounds[1], period or "month"


def bucket(day: dt.date, period: str) -> str:
    if period == "day":
        return day.isoformat()
    if period == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.replace(day=1).isoformat()


def indicators(facts: Iterable[Fact], today: dt.date, **labels: str) -> Indicators:
    out = Indicators(**labels)
    days: list[float] = []
    visits = 0
    ratings: list[int] = []
    for f in facts:
        out.submitted += 1
        if f.status == "cancelled":
            out.cancelled += 1
        if f.result_at is not None:
            out.decided += 1
            days.append((f.result_at - f.submitted_at).total_seconds() / 86400)
            if f.due_date is None or f.result_at.date() <= f.due_date:
                out.within_deadline += 1
        elif f.status in OPEN and f.due_date is not None and f.due_date < today:
            out.overdue_open += 1
        if f.outcome == "approved":
            out.approved += 1
        elif f.outcome == "rejected":
            out.rejected += 1
        if f.status == "handed_over":
            out.handed_over += 1
        if f.rating:
            ratings.append(f.rating)
        visits += 1 + f.info_supplied + (1 if f.status == "handed_over" else 0)
    if days:
        out.median_days_to_result = round(statistics.median(days), 2)
    if out.decided:
        out.share_within_deadline = round(out.within_deadline / out.decided, 4)
    if out.submitted:
        out.visits_per_application = round(visits / out.submitted, 2)
    if ratings:
        out.rated = len(ratings)
        out.mean_rating = round(sum(ratings) / len(ratings), 2)
    return out


def _grouped(facts: list[Fact], key: Callable[[Fact], str]) -> dict[str, list[Fact]]:
    groups: dict[str, list[Fact]] = {}
    for f in facts:
        groups.setdefault(key(f), []).append(f)
    return dict(sorted(groups.items()))


def compute(facts: list[Fact], today: dt.date, period: str = "month") -> Stats:
    return Stats(
        total=indicators(facts, today),
        by_office=[indicators(g, today, office=k) for k, g in _grouped(facts, lambda f: f.office).items()],
        by_service=[indicators(g, today, service=k) for k, g in _grouped(facts, lambda f: f.service).items()],
        over_time=[indicators(g, today, period=k)
                   for k, g in _grouped(facts, lambda f: bucket(f.submitted_at.date(), period)).items()],
    )
