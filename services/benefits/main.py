"""Benefits' wiring: parameters, adapters, database, outbox relay (decisions to routing), payroll job, gRPC server."""

from __future__ import annotations

from benefits import adapters, models
from benefits.app import Benefits
from benefits.parameters import Parameters
from benefits.payroll_job import PayrollJob
from benefits.servicer import BenefitsServicer
from benefits.store import BenefitsStore
from birtereze.benefits.v1 import benefits_pb2_grpc
from birtereze.registry.v1 import registry_pb2_grpc
from birtereze.routing.v1 import routing_pb2_grpc
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
    registry = peers.client("registry", registry_pb2_grpc.RegistryServiceStub)
    outbox = Outbox(db, models.outbox)
    store = BenefitsStore()
    benefits = Benefits(
        db, CaseStore(models.claims, models.claim_history), outbox, IdempotencyKeys(db, models.idempotency_keys),
        store=store, parameters=Parameters.load(cfg.env.get("BENEFIT_PARAMETERS_FILE") or None),
        registry=adapters.GrpcCivilRegistry(registry),
        social_fund=adapters.social_fund(cfg.env.get("SOCIAL_FUND_ADAPTER", "local"), db, store),
        unemployment=adapters.unemployment_register(cfg.env.get("UNEMPLOYMENT_REGISTER_ADAPTER", "local"), db, store),
    )
    relay = Relay(outbox, {TOPIC_DECISION: report_decision(routing), TOPIC_PROGRESS: report_progress(routing)},
                  **cfg.relay_settings(),
                  name="benefits-relay")
    payroll = PayrollJob(benefits, interval=cfg.env.float("PAYROLL_JOB_INTERVAL", 3600.0))

    def register(server):
        benefits_pb2_grpc.add_BenefitsServiceServicer_to_server(BenefitsServicer(benefits), server)
        return ["birtereze.benefits.v1.BenefitsService"]

    return GrpcService("benefits", register, token=cfg.service_token, tls=cfg.tls, health_port=cfg.health_port, host=cfg.listen_host,
                       port=cfg.port, grace=cfg.shutdown_grace, workers=[relay, payroll], ready=db.ping, on_stop=[peers.close, db.dispose])


def serve() -> None:
    cfg = ServiceConfig.load("benefits")
    telemetry.init("benefits")
    build(cfg).serve_until_signalled()
