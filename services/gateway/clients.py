"""The gateway's gRPC clients: one `tereze.channels.Peers` per process, created in `init_app`."""

from __future__ import annotations

import threading
import time

import grpc
from flask import Flask, current_app
from grpc_health.v1 import health_pb2, health_pb2_grpc

from birtereze.benefits.v1 import benefits_pb2_grpc
from birtereze.intake.v1 import intake_pb2_grpc
from birtereze.notify.v1 import notify_pb2_grpc
from birtereze.registry.v1 import registry_pb2_grpc
from birtereze.routing.v1 import routing_pb2, routing_pb2_grpc
from tereze.channels import Client, Peers

EXTENSION = "gateway.backends"


class Backends:
    """Clients of intake, routing, registry, benefits and notify, plus a short-lived catalog cache."""

    def __init__(self, peers: Peers, catalog_ttl: float = 60.0):
        self.peers = peers
        self.intake: Client = peers.client("intake", intake_pb2_grpc.IntakeServiceStub)
        self.routing: Client = peers.client("routing", routing_pb2_grpc.RoutingServiceStub)
        self.registry: Client = peers.client("registry", registry_pb2_grpc.RegistryServiceStub)
        self.benefits: Client = peers.client("benefits", benefits_pb2_grpc.BenefitsServiceStub)
        self.notify: Client = peers.client("notify", notify_pb2_grpc.NotifyServiceStub)
        self._catalog_ttl = catalog_ttl
        self._catalog: routing_pb2.Catalog | None = None
        self._catalog_at = 0.0
        self._lock = threading.Lock()

    def catalog(self) -> routing_pb2.Catalog:
        """The service catalog from routing, cached for a minute (it changes with a release, not a request)."""
        with self._lock:
            if self._catalog is not None and time.monotonic() - self._catalog_at < self._catalog_ttl:
                return self._catalog
        catalog = self.routing.GetCatalog(routing_pb2.GetCatalogRequest())
        with self._lock:
            self._catalog, self._catalog_at = catalog, time.monotonic()
        return catalog

    def serving(self, service: str, timeout: float) -> bool:
        """True when the peer answers its standard health check with SERVING."""
        try:
            stub = health_pb2_grpc.HealthStub(self.peers.channel(service))
            reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=timeout)
        except (grpc.RpcError, KeyError):
            return False
        return reply.status == health_pb2.HealthCheckResponse.SERVING

    def close(self) -> None:
        self.peers.close()


class BackendsExtension:
    """Flask extension in init_app style: the app's Backends live in app.extensions."""

    def init_app(self, app: Flask, peers: Peers | None = None) -> None:
        settings = app.config["GATEWAY_SETTINGS"]
        peers = peers or Peers(settings.peers, timeout=settings.call_timeout, token=settings.service_token,
                               tls=settings.tls)
        app.extensions[EXTENSION] = Backends(peers, catalog_ttl=settings.catalog_ttl)

    @staticmethod
    def get() -> Backends:
        return current_app.extensions[EXTENSION]


backends = BackendsExtension()
