"""`tereze run`: the whole suite on one machine — six processes on loopback, SQLite under var/.

`Suite` is also what the end-to-end tests start, so the tests run the suite exactly as `make run` does.
"""

from __future__ import annotations

import os
import pathlib
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tereze import GRPC_SERVICES, SERVICES, migrations
from tereze.config import CALLEES, addr_var

# Start order: callees before callers, so the first calls find their peers.
START_ORDER = ("notify", "registry", "benefits", "routing", "intake", "gateway")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Suite:
    def __init__(self, var_dir: str | pathlib.Path, *, base_port: int | None = 50051, gateway_port: int = 8080,
                 database_urls: dict[str, str] | None = None, extra_env: dict[str, str] | None = None,
                 log_dir: str | pathlib.Path | None = None):
        self.var = pathlib.Path(var_dir).resolve()
        self.var.mkdir(parents=True, exist_ok=True)
        if base_port is None:
            self.ports = {s: _free_port() for s in GRPC_SERVICES}
        else:
            self.ports = {s: base_port + i for i, s in enumerate(GRPC_SERVICES)}
        self.gateway_port = gateway_port or _free_port()
        self.database_urls = database_urls or {s: f"sqlite:///{self.var / (s + '.db')}" for s in SERVICES}
        self.extra_env = dict(extra_env or {})
        self.log_dir = pathlib.Path(log_dir) if log_dir else None
        self.procs: dict[str, subprocess.Popen] = {}
        self._logs: dict[str, object] = {}
        # (caller, callee) -> address: lets fault-injection tests put a proxy on one edge of the call graph.
        self.peer_overrides: dict[tuple[str, str], str] = {}
        # service -> extra environment for that process only.
        self.service_env: dict[str, dict[str, str]] = {}

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def _secret(self, name: str) -> str:
        """A random secret kept under var/ (created once), so a restart keeps sessions and credentials."""
        path = self.var / name
        if not path.exists():
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip()

    def secret_key(self) -> str:
        return self._secret("gateway-secret-key")

    def service_token(self) -> str:
        return self._secret("service-token")

    def env_for(self, service: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "OTEL_SERVICE_NAME"}
        env.update(self.extra_env)
        env["DATABASE_URL"] = self.database_urls[service]
        env["LISTEN_HOST"] = "127.0.0.1"
        env["TEREZE_SERVICE_TOKEN"] = env.get("TEREZE_SERVICE_TOKEN") or self.service_token()
        if service == "gateway":
            env["GATEWAY_PORT"] = str(self.gateway_port)
            env["GATEWAY_SECRET_KEY"] = env.get("GATEWAY_SECRET_KEY") or self.secret_key()
        else:
            env["GRPC_PORT"] = str(self.ports[service])
        for peer in CALLEES[service]:
            env[addr_var(peer)] = self.peer_overrides.get((service, peer), f"127.0.0.1:{self.ports[peer]}")
        env.update(self.service_env.get(service, {}))
        return env

    def prepare(self, seed: bool = True) -> None:
        for service in SERVICES:
            migrations.upgrade(service, self.database_urls[service])
        if seed:
            from gateway.seed import seed as seed_gateway
            from registry.seed import seed as seed_registry

            seed_gateway(self.database_urls["gateway"])
            seed_registry(self.database_urls["registry"])

    def start(self, service: str) -> subprocess.Popen:
        out = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{service}.log", "ab")  # noqa: SIM115 - closed in stop()
            self._logs[service] = out
        proc = subprocess.Popen([sys.executable, "-m", "tereze", "serve", service], env=self.env_for(service),
                                stdout=out, stderr=subprocess.STDOUT if out else None)
        self.procs[service] = proc
        return proc

    def start_all(self) -> None:
        for service in START_ORDER:
            self.start(service)

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {proc.returncode} while starting")
            try:
                with urllib.request.urlopen(self.gateway_url + "/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise TimeoutError("the suite did not become ready in time")

    def stop(self, service: str | None = None, timeout: float = 20.0, sig: int = signal.SIGTERM) -> None:
        names = [service] if service else list(reversed(START_ORDER))
        for name in names:
            proc = self.procs.get(name)
            if proc and proc.poll() is None:
                proc.send_signal(sig)
        for name in names:
            proc = self.procs.get(name)
            if proc is None:
                continue
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log = self._logs.pop(name, None)
            if log:
                log.close()


def main(var_dir: str = "var", base_port: int = 50051) -> int:
    gateway_port = int(os.environ.get("GATEWAY_PORT", "8080"))
    suite = Suite(var_dir, base_port=base_port, gateway_port=gateway_port)
    print(f"Bir Tereze: preparing databases under {suite.var}", flush=True)
    suite.prepare(seed=True)
    stopping = False

    def _stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    suite.start_all()
    try:
        suite.wait_ready()
    except (RuntimeError, TimeoutError) as error:
        print(f"Bir Tereze: {error}", file=sys.stderr)
        suite.stop()
        return 1
    password = "TEREZE_DEMO_PASSWORD" in os.environ and "(from TEREZE_DEMO_PASSWORD)" or "demo"
    print(f"\nBir Tereze is up: {suite.gateway_url}\n"
          f"  demo accounts: clerk.belek, clerk.aral, clerk.natsionalnoe, clerk.malovodnoe, registrar.sokuluk,\n"
          f"                 inspector.sokuluk, monitor, admin — password {password}\n"
          f"  Ctrl-C stops every service; the data stays in {suite.var}\n", flush=True)
    restarts: dict[str, float] = {}
    while not stopping:
        time.sleep(0.5)
        for name, proc in list(suite.procs.items()):
            if proc.poll() is not None and not stopping:
                wait = min(30.0, restarts.get(name, 0.5) * 2)
                restarts[name] = wait
                print(f"Bir Tereze: {name} exited ({proc.returncode}); restarting in {wait:.0f}s", file=sys.stderr)
                time.sleep(wait)
                suite.start(name)
    print("\nBir Tereze: stopping…", flush=True)
    suite.stop()
    return 0
