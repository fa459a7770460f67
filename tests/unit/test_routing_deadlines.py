"""Routing's deadline scan on its own database (SQLite and PostgreSQL): the cases it reads are those that can
still be noticed — an overdue case already noticed as passed is not read again on every scan."""

from __future__ import annotations

import datetime as dt

from routing import deadlines
from routing.store import Dispatch, RoutingStore
from tereze import migrations
from tereze.db import Database
from tereze.timeutil import utcnow


def test_cases_noticed_as_passed_are_not_read_again(db_factory):
    url = db_factory("routing")
    migrations.upgrade("routing", url)
    db, store = Database(url), RoutingStore()
    today = dt.date(2026, 12, 7)
    try:
        with db.transaction() as s:
            for name, due, state in (("overdue", today - dt.timedelta(days=3), "dispatched"),
                                     ("near", today + dt.timedelta(days=1), "dispatched"),
                                     ("later", today + dt.timedelta(days=40), "dispatched"),
                                     ("decided", today - dt.timedelta(days=9), "decided")):
                store.insert(s, Dispatch(application_id=name, tracking_number=f"BEL-{name}", service="birth_registration",
                                         office="belek", agency="civil_registry", handled_by="registry", due_date=due,
                                         state=state, dispatched_at=utcnow(), contact={}))
        horizon = deadlines.horizon(today, 2)

        def read() -> list[str]:
            with db.read() as s:
                return [d.application_id for d in store.due_by(s, horizon, unless_noticed=deadlines.PASSED)]

        assert read() == ["overdue", "near"]
        with db.transaction() as s:
            store.record_deadline_notice(s, "near", deadlines.NEAR, utcnow())
            store.record_deadline_notice(s, "overdue", deadlines.NEAR, utcnow())
        assert read() == ["overdue", "near"]  # noticed as near only: it may still pass its deadline
        with db.transaction() as s:
            store.record_deadline_notice(s, "overdue", deadlines.PASSED, utcnow())
        assert read() == ["near"]
    finally:
        db.dispose()
