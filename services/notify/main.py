"""Notify's wiring: templates, delivery adapters, database, gRPC server."""

from __future__ import annotations

from birtereze.notify.v1 import notify_pb2_grpc
from notify import models
from notify.app import Notify
from notify.providers import DeliveryLogSms
from notify.rules import Templates
from notify.servicer import NotifyServicer
from notify.store import NotifyStore
from tereze import telemetry
from tereze.config import ServiceConfig
from tereze.db import Database
from tereze.idempotency import IdempotencyKeys
from tereze.server import GrpcService


def build(cfg: ServiceConfig) -> GrpcService:
    db = Database(cfg.database_url)
    notify = Notify(db, NotifyStore(), IdempotencyKeys(db, models.idempotency_keys),
                    Templates.load(cfg.env.get("NOTIFY_TEMPLATES_FILE") or None), DeliveryLogSms())

    def register(server):
        notify_pb2_grpc.add_NotifyServiceServicer_to_server(NotifyServicer(notify), server)
        return ["birtereze.notify.v1.NotifyService"]

    return GrpcService("notify", register, host=cfg.listen_host, port=cfg.port, grace=cfg.shutdown_grace,
                       ready=db.ping, on_stop=[db.dispose])


def serve() -> None:
    cfg = ServiceConfig.load("notify")
    telemetry.init("notify")
    build(cfg).serve_until_signalled()
