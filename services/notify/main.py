"""Notify's wiring: templates, delivery adapters from the configuration, database, delivery worker, gRPC server."""

from __future__ import annotations

import logging

from birtereze.notify.v1 import notify_pb2_grpc
from notify import models
from notify.app import Notify
from notify.delivery import Deliverer, DeliveryPolicy
from notify.providers import DeliveryLog, HttpSms, SmtpEmail
from notify.rules import Templates
from notify.servicer import NotifyServicer
from notify.store import NotifyStore
from tereze import telemetry
from tereze.config import ConfigError, Env, ServiceConfig
from tereze.db import Database
from tereze.idempotency import IdempotencyKeys
from tereze.server import GrpcService

log = logging.getLogger("notify")


def adapters(env: Env) -> dict:
    """The adapter of each channel: the configured providers, else the delivery log (nothing leaves)."""
    out: dict = {"sms": DeliveryLog(), "email": DeliveryLog()}
    if env.get("SMS_PROVIDER_URL"):
        url = env.get("SMS_PROVIDER_URL")
        if not url.startswith(("http://", "https://")):
            raise ConfigError("environment variable SMS_PROVIDER_URL must be an http:// or https:// URL")
        out["sms"] = HttpSms(url, env.get("SMS_PROVIDER_TOKEN"), timeout=env.float("SMS_PROVIDER_TIMEOUT", 10.0))
    if env.get("SMTP_HOST"):
        out["email"] = SmtpEmail(
            env.get("SMTP_HOST"), env.port("SMTP_PORT", 587), env.require("SMTP_FROM"),
            username=env.get("SMTP_USERNAME"), password=env.get("SMTP_PASSWORD"),
            starttls=env.bool("SMTP_STARTTLS", True), timeout=env.float("SMTP_TIMEOUT", 10.0),
        )
    return out


def policy(env: Env) -> DeliveryPolicy:
    values = DeliveryPolicy(
        max_attempts=env.int("NOTIFY_MAX_ATTEMPTS", 10),
        base_backoff=env.float("NOTIFY_RETRY_BASE_SECONDS", 5.0),
        max_backoff=env.float("NOTIFY_RETRY_MAX_SECONDS", 1800.0),
        rate_limit=env.int("NOTIFY_RATE_LIMIT", 5),
        rate_window=env.float("NOTIFY_RATE_WINDOW_SECONDS", 3600.0),
        lease=env.float("NOTIFY_LEASE_SECONDS", 60.0),
    )
    if values.max_attempts < 1:
        raise ConfigError("environment variable NOTIFY_MAX_ATTEMPTS must be at least 1")
    if values.rate_limit < 0 or values.rate_window <= 0:
        raise ConfigError("NOTIFY_RATE_LIMIT must be 0 or more and NOTIFY_RATE_WINDOW_SECONDS more than 0")
    return values


def build(cfg: ServiceConfig) -> GrpcService:
    db = Database(cfg.database_url, pool_size=cfg.db_pool_size)
    store = NotifyStore()
    notify = Notify(db, store, IdempotencyKeys(db, models.idempotency_keys),
                    Templates.load(cfg.env.get("NOTIFY_TEMPLATES_FILE") or None))
    channels = adapters(cfg.env)
    deliverer = Deliverer(db, store, channels, policy(cfg.env), interval=cfg.relay_interval)
    log.info("delivery channels", extra={"sms": channels["sms"].name, "email": channels["email"].name})

    def register(server):
        notify_pb2_grpc.add_NotifyServiceServicer_to_server(NotifyServicer(notify), server)
        return ["birtereze.notify.v1.NotifyService"]

    service = GrpcService("notify", register, token=cfg.service_token, tls=cfg.tls, health_port=cfg.health_port, host=cfg.listen_host,
                          port=cfg.port, grace=cfg.shutdown_grace, workers=[deliverer], ready=db.ping, on_stop=[db.dispose])
    service.deliverer = deliverer  # for tests and diagnostics
    return service


def serve() -> None:
    cfg = ServiceConfig.load("notify")
    telemetry.init("notify")
    build(cfg).serve_until_signalled()
