"""The bench's own machinery, briefly (no figures are asserted: speed is reported by `make bench`, not tested).

A paced run and a closed-loop run through the six processes on SQLite: every accepted application is found
routed in intake's history, and the report has what issue 9 asks for, in the Markdown table too.
"""

from __future__ import annotations

import pathlib

import pytest

from tests.bench.run import markdown, run_load, start_suite, tracing_cpu_ratio

pytestmark = pytest.mark.e2e


def test_paced_and_closed_loop_runs_account_for_every_application(tmp_path: pathlib.Path):
    suite, _ = start_suite(tmp_path, "sqlite", False, None)
    try:
        paced = run_load(suite, clerks=2, seconds=2.0, seed=1, rate=4.0)
        closed = run_load(suite, clerks=2, seconds=2.0, seed=2)
    finally:
        suite.stop()
    for run in (paced, closed):
        assert run["accepted"] > 0 and run["refused"] == {}
        assert run["routed"] == run["accepted"] and run["not_routed"] == 0
        assert set(run["cpu_ms_per_app"]) >= {"gateway", "intake", "routing", "registry", "benefits", "notify",
                                              "(load generator + span sink)"}
        assert all(run["rss_mb"][s] > 0 for s in ("gateway", "intake", "routing", "registry", "benefits", "notify"))
        assert run["submit_ms"][50] <= run["submit_ms"][99]
        assert run["machine_busy_cores"] > 0
    # Paced: about 4 a second for 2 s were offered (the schedule, not the suite's speed, set the pace).
    assert paced["paced_per_s"] == 4.0 and 6 <= paced["accepted"] <= 10
    report = {"started": "now", "machine": "test", "databases": {"sqlite": {
        "runs": [dict(paced, tracing="on"), dict(closed, tracing="on")], "top": closed,
        "limits": {"transport": {"applications_per_s": 1, "rpcs_per_s": 7},
                   "storage": {"applications_per_s": 1, "raw_commits_per_s": 10, "commits_per_application": 10}},
        "ratio_to_limit": 1.0, "tracing_ratio": 1.0}}}
    table = markdown(report)
    assert "| 2 | 4.0 | on |" in table and "— (closed loop)" in table


def test_tracing_cpu_ratio_is_off_over_on_cpu_of_the_pairs_without_the_load_generator():
    def run(tracing, pair, ms):
        return {"tracing": tracing, "pair": pair,
                "cpu_ms_per_app": {"intake": ms, "(postgresql)": 2.0, "(load generator + span sink)": 50.0}}

    runs = [run("on", None, 100.0), run("on", 0, 10.0), run("off", 0, 8.0), run("on", 1, 12.0), run("off", 1, 8.0)]
    assert tracing_cpu_ratio(runs) == round(10.0 / 13.0, 3)  # off (8+2) over on ((10+2)+(12+2))/2
    assert tracing_cpu_ratio(runs[:2]) is None


def test_work_per_application_counts_commits_and_each_service_s_statements(tmp_path: pathlib.Path):
    from tests.bench.limits import work_per_application

    work = work_per_application(lambda label: f"sqlite:///{tmp_path / (label + '.db')}", applications=3)
    statements = work["statements_per_application"]
    # A birth registration is written by intake, routing, the registry and notify.
    assert {"intake", "routing", "registry", "notify"} <= set(statements)
    # Submission alone writes the application, its history, its outbox message and its key in intake.
    assert statements["intake"] >= 4 and work["commits_per_application"] >= 4


@pytest.mark.postgres
def test_the_payroll_bench_adds_every_line_once_then_nothing(postgres_factory):
    from tests.bench.payroll import measure

    url = postgres_factory("payroll_bench")
    figures = measure(url, 8)
    assert figures["enrolments"] == 8
    assert figures["first_pass_ms"]["wall"] > 0 and figures["pass_with_nothing_to_add_ms"]["wall"] > 0

    from sqlalchemy import create_engine, func, select

    from benefits.models import payroll_lines

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            lines = conn.execute(select(payroll_lines.c.month, func.count()).group_by(payroll_lines.c.month)).all()
    finally:
        engine.dispose()
    assert sorted(n for _, n in lines) == [8, 8]  # both open months, one line per enrolment, none added twice
