"""The short version of `make chaos`, part of `make test`: every service killed once, the database away, a
faulty network between routing and registry — and nothing lost or duplicated."""

from __future__ import annotations

import pytest

from tests.chaos import run as chaos

pytestmark = pytest.mark.e2e


def test_faults_lose_nothing_and_duplicate_nothing(tmp_path):
    report = chaos.run("sqlite", clerks=2, rounds=1, fault_seconds=3.0, workdir=tmp_path, log=lambda *_: None)
    kinds = {f["fault"] for f in report["faults"]}
    assert {"kill -9", "database outage", "network delay", "network drop", "network reset"} <= kinds
    assert {f["target"] for f in report["faults"] if f["fault"] == "kill -9"} == set(chaos.KILL_ORDER)
    assert report["applications"] > 0 and report["decided"] > 0, report
    assert report["lost"] == 0, report["detail"]
    assert report["duplicated"] == 0, report["detail"]
    assert report["not_in_expected_state"] == 0, report["detail"]
