"""Fixtures of the notify tests: a local HTTP server standing in for the SMS provider, a real SMTP server on
loopback (aiosmtpd), and the notify service built by its own `main.build` with the configuration under test."""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from birtereze.notify.v1 import notify_pb2_grpc
from tereze import migrations
from tereze.channels import Peers
from tereze.config import ServiceConfig
from tests.support import SERVICE_TOKEN, free_port

PHONE = "+996700987654"
EMAIL = "gulnara.asanova@example.kg"
SMS_TOKEN = "sms-token-for-tests"
SMTP_USER = "notify"
SMTP_PASSWORD = "smtp-password-for-tests"


class FakeSmsProvider:
    """The SMS provider's HTTP API (the contract of notify/providers.py), with switchable failures."""

    def __init__(self):
        self.requests: list[dict] = []  # every request: {"id", "to", "text", "headers", "status"}
        self.down = False  # answers 503 while true
        self.fail_next = 0  # the next n requests get 500
        self.status_when_failing = 500
        self.lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with provider.lock:
                    if provider.down:
                        status = 503
                    elif provider.fail_next > 0:
                        provider.fail_next -= 1
                        status = provider.status_when_failing
                    else:
                        status = 202
                    provider.requests.append({**body, "headers": dict(self.headers), "status": status,
                                              "path": self.path})
                payload = json.dumps({"accepted": status == 202}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):  # keep test output (and recipients) out of stderr
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def accepted(self) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["status"] == 202]

    def accepted_ids(self) -> list[str]:
        return [r["id"] for r in self.accepted()]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SmtpSink:
    """What a real SMTP server on loopback received: parsed messages and their envelopes."""

    def __init__(self):
        self.messages: list[dict] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "message": message,
                                  "subject": str(message["Subject"]), "body": message.get_content(),
                                  "authenticated": getattr(session, "authenticated", False)})
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = getattr(auth_data, "login", None) == SMTP_USER.encode() and \
        getattr(auth_data, "password", None) == SMTP_PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def sms_provider():
    provider = FakeSmsProvider()
    yield provider
    provider.close()


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback offering AUTH (plain text over loopback, no TLS); `authenticated` tells."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), authenticator=_authenticator,
                            auth_require_tls=False)
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


def smtp_env(sink: SmtpSink) -> dict[str, str]:
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(sink.port), "SMTP_STARTTLS": "false",
            "SMTP_USERNAME": SMTP_USER, "SMTP_PASSWORD": SMTP_PASSWORD, "SMTP_FROM": "Bir Tereze <noreply@tereze.kg>"}


def sms_env(provider: FakeSmsProvider) -> dict[str, str]:
    return {"SMS_PROVIDER_URL": provider.url, "SMS_PROVIDER_TOKEN": SMS_TOKEN}


FAST_RETRIES = {"NOTIFY_RETRY_BASE_SECONDS": "0.05", "NOTIFY_RETRY_MAX_SECONDS": "0.2", "TEREZE_RELAY_INTERVAL": "0.1"}


class NotifyProcess:
    def __init__(self, url: str, env: dict[str, str]):
        import notify.main

        migrations.upgrade("notify", url)
        port = free_port()
        cfg = ServiceConfig.load("notify", {"DATABASE_URL": url, "GRPC_PORT": str(port), "TEREZE_SHUTDOWN_GRACE": "1",
                                            "TEREZE_SERVICE_TOKEN": SERVICE_TOKEN,
                                            **FAST_RETRIES, **env})
        self.server = notify.main.build(cfg)
        self.peers = Peers({"notify": self.server.address}, timeout=5, token=SERVICE_TOKEN)
        self.client = self.peers.client("notify", notify_pb2_grpc.NotifyServiceStub)

    def start(self) -> NotifyProcess:
        self.server.start()
        return self

    def stop(self) -> None:
        self.peers.close()
        self.server.stop(grace=0.5)


@pytest.fixture
def start_notify(db_factory):
    """start_notify(env) -> a running notify service (gRPC client in `.client`) on a fresh database."""
    started: list[NotifyProcess] = []

    def _start(env: dict[str, str] | None = None, label: str = "notify") -> NotifyProcess:
        process = NotifyProcess(db_factory(label), env or {}).start()
        started.append(process)
        return process

    yield _start
    for process in started:
        with contextlib.suppress(Exception):
            process.stop()
