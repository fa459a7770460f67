"""Deadline tracking: which threshold a case has reached (plain Python), and the periodic scan's worker."""

from __future__ import annotations

import datetime as dt
import logging

from tereze.outbox import Poller
from tereze.timeutil import add_working_days, today

log = logging.getLogger("routing.deadlines")

NEAR = "deadline_near"
PASSED = "deadline_passed"


def horizon(on: dt.date, warn_days: int) -> dt.date:
    """The last due date that is "near" on `on`: `warn_days` working days ahead."""
    return add_working_days(on, max(0, warn_days))


def threshold(due: dt.date, on: dt.date, warn_days: int) -> str | None:
    """`deadline_passed` once the due date is behind us, `deadline_near` within `warn_days` working days of
    it (the due date itself included), else None."""
    if on > due:
        return PASSED
    if due <= horizon(on, warn_days):
        return NEAR
    return None


class DeadlineWatch(Poller):
    """Scans the dispatched cases every `interval` seconds (and once at start)."""

    def __init__(self, scan, warn_days: int, *, interval: float = 900.0, clock=today):
        super().__init__(interval=interval, name="routing-deadlines")
        self.scan = scan
        self.warn_days = warn_days
        self.clock = clock

    def run_once(self) -> int:
        self.scan(self.clock(), self.warn_days)
        return 0  # then wait for the next interval
