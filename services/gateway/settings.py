"""What the gateway needs to run, read once from tereze's ServiceConfig (the environment)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tereze.config import ServiceConfig


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    peers: dict[str, str] = field(default_factory=dict)
    call_timeout: float = 5.0
    token_ttl: int = 8 * 3600  # one shift at the window
    secure_cookies: bool = False  # set when served over HTTPS (the cookie is then never sent in clear)
    readiness_timeout: float = 1.0
    catalog_ttl: float = 60.0
    max_body_bytes: int = 1024 * 1024
    # gunicorn, used by gateway.main only
    listen_host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    threads: int = 16
    shutdown_grace: float = 10.0

    @classmethod
    def from_config(cls, cfg: ServiceConfig) -> Settings:
        env = cfg.env
        return cls(
            database_url=cfg.database_url,
            secret_key=env.require("GATEWAY_SECRET_KEY"),
            peers=dict(cfg.peers),
            call_timeout=cfg.call_timeout,
            token_ttl=env.int("GATEWAY_TOKEN_TTL", 8 * 3600),
            secure_cookies=env.bool("GATEWAY_SECURE_COOKIES", False),
            listen_host=cfg.listen_host,
            port=cfg.port,
            workers=env.int("GATEWAY_WORKERS", 1),
            threads=env.int("GATEWAY_THREADS", 16),
            shutdown_grace=cfg.shutdown_grace,
        )
