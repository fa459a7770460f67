"""`tereze serve gateway`: the Flask app under an embedded gunicorn.

The master reads and checks the configuration (failing fast, naming the variable) and forks the workers;
each worker sets up OpenTelemetry after the fork (so the span processor's thread lives in the worker),
builds the app with its own channels, and flushes telemetry when it exits. SIGTERM is gunicorn's graceful
stop: stop accepting, finish in-flight requests within TEREZE_SHUTDOWN_GRACE, then exit.
"""

from __future__ import annotations

import logging
import math

from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from gateway.settings import Settings
from tereze import telemetry
from tereze.config import ServiceConfig

log = logging.getLogger("gateway.main")


class _JsonLogger(glogging.Logger):
    """gunicorn's own messages go through the process's JSON logging (tereze.logs); no access log,
    because a request path can carry a PIN (the gateway logs each request by route template instead)."""

    def setup(self, cfg):
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
        self.error_log.propagate = True
        self.access_log.propagate = False
        self.access_log.disabled = True


def post_fork(_server, _worker) -> None:
    telemetry.init("gateway")


def worker_exit(_server, worker) -> None:
    from gateway.app import close_app

    app = getattr(worker, "wsgi", None)  # what load() returned, once the worker has loaded it
    try:
        if app is not None and hasattr(app, "extensions"):
            close_app(app)
    finally:
        telemetry.shutdown()


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def gunicorn_options(settings: Settings) -> dict:
    return {
        "bind": [bind_address(settings.listen_host, settings.port)],
        "workers": settings.workers,
        "worker_class": "gthread",
        "threads": settings.threads,
        "graceful_timeout": max(1, math.ceil(settings.shutdown_grace)),  # gunicorn takes whole seconds
        "timeout": 60,
        "keepalive": 5,
        "preload_app": False,  # the app (and its gRPC channels) is built in each worker, never before fork
        "accesslog": None,
        "logger_class": _JsonLogger,
        "proc_name": "tereze-gateway",
        "post_fork": post_fork,
        "worker_exit": worker_exit,
        "control_socket_disable": True,
    }


class GatewayServer(BaseApplication):
    def __init__(self, settings: Settings, options: dict | None = None):
        self.settings = settings
        self.options = options if options is not None else gunicorn_options(settings)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)
            elif key not in self.cfg.settings:
                raise KeyError(f"unknown gunicorn setting {key}")

    def load(self):
        from gateway.app import create_app
        from gateway.tracing import instrument

        app = create_app(self.settings)
        instrument(app)
        log.info("gateway worker ready", extra={"address": bind_address(self.settings.listen_host, self.settings.port)})
        return app


def serve() -> None:
    cfg = ServiceConfig.load("gateway")
    settings = Settings.from_config(cfg)
    log.info(
        "starting gateway",
        extra={"address": bind_address(settings.listen_host, settings.port), "workers": settings.workers,
               "threads": settings.threads},
    )
    GatewayServer(settings).run()
