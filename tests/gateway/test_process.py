"""`tereze serve gateway` as a real process: gunicorn serves, fails fast on missing configuration, stops
gracefully on SIGTERM, and the worker flushes its spans to OTLP on the way out."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from gateway.main import bind_address, gunicorn_options
from tereze import GRPC_SERVICES
from tereze.config import addr_var
from tests.e2e.otlp import HttpReceiver
from tests.gateway.conftest import PASSWORD, make_settings
from tests.support import SERVICE_TOKEN, free_port, wait_for

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _env(suite, gateway_db, port, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update({
        "DATABASE_URL": gateway_db,
        "GATEWAY_PORT": str(port),
        "GATEWAY_SECRET_KEY": "process-test-secret",
        "TEREZE_SERVICE_TOKEN": SERVICE_TOKEN,
        "GATEWAY_THREADS": "4",
        "TEREZE_SHUTDOWN_GRACE": "3",
        **{addr_var(s): suite.address(s) for s in GRPC_SERVICES},
    })
    env.update(extra)
    return env


def _get(url: str, data: dict | None = None, token: str | None = None):
    request = urllib.request.Request(url, data=json.dumps(data).encode() if data is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=5) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
    except OSError:
        return None, None


def test_gunicorn_options_follow_the_settings():
    settings = make_settings("sqlite://", {}, threads=7, shutdown_grace=4.5, port=9999, listen_host="0.0.0.0")
    options = gunicorn_options(settings)
    assert options["worker_class"] == "gthread" and options["threads"] == 7 and options["workers"] == 1
    assert options["graceful_timeout"] == 5 and options["bind"] == ["0.0.0.0:9999"]
    assert options["preload_app"] is False and options["accesslog"] is None
    assert bind_address("::", 8080) == "[::]:8080"


def test_missing_secret_key_fails_fast_naming_it(suite, gateway_db):
    env = _env(suite, gateway_db, free_port())
    del env["GATEWAY_SECRET_KEY"]
    done = subprocess.run([sys.executable, "-m", "tereze", "serve", "gateway"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "GATEWAY_SECRET_KEY" in done.stderr


def test_serves_stops_on_sigterm_and_flushes_spans(suite, gateway_db, tmp_path):
    receiver = HttpReceiver().start()
    port = free_port()
    env = _env(suite, gateway_db, port, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint,
               OTEL_EXPORTER_OTLP_PROTOCOL="http/protobuf", OTEL_BSP_SCHEDULE_DELAY="60000")
    log = (tmp_path / "gateway.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "tereze", "serve", "gateway"], env=env, cwd=ROOT,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _get(base + "/readyz")[0] == 200, timeout=30, message="gateway ready")
        status, token = _get(base + "/api/v1/auth/token", {"username": "clerk.belek", "password": PASSWORD})
        assert status == 200
        status, catalog = _get(base + "/api/v1/catalog", token=token["token"])
        assert status == 200 and len(catalog) == 6
        # The batch processor waits a minute before exporting: only the flush at worker exit sends the spans.
        assert receiver.received.spans == []
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
        receiver.stop()
    output = (tmp_path / "gateway.log").read_text()
    spans = receiver.received.spans
    assert {s[0] for s in spans} >= {"gateway"}, output
    assert any(name == "GET /api/v1/catalog" for _, _, name, _ in spans), spans
    # The gateway's call to routing makes no CLIENT span: the request's span stands for it (routing's SERVER
    # span, its child, is exported by routing).
    assert not any(name.startswith("/birtereze.") for _, _, name, _ in spans), spans
    assert not any("/healthz" in name or "/readyz" in name for _, _, name, _ in spans)
    # every line gunicorn and the app wrote is JSON (tereze.logs), and none is an access-log line with a path
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines and all(line.startswith("{") for line in lines), output
    assert any(json.loads(line).get("route") == "/api/v1/catalog" for line in lines)


@pytest.mark.parametrize("variable", ["DATABASE_URL", "INTAKE_ADDR"])
def test_other_required_settings_are_named(suite, gateway_db, variable):
    env = _env(suite, gateway_db, free_port())
    del env[variable]
    done = subprocess.run([sys.executable, "-m", "tereze", "serve", "gateway"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and variable in done.stderr
