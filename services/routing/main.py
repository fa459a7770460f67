"""Routing's wiring: catalog, database, outbox relay with its handlers, peers, gRPC server."""

from __future__ import annotations

import json

from birtereze.benefits.v1 import benefits_pb2, benefits_pb2_grpc
from birtereze.common.v1 import common_pb2 as c
from birtereze.intake.v1 import intake_pb2, intake_pb2_grpc
from birtereze.notify.v1 import notify_pb2, notify_pb2_grpc
from birtereze.registry.v1 import registry_pb2, registry_pb2_grpc
from birtereze.routing.v1 import routing_pb2_grpc
from routing import catalog as catalog_module
from routing import models
from routing.app import (
    TOPIC_NOTICE,
    TOPIC_NOTIFY,
    TOPIC_OPEN,
    TOPIC_RESUME,
    TOPIC_STATUS,
    TOPIC_WITHDRAW,
    Routing,
)
from routing.deadlines import DeadlineWatch
from routing.servicer import RoutingServicer
from routing.store import RoutingStore
from tereze import batch, protojson, telemetry
from tereze.channels import Peers
from tereze.config import ServiceConfig
from tereze.convert import outcome_value, status_value
from tereze.db import Database
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import BatchHandler, Message, Outbox, Relay
from tereze.server import GrpcService


class Agencies:
    """The back offices routing talks to, by the catalog's `handled_by`."""

    def __init__(self, peers: Peers):
        self.registry = peers.client("registry", registry_pb2_grpc.RegistryServiceStub)
        self.benefits = peers.client("benefits", benefits_pb2_grpc.BenefitsServiceStub)

    def client(self, handled_by: str):
        return {"registry": self.registry, "benefits": self.benefits}[handled_by]

    def precheck(self, handled_by: str, *, service, office, applicant, details, documents, application_date):
        request = protojson.precheck_request(service, office, applicant, details, documents,
                                             application_date.isoformat() if application_date else "")
        return protojson.precheck_result(self.client(handled_by).Precheck(request))


