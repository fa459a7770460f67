"""Helpers for tests: the gRPC services started in this process on loopback, with real databases."""

from __future__ import annotations

import importlib
import time

from tereze import GRPC_SERVICES, migrations
from tereze.config import CALLEES, DEFAULT_GRPC_PORTS, ServiceConfig, addr_var

# The credential the services of a test suite share (TEREZE_SERVICE_TOKEN).
SERVICE_TOKEN = "test-service-token-4f1c9a"
# Metadata for a raw gRPC stub call that should get past the services' credential check.
AUTH = (("x-tereze-service-token", SERVICE_TOKEN),)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class InProcessSuite:
    """The five gRPC services, each built by its own `main.build`, on free loopback ports."""

    def __init__(self, db_factory, services=GRPC_SERVICES, relay_interval: float = 0.2, extra_env=None):
        self.ports = {s: free_port() for s in GRPC_SERVICES}
        self.urls = {s: db_factory(s) for s in services}
        self.servers = {}
        for service in services:
            migrations.upgrade(service, self.urls[service])
        for service in services:
            env = {
                "DATABASE_URL": self.urls[service],
                "TEREZE_SERVICE_TOKEN": SERVICE_TOKEN,
                "GRPC_PORT": str(self.ports[service]),
                "TEREZE_RELAY_INTERVAL": str(relay_interval),
                "TEREZE_SHUTDOWN_GRACE": "1",
                "TEREZE_CALL_TIMEOUT": "3",
                **{addr_var(p): self.address(p) for p in CALLEES[service]},
                **(extra_env or {}),
            }
            cfg = ServiceConfig.load(service, env)
            self.servers[service] = importlib.import_module(f"{service}.main").build(cfg)

    def address(self, service: str) -> str:
        return f"127.0.0.1:{self.ports[service]}"

    def start(self) -> InProcessSuite:
        for server in self.servers.values():
            server.start()
        return self

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop(grace=0.5)


def wait_for(predicate, timeout: float = 15.0, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}; last value: {last!r}")


__all__ = ["InProcessSuite", "wait_for", "free_port", "DEFAULT_GRPC_PORTS"]
