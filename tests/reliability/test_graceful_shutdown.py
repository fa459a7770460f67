"""Graceful shutdown under load: while clerks submit through the gateway (retrying with the same
Idempotency-Key on 503 and connection errors), each service in turn gets SIGTERM. It must exit with code 0
within TEREZE_SHUTDOWN_GRACE + 5 s, and nothing is lost: every request that got 201 exists, every accepted
application reaches `routed` once the service is back, and there is exactly one application per key.
"""

from __future__ import annotations

import datetime as dt
import itertools
import signal
import threading
import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from tereze.devrun import Suite
from tereze.pin import make_pin
from tests.e2e.http import Api
from tests.support import free_port, wait_for

pytestmark = pytest.mark.e2e

GRACE = 3.0
ORDER = ("intake", "routing", "registry", "benefits", "notify", "gateway")
_serial = itertools.count(70000)


def birth(marker: str) -> dict:
    pin = make_pin("female", dt.date(1991, 6, 7), next(_serial))
    born = dt.date.today() - dt.timedelta(days=2)
    return {
        "service": "birth_registration",
        "applicant": {"pin": pin, "surname": "Тестова", "given_name": "Айгуль", "birth_date": "1991-06-07",
                      "sex": "female", "phone": "+996700000001", "language": "ky"},
        "details": {"child": {"surname": "Тестова", "given_name": "Нур", "sex": "female",
                              "birth_date": born.isoformat(), "birth_place": "Белек"},
                    "mother_pin": pin, "medical_certificate_no": marker},
        "documents": ["medical_birth_certificate", "parents_identity_documents"],
    }


class Clerks:
    """Clerks submitting without pause; each submission retried with its key until it has a final answer."""

    def __init__(self, base: str, usernames: list[str]):
        self.apis = [Api(base).login(u) for u in usernames]
        self.accepted: dict[str, str] = {}  # key -> application id
        self.failures: list[tuple[int, object]] = []
        self.retries = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(api,), daemon=True) for api in self.apis]

    def submit(self, api: Api) -> None:
        key = str(uuid.uuid4())
        body = birth("GS-" + key[:8])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, reply = api.call("POST", "/api/v1/applications", body, {"Idempotency-Key": key})
            except OSError:  # connection refused / reset while the gateway restarts
                status, reply = None, None
            if status == 201:
                with self.lock:
                    self.accepted[key] = reply["id"]
                return
            if status is None or status in (502, 503, 504, 409):  # 409: the same key still in progress
                with self.lock:
                    self.retries += 1
                time.sleep(0.2)
                continue
            with self.lock:
                self.failures.append((status, reply))
            return
        with self.lock:
            self.failures.append((0, f"no final answer for key {key} within 60 s"))

    def run(self, api: Api) -> None:
        while not self.stopping.is_set():
            self.submit(api)

    def start(self) -> Clerks:
        for t in self.threads:
            t.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=90)

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)


@pytest.fixture
def suite(tmp_path):
    suite = Suite(tmp_path / "var", base_port=None, gateway_port=free_port(), log_dir=tmp_path / "logs",
                  extra_env={"TEREZE_SHUTDOWN_GRACE": str(GRACE), "TEREZE_RELAY_INTERVAL": "0.3",
                             "TEREZE_CALL_TIMEOUT": "3"})
    suite.prepare(seed=True)
    suite.start_all()
    suite.wait_ready()
    yield suite
    suite.stop()


def test_sigterm_during_load_loses_nothing(suite):
    clerks = Clerks(suite.gateway_url, ["clerk.belek", "clerk.aral"]).start()
    report = {}
    try:
        wait_for(lambda: clerks.count() >= 3, timeout=30, message="the first submissions")
        for service in ORDER:
            before = clerks.count()
            proc = suite.procs[service]
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=GRACE + 30)
            elapsed = time.monotonic() - started
            report[service] = (code, round(elapsed, 1))
            assert code == 0, f"{service} exited with {code} after SIGTERM"
            assert elapsed <= GRACE + 5, f"{service} took {elapsed:.1f} s to stop (grace {GRACE} s)"
            suite.start(service)
            suite.wait_ready()
            wait_for(lambda b=before: clerks.count() >= b + 2, timeout=60,
                     message=f"submissions to go on after restarting {service}")
    finally:
        clerks.stop()
    assert not clerks.failures, clerks.failures[:5]
    accepted = dict(clerks.accepted)
    assert len(accepted) >= 12, report

    reader = Api(suite.gateway_url).login("registrar.sokuluk")

    def all_routed() -> bool:
        for app_id in accepted.values():
            status, body = reader.call("GET", f"/api/v1/applications/{app_id}")
            assert status == 200, (app_id, status, body)  # every 201 exists
            if body["status"] == "submitted":
                return False
        return True

    wait_for(all_routed, timeout=60, interval=0.5, message="every accepted application to reach routed")
    engine = create_engine(suite.database_urls["intake"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id FROM applications")).scalars().all()
    finally:
        engine.dispose()
    assert len(rows) == len(set(rows)) == len(accepted), "one application per key, none lost or duplicated"
    assert set(rows) == set(accepted.values())
    print(f"graceful shutdown: {report}; {len(accepted)} applications, {clerks.retries} retries, 0 lost")
