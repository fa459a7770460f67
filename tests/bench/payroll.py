"""The payroll job's pass against the number of enrolments (issue 9), on PostgreSQL.

    python -m tests.bench.payroll [--enrolments 2000,10000]

For each size: the first pass (every line of both open months to add) and a pass with nothing to add — what
the job costs every hour once the lines are there. Before `7d83fbe` every approval also woke such a pass and
waited for it; to compare, put an older tree's `services/` first on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import sys
import time

from benefits import models
from benefits.app import OFFICES, Benefits
from benefits.payroll_job import PayrollJob
from benefits.store import BenefitsStore
from tereze import migrations
from tereze.casework import CaseStore
from tereze.db import Database
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.timeutil import today
from tests.conftest import PostgresDatabases, postgres_unavailable_reason


def timed(fn) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return 1000 * (time.process_time() - cpu), 1000 * (time.perf_counter() - wall)


def measure(url: str, enrolments: int) -> dict:
    migrations.upgrade("benefits", url)
    db = Database(url)
    try:
        benefits = Benefits(db, CaseStore(models.claims, models.claim_history), Outbox(db, models.outbox),
                            IdempotencyKeys(db, models.idempotency_keys), store=BenefitsStore())
        start = today().replace(day=1)
        with db.transaction() as s:
            for i in range(enrolments):
                benefits.store.add_enrolment(
                    s, application_id=f"app-{i}", case_id=f"case-{i}", service="family_benefit",
                    office=OFFICES[i % len(OFFICES)], pin=f"2010119900{i % 10_000:04d}", recipient="R",
                    tracking_number=f"BEL-{i}", channel="post_office", monthly_amount=1200, valid_from=start,
                    valid_to=None)
        job = PayrollJob(benefits)
        first = timed(job.run_once)
        steady = min((timed(job.run_once) for _ in range(3)), key=lambda t: t[0])
        return {"enrolments": enrolments, "first_pass_ms": {"cpu": round(first[0], 1), "wall": round(first[1], 1)},
                "pass_with_nothing_to_add_ms": {"cpu": round(steady[0], 1), "wall": round(steady[1], 1)}}
    finally:
        db.dispose()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--enrolments", default="2000,10000")
    args = parser.parse_args(argv)
    reason = postgres_unavailable_reason()
    if reason:
        print(f"payroll bench: PostgreSQL is needed: {reason}", file=sys.stderr)
        return 2
    for size in (int(x) for x in args.enrolments.split(",")):
        pg = PostgresDatabases()
        try:
            print(measure(pg.create("payroll"), size), flush=True)
        finally:
            pg.drop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
