"""Configuration from the environment: fail fast, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tereze.config import CALLEES, DEFAULT_GRPC_PORTS, ConfigError, ServiceConfig, addr_var

DB = "sqlite:///var/intake.db"


def full_env(service: str, **extra) -> dict[str, str]:
    env = {"DATABASE_URL": DB, "TEREZE_SERVICE_TOKEN": "unit-test-service-token",
           **{addr_var(p): f"127.0.0.1:{DEFAULT_GRPC_PORTS[p]}" for p in CALLEES[service]}}
    env.update(extra)
    return env


@pytest.mark.parametrize("service", ["gateway", "intake", "routing", "registry", "benefits", "notify"])
def test_missing_database_url_is_named(service):
    env = full_env(service)
    del env["DATABASE_URL"]
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        ServiceConfig.load(service, env)


def test_blank_database_url_counts_as_missing():
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        ServiceConfig.load("intake", full_env("intake", DATABASE_URL="   "))


def test_intake_needs_the_routing_address():
    with pytest.raises(ConfigError, match="ROUTING_ADDR"):
        ServiceConfig.load("intake", {"DATABASE_URL": DB})


@pytest.mark.parametrize("service, peer", [(s, p) for s in CALLEES for p in CALLEES[s]])
def test_each_missing_peer_address_is_named(service, peer):
    env = full_env(service)
    del env[addr_var(peer)]
    with pytest.raises(ConfigError) as caught:
        ServiceConfig.load(service, env)
    assert f"{peer.upper()}_ADDR" in str(caught.value)


def test_notify_calls_nobody_and_needs_only_its_database_and_credential():
    cfg = ServiceConfig.load("notify", {"DATABASE_URL": DB, "TEREZE_SERVICE_TOKEN": "unit-test-service-token"})
    assert cfg.peers == {} and cfg.port == DEFAULT_GRPC_PORTS["notify"]


@pytest.mark.parametrize("token", ["", "short"])
def test_the_service_credential_is_required_and_not_trivial(token):
    env = full_env("registry", TEREZE_SERVICE_TOKEN=token)
    with pytest.raises(ConfigError, match="TEREZE_SERVICE_TOKEN"):
        ServiceConfig.load("registry", env)


def test_complete_environment_loads_with_defaults():
    cfg = ServiceConfig.load("routing", full_env("routing"))
    assert cfg.service == "routing" and cfg.database_url == DB
    assert cfg.port == 50052 and cfg.listen_host == "127.0.0.1"
    assert set(cfg.peers) == {"intake", "registry", "benefits", "notify"}
    assert cfg.peers["notify"] == "127.0.0.1:50055"
    assert (cfg.shutdown_grace, cfg.call_timeout, cfg.relay_interval) == (10.0, 5.0, 1.0)


def test_values_are_read_and_trimmed():
    cfg = ServiceConfig.load("intake", full_env(
        "intake", GRPC_PORT=" 6000 ", LISTEN_HOST="0.0.0.0", TEREZE_SHUTDOWN_GRACE="2.5", TEREZE_CALL_TIMEOUT="1",
        TEREZE_RELAY_INTERVAL="0.2"))
    assert (cfg.port, cfg.listen_host, cfg.shutdown_grace, cfg.call_timeout, cfg.relay_interval) == (
        6000, "0.0.0.0", 2.5, 1.0, 0.2)


@pytest.mark.parametrize("port", ["abc", "50051.5", "0", "-1", "65536", "70000"])
def test_bad_grpc_port_is_named(port):
    with pytest.raises(ConfigError, match="GRPC_PORT") as caught:
        ServiceConfig.load("intake", full_env("intake", GRPC_PORT=port))
    assert port in str(caught.value)


@pytest.mark.parametrize("port", ["1", "65535"])
def test_port_limits_are_accepted(port):
    assert ServiceConfig.load("intake", full_env("intake", GRPC_PORT=port)).port == int(port)


def test_bad_gateway_port_is_named():
    with pytest.raises(ConfigError, match="GATEWAY_PORT"):
        ServiceConfig.load("gateway", full_env("gateway", GATEWAY_PORT="http"))
    assert ServiceConfig.load("gateway", full_env("gateway")).port == 8080


def test_the_relay_settings_come_from_the_environment():
    assert ServiceConfig.load("intake", full_env("intake")).relay_settings() == {
        "interval": 1.0, "concurrency": 8, "retention": 7 * 86400.0}
    cfg = ServiceConfig.load("intake", full_env("intake", TEREZE_RELAY_CONCURRENCY="2",
                                                TEREZE_OUTBOX_RETENTION_DAYS="0.5"))
    assert cfg.relay_settings() == {"interval": 1.0, "concurrency": 2, "retention": 43200.0}
    with pytest.raises(ConfigError, match="TEREZE_OUTBOX_RETENTION_DAYS must not be negative"):
        ServiceConfig.load("intake", full_env("intake", TEREZE_OUTBOX_RETENTION_DAYS="-1"))


def test_the_database_pool_size_is_read_and_checked():
    assert ServiceConfig.load("intake", full_env("intake")).db_pool_size == 20
    assert ServiceConfig.load("intake", full_env("intake", TEREZE_DB_POOL_SIZE="5")).db_pool_size == 5
    for bad, message in (("0", "at least 1"), ("many", "whole number")):
        with pytest.raises(ConfigError, match=f"TEREZE_DB_POOL_SIZE must .*{message}"):
            ServiceConfig.load("intake", full_env("intake", TEREZE_DB_POOL_SIZE=bad))


@pytest.mark.parametrize("name", ["TEREZE_SHUTDOWN_GRACE", "TEREZE_CALL_TIMEOUT", "TEREZE_RELAY_INTERVAL",
                                  "TEREZE_OUTBOX_RETENTION_DAYS"])
def test_bad_number_is_named(name):
    with pytest.raises(ConfigError, match=name):
        ServiceConfig.load("intake", full_env("intake", **{name: "soon"}))


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tereze", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def bare_env(**extra) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **extra}


def test_serve_with_an_empty_environment_exits_2_naming_database_url():
    done = run_cli("serve", "intake", env=bare_env())
    assert done.returncode == 2
    assert "DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_names_the_missing_peer_address(tmp_path):
    done = run_cli("serve", "intake", env=bare_env(DATABASE_URL=f"sqlite:///{tmp_path / 'intake.db'}"))
    assert done.returncode == 2 and "ROUTING_ADDR" in done.stderr and "Traceback" not in done.stderr


def test_serve_names_a_bad_port(tmp_path):
    done = run_cli("serve", "intake", env=bare_env(DATABASE_URL=f"sqlite:///{tmp_path / 'intake.db'}",
                                                   ROUTING_ADDR="127.0.0.1:50052", GRPC_PORT="99999"))
    assert done.returncode == 2 and "GRPC_PORT" in done.stderr and "Traceback" not in done.stderr


def test_serve_refuses_an_unknown_service():
    done = run_cli("serve", "passports", env=bare_env())
    assert done.returncode == 2 and "passports" in done.stderr
