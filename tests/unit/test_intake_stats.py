"""Intake's monitoring indicators: plain rules over facts (no personal data in a Fact)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from intake.stats import Fact, bucket, compute, parse_filters
from tereze.errors import InvalidArgument

T0 = dt.datetime(2026, 3, 2, 9, 0)
TODAY = dt.date(2026, 3, 20)


def fact(**kw) -> Fact:
    base = dict(office="belek", service="birth_registration", status="submitted", outcome="", submitted_at=T0,
                due_date=dt.date(2026, 3, 16), result_at=None, info_supplied=0, rating=None)
    base.update(kw)
    return Fact(**base)


def test_indicators_of_a_small_set():
    facts = [
        fact(status="handed_over", outcome="approved", result_at=T0 + dt.timedelta(days=2), rating=5),
        fact(status="result_ready", outcome="rejected", result_at=T0 + dt.timedelta(days=20), info_supplied=1),
        fact(status="in_review", office="aral"),
        fact(status="cancelled", service="family_benefit", office="aral", due_date=None),
    ]
    stats = compute(facts, TODAY)
    t = stats.total
    assert (t.submitted, t.decided, t.within_deadline, t.handed_over, t.cancelled) == (4, 2, 1, 1, 1)
    assert t.median_days_to_result == 11.0 and t.share_within_deadline == 0.5
    assert t.visits_per_application == round((2 + 2 + 1 + 1) / 4, 2)
    assert (t.rated, t.mean_rating, t.approved, t.rejected, t.overdue_open) == (1, 5.0, 1, 1, 1)
    assert [r.office for r in stats.by_office] == ["aral", "belek"]
    assert [r.service for r in stats.by_service] == ["birth_registration", "family_benefit"]
    assert [r.period for r in stats.over_time] == ["2026-03-01"]
    assert all("pin" not in f.name for f in dataclasses.fields(Fact))


def test_empty_set_is_all_zero():
    t = compute([], TODAY).total
    assert (t.submitted, t.median_days_to_result, t.share_within_deadline, t.mean_rating) == (0, 0.0, 0.0, 0.0)


def test_buckets():
    day = dt.date(2026, 3, 5)  # a Thursday
    assert bucket(day, "day") == "2026-03-05"
    assert bucket(day, "week") == "2026-03-02"
    assert bucket(day, "month") == "2026-03-01"


def test_filters_are_field_errors():
    assert parse_filters("", "", "") == (None, None, "month")
    with pytest.raises(InvalidArgument) as error:
        parse_filters("2026-13-01", "2026-01-01", "year")
    assert set(error.value.fields) == {"from", "period"}
    with pytest.raises(InvalidArgument) as error:
        parse_filters("2026-02-01", "2026-01-01", "")
    assert set(error.value.fields) == {"to"}
