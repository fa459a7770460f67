"""`make chaos`: faults while clerks submit and officers decide, then a count of what was lost or duplicated.

While simulated clerks submit a steady stream of birth registrations (each retried with its own
Idempotency-Key until answered, as a real client would) and a registrar decides what is routed, the harness:
kills each service in turn with SIGKILL (gateway, intake, routing, registry, benefits, notify) and restarts it;
takes the database away for a while (PostgreSQL: every connection goes through a proxy that is switched
off; SQLite: another process holds the write lock); and puts a faulty network between routing and registry
(delays longer than any deadline, dropped connections, resets). Afterwards every accepted application must
reach its expected state with exactly one application, case, act record and message per event.

    python -m tests.chaos.run [--db sqlite|postgres] [--clerks 4] [--rounds 1] [--fault-seconds 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import random
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

from sqlalchemy import create_engine, text

from tereze import SERVICES
from tereze.devrun import Suite
from tests.chaos.proxy import FaultyProxy
from tests.e2e.http import Api
from tests.support import free_port

KILL_ORDER = ("intake", "routing", "registry", "benefits", "notify", "gateway")


def birth(rng: random.Random, marker: str) -> dict:
    born = dt.date.today() - dt.timedelta(days=rng.randint(1, 20))
    mother_born = dt.date(rng.randint(1985, 2000), rng.randint(1, 12), rng.randint(1, 28))
    pin = f"1{mother_born:%d%m%Y}{rng.randint(1, 99999):05d}"
    return {
        "service": "birth_registration",
        "applicant": {"pin": pin, "surname": "Тестова", "given_name": "Айгуль", "birth_date": mother_born.isoformat(),
                      "sex": "female", "phone": "+996700000001", "language": "ky"},
        "details": {"child": {"surname": "Тестова", "given_name": rng.choice(["Айым", "Нур", "Бек", "Алия"]),
                              "sex": rng.choice(["female", "male"]), "birth_date": born.isoformat(),
                              "birth_place": "Белек"},
                    "mother_pin": pin, "medical_certificate_no": marker},
        "documents": ["medical_birth_certificate", "parents_identity_documents"],
    }


class Load:
    """Clerks and a registrar, each call retried until it has an answer (5xx and network errors retried)."""

    def __init__(self, base: str, clerks: int, seed: int = 1):
        self.base = base
        self.clerks = clerks
        self.rng = random.Random(seed)
        self.accepted: dict[str, str] = {}  # marker -> application id
        self.decided: set[str] = set()
        self.errors: dict[str, int] = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def _retry(self, fn, give_up: float = 180.0):
        deadline = time.monotonic() + give_up
        while True:
            try:
                status, body = fn()
            except OSError as error:
                status, body = 599, str(error)
            if status < 500 and status != 429:
                return status, body
            with self.lock:
                self.errors[str(status)] = self.errors.get(str(status), 0) + 1
            if time.monotonic() > deadline:
                return status, body
            time.sleep(0.3)

    def _login(self, user: str) -> Api:
        while True:
            try:
                return Api(self.base).login(user)
            except (AssertionError, OSError):
                time.sleep(0.5)

    def clerk(self, i: int) -> None:
        api = self._login("clerk.belek")
        n = 0
        while not self.stopping.is_set():
            n += 1
            marker = f"chaos-{i}-{n}"
            body = birth(random.Random(zlib.crc32(marker.encode())), marker)
            status, answer = self._retry(lambda a=api, b=body, m=marker: a.call(
                "POST", "/api/v1/applications", b, {"Idempotency-Key": m}))
            if status == 401:
                api = self._login("clerk.belek")
                continue
            if status == 201:
                with self.lock:
                    self.accepted[marker] = answer["id"]
            time.sleep(0.2)

    def registrar(self) -> None:
        api = self._login("registrar.sokuluk")
        while not self.stopping.is_set() or self._undecided():
            for app_id in self._undecided():
                status, app = self._retry(lambda a=app_id: api.call("GET", f"/api/v1/applications/{a}"), 5)
                if status != 200 or app["status"] not in ("routed", "in_review"):
                    continue
                status, _ = self._retry(lambda a=app_id: api.call(
                    "POST", f"/api/v1/applications/{a}/decision", {"outcome": "approved"},
                    {"Idempotency-Key": f"decide-{a}"}), 30)
                if status in (200, 201, 409):
                    with self.lock:
                        self.decided.add(app_id)
            time.sleep(0.5)
            if self.stopping.is_set() and time.monotonic() > self.drain_deadline:
                return

    def _undecided(self) -> list[str]:
        with self.lock:
            return [a for a in self.accepted.values() if a not in self.decided]

    def start(self) -> None:
        self.drain_deadline = float("inf")
        self.threads = [threading.Thread(target=self.clerk, args=(i,), daemon=True) for i in range(self.clerks)]
        self.threads.append(threading.Thread(target=self.registrar, daemon=True))
        for t in self.threads:
            t.start()

    def stop(self, drain: float = 120.0) -> None:
        self.drain_deadline = time.monotonic() + drain
        self.stopping.set()
        for t in self.threads:
            t.join(drain + 30)


def kill_hard(suite: Suite, service: str) -> None:
    import psutil

    proc = suite.procs[service]
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    os.kill(proc.pid, signal.SIGKILL)
    for child in family:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    proc.wait(10)


class SqliteLock:
    """Another process's write lock on a SQLite database: writers wait, as for a database that stalls."""

    def __init__(self, url: str):
        import sqlite3

        self.conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30, isolation_level=None)

    def hold(self, seconds: float) -> None:
        self.conn.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        self.conn.execute("COMMIT")