def relay_handlers(routing: Routing, agencies: Agencies, intake, notify):
    def open_request(request_type):
        def build(message: Message):
            body = json.loads(message.payload)
            return request_type(request_id=message.id, application=protojson.parse(body["application"], c.Application))

        return build

    open_case_request = open_request(registry_pb2.OpenCaseRequest)
    open_claim_request = open_request(benefits_pb2.OpenClaimRequest)

    def opened(message: Message, claim: benefits_pb2.Claim | None = None):
        """The follow-up of an opened case or claim (with the claim's assessment, if any)."""
        application_id = json.loads(message.payload)["application"]["id"]
        assessment = protojson.to_dict(claim.assessment) if claim is not None and claim.HasField("assessment") else None
        return lambda session: routing.case_opened(session, application_id, assessment)

    def open_case(message: Message):
        if json.loads(message.payload)["handled_by"] == "registry":
            agencies.registry.OpenCase(open_case_request(message))
            return opened(message)
        return opened(message, agencies.benefits.OpenClaim(open_claim_request(message)))

    open_cases = batch.split(lambda message: json.loads(message.payload)["handled_by"], {
        "registry": batch.sender(agencies.registry.OpenCaseBatch, registry_pb2.OpenCaseBatchRequest,
                                 registry_pb2.OpenCaseItem, open_case_request, lambda m, _response: opened(m)),
        "benefits": batch.sender(agencies.benefits.OpenClaimBatch, benefits_pb2.OpenClaimBatchRequest,
                                 benefits_pb2.OpenClaimItem, open_claim_request,
                                 lambda m, response: opened(m, benefits_pb2.Claim.FromString(response))),
    })

    def status_request(message: Message) -> intake_pb2.UpdateStatusRequest:
        body = json.loads(message.payload)
        request = intake_pb2.UpdateStatusRequest(
            request_id=message.id, id=body["application_id"], status=status_value(body["status"]),
            outcome=outcome_value(body.get("outcome", "")), reason=body.get("reason", ""),
            result=body.get("result", {}), due_date=body.get("due_date", ""), agency=body.get("agency", ""),
            note=body.get("note", ""),
            actor=c.Actor(username=body.get("by", "system"), role="system"),
        )
        if body.get("assessment"):
            request.assessment.CopyFrom(protojson.assessment_to_proto(body["assessment"]))
        return request

    def intake_status(message: Message):
        intake.UpdateStatus(status_request(message))

    def send_request(message: Message) -> notify_pb2.SendRequest:
        body = json.loads(message.payload)
        recipient = body.get("recipient", {})
        return notify_pb2.SendRequest(
            request_id=message.id, application_id=body["application_id"], template=body["template"],
            recipient=notify_pb2.Recipient(phone=recipient.get("phone", ""), email=recipient.get("email", ""),
                                           language=recipient.get("language", ""),
                                           opt_out=recipient.get("opt_out") or []),
            params=body.get("params", {}),
        )

    def send(message: Message):
        notify.Send(send_request(message))

    def post_notice(message: Message):
        body = json.loads(message.payload)
        notify.PostNotice(notify_pb2.PostNoticeRequest(
            request_id=body.get("event_id") or message.id, template=body["template"], role=body["role"],
            office=body.get("office", ""), application_id=body.get("application_id", ""),
            params=body.get("params", {}),
        ))

    def withdraw_case(message: Message):
        body = json.loads(message.payload)
        if body["handled_by"] == "registry":
            agencies.registry.WithdrawCase(registry_pb2.WithdrawCaseRequest(
                request_id=message.id, application_id=body["application_id"], reason=body.get("reason", "")))
        else:
            agencies.benefits.WithdrawClaim(benefits_pb2.WithdrawClaimRequest(
                request_id=message.id, application_id=body["application_id"], reason=body.get("reason", "")))

    def resume_case(message: Message):
        body = json.loads(message.payload)
        actor = c.Actor(username=body.get("by", "system"), role="system")
        if body["handled_by"] == "registry":
            agencies.registry.ResumeCase(registry_pb2.ResumeCaseRequest(
                request_id=message.id, application_id=body["application_id"], note=body.get("note", ""),
                documents=body.get("documents", []), actor=actor))
        else:  # benefits has no information loop yet: the claim is simply worked again
            intake.UpdateStatus(intake_pb2.UpdateStatusRequest(
                request_id=message.id, id=body["application_id"], status=status_value("in_review"),
                note=body.get("note", ""), actor=actor))

    # Every edge with one message or more per application is batched.
    statuses = batch.sender(intake.UpdateStatusBatch, intake_pb2.UpdateStatusBatchRequest, intake_pb2.UpdateStatusItem,
                            status_request)
    sends = batch.sender(notify.SendBatch, notify_pb2.SendBatchRequest, notify_pb2.SendItem, send_request)
    return {TOPIC_OPEN: BatchHandler(open_cases, open_case), TOPIC_STATUS: BatchHandler(statuses, intake_status),
            TOPIC_NOTIFY: BatchHandler(sends, send), TOPIC_WITHDRAW: withdraw_case,
            TOPIC_RESUME: resume_case, TOPIC_NOTICE: post_notice}


def build(cfg: ServiceConfig) -> GrpcService:
    catalog = catalog_module.load(cfg.env.get("CATALOG_FILE") or None)
    db = Database(cfg.database_url, pool_size=cfg.db_pool_size)
    peers = Peers(cfg.peers, timeout=cfg.call_timeout, token=cfg.service_token, tls=cfg.tls)
    agencies = Agencies(peers)
    outbox = Outbox(db, models.outbox)
    routing = Routing(db, RoutingStore(), outbox, IdempotencyKeys(db, models.idempotency_keys), catalog,
                      agencies.precheck)
    intake = peers.client("intake", intake_pb2_grpc.IntakeServiceStub)
    notify = peers.client("notify", notify_pb2_grpc.NotifyServiceStub)
    relay = Relay(outbox, relay_handlers(routing, agencies, intake, notify), **cfg.relay_settings(),
                  name="routing-relay")

    deadlines = DeadlineWatch(routing.scan_deadlines, cfg.env.int("DEADLINE_WARNING_DAYS", 2),
                              interval=cfg.env.float("DEADLINE_SCAN_INTERVAL_SECONDS", 900.0))

    def register(server):
        routing_pb2_grpc.add_RoutingServiceServicer_to_server(RoutingServicer(routing), server)
        return ["birtereze.routing.v1.RoutingService"]

    return GrpcService("routing", register, token=cfg.service_token, tls=cfg.tls, health_port=cfg.health_port, host=cfg.listen_host,
                       port=cfg.port, grace=cfg.shutdown_grace, workers=[relay, deadlines], ready=db.ping, on_stop=[peers.close, db.dispose])


def serve() -> None:
    cfg = ServiceConfig.load("routing")
    telemetry.init("routing")
    build(cfg).serve_until_signalled()
