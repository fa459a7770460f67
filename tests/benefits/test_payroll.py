"""Payroll generation on the benefits database (SQLite and PostgreSQL): idempotent, per office, with totals;
the background job generates the current and the next month for all four offices."""

from __future__ import annotations

import datetime as dt

from benefits import models, rules
from benefits.app import OFFICES, Benefits
from benefits.payroll_job import PayrollJob
from benefits.store import BenefitsStore
from tereze import migrations
from tereze.casework import CaseStore
from tereze.db import Database
from tereze.domain import Actor
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.timeutil import today


def make(db_factory) -> Benefits:
    url = db_factory("benefits")
    migrations.upgrade("benefits", url)
    db = Database(url)
    return Benefits(db, CaseStore(models.claims, models.claim_history), Outbox(db, models.outbox),
                    IdempotencyKeys(db, models.idempotency_keys), store=BenefitsStore())


def enrol(benefits: Benefits, n: int, office: str, amount: int, start: dt.date, end: dt.date | None,
          service: str = "family_benefit") -> None:
    with benefits.db.transaction() as s:
        benefits.store.add_enrolment(s, application_id=f"app-{n}", case_id=f"case-{n}", service=service, office=office,
                                     pin=f"2010119900{n:04d}", recipient="R", tracking_number=f"BEL-{n}",
                                     channel="post_office", monthly_amount=amount, valid_from=start, valid_to=end)


def test_payroll_is_idempotent_and_totals_per_office(db_factory):
    benefits = make(db_factory)
    try:
        enrol(benefits, 1, "belek", 2400, dt.date(2026, 4, 1), dt.date(2027, 3, 31))
        enrol(benefits, 2, "belek", 3600, dt.date(2026, 5, 1), dt.date(2027, 4, 30))
        enrol(benefits, 3, "aral", 2000, dt.date(2026, 1, 15), None, "social_benefit")
        enrol(benefits, 4, "belek", 300, dt.date(2025, 1, 1), dt.date(2025, 6, 30), "unemployment_benefit")

        april = benefits.generate_payroll("k1", "fp", "belek", "2026-04")
        assert [(x.application_id, x.amount) for x in april.lines] == [("app-1", 2400)] and april.total == 2400
        may = benefits.generate_payroll("k2", "fp", "belek", "2026-05")
        assert may.total == 6000 and len(may.lines) == 2
        again = benefits.generate_payroll("k3", "fp", "belek", "2026-05")
        assert [x.id for x in again.lines] == [x.id for x in may.lines]
        replay = benefits.generate_payroll("k2", "fp", "belek", "2026-05")
        assert [x.id for x in replay.lines] == [x.id for x in may.lines]
        assert benefits.generate_payroll("", "", "aral", "2026-05").total == 2000
        assert benefits.generate_payroll("", "", "belek", "2027-04").total == 3600

        # A line reported paid stays paid when the payroll is generated again.
        line = may.lines[0]
        benefits.mark_line("m1", "fp", Actor("clerk.belek", "clerk", "belek"), line.id, "paid")
        after = benefits.generate_payroll("", "", "belek", "2026-05")
        assert [x.status for x in after.lines] == ["paid", "pending"] and after.total == 6000
    finally:
        benefits.db.dispose()


def test_the_job_generates_this_and_next_month_for_every_office(db_factory):
    benefits = make(db_factory)
    try:
        this = today().replace(day=1)
        following = rules.first_of_next_month(this)
        for i, office in enumerate(OFFICES):
            enrol(benefits, 10 + i, office, 1200 * (i + 1), following, rules.add_months(following, 12))
        job = PayrollJob(benefits)
        assert job.months() == [f"{this:%Y-%m}", f"{following:%Y-%m}"]
        job.run_once()
        job.run_once()
        for i, office in enumerate(OFFICES):
            assert benefits.get_payroll(office, f"{this:%Y-%m}").lines == []
            payroll = benefits.get_payroll(office, f"{following:%Y-%m}")
            assert len(payroll.lines) == 1 and payroll.total == 1200 * (i + 1)
    finally:
        benefits.db.dispose()


def test_a_pass_reads_only_the_enrolments_without_a_line(db_factory):
    benefits = make(db_factory)
    try:
        following = rules.first_of_next_month(today().replace(day=1))
        month = f"{following:%Y-%m}"
        for n in range(3):
            enrol(benefits, 30 + n, "aral", 1000, following, None)
        job = PayrollJob(benefits)
        job.run_once()
        last = rules.month_end(following)
        with benefits.db.read() as s:
            assert benefits.store.payable_without_line(s, "aral", following, last, month) == []
        enrol(benefits, 33, "aral", 500, following, None)
        with benefits.db.read() as s:
            assert [e.application_id for e in benefits.store.payable_without_line(s, "aral", following, last, month)
                    ] == ["app-33"]
        assert benefits.generate_all(month) == 1
        assert benefits.generate_all(month) == 0
        assert benefits.get_payroll("aral", month).total == 3500
    finally:
        benefits.db.dispose()


def test_lines_another_pass_added_meanwhile_are_left_as_they_are(db_factory):
    benefits = make(db_factory)
    try:
        following = rules.first_of_next_month(today().replace(day=1))
        month, last = f"{following:%Y-%m}", rules.month_end(following)
        for n in range(3):
            enrol(benefits, 40 + n, "belek", 700, following, None)
        with benefits.db.read() as s:
            missing = benefits.store.payable_without_line(s, "belek", following, last, month)
        with benefits.db.transaction() as s:  # a concurrent pass got to one of them first
            assert benefits.store.add_lines(s, [missing[1]], month) == 1
        line = benefits.get_payroll("belek", month).lines[0]
        benefits.mark_line("m-40", "fp", Actor("clerk.belek", "clerk", "belek"), line.id, "paid")
        with benefits.db.transaction() as s:
            assert benefits.store.add_lines(s, missing, month) == 2
        lines = benefits.get_payroll("belek", month).lines
        assert sorted(x.application_id for x in lines) == ["app-40", "app-41", "app-42"]
        assert [x.status for x in lines if x.id == line.id] == ["paid"]
    finally:
        benefits.db.dispose()
