"""The monthly payroll as a background job inside the benefits process, never inside a web request.

At start, then every PAYROLL_JOB_INTERVAL seconds and whenever a claim is approved, the job generates the
payroll of the current month and of the next one for all four post offices. Generation is idempotent
(one line per enrolment and month), so running it again only adds the lines of new enrolments; lines
already paid or not paid are never touched.

An approval asks for a pass and waits (briefly) until one that started after it has finished, so the
decision's answer comes back when the new enrolment already has its lines in the open payrolls.
"""

from __future__ import annotations

import logging
import threading

from benefits import rules
from benefits.app import Benefits
from tereze.outbox import Poller
from tereze.timeutil import today

log = logging.getLogger("benefits.payroll")


class PayrollJob(Poller):
    def __init__(self, benefits: Benefits, *, interval: float = 3600.0, name: str = "benefits-payroll"):
        super().__init__(interval=interval, name=name)
        self.benefits = benefits
        self._passes = threading.Condition()
        self._started = 0
        self._finished = 0

    def months(self) -> list[str]:
        current = today().replace(day=1)
        return [f"{m:%Y-%m}" for m in (current, rules.first_of_next_month(current))]

    def run_once(self) -> int:
        with self._passes:
            self._started += 1
        try:
            for month in self.months():
                lines = self.benefits.generate_all(month)
                log.info("payroll job pass", extra={"month": month, "lines": lines})
        finally:
            with self._passes:
                self._finished += 1
                self._passes.notify_all()
        return 0  # nothing queued: wait for the interval or a wake-up

    def refresh(self, timeout: float = 3.0) -> bool:
        """Ask for a pass now and wait until one that started after this call has finished (or `timeout`)."""
        with self._passes:
            target = self._started + 1
        self.wake()
        with self._passes:
            return self._passes.wait_for(lambda: self._finished >= target, timeout)