def verify(urls: dict[str, str], load: Load) -> dict:
    """Count, in each service's own database, what exists for every accepted application."""
    def rows(service: str, sql: str, **params):
        engine = create_engine(urls[service])
        try:
            with engine.connect() as conn:
                return conn.execute(text(sql), params).all()
        finally:
            engine.dispose()

    apps = rows("intake", "SELECT id, status, details FROM applications")
    by_marker: dict[str, list[tuple[str, str]]] = {}
    for app_id, status, details in apps:
        marker = json.loads(details).get("medical_certificate_no", "")
        by_marker.setdefault(marker, []).append((app_id, status))
    lost = [m for m in load.accepted if m not in by_marker]
    duplicated = [m for m, found in by_marker.items() if len(found) > 1]
    wrong_state = []
    for marker, app_id in load.accepted.items():
        found = by_marker.get(marker, [])
        expected = "result_ready" if app_id in load.decided else "routed"
        if found and found[0][1] not in (expected, "in_review") and not (expected == "routed"
                                                                          and found[0][1] == "result_ready"):
            wrong_state.append((marker, found[0][1], expected))
    act = rows("registry", "SELECT application_id, count(*) FROM act_records GROUP BY application_id")
    act_dupes = [a for a, n in act if n > 1]
    cases = rows("registry", "SELECT application_id, count(*) FROM cases GROUP BY application_id")
    case_dupes = [a for a, n in cases if n > 1]
    approved_without_record = sorted(load.decided - {a for a, _ in act})
    messages = rows("notify", "SELECT application_id, template, channel, count(*) FROM notifications "
                              "GROUP BY application_id, template, channel")
    message_dupes = [(a, t) for a, t, _, n in messages if n > 1]
    history = rows("intake", "SELECT application_id, status, count(*) FROM status_history "
                             "GROUP BY application_id, status")
    history_dupes = [(a, s) for a, s, n in history if n > 1]
    missing_messages = missing_sms(load, {(a, t) for a, t, _, _ in messages})
    return {
        "applications": len(load.accepted),
        "decided": len(load.decided),
        "lost": len(lost) + len(approved_without_record) + len(missing_messages),
        "duplicated": len(duplicated) + len(act_dupes) + len(case_dupes) + len(message_dupes) + len(history_dupes),
        "not_in_expected_state": len(wrong_state),
        "detail": {"lost_applications": lost[:10], "approved_without_act_record": approved_without_record[:10],
                   "missing_messages": missing_messages[:10], "duplicate_applications": duplicated[:10],
                   "duplicate_act_records": act_dupes[:10], "duplicate_cases": case_dupes[:10],
                   "duplicate_messages": message_dupes[:10], "duplicate_history": history_dupes[:10],
                   "wrong_state": wrong_state[:10]},
    }


def missing_sms(load: Load, sent: set) -> list[str]:
    """Applications whose SMS is not in notify's log: "accepted" for every accepted one, "ready" once decided."""
    return [a for a in load.accepted.values() if (a, "accepted") not in sent] + \
           [a for a in load.decided if (a, "ready") not in sent]


def settle(urls: dict[str, str], load: Load, timeout: float) -> None:
    """Wait until the accepted applications have reached their expected states and their SMS are in notify's
    log (or time runs out): a message still in a relay's backoff after an outage is late, not lost."""
    engines = {s: create_engine(urls[s]) for s in ("intake", "notify")}
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engines["intake"].connect() as conn:
                states = dict(conn.execute(text("SELECT id, status FROM applications")).all())
            with engines["notify"].connect() as conn:
                sent = set(conn.execute(text("SELECT application_id, template FROM notifications")).all())
            pending = [a for a in load.accepted.values()
                       if states.get(a) != ("result_ready" if a in load.decided else "routed")
                       and states.get(a) not in ("result_ready",)]
            if not pending and not missing_sms(load, sent):
                return
            time.sleep(1)
    finally:
        for engine in engines.values():
            engine.dispose()


