"""What the gateway needs to run, read once from tereze's ServiceConfig (the environment)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tereze.config import ServiceConfig
from tereze.db import DEFAULT_POOL_SIZE


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    peers: dict[str, str] = field(default_factory=dict)
    service_token: str = field(default="", repr=False)  # carried on every call to the back-end services
    tls: object = field(default=None, repr=False)  # mutual TLS to the back-end services (tereze.tls.TlsFiles)
    call_timeout: float = 5.0
    token_ttl: int = 8 * 3600  # one shift at the window
    secure_cookies: bool = False  # set when served over HTTPS (the cookie is then never sent in clear)
    readiness_timeout: float = 1.0
    catalog_ttl: float = 60.0
    max_body_bytes: int = 1024 * 1024
    # sign-in lockout: this many failures within lockout_seconds locks the account / the client address
    lockout_account_failures: int = 5
    lockout_ip_failures: int = 30
    lockout_seconds: int = 15 * 60
    # reverse proxies in front of the gateway whose X-Forwarded-For is trusted (the per-address lockout
    # needs the client's address, not the ingress controller's)
    trusted_proxies: int = 0
    # a staff session idle this long is over (ASVS 3.3.2, L2: 30 minutes); the absolute limit is token_ttl
    session_idle_seconds: int = 30 * 60
    # gunicorn, used by gateway.main only
    listen_host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    threads: int = 16
    db_pool_size: int = DEFAULT_POOL_SIZE
    shutdown_grace: float = 10.0

    @classmethod
    def from_config(cls, cfg: ServiceConfig) -> Settings:
        env = cfg.env
        return cls(
            database_url=cfg.database_url,
            secret_key=env.require("GATEWAY_SECRET_KEY"),
            peers=dict(cfg.peers),
            service_token=cfg.service_token,
            tls=cfg.tls,
            call_timeout=cfg.call_timeout,
            token_ttl=env.int("GATEWAY_TOKEN_TTL", 8 * 3600),
            secure_cookies=env.bool("GATEWAY_SECURE_COOKIES", False),
            lockout_account_failures=env.int("GATEWAY_LOCKOUT_ACCOUNT_FAILURES", 5),
            lockout_ip_failures=env.int("GATEWAY_LOCKOUT_IP_FAILURES", 30),
            lockout_seconds=env.int("GATEWAY_LOCKOUT_SECONDS", 15 * 60),
            trusted_proxies=env.int("GATEWAY_TRUSTED_PROXIES", 0),
            session_idle_seconds=env.int("GATEWAY_SESSION_IDLE_SECONDS", 30 * 60),
            listen_host=cfg.listen_host,
            port=cfg.port,
            workers=env.int("GATEWAY_WORKERS", 1),
            threads=env.int("GATEWAY_THREADS", 16),
            db_pool_size=cfg.db_pool_size,
            shutdown_grace=cfg.shutdown_grace,
        )
