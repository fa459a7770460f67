"""The limits the suite is compared against, measured on this machine in the same run.

- Transport: a chain of gRPC processes with empty handlers (each hop forwards to the next), the same
  server and channel settings as the suite. An application makes 7 gRPC calls: 3 in a chain while the clerk
  waits (gateway→intake→routing→agency precheck) and 4 single hops after (dispatch, open case, status, SMS).
- Storage: the raw rate of one-row commits on the same database engine, with the same concurrency, divided
  by the commits one application needs — counted, not guessed, by running applications through the five
  services in this process and counting SQLAlchemy commits.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent import futures

import grpc

RPC_CHAIN = 3
RPC_PER_APPLICATION = 7


def hop_server(port: int, next_addr: str | None) -> None:
    """One empty hop: answers at once, or after forwarding to the next hop."""
    from tereze.channels import CHANNEL_OPTIONS

    channel = grpc.insecure_channel(next_addr, options=CHANNEL_OPTIONS) if next_addr else None
    forward = channel.unary_unary("/bench.Hop/Call") if channel else None

    def call(request, context):
        if forward is not None:
            return forward(request, timeout=5)
        return b"ok"

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(
        "bench.Hop", {"Call": grpc.unary_unary_rpc_method_handler(call)})])
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    server.wait_for_termination()


def transport_limit(concurrency: int, seconds: float, free_port) -> dict:
    ports = [free_port() for _ in range(RPC_CHAIN)]
    procs = []
    for i, port in enumerate(ports):
        nxt = f"127.0.0.1:{ports[i + 1]}" if i + 1 < len(ports) else ""
        procs.append(subprocess.Popen([sys.executable, "-m", "tests.bench.limits", str(port), nxt],
                                      env={**os.environ, "PYTHONPATH": os.getcwd()}))
    try:
        from tereze.channels import CHANNEL_OPTIONS

        channel = grpc.insecure_channel(f"127.0.0.1:{ports[0]}", options=CHANNEL_OPTIONS)
        call = channel.unary_unary("/bench.Hop/Call")
        deadline = time.monotonic() + 15
        while True:
            try:
                call(b"x", timeout=1)
                break
            except grpc.RpcError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        count = [0] * concurrency
        stop = time.monotonic() + seconds

        def worker(i):
            while time.monotonic() < stop:
                call(b"x", timeout=5)
                count[i] += 1

        started = time.monotonic()
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        chains = sum(count) / elapsed
        channel.close()
    finally:
        for p in procs:
            p.terminate()
            p.wait(5)
    rpcs = chains * RPC_CHAIN
    return {"chain_calls_per_s": round(chains, 1), "rpcs_per_s": round(rpcs, 1),
            "rpcs_per_application": RPC_PER_APPLICATION,
            "applications_per_s": round(rpcs / RPC_PER_APPLICATION, 1)}


def raw_commit_rate(url: str, concurrency: int, seconds: float) -> float:
    from sqlalchemy import Column, Integer, MetaData, String, Table, insert

    from tereze.db import Database

    db = Database(url, pool_size=concurrency)
    metadata = MetaData()
    table = Table("bench_commits", metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                  Column("payload", String(200)))
    metadata.create_all(db.engine)
    count = [0] * concurrency
    stop = time.monotonic() + seconds

    def worker(i):
        while time.monotonic() < stop:
            with db.transaction() as s:
                s.execute(insert(table).values(payload="x" * 150))
            count[i] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rate = sum(count) / (time.monotonic() - started)
    metadata.drop_all(db.engine)
    db.dispose()
    return rate


def work_per_application(db_factory, applications: int = 30) -> dict:
    """Run applications to `routed` through the five services in this process; count what they cost the
    database: commits (all services together) and SQL statements sent, per service. Deterministic figures,
    unlike times: a change that saves a statement shows here exactly."""
    import datetime as dt
    import random

    from google.protobuf import json_format
    from sqlalchemy import create_engine, event, text
    from sqlalchemy.engine import Engine, make_url

    from birtereze.common.v1 import common_pb2 as c
    from birtereze.intake.v1 import intake_pb2, intake_pb2_grpc
    from tereze.channels import Peers
    from tereze.db import READ_ONLY
    from tests.bench.mix import application
    from tests.support import SERVICE_TOKEN, InProcessSuite, wait_for

    commits = [0]
    statements: dict[str, int] = {}
    lock = threading.Lock()

    def counted(conn):
        if conn.get_execution_options().get(READ_ONLY):
            return  # a read-only transaction writes nothing to commit (Database.read)
        with lock:
            commits[0] += 1

    suite = InProcessSuite(db_factory, relay_interval=30)  # idle polls are not per-application work
    service_of = {make_url(url).database: service for service, url in suite.urls.items()}

    def sent(conn, cursor, statement, parameters, context, executemany):
        service = service_of.get(conn.engine.url.database)
        if service is not None:
            with lock:
                statements[service] = statements.get(service, 0) + 1

    suite.start()
    peers = Peers({"intake": suite.address("intake")}, token=SERVICE_TOKEN)
    intake = peers.client("intake", intake_pb2_grpc.IntakeServiceStub)
    rng = random.Random(7)
    event.listen(Engine, "commit", counted)
    event.listen(Engine, "before_cursor_execute", sent)
    try:
        ids = []
        for i in range(applications):
            body = application(rng, "birth_registration", dt.date.today())
            request = intake_pb2.SubmitApplicationRequest(
                request_id=f"bench-{i}", service=body["service"], office="belek",
                applicant=json_format.ParseDict(body["applicant"], c.Applicant()),
                details=json_format.ParseDict({body["service"]: body["details"]}, c.ServiceDetails()),
                documents=body["documents"])
            ids.append(intake.SubmitApplication(request).id)

        # Poll intake's database directly (no commit, and another engine URL: not counted).
        engine = create_engine(suite.urls["intake"])

        def all_routed():
            with engine.connect() as conn:
                return conn.execute(text("SELECT count(*) FROM applications WHERE status = 'routed'")).scalar() \
                    == len(ids)

        wait_for(all_routed, timeout=60, interval=0.2, message="bench applications routed")
        time.sleep(1.0)  # let the last notify deliveries commit
        engine.dispose()
    finally:
        event.remove(Engine, "commit", counted)
        event.remove(Engine, "before_cursor_execute", sent)
        peers.close()
        suite.stop()
    return {"commits_per_application": commits[0] / applications,
            "statements_per_application": {s: round(n / applications, 1) for s, n in sorted(statements.items())}}


if __name__ == "__main__":
    hop_server(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None)
