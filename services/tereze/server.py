"""gRPC server bootstrap shared by every service.

Standard health service (SERVING only while the database answers; NOT_SERVING while draining), server
reflection, the OpenTelemetry and error-mapping interceptors, background workers (outbox relays) and a
graceful stop: on SIGTERM stop taking calls, finish in-flight ones within the grace period, stop the
workers, flush telemetry.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent import futures
from typing import Protocol

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from tereze import telemetry
from tereze.rpc import AuthInterceptor, ServerInterceptor

log = logging.getLogger("tereze.server")

LIVENESS = "liveness"
# Seconds after the drain for the outbox relay to finish the message it is delivering.
WORKER_STOP_BUDGET = 3.0


class Worker(Protocol):
    """Something that runs beside the server (an outbox relay) and must stop before it does."""

    def start(self) -> None: ...

    def stop(self, timeout: float) -> None: ...


class GrpcService:
    def __init__(
        self,
        name: str,
        register: Callable[[grpc.Server], list[str]],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        grace: float = 10.0,
        workers: list[Worker] | None = None,
        ready: Callable[[], bool] | None = None,
        max_workers: int = 16,
        on_stop: list[Callable[[], None]] | None = None,
        token: str,
        tls=None,
        health_port: int = 0,
    ):
        self.name = name
        self.grace = grace
        self.workers = list(workers or [])
        self.ready = ready
        self.on_stop = list(on_stop or [])
        self.server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=f"{name}-rpc"),
            interceptors=[AuthInterceptor(token), ServerInterceptor()],
            options=[
                ("grpc.so_reuseport", 0),
                ("grpc.max_receive_message_length", 4 * 1024 * 1024),
                # Clients reconnect now and then, so new replicas behind a Service get their share.
                ("grpc.max_connection_age_ms", 5 * 60 * 1000),
                ("grpc.max_connection_age_grace_ms", int(grace * 1000)),
            ],
        )
        self.health = health.HealthServicer(experimental_non_blocking=True)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        self.service_names = register(self.server)
        reflection.enable_server_reflection(
            [*self.service_names, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
             reflection.SERVICE_NAME],
            self.server,
        )
        if tls is not None:
            self.port = self.server.add_secure_port(f"{host}:{port}", tls.server_credentials())
        else:
            self.port = self.server.add_insecure_port(f"{host}:{port}")
        if self.port == 0:
            raise RuntimeError(f"{name}: cannot listen on {host}:{port}")
        self.health_port = self.server.add_insecure_port(f"{host}:{health_port}") if health_port else 0
        self.address = f"{host}:{self.port}"
        self._stopped = threading.Event()
        self._monitor = threading.Thread(target=self._watch_readiness, name=f"{name}-health", daemon=True)

    def _set_status(self, serving: bool) -> None:
        """Readiness: "" and each service name follow the database. Liveness ("liveness") stays SERVING
        until draining, so a database outage takes pods out of rotation without restarting them."""
        status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        for service in ("", *self.service_names):
            self.health.set(service, status)

    def _watch_readiness(self) -> None:
        last = None
        while not self._stopped.is_set():
            ok = self.ready() if self.ready else True
            if ok != last:
                self._set_status(ok)
                if last is not None:
                    log.warning("readiness changed", extra={"serving": ok})
                last = ok
            self._stopped.wait(2.0)

    def start(self) -> GrpcService:
        self.server.start()
        for worker in self.workers:
            worker.start()
        self.health.set(LIVENESS, health_pb2.HealthCheckResponse.SERVING)
        self._set_status(self.ready() if self.ready else True)
        self._monitor.start()
        log.info("serving", extra={"address": self.address})
        return self

    def stop(self, grace: float | None = None) -> None:
        """Drain within `grace` seconds; workers and hooks get what is left of grace + WORKER_STOP_BUDGET."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        grace = self.grace if grace is None else grace
        deadline = time.monotonic() + grace + WORKER_STOP_BUDGET
        self.health.enter_graceful_shutdown()
        log.info("draining", extra={"grace_seconds": grace})
        self.server.stop(grace).wait()
        for worker in self.workers:
            worker.stop(timeout=max(0.1, deadline - time.monotonic()))
        for hook in self.on_stop:
            hook()
        log.info("stopped")

    def serve_until_signalled(self) -> None:
        """Block until SIGTERM or SIGINT, then stop gracefully and flush telemetry."""
        done = threading.Event()

        def _handler(signum, _frame):
            log.info("signal received", extra={"signal": signal.Signals(signum).name})
            done.set()

        signal.signal(signal.SIGTERM, _handler)
        signal.signal(signal.SIGINT, _handler)
        self.start()
        done.wait()
        self.stop()
        telemetry.shutdown()
