"""Configuration from the environment only, read once, failing fast with the name of what is missing."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from tereze import GRPC_SERVICES
from tereze.db import DEFAULT_POOL_SIZE

DEFAULT_GRPC_PORTS = {"intake": 50051, "routing": 50052, "registry": 50053, "benefits": 50054, "notify": 50055}

# Who calls whom (DESIGN.md, "Services"): each process needs exactly the addresses of its callees.
CALLEES: dict[str, tuple[str, ...]] = {
    "gateway": ("intake", "routing", "registry", "benefits", "notify"),
    "intake": ("routing",),
    "routing": ("intake", "registry", "benefits", "notify"),
    "registry": ("routing",),
    "benefits": ("routing", "registry"),
    "notify": (),
}


class ConfigError(RuntimeError):
    """A required setting is missing or malformed; the message names the variable."""


def addr_var(service: str) -> str:
    return f"{service.upper()}_ADDR"


class Env:
    """Typed access to an environment mapping; every error names the variable."""

    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ

    def require(self, name: str) -> str:
        value = self.environ.get(name, "").strip()
        if not value:
            raise ConfigError(f"missing required environment variable {name}")
        return value

    def get(self, name: str, default: str = "") -> str:
        value = self.environ.get(name)
        return default if value is None or value.strip() == "" else value.strip()

    def int(self, name: str, default: int) -> int:
        raw = self.get(name)
        if not raw:
            return default
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"environment variable {name} must be a whole number, got {raw!r}") from None

    def port(self, name: str, default: int) -> int:
        value = self.int(name, default)
        if not 0 < value < 65536:
            raise ConfigError(f"environment variable {name} must be a port from 1 to 65535, got {value!r}")
        return value

    def float(self, name: str, default: float) -> float:
        raw = self.get(name)
        if not raw:
            return default
        try:
            return float(raw)
        except ValueError:
            raise ConfigError(f"environment variable {name} must be a number, got {raw!r}") from None

    def bool(self, name: str, default: bool) -> bool:
        raw = self.get(name).lower()
        if not raw:
            return default
        if raw in ("1", "true", "yes", "on"):
            return True
        if raw in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"environment variable {name} must be true or false, got {raw!r}")


MIN_TOKEN_LENGTH = 16


def service_token(env: Env) -> str:
    token = env.require("TEREZE_SERVICE_TOKEN")
    if len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(f"TEREZE_SERVICE_TOKEN must have at least {MIN_TOKEN_LENGTH} characters")
    return token


def _tls(env: Env):
    from tereze.tls import TlsFiles

    return TlsFiles.from_env(env)


@dataclass(frozen=True)
class ServiceConfig:
    """What every process needs: its name, database, listen address, peers and shutdown grace."""

    service: str
    database_url: str
    listen_host: str
    port: int
    peers: dict[str, str] = field(default_factory=dict)
    shutdown_grace: float = 10.0
    call_timeout: float = 5.0
    relay_interval: float = 1.0
    relay_concurrency: int = 8
    outbox_retention_days: float = 7.0
    db_pool_size: int = DEFAULT_POOL_SIZE
    # The credential every call between the suite's services carries (TEREZE_SERVICE_TOKEN): a process
    # outside the suite cannot call registry or benefits directly.
    service_token: str = field(default="", repr=False)
    # Mutual TLS between the services (tereze.tls.TlsFiles) and the plaintext health port the probes use.
    tls: object = field(default=None, repr=False)
    health_port: int = 0
    env: Env = field(default_factory=Env, compare=False, repr=False)

    def relay_settings(self) -> dict:
        """The keyword arguments of this process's `tereze.outbox.Relay`."""
        return {"interval": self.relay_interval, "concurrency": self.relay_concurrency,
                "retention": self.outbox_retention_days * 86400.0}

    @classmethod
    def load(cls, service: str, environ: Mapping[str, str] | None = None) -> ServiceConfig:
        env = Env(environ)
        retention_days = env.float("TEREZE_OUTBOX_RETENTION_DAYS", cls.outbox_retention_days)
        if retention_days < 0:
            raise ConfigError("environment variable TEREZE_OUTBOX_RETENTION_DAYS must not be negative")
        pool_size = env.int("TEREZE_DB_POOL_SIZE", DEFAULT_POOL_SIZE)
        if pool_size < 1:
            raise ConfigError("environment variable TEREZE_DB_POOL_SIZE must be at least 1")
        if service in GRPC_SERVICES:
            port = env.port("GRPC_PORT", DEFAULT_GRPC_PORTS[service])
        else:
            port = env.port("GATEWAY_PORT", 8080)
        return cls(
            service=service,
            database_url=env.require("DATABASE_URL"),
            listen_host=env.get("LISTEN_HOST", "127.0.0.1"),
            port=port,
            peers={peer: env.require(addr_var(peer)) for peer in CALLEES[service]},
            service_token=service_token(env),
            tls=_tls(env),
            health_port=env.int("TEREZE_HEALTH_PORT", 0),
            shutdown_grace=env.float("TEREZE_SHUTDOWN_GRACE", 10.0),
            call_timeout=env.float("TEREZE_CALL_TIMEOUT", 5.0),
            relay_interval=env.float("TEREZE_RELAY_INTERVAL", 1.0),
            relay_concurrency=env.int("TEREZE_RELAY_CONCURRENCY", 8),
            outbox_retention_days=retention_days,
            db_pool_size=pool_size,
            env=env,
        )
