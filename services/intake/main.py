"""Intake's wiring: configuration, database, outbox relay, precheck port, gRPC server."""

from __future__ import annotations

import contextlib
import json

from birtereze.common.v1 import common_pb2 as c
from birtereze.intake.v1 import intake_pb2_grpc
from birtereze.routing.v1 import routing_pb2 as routing_pb
from birtereze.routing.v1 import routing_pb2_grpc
from intake import models
from intake.app import TOPIC_DISPATCH, TOPIC_SUPPLY, TOPIC_WITHDRAW, Intake
from intake.servicer import IntakeServicer, to_proto
from intake.store import IntakeStore
from tereze import batch, protojson, telemetry
from tereze.channels import Peers
from tereze.config import ServiceConfig
from tereze.db import Database
from tereze.domain import PrecheckResult
from tereze.errors import NotFound
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import BatchHandler, Message, Outbox, Relay
from tereze.server import GrpcService


def routing_precheck(routing):
    """The precheck port over gRPC: intake → routing.Precheck → the responsible service."""

    def precheck(service, office, applicant, details, documents) -> PrecheckResult:
        request = protojson.precheck_request(service, office, applicant, details, documents)
        return protojson.precheck_result(routing.Precheck(request))

    return precheck


def relay_handlers(intake: Intake, routing):
    def request_for(message: Message, app) -> routing_pb.DispatchRequest | None:
        if app.status == "cancelled":
            return None  # cancelled before it left the window: routing learns of it from the withdrawal
        return routing_pb.DispatchRequest(request_id=message.id, application=to_proto(app))

    def dispatch(message: Message) -> None:
        request = request_for(message, intake.get(_application_id(message)))
        if request is not None:
            routing.Dispatch(request)

    def dispatches(messages, carriers) -> list:
        """The pass's dispatches in one batch call, their applications read in one go."""
        ids = []
        for message in messages:
            with contextlib.suppress(Exception):  # an unreadable message fails alone, in build below
                ids.append(_application_id(message))
        apps = intake.get_many(ids)

        def build(message: Message) -> routing_pb.DispatchRequest | None:
            app = apps.get(_application_id(message))
            if app is None:
                raise NotFound("no such application")
            return request_for(message, app)

        return batch.sender(routing.DispatchBatch, routing_pb.DispatchBatchRequest, routing_pb.DispatchItem,
                            build)(messages, carriers)

    def withdraw(message: Message):
        body = json.loads(message.payload)
        routing.Withdraw(routing_pb.WithdrawRequest(request_id=message.id, application_id=body["application_id"],
                                                    reason=body.get("reason", "")))

    def supply(message: Message):
        body = json.loads(message.payload)
        routing.SupplyInfo(routing_pb.SupplyInfoRequest(
            request_id=message.id, application_id=body["application_id"], note=body.get("note", ""),
            documents=body.get("documents", []), actor=c.Actor(username=body.get("by", "system"))))

    return {TOPIC_DISPATCH: BatchHandler(dispatches, dispatch), TOPIC_WITHDRAW: withdraw, TOPIC_SUPPLY: supply}


def _application_id(message: Message) -> str:
    return json.loads(message.payload)["application_id"]


def build(cfg: ServiceConfig) -> GrpcService:
    db = Database(cfg.database_url, pool_size=cfg.db_pool_size)
    peers = Peers(cfg.peers, timeout=cfg.call_timeout, token=cfg.service_token, tls=cfg.tls)
    routing = peers.client("routing", routing_pb2_grpc.RoutingServiceStub)
    outbox = Outbox(db, models.outbox)
    intake = Intake(db, IntakeStore(), outbox, IdempotencyKeys(db, models.idempotency_keys), routing_precheck(routing))
    relay = Relay(outbox, relay_handlers(intake, routing), **cfg.relay_settings(), name="intake-relay")

    def register(server):
        intake_pb2_grpc.add_IntakeServiceServicer_to_server(IntakeServicer(intake), server)
        return ["birtereze.intake.v1.IntakeService"]

    return GrpcService("intake", register, token=cfg.service_token, tls=cfg.tls, health_port=cfg.health_port, host=cfg.listen_host,
                       port=cfg.port, grace=cfg.shutdown_grace, workers=[relay], ready=db.ping, on_stop=[peers.close, db.dispose])


def serve() -> None:
    cfg = ServiceConfig.load("intake")
    telemetry.init("intake")
    build(cfg).serve_until_signalled()
