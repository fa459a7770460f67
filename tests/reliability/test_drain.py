"""Draining in one process: a call in flight when the service stops is finished within the grace period
(the client gets its answer, not an error), a call longer than the grace is cut at the grace, new calls are
refused, and health reports NOT_SERVING while draining."""

from __future__ import annotations

import threading
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tereze.server import GrpcService
from tests.support import AUTH, SERVICE_TOKEN, wait_for

METHOD = "/tests.Slow/Sleep"


def slow_service(grace: float, entered: threading.Event) -> GrpcService:
    def sleep(request: bytes, context) -> bytes:
        entered.set()
        seconds = float(request.decode() or "0")
        end = time.monotonic() + seconds
        while time.monotonic() < end and context.is_active():
            time.sleep(0.02)
        return b"done"

    def register(server: grpc.Server) -> list[str]:
        handler = grpc.unary_unary_rpc_method_handler(sleep)
        server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("tests.Slow", {"Sleep": handler}),))
        return ["tests.Slow"]

    return GrpcService("slow", register, port=0, grace=grace, token=SERVICE_TOKEN).start()


def call_in_thread(address: str, seconds: float) -> tuple[threading.Thread, dict]:
    outcome: dict = {}

    def run() -> None:
        with grpc.insecure_channel(address) as channel:
            stub = channel.unary_unary(METHOD)
            try:
                outcome["reply"] = stub(str(seconds).encode(), metadata=AUTH, timeout=30)
            except grpc.RpcError as error:
                outcome["error"] = error.code()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_call_in_flight_finishes_within_the_grace_period():
    entered = threading.Event()
    service = slow_service(grace=3.0, entered=entered)
    thread, outcome = call_in_thread(service.address, 1.0)
    assert entered.wait(10)
    started = time.monotonic()
    stopper = threading.Thread(target=service.stop)
    stopper.start()
    # while draining: health says NOT_SERVING, or new calls are not taken any more (refused, or cancelled by
    # the draining server)
    def draining() -> bool:
        with grpc.insecure_channel(service.address) as channel:
            try:
                reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""),
                                                                  timeout=2)
                return reply.status == health_pb2.HealthCheckResponse.NOT_SERVING
            except grpc.RpcError as error:
                assert error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.CANCELLED,
                                        grpc.StatusCode.DEADLINE_EXCEEDED)
                return True

    wait_for(draining, timeout=10, message="health to leave SERVING")
    thread.join(30)
    stopper.join(30)
    assert outcome == {"reply": b"done"}, outcome
    assert time.monotonic() - started <= 3.0 + 5


def test_a_call_longer_than_the_grace_is_cut_at_the_grace():
    entered = threading.Event()
    service = slow_service(grace=1.0, entered=entered)
    thread, outcome = call_in_thread(service.address, 20.0)
    assert entered.wait(10)
    started = time.monotonic()
    service.stop()
    thread.join(30)
    assert time.monotonic() - started <= 1.0 + 5
    assert outcome.get("error") in (grpc.StatusCode.CANCELLED, grpc.StatusCode.UNAVAILABLE), outcome


def test_new_calls_are_refused_after_stop():
    entered = threading.Event()
    service = slow_service(grace=0.5, entered=entered)
    service.stop()
    thread, outcome = call_in_thread(service.address, 0)
    thread.join(30)
    assert outcome.get("error") is not None
    assert not entered.is_set()  # the handler never ran
