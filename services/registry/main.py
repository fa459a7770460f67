"""Registry's wiring: rules, database, outbox relay (decisions to routing), gRPC server."""

from __future__ import annotations

from birtereze.registry.v1 import registry_pb2_grpc
from birtereze.routing.v1 import routing_pb2_grpc
from registry import models
from registry.app import Registry
from registry.rules import EffectiveRules
from registry.servicer import RegistryServicer
from registry.store import RegistryStore
from tereze import telemetry
from tereze.agency import report_decision, report_progress
from tereze.casework import TOPIC_DECISION, TOPIC_PROGRESS, CaseStore
from tereze.channels import Peers
from tereze.config import ServiceConfig
from tereze.db import Database
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox, Relay
from tereze.server import GrpcService


def build(cfg: ServiceConfig) -> GrpcService:
    db = Database(cfg.database_url, pool_size=cfg.db_pool_size)
    peers = Peers(cfg.peers, timeout=cfg.call_timeout, token=cfg.service_token, tls=cfg.tls)
    routing = peers.client("routing", routing_pb2_grpc.RoutingServiceStub)
    outbox = Outbox(db, models.outbox)
    registry = Registry(db, RegistryStore(), CaseStore(models.cases, models.case_history), outbox,
                        IdempotencyKeys(db, models.idempotency_keys),
                        EffectiveRules.load(cfg.env.get("REGISTRY_RULES_FILE") or None))
    relay = Relay(outbox, {TOPIC_DECISION: report_decision(routing), TOPIC_PROGRESS: report_progress(routing)}, **cfg.relay_settings(),
                  name="registry-relay")

    def register(server):
        registry_pb2_grpc.add_RegistryServiceServicer_to_server(RegistryServicer(registry), server)
        return ["birtereze.registry.v1.RegistryService"]

    return GrpcService("registry", register, token=cfg.service_token, tls=cfg.tls, health_port=cfg.health_port, host=cfg.listen_host,
                       port=cfg.port, grace=cfg.shutdown_grace, workers=[relay], ready=db.ping, on_stop=[peers.close, db.dispose])


def serve() -> None:
    cfg = ServiceConfig.load("registry")
    telemetry.init("registry")
    build(cfg).serve_until_signalled()