def run(db: str = "sqlite", clerks: int = 4, rounds: int = 1, fault_seconds: float = 4.0,
        workdir: pathlib.Path | None = None, log=print) -> dict:
    work = pathlib.Path(workdir or tempfile.mkdtemp(prefix="chaos-"))
    pg = None
    db_proxy = None
    if db == "postgres":
        from tests.conftest import PG_ADMIN_URL, PostgresDatabases

        pg = PostgresDatabases()
        direct = {s: pg.create(s) for s in SERVICES}
        admin = urllib.parse.urlsplit(PG_ADMIN_URL.replace("postgresql+psycopg", "http"))
        db_proxy = FaultyProxy(admin.hostname, admin.port or 5432).start()
        urls = {s: u.replace(f":{admin.port or 5432}/", f":{db_proxy.port}/") for s, u in direct.items()}
    else:
        urls = {s: f"sqlite:///{work / (s + '.db')}" for s in SERVICES}
    suite = Suite(work / "var", base_port=None, gateway_port=free_port(), database_urls=urls,
                  log_dir=work / "logs", extra_env={"TEREZE_RELAY_INTERVAL": "0.5", "TEREZE_CALL_TIMEOUT": "2",
                                                    "TEREZE_SHUTDOWN_GRACE": "2", "LOG_LEVEL": "INFO"})
    network = FaultyProxy("127.0.0.1", suite.ports["registry"], delay=6.0).start()
    suite.peer_overrides[("routing", "registry")] = network.address
    faults: list[dict] = []
    report: dict = {}
    suite.prepare(seed=True)
    suite.start_all()
    load = None
    try:
        suite.wait_ready(timeout=90)
        load = Load(suite.gateway_url, clerks)
        load.start()
        time.sleep(fault_seconds)
        for _ in range(rounds):
            for service in KILL_ORDER:
                log(f"chaos: kill -9 {service}")
                kill_hard(suite, service)
                faults.append({"fault": "kill -9", "target": service, "at": time.time()})
                time.sleep(fault_seconds / 2)
                suite.start(service)
                time.sleep(fault_seconds)
            log("chaos: database away")
            if db == "postgres":
                db_proxy.set_mode("down")
                time.sleep(fault_seconds)
                db_proxy.set_mode("pass")
            else:
                SqliteLock(urls["intake"]).hold(fault_seconds)
            faults.append({"fault": "database outage", "target": db, "seconds": fault_seconds})
            time.sleep(fault_seconds)
            for mode in ("delay", "drop", "reset"):
                log(f"chaos: network {mode} between routing and registry")
                network.set_mode(mode)
                faults.append({"fault": f"network {mode}", "target": "routing→registry", "seconds": fault_seconds})
                time.sleep(fault_seconds)
                network.set_mode("pass")
                time.sleep(fault_seconds / 2)
        log("chaos: faults over; draining")
        load.stop(drain=120)
        settle(urls, load, timeout=120)
        report = {"database": db, "faults": faults, **verify(urls, load), "client_retries": load.errors}
    finally:
        if load and not load.stopping.is_set():
            load.stop(drain=5)
        suite.stop()
        network.stop()
        if db_proxy:
            db_proxy.stop()
        if pg:
            pg.drop_all()
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgres"))
    parser.add_argument("--clerks", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--fault-seconds", type=float, default=4.0)
    args = parser.parse_args(argv)
    report = run(args.db, args.clerks, args.rounds, args.fault_seconds)
    print(json.dumps({k: v for k, v in report.items()}, indent=2, ensure_ascii=False, default=str))
    kinds = sorted({f["fault"] for f in report["faults"]})
    print(f"\nchaos report: {len(report['faults'])} faults ({', '.join(kinds)}); applications {report['applications']}, "
          f"decided {report['decided']}; lost {report['lost']}, duplicated {report['duplicated']}, "
          f"not in expected state {report['not_in_expected_state']}")
    return 0 if passed(report) else 1


def passed(report: dict) -> bool:
    """Nothing lost, nothing duplicated, everything where it should be — and there was real work to judge."""
    return (report["applications"] > 0 and report["decided"] > 0 and report["lost"] == 0
            and report["duplicated"] == 0 and report["not_in_expected_state"] == 0)


if __name__ == "__main__":
    sys.exit(main())
