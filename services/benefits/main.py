"""Benefits' wiring: database, outbox relay (decisions to routing), gRPC server."""

from __future__ import annotations

from benefits import models
from benefits.app import Benefits
from benefits.servicer import BenefitsServicer
from birtereze.benefits.v1 import benefits_pb2_grpc
from birtereze.routing.v1 import routing_pb2_grpc
from tereze import telemetry
from tereze.agency import report_decision
from tereze.casework import TOPIC_DECISION, CaseStore
from tereze.channels import Peers
from tereze.config import ServiceConfig
from tereze.db import Database
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox, Relay
from tereze.server import GrpcService


def build(cfg: ServiceConfig) -> GrpcService:
    db = Database(cfg.database_url)
    peers = Peers(cfg.peers, timeout=cfg.call_timeout)
    routing = peers.client("routing", routing_pb2_grpc.RoutingServiceStub)
    outbox = Outbox(db, models.outbox)
    benefits = Benefits(db, CaseStore(models.claims, models.claim_history), outbox,
                        IdempotencyKeys(db, models.idempotency_keys))
    relay = Relay(outbox, {TOPIC_DECISION: report_decision(routing)}, interval=cfg.relay_interval,
                  name="benefits-relay")

    def register(server):
        benefits_pb2_grpc.add_BenefitsServiceServicer_to_server(BenefitsServicer(benefits), server)
        return ["birtereze.benefits.v1.BenefitsService"]

    return GrpcService("benefits", register, host=cfg.listen_host, port=cfg.port, grace=cfg.shutdown_grace,
                       workers=[relay], ready=db.ping, on_stop=[peers.close, db.dispose])


def serve() -> None:
    cfg = ServiceConfig.load("benefits")
    telemetry.init("benefits")
    build(cfg).serve_until_signalled()
