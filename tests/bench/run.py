"""`make bench`: the suite under load, measured against the limits of this machine, in one run.

For each database (SQLite, PostgreSQL) it starts the six processes as `make run` does, drives N concurrent
simulated clerks through the HTTP API with the national mix plus an officer deciding, and reports:
applications per second fully routed; latency p50/p95/p99 of submission and of submission → routed; CPU
seconds per application per service; resident memory per service; the transport and storage limits measured
in the same run and the ratio to the lower one; throughput with tracing on against off. Output: JSON, a
Markdown table and a PNG plot of latency against offered load, under bench-results/.

    python -m tests.bench.run [--db sqlite,postgres] [--clerks 1,8,32] [--rates 10,20,30,40] [--seconds 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import pathlib
import random
import sys
import tempfile
import threading
import time

from tereze import SERVICES
from tereze.devrun import Suite
from tests.bench import limits, mix
from tests.support import free_port

PASSWORD = os.environ.get("TEREZE_DEMO_PASSWORD", "demo")
NATIONAL_YEAR = 600_000  # applications a year for the six services, nationally, with headroom (issue 9)


class Client:
    """A keep-alive JSON client, one per simulated person."""

    def __init__(self, port: int):
        self.host, self.port = "127.0.0.1", port
        self.conn = http.client.HTTPConnection(self.host, port, timeout=30)
        self.token = None

    def call(self, method: str, path: str, body=None, headers=None):
        h = {"Content-Type": "application/json"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        h.update(headers or {})
        payload = json.dumps(body) if body is not None else None
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, payload, h)
                response = self.conn.getresponse()
                raw = response.read()
                break
            except (http.client.HTTPException, OSError):
                # The server closed an idle keep-alive connection: reconnect once (same Idempotency-Key).
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    raise
        return response.status, (json.loads(raw) if raw else None)

    def login(self, username: str):
        status, body = self.call("POST", "/api/v1/auth/token", {"username": username, "password": PASSWORD})
        if status != 200:
            raise RuntimeError(f"login {username}: {status} {body}")
        self.token = body["token"]
        return self


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def machine_busy() -> float:
    """CPU seconds the whole machine has spent not idle (all processes, all cores)."""
    import psutil

    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def process_stats(suite: Suite) -> dict[str, tuple[float, int]]:
    """CPU seconds (user+system, with children: gunicorn's worker) and resident bytes per service."""
    import psutil

    out = {}
    for name, proc in suite.procs.items():
        try:
            p = psutil.Process(proc.pid)
            family = [p, *p.children(recursive=True)]
            cpu = sum(x.cpu_times().user + x.cpu_times().system for x in family)
            rss = sum(x.memory_info().rss for x in family)
            out[name] = (cpu, rss)
        except psutil.NoSuchProcess:
            out[name] = (0.0, 0)
    # What else shares the two cores: the database server (every postgres process) and this load generator.
    pg_cpu, pg_rss = 0.0, 0
    on_postgres = any(url.startswith("postgresql") for url in suite.database_urls.values())
    for proc in psutil.process_iter(["name"]) if on_postgres else ():
        if proc.info["name"] in ("postgres", "postmaster"):
            try:
                times = proc.cpu_times()
                pg_cpu += times.user + times.system
                pg_rss += proc.memory_info().rss
            except psutil.Error:
                pass
    if pg_cpu:
        out["(postgresql)"] = (pg_cpu, pg_rss)
    me = psutil.Process()
    out["(load generator + span sink)"] = (sum(me.cpu_times()[:2]), me.memory_info().rss)
    return out


def routed_times(engine, ids: list[str]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """application id -> (submitted at, routed at) from intake's status history, for those already routed."""
    from sqlalchemy import select

    from intake.models import status_history as H

    seen: dict[str, dict[str, dt.datetime]] = {}
    with engine.connect() as conn:
        for i in range(0, len(ids), 500):
            rows = conn.execute(select(H.c.application_id, H.c.status, H.c.at).where(
                H.c.application_id.in_(ids[i:i + 500]), H.c.status.in_(("submitted", "routed")))).all()
            for app_id, status, at in rows:
                seen.setdefault(app_id, {})[status] = at
    return {a: (h["submitted"], h["routed"]) for a, h in seen.items() if "submitted" in h and "routed" in h}


def run_load(suite: Suite, clerks: int, seconds: float, seed: int, count: int | None = None,
             rate: float | None = None) -> dict:
    """Clerks submit for `seconds` (or until `count` applications are accepted), an officer decides.

    Without `rate` every clerk submits again as soon as the last one is answered (a closed loop: the most the
    suite can take). With `rate` the clerks together offer that many applications a second on a fixed
    schedule (slot k goes to clerk k mod N at start + k/rate) — an open loop, so the latency is that of the
    load offered, not of a queue the generator itself builds; a clerk whose slot has passed submits at once.
    """
    port = suite.gateway_port
    offices = mix.OFFICES
    clients = [Client(port).login(f"clerk.{offices[i % len(offices)]}") for i in range(clerks)]
    registrar = Client(port).login("registrar.sokuluk")
    inspector = Client(port).login("inspector.sokuluk")
    created: list[tuple[str, str]] = []
    latencies: list[float] = []
    refused: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + (seconds if count is None else 10**9)
    today = dt.date.today()
    quota = [count]

    def take_quota() -> bool:
        if quota[0] is None:
            return True
        with lock:
            if quota[0] <= 0:
                return False
            quota[0] -= 1
            return True

    def running() -> bool:
        return time.monotonic() < stop_at and (quota[0] is None or quota[0] > 0)

    schedule_start = time.monotonic() + 0.5

    def clerk(i: int):
        rng = random.Random(seed * 1000 + i)
        client = clients[i]
        n = 0
        while time.monotonic() < stop_at and take_quota():
            if rate:
                slot = schedule_start + (n * clerks + i) / rate
                pause = slot - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            body = mix.application(rng, mix.draw(rng), today)
            n += 1
            started = time.perf_counter()
            try:
                status, answer = client.call("POST", "/api/v1/applications", body,
                                             {"Idempotency-Key": f"bench-{seed}-{i}-{n}"})
            except (http.client.HTTPException, OSError):
                client.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, answer = 599, None
            elapsed = time.perf_counter() - started
            with lock:
                if status == 201:
                    latencies.append(elapsed)
                    created.append((answer["id"], answer["service"]))
                else:
                    refused[status] = refused.get(status, 0) + 1

    decided = [0]

    def officer():
        # Decide what is routed, as the back offices would, while the clerks keep submitting.
        seen: set[str] = set()
        while running():
            with lock:
                batch = [(a, s) for a, s in created if a not in seen][:20]
            for app_id, service in batch:
                seen.add(app_id)
                who = registrar if "registration" in service else inspector
                status, _ = who.call("POST", f"/api/v1/applications/{app_id}/decision",
                                     {"outcome": "approved", "justification": "benchmark"})
                if status in (200, 201):
                    decided[0] += 1
            time.sleep(0.5)

    before = process_stats(suite)
    machine_before, wall_before = machine_busy(), time.monotonic()
    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(clerks)] + [threading.Thread(target=officer)]
    wall_start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    submit_wall = time.monotonic() - wall_start

    # Wait for every accepted application to be routed (or beyond), reading intake's own status history
    # directly: checking through the API would add reads (and their audit entries) to the CPU measured.
    results = {}
    deadline = time.monotonic() + (300 if count is None else 3600)
    pending = [a for a, _ in created]
    from sqlalchemy import create_engine

    intake_db = create_engine(suite.database_urls["intake"])
    try:
        while pending and time.monotonic() < deadline:
            results.update(routed_times(intake_db, pending))
            pending = [a for a in pending if a not in results]
            if pending:
                time.sleep(0.5)
    finally:
        intake_db.dispose()
    after = process_stats(suite)
    busy_cores = (machine_busy() - machine_before) / (time.monotonic() - wall_before)

    def ts(value: dt.datetime) -> float:
        return value.replace(tzinfo=dt.UTC).timestamp()

    routed_lat = [ts(r) - ts(s) for s, r in results.values()]
    if results:
        first = min(ts(s) for s, _ in results.values())
        last = min(max(ts(r) for _, r in results.values()), first + 10**9)
        throughput = len(results) / max(0.001, last - first)
    else:
        throughput = 0.0
    n = max(1, len(results))
    return {
        "clerks": clerks,
        "paced_per_s": rate,
        "seconds": round(submit_wall, 1),
        "accepted": len(created),
        "refused": refused,
        "routed": len(results),
        "not_routed": len(pending),
        "decided": decided[0],
        "offered_per_s": round(len(created) / submit_wall, 1),
        "routed_per_s": round(throughput, 1),
        "submit_ms": {p: round(1000 * (percentile(latencies, p) or 0), 1) for p in (50, 95, 99)},
        "to_routed_ms": {p: round(1000 * (percentile(routed_lat, p) or 0), 1) for p in (50, 95, 99)},
        "cpu_ms_per_app": {s: round(1000 * (after[s][0] - before[s][0]) / n, 2) for s in after},
        # (PostgreSQL's processes share their buffers: summing their resident memory would count them many times.)
        "rss_mb": {s: round(after[s][1] / 2**20, 1) for s in after if s != "(postgresql)"},
        # Cores kept busy on the whole machine from the first submission to the last one routed: near the
        # number of cores means CPU-bound; well below it, something waits (locks, fsync, a queue's pace).
        "machine_busy_cores": round(busy_cores, 2),
    }


def start_suite(tmp: pathlib.Path, db: str, tracing: bool, sink_endpoint: str | None):
    urls = None
    pg = None
    if db == "postgres":
        from tests.conftest import PostgresDatabases

        pg = PostgresDatabases()
        urls = {s: pg.create(s) for s in SERVICES}
    env = {"LOG_LEVEL": "WARNING", "TEREZE_RELAY_INTERVAL": "1"}
    if tracing:
        env.update({"OTEL_EXPORTER_OTLP_ENDPOINT": sink_endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"})
    else:
        env.update({"OTEL_TRACES_EXPORTER": "none", "OTEL_TRACES_SAMPLER": "always_off"})
    suite = Suite(tmp / f"{db}-{'on' if tracing else 'off'}", base_port=None, gateway_port=free_port(),
                  database_urls=urls, extra_env=env, log_dir=tmp / "logs")
    suite.prepare(seed=True)
    suite.start_all()
    suite.wait_ready(timeout=120)
    return suite, pg


class SpanSink:
    """An OTLP/gRPC receiver that counts spans and keeps nothing."""

    def __init__(self):
        from concurrent import futures

        import grpc
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

        sink = self
        self.spans = 0

        class Service(trace_service_pb2_grpc.TraceServiceServicer):
            def Export(self, request, context):  # noqa: N802
                sink.spans += sum(len(s.spans) for r in request.resource_spans for s in r.scope_spans)
                return trace_service_pb2.ExportTraceServiceResponse()

        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(Service(), self.server)
        self.endpoint = f"http://127.0.0.1:{self.server.add_insecure_port('127.0.0.1:0')}"
        self.server.start()


def services_cpu(run: dict) -> float:
    """CPU ms per application of the six services together (not the database server, not the generator)."""
    return round(sum(v for k, v in run["cpu_ms_per_app"].items() if not k.startswith("(")), 1)


def suite_cpu(run: dict) -> float:
    """CPU ms per application of the six services and the database server (what tracing can add to)."""
    return sum(v for k, v in run["cpu_ms_per_app"].items() if k != "(load generator + span sink)")


def tracing_cpu_ratio(runs: list[dict]) -> float | None:
    """CPU per application with tracing off ÷ on, over the alternated pairs: the share of the work tracing
    leaves for applications (1 − what it costs). Less noisy than throughput, which moves with the machine."""
    on = [suite_cpu(r) for r in runs if r["pair"] is not None and r["tracing"] == "on"]
    off = [suite_cpu(r) for r in runs if r["pair"] is not None and r["tracing"] == "off"]
    if not on or not off:
        return None
    return round((sum(off) / len(off)) / (sum(on) / len(on)), 3)


def markdown(report: dict) -> str:
    lines = [f"# Bir Tereze benchmark — {report['started']}", "",
             f"Machine: {report['machine']}", ""]
    for db, variant in report["databases"].items():
        lines += [f"## {db}", "",
                  "| clerks | paced at /s | tracing | offered/s | routed/s | submit p50/p95/p99 ms | submit→routed p50/p95/p99 ms | CPU ms/app (six services) | accepted | refused |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for run in variant["runs"]:
            s, r = run["submit_ms"], run["to_routed_ms"]
            paced = run.get("paced_per_s") or "— (closed loop)"
            if run.get("pair") is not None:
                paced = f"— (on/off pair {run['pair'] + 1})"
            lines.append(f"| {run['clerks']} | {paced} | {run['tracing']} | {run['offered_per_s']} | {run['routed_per_s']} | "
                         f"{s[50]}/{s[95]}/{s[99]} | {r[50]}/{r[95]}/{r[99]} | {services_cpu(run)} | "
                         f"{run['accepted']} | {run['refused']} |")
        top = variant["top"]
        lines += ["", f"CPU ms per application (at {top['clerks']} clerks, tracing on): "
                  + ", ".join(f"{k} {v}" for k, v in top["cpu_ms_per_app"].items()),
                  "Resident memory MB: " + ", ".join(f"{k} {v}" for k, v in top["rss_mb"].items()), "",
                  f"Machine cores busy (of {os.cpu_count()}) at {top['clerks']} clerks: {top['machine_busy_cores']}",
                  f"Limits: transport {variant['limits']['transport']['applications_per_s']} applications/s "
                  f"({variant['limits']['transport']['rpcs_per_s']} empty RPCs/s over a 3-hop chain, "
                  f"{limits.RPC_PER_APPLICATION} RPCs per application); storage "
                  f"{variant['limits']['storage']['applications_per_s']} applications/s "
                  f"({variant['limits']['storage']['raw_commits_per_s']} raw commits/s, "
                  f"{variant['limits']['storage']['commits_per_application']} commits per application)",
                  "SQL statements per application, by service: " + ", ".join(
                      f"{k} {v}" for k, v in variant["limits"]["storage"].get("statements_per_application", {}).items()),
                  f"Achieved / lower limit: {variant['ratio_to_limit']}",
                  f"Tracing on / off throughput (sum of the alternated pairs): {variant['tracing_ratio']}; "
                  f"CPU per application off / on (services and database, mean of the pairs): "
                  f"{variant.get('tracing_cpu_ratio')}", ""]
        if "scale" in variant:
            sc = variant["scale"]
            lines += [f"With {sc['rows']:,} applications stored (p50/p95/p99 ms, target p95 < {sc['target_p95_ms']}):", ""]
            lines += [f"- {name}: {v[50]}/{v[95]}/{v[99]}" for name, v in sc["latency_ms"].items()] + [""]
    return "\n".join(lines)


def plot(report: dict, path: pathlib.Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 5.5))
    for db, variant in report["databases"].items():
        on = [r for r in variant["runs"] if r["tracing"] == "on" and r.get("pair") is None]
        for kind, runs, style in (
                ("paced, 32 clerks", sorted((r for r in on if r.get("paced_per_s")), key=lambda r: r["offered_per_s"]), "-"),
                ("closed loop, 1/8/32 clerks", sorted((r for r in on if not r.get("paced_per_s")),
                                                      key=lambda r: r["offered_per_s"]), ":")):
            if not runs:
                continue
            x = [r["offered_per_s"] for r in runs]
            for p, marker in ((50, "o"), (99, "s")):
                ax.plot(x, [r["submit_ms"].get(p, r["submit_ms"].get(str(p))) for r in runs], style + marker,
                        label=f"{db} p{p} ({kind})")
    ax.set_xlabel("offered load (applications/s)")
    ax.set_ylabel("latency (ms)")
    ax.set_title("Submission latency against offered load")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def year_replay(args) -> int:
    """A national year (600,000 applications in the national mix) through the suite, timed end to end."""
    db = args.db.split(",")[0]
    clerks = max(int(x) for x in args.clerks.split(","))
    sink = SpanSink()
    with tempfile.TemporaryDirectory() as tmp_raw:
        suite, pg = start_suite(pathlib.Path(tmp_raw), db, True, sink.endpoint)
        try:
            started = time.monotonic()
            run = run_load(suite, clerks, 0, seed=600, count=args.year)
            run["wall_seconds"] = round(time.monotonic() - started, 1)
        finally:
            suite.stop()
            if pg:
                pg.drop_all()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    per_s = run["routed"] / run["wall_seconds"] if run["wall_seconds"] else 0.0
    report = {"database": db, "applications": args.year, "clerks": clerks, **run,
              "sustained_routed_per_s": round(per_s, 1),
              # A shorter replay (--year N < 600000) projects the national year at the rate it sustained.
              "national_year_hours": round(NATIONAL_YEAR / per_s / 3600, 2) if per_s else None,
              "under_one_hour": run["wall_seconds"] < 3600 and run["not_routed"] == 0 and args.year >= NATIONAL_YEAR}
    (out / f"year-{db}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--clerks", default="1,8,32")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rates", default="10,20,30,40",
                        help="paced runs at the top number of clerks: offered applications/s (open loop)")
    parser.add_argument("--out", default="bench-results")
    parser.add_argument("--tracing-pairs", type=int, default=4,
                        help="fresh suites with tracing on and off, alternated, for the tracing cost")
    parser.add_argument("--scale-rows", type=int, default=1_000_000,
                        help="applications preloaded for the list/queue latency check (0: skip)")
    parser.add_argument("--year", type=int, default=0,
                        help="national-year replay: submit this many applications (600000) and report the wall time")
    args = parser.parse_args(argv)
    if args.year:
        return year_replay(args)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    levels = [int(x) for x in args.clerks.split(",")]
    rates = [float(x) for x in args.rates.split(",") if x.strip()]
    report = {"started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}", "databases": {}}
    sink = SpanSink()
    top_clerks = max(levels)
    with tempfile.TemporaryDirectory() as tmp_raw:
        tmp = pathlib.Path(tmp_raw)
        for db in args.db.split(","):
            if db == "postgres":
                from tests.conftest import postgres_unavailable_reason

                reason = postgres_unavailable_reason()
                if reason:
                    print(f"bench: skipping PostgreSQL: {reason}", file=sys.stderr)
                    continue
            variant = {"runs": []}
            # 1. Tracing on: the closed-loop levels, then the paced rates, in one suite.
            # 2. Tracing on against off: fresh suites at the top level, alternated `--tracing-pairs` times (the
            #    machine's own speed drifts between runs; one pair alone can differ by more than tracing costs).
            sessions = [(True, [(clerks, None) for clerks in levels] + [(top_clerks, rate) for rate in rates], None)]
            for pair in range(args.tracing_pairs):
                sessions += [(True, [(top_clerks, None)], pair), (False, [(top_clerks, None)], pair)]
            for n, (tracing, plan, pair) in enumerate(sessions):
                suite, pg = start_suite(tmp, db, tracing, sink.endpoint)
                try:
                    for i, (clerks, rate) in enumerate(plan):
                        print(f"bench: {db}, tracing {'on' if tracing else 'off'}, {clerks} clerks"
                              + (f", paced at {rate}/s" if rate else "")
                              + (f", on/off pair {pair + 1}" if pair is not None else "") + "…", flush=True)
                        run = run_load(suite, clerks, args.seconds, seed=100 * n + i, rate=rate)
                        run["tracing"] = "on" if tracing else "off"
                        run["pair"] = pair
                        variant["runs"].append(run)
                        print(f"  routed/s {run['routed_per_s']}, submit p99 {run['submit_ms'][99]} ms", flush=True)
                finally:
                    suite.stop()
                    if pg:
                        pg.drop_all()
            on = next(r for r in variant["runs"]
                      if r["tracing"] == "on" and r["clerks"] == top_clerks and not r["paced_per_s"])
            variant["top"] = on
            paired_on = sum(r["routed_per_s"] for r in variant["runs"] if r["pair"] is not None and r["tracing"] == "on")
            paired_off = sum(r["routed_per_s"] for r in variant["runs"] if r["pair"] is not None and r["tracing"] == "off")
            variant["tracing_ratio"] = round(paired_on / paired_off, 3) if paired_off else None
            variant["tracing_cpu_ratio"] = tracing_cpu_ratio(variant["runs"])
            print(f"bench: {db} limits…", flush=True)
            transport = limits.transport_limit(top_clerks, min(10.0, args.seconds), free_port)
            if db == "postgres":
                from tests.conftest import PostgresDatabases

                pg = PostgresDatabases()
                try:
                    raw = limits.raw_commit_rate(pg.create("rawcommit"), top_clerks, min(10.0, args.seconds))
                    work = limits.work_per_application(pg.create)
                finally:
                    pg.drop_all()
            else:
                raw = limits.raw_commit_rate(f"sqlite:///{tmp / 'raw.db'}", top_clerks, min(10.0, args.seconds))
                work = limits.work_per_application(lambda label: f"sqlite:///{tmp / (label + '-cpa.db')}")
            commits = work["commits_per_application"]
            storage = {"raw_commits_per_s": round(raw, 1), "commits_per_application": round(commits, 1),
                       "applications_per_s": round(raw / commits, 1),
                       "statements_per_application": work["statements_per_application"]}
            variant["limits"] = {"transport": transport, "storage": storage}
            lower = min(transport["applications_per_s"], storage["applications_per_s"])
            variant["ratio_to_limit"] = round(on["routed_per_s"] / lower, 3) if lower else None
            if args.scale_rows:
                from tests.bench import scale

                print(f"bench: {db} scale of data, {args.scale_rows:,} applications…", flush=True)
                variant["scale"] = scale.run(db, args.scale_rows, 200)
            report["databases"][db] = variant
    (out / "bench.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    (out / "bench.md").write_text(markdown(report))
    plot(report, out / "latency.png")
    print(markdown(report))
    print(f"bench: wrote {out / 'bench.json'}, {out / 'bench.md'}, {out / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
