"""Scale of data (issue 9): with 1,000,000 applications in intake's database, the clerk's office list and the
officers' queues must answer with p95 under 100 ms, through the gateway's HTTP API (indexes, keyset pages).

    python -m tests.bench.scale [--db sqlite|postgres] [--rows 1000000] [--requests 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import random
import sys
import tempfile
import time
import uuid

from sqlalchemy import create_engine, insert

from tereze import SERVICES, migrations
from tereze.devrun import Suite
from tests.bench import mix
from tests.bench.run import Client, percentile
from tests.support import free_port

STATUSES = (("handed_over", 70), ("result_ready", 8), ("routed", 10), ("in_review", 6), ("submitted", 1),
            ("needs_info", 2), ("cancelled", 3))


def fill(url: str, rows: int, seed: int = 5, chunk: int = 20_000) -> float:
    """Bulk-load `rows` applications spread over two years, the four offices and the six services."""
    from intake.models import applications

    rng = random.Random(seed)
    engine = create_engine(url)
    services = list(mix.WEIGHTS) + ["divorce_registration"]
    statuses, weights = zip(*STATUSES, strict=True)
    start = dt.datetime(2025, 1, 1)
    applicant = json.dumps({"pin": "11203199000123", "surname": "X", "given_name": "Y", "birth_date": "1990-03-12",
                            "sex": "female"})
    started = time.monotonic()
    done = 0
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
    while done < rows:
        batch = []
        for _ in range(min(chunk, rows - done)):
            at = start + dt.timedelta(seconds=rng.randint(0, 2 * 365 * 86400))
            service = rng.choice(services)
            batch.append({
                "id": str(uuid.UUID(int=rng.getrandbits(128))), "tracking_number": f"S{done:09d}"[:20],
                "service": service, "office": rng.choice(mix.OFFICES), "status": rng.choices(statuses, weights)[0],
                "outcome": "", "reason": "", "due_date": at.date() + dt.timedelta(days=14),
                "agency": "civil_registry" if "registration" in service else "social_protection",
                "submitted_at": at, "updated_at": at, "submitted_by": "clerk.bulk", "applicant": applicant,
                "details": "{}", "documents": "[]", "result": "{}", "assessment": "{}", "warnings": "[]",
                "precheck_pending": 0, "rating": None, "trace_id": "", "applicant_pin": "11203199000123",
            })
            done += 1
        with engine.begin() as conn:
            conn.execute(insert(applications), batch)
    if engine.dialect.name == "postgresql":
        # Statistics, as autovacuum keeps them on a table that grew to this size over time (it analyses after
        # every 10 % of change). Measured right after a bulk load, without them, the planner takes the queues'
        # 16,000 matching rows for 25 and sorts them all: 63 ms instead of 0.1 ms for a page (EXPLAIN ANALYZE).
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE applications")
    engine.dispose()
    return time.monotonic() - started


def measure(base_port: int, requests: int) -> dict:
    clerk = Client(base_port).login("clerk.belek")
    registrar = Client(base_port).login("registrar.sokuluk")
    inspector = Client(base_port).login("inspector.sokuluk")
    queries = {
        "clerk office list (first page)": (clerk, "/api/v1/applications?office=belek&limit=20"),
        "clerk office list, result_ready": (clerk, "/api/v1/applications?office=belek&status=result_ready&limit=20"),
        "registrar queue (routed births)": (registrar,
                                            "/api/v1/applications?status=routed&service=birth_registration&limit=20"),
        "inspector queue (routed ЕПМС)": (inspector, "/api/v1/applications?status=routed&service=family_benefit&limit=20"),
    }
    out = {}
    for name, (client, path) in queries.items():
        times = []
        cursor = ""
        for i in range(requests):
            url = path + (f"&cursor={cursor}" if cursor and i % 5 else "")  # first pages and next pages
            started = time.perf_counter()
            status, body = client.call("GET", url)
            times.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"{name}: {status} {body}")
            cursor = body.get("next_cursor") or ""
        out[name] = {p: round(1000 * percentile(times, p), 1) for p in (50, 95, 99)}
    return out


def run(db: str, rows: int, requests: int) -> dict:
    pg = None
    with tempfile.TemporaryDirectory() as tmp_raw:
        tmp = pathlib.Path(tmp_raw)
        urls = None
        if db == "postgres":
            from tests.conftest import PostgresDatabases

            pg = PostgresDatabases()
            urls = {s: pg.create(s) for s in SERVICES}
        try:
            suite = Suite(tmp / "var", base_port=None, gateway_port=free_port(), database_urls=urls,
                          extra_env={"LOG_LEVEL": "WARNING", "OTEL_TRACES_EXPORTER": "none"}, log_dir=tmp / "logs")
            migrations.upgrade("intake", suite.database_urls["intake"])
            print(f"scale: loading {rows:,} applications into {db}…", flush=True)
            seconds = fill(suite.database_urls["intake"], rows)
            suite.prepare(seed=True)
            suite.start_all()
            try:
                suite.wait_ready(timeout=120)
                result = measure(suite.gateway_port, requests)
            finally:
                suite.stop()
        finally:
            if pg:
                pg.drop_all()
    return {"database": db, "rows": rows, "load_seconds": round(seconds, 1), "latency_ms": result,
            "target_p95_ms": 100, "all_under_target": all(v[95] < 100 for v in result.values())}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgres"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--out", default="bench-results")
    args = parser.parse_args(argv)
    report = run(args.db, args.rows, args.requests)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"scale-{args.db}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
