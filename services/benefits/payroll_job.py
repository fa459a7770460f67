"""The monthly payroll as a background job inside the benefits process, never inside a web request.

At start and then every PAYROLL_JOB_INTERVAL seconds the job generates the payroll of the current month
and of the next one for all four post offices. Generation is idempotent (one line per enrolment and
month): a pass reads only the enrolments that lack a line and adds theirs; lines already paid or not
paid are never touched. What a pass adds is mostly a new month's lines: an approval writes its own
enrolment's lines in the open months in its own transaction (`Benefits._on_approve`), so the decision's
answer never comes before them and no approval waits for a pass over every enrolment.
"""

from __future__ import annotations

import logging

from benefits import rules
from benefits.app import Benefits
from tereze.outbox import Poller
from tereze.timeutil import today

log = logging.getLogger("benefits.payroll")


class PayrollJob(Poller):
    def __init__(self, benefits: Benefits, *, interval: float = 3600.0, name: str = "benefits-payroll"):
        super().__init__(interval=interval, name=name)
        self.benefits = benefits

    def months(self) -> list[str]:
        return [f"{first:%Y-%m}" for first in rules.open_payroll_months(today())]

    def run_once(self) -> int:
        for month in self.months():
            added = self.benefits.generate_all(month)
            log.info("payroll job pass", extra={"month": month, "added": added})
        return 0  # nothing queued: wait for the interval or a wake-up
