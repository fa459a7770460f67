"""The chart's wiring, run for real: what the rendered objects say is started as local processes.

From the rendered chart only: the migration Job's containers run first, then every Deployment's container is
started with its own command, arguments and environment — secretKeyRef values resolved to test values, ConfigMap
mounts written to a temporary directory, every Service name resolved to 127.0.0.1 with a free port per component,
LISTEN_HOST kept on loopback — and each is awaited through its own readiness probe. Then a birth registration
goes end to end through the gateway's public HTTP API. A wrong variable name, port, peer address, mount path or
command in the chart fails here, not in a cluster.
"""

from __future__ import annotations

import os
import pathlib
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import grpc
import pytest
import yaml
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.e2e.http import Api
from tests.support import free_port, wait_for

from ._chart import FULLNAME, NAMESPACE, REPO, SERVICES, container, render

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "wiring-" + secrets.token_hex(4)
# Changed in the catalog given to the chart, to prove routing reads the ConfigMap (CATALOG_FILE), not its default.
CATALOG_MARK = "Birth registration (from the chart's ConfigMap)"
MOTHER_PIN = "11702199100234"
BORN = time.strftime("%Y-%m-%d", time.localtime(time.time() - 3 * 86400))
READY_TIMEOUT = 90.0


def tereze_executable() -> str:
    beside = pathlib.Path(sys.executable).with_name("tereze")
    found = str(beside) if beside.exists() else shutil.which("tereze")
    if not found:
        pytest.fail("the `tereze` console script is not installed in this environment: pip install -e '.[dev]'")
    return found


def catalog_values() -> dict:
    """The chart's shipped catalog with one visible change, given back to it as config.files."""
    catalog = yaml.safe_load((REPO / "helm/files/catalog.yaml").read_text(encoding="utf-8"))
    birth = next(s for s in catalog["services"] if s["code"] == "birth_registration")
    birth["names"]["en"] = CATALOG_MARK
    return {"config": {"files": {"catalog.yaml": yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False)}}}


class Wiring:
    """The rendered chart turned into local processes."""

    def __init__(self, tmp: pathlib.Path):
        self.tmp = tmp
        self.rendered = render(catalog_values())
        self.deployments = self.rendered.by_component("Deployment")
        self.services = self.rendered.by_component("Service")
        self.configmaps = {c["metadata"]["name"]: c for c in self.rendered.of_kind("ConfigMap")}
        assert set(self.deployments) == set(self.services) == set(SERVICES)
        self.exe = tereze_executable()
        self.ports = {name: free_port() for name in SERVICES}
        self.databases = {name: f"sqlite:///{tmp / 'db' / name}.db" for name in SERVICES}
        (tmp / "db").mkdir()
        (tmp / "logs").mkdir()
        self.secrets = {
            ("tereze-database", f"{name}-database-url"): url for name, url in self.databases.items()
        } | {("tereze-gateway", "secret-key"): secrets.token_urlsafe(32),
             ("tereze-service", "token"): secrets.token_urlsafe(32)}
        # Every way a pod may name a Service, mapped to the loopback port of the component behind it.
        self.addresses: dict[str, str] = {}
        for name, service in self.services.items():
            ports = {p["name"]: p["containerPort"] for p in container(self.deployments[name])["ports"]}
            svc = service["metadata"]["name"]
            for port in service["spec"]["ports"]:
                assert port["targetPort"] in ports, f"Service {svc} targets {port['targetPort']}, not a port of {name}"
                for host in (svc, f"{svc}.{NAMESPACE}", f"{svc}.{NAMESPACE}.svc", f"{svc}.{NAMESPACE}.svc.cluster.local"):
                    self.addresses[f"{host}:{port['port']}"] = f"127.0.0.1:{self.ports[name]}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, pathlib.Path] = {}

    # ---- the pod spec, resolved as the kubelet would, then moved to loopback ----

    def secret(self, ref: dict) -> str | None:
        value = self.secrets.get((ref["name"], ref["key"]))
        if value is None and not ref.get("optional"):
            pytest.fail(f"the chart reads Secret {ref['name']} key {ref['key']}, which the test does not provide")
        return value

    def environment(self, component: str, pod: str, c: dict, spec: dict) -> dict[str, str]:
        env: dict[str, str] = {}
        for entry in c.get("env", []):
            name = entry["name"]
            if "value" in entry:
                # Kubernetes' dependent variables: $(VAR) of an earlier variable; $$ escapes.
                value = re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                               lambda m: "$" if m.group(0) == "$$" else env.get(m.group(1), m.group(0)),
                               entry["value"])
            elif "secretKeyRef" in entry["valueFrom"]:
                value = self.secret(entry["valueFrom"]["secretKeyRef"])
                if value is None:
                    continue
            elif "fieldRef" in entry["valueFrom"]:
                value = {"metadata.name": pod, "metadata.namespace": NAMESPACE}[entry["valueFrom"]["fieldRef"]["fieldPath"]]
            elif "configMapKeyRef" in entry["valueFrom"]:
                ref = entry["valueFrom"]["configMapKeyRef"]
                value = self.configmaps[ref["name"]]["data"][ref["key"]]
            else:
                pytest.fail(f"{pod}: cannot resolve env {entry}")
            env[name] = value
        return self.localize(component, pod, c, spec, env)

    def localize(self, component: str, pod: str, c: dict, spec: dict, env: dict[str, str]) -> dict[str, str]:
        # Listen on loopback only, on this component's free port.
        if "LISTEN_HOST" in env:
            assert env["LISTEN_HOST"] == "0.0.0.0", f"{pod}: pods must listen on every interface"
            env["LISTEN_HOST"] = "127.0.0.1"
        for port in c.get("ports", []):
            listen = [k for k, v in env.items() if k.endswith("_PORT") and v == str(port["containerPort"])]
            assert len(listen) == 1, f"{pod}: no single *_PORT variable sets container port {port['containerPort']}"
            env[listen[0]] = str(self.ports[component])
        # Service names -> loopback.
        for name, value in env.items():
            for address, local in self.addresses.items():
                value = re.sub(rf"(?<![\w.-]){re.escape(address)}(?![\w.-])", local, value)
            for service in self.services.values():
                assert not re.search(rf"(?<![\w.-]){re.escape(service['metadata']['name'])}(?![\w-])", value), \
                    f"{pod}: {name}={value!r} names a Service with a port it does not have, or none"
            env[name] = value
        # ConfigMap volumes -> files under tmp, and the paths that point into them.
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for mount in c.get("volumeMounts", []):
            configmap = volumes[mount["name"]].get("configMap")
            if not configmap:
                continue
            local = self.tmp / "mounts" / pod / mount["name"]
            local.mkdir(parents=True)
            data = self.configmaps[configmap["name"]]["data"]
            items = configmap.get("items") or [{"key": k, "path": k} for k in data]
            for item in items:
                (local / item["path"]).write_text(data[item["key"]], encoding="utf-8")
            for name, value in env.items():
                if value == mount["mountPath"] or value.startswith(mount["mountPath"] + "/"):
                    env[name] = str(local) + value[len(mount["mountPath"]):]
                    assert pathlib.Path(env[name]).is_file(), f"{pod}: {name} points at a file the mount lacks"
        return env

    def command(self, c: dict) -> list[str]:
        assert c["command"] == ["tereze"], f"{c['name']}: runs {c['command']}, not the image's `tereze`"
        return [self.exe, *c.get("args", [])]

    def base_env(self) -> dict[str, str]:
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.tmp), "TMPDIR": str(self.tmp),
                "LANG": "C.UTF-8"}

    # ---- running ----

    def migrate(self) -> None:
        job = self.rendered.get("Job", f"{FULLNAME}-migrate")
        spec = job["spec"]["template"]["spec"]
        assert not spec.get("initContainers"), "the external-database Job has nothing to wait for"
        for c in spec["containers"]:
            component = c["args"][-1]
            env = self.base_env() | self.environment(component, f"migrate-{component}", c, spec)
            assert env["DATABASE_URL"] == self.databases[component], f"{c['name']} migrates another database"
            done = subprocess.run(self.command(c), env=env, capture_output=True, text=True, timeout=180)
            assert done.returncode == 0, f"{c['name']} failed:\n{done.stdout}\n{done.stderr}"

    def seed_demo_accounts(self) -> None:
        """Demo accounts (the chart never creates them), in the gateway's database as the gateway pod sees it."""
        gateway = self.deployments["gateway"]
        env = self.environment("gateway", "seed", container(gateway), gateway["spec"]["template"]["spec"])
        env = self.base_env() | env | {"TEREZE_DEMO_PASSWORD": DEMO_PASSWORD}
        done = subprocess.run([self.exe, "seed", "gateway"], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"tereze seed gateway failed:\n{done.stdout}\n{done.stderr}"

    def start(self) -> None:
        for name, deployment in self.deployments.items():
            spec = deployment["spec"]["template"]["spec"]
            c = container(deployment)
            pod = deployment["metadata"]["name"] + "-wiring"
            env = self.base_env() | self.environment(name, pod, c, spec)
            self.logs[name] = self.tmp / "logs" / f"{name}.log"
            with open(self.logs[name], "wb") as out:
                self.procs[name] = subprocess.Popen(self.command(c), env=env, stdout=out, stderr=subprocess.STDOUT,
                                                    start_new_session=True)

    def log_tail(self, name: str, lines: int = 40) -> str:
        text = self.logs[name].read_text(errors="replace") if name in self.logs else ""
        return "\n".join(text.splitlines()[-lines:])

    def ready(self, name: str) -> bool:
        probe = container(self.deployments[name])["readinessProbe"]
        if "grpc" in probe:
            with grpc.insecure_channel(f"127.0.0.1:{self.ports[name]}") as channel:
                try:
                    reply = health_pb2_grpc.HealthStub(channel).Check(
                        health_pb2.HealthCheckRequest(service=probe["grpc"].get("service", "")), timeout=2)
                except grpc.RpcError:
                    return False
                return reply.status == health_pb2.HealthCheckResponse.SERVING
        path = probe["httpGet"]["path"]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.ports[name]}{path}", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def wait_ready(self) -> None:
        waiting = set(SERVICES)
        deadline = time.monotonic() + READY_TIMEOUT
        while waiting and time.monotonic() < deadline:
            for name in sorted(waiting):
                if self.procs[name].poll() is not None:
                    pytest.fail(f"{name} exited with {self.procs[name].returncode} while starting:\n{self.log_tail(name)}")
                if self.ready(name):
                    waiting.discard(name)
            time.sleep(0.2)
        assert not waiting, "not ready in time: " + "; ".join(f"{n}:\n{self.log_tail(n)}" for n in sorted(waiting))

    def gateway_url(self) -> str:
        service = self.services["gateway"]
        local = self.addresses[f"{service['metadata']['name']}:{service['spec']['ports'][0]['port']}"]
        return f"http://{local}"

    def stop(self) -> dict[str, tuple[int | None, float]]:
        """SIGTERM every process; (exit code, seconds to exit) each, as a kubelet would see it."""
        started = {}
        for name, proc in self.procs.items():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                started[name] = time.monotonic()
        result = {}
        for name, proc in self.procs.items():
            grace = self.deployments[name]["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                result[name] = (None, float(grace))
                continue
            result[name] = (proc.returncode, time.monotonic() - started.get(name, time.monotonic()))
        return result


@pytest.fixture(scope="module")
def wiring(tmp_path_factory):
    w = Wiring(tmp_path_factory.mktemp("wiring"))
    try:
        w.migrate()
        w.seed_demo_accounts()
        w.start()
        w.wait_ready()
        yield w
    finally:
        for proc in w.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def birth_body() -> dict:
    return {
        "service": "birth_registration",
        "office": "belek",
        "applicant": {"pin": MOTHER_PIN, "surname": "Токтосунова", "given_name": "Айгүл", "patronymic": "Бакировна",
                      "birth_date": "1991-02-17", "sex": "female", "phone": "+996700112233",
                      "address": "Белек, Ленин көчөсү 12"},
        "details": {"child": {"surname": "Токтосунов", "given_name": "Нурбек", "patronymic": "Эрланович",
                              "sex": "male", "birth_date": BORN, "birth_place": "Белек"},
                    "mother_pin": MOTHER_PIN, "medical_certificate_no": "MC-WIRING-1"},
    }


def test_birth_registration_through_the_charts_wiring(wiring):
    api = Api(wiring.gateway_url())
    clerk = api.login("clerk.belek", DEMO_PASSWORD)
    registrar = api.login("registrar.sokuluk", DEMO_PASSWORD)

    # gateway -> routing, with the catalog from the chart's ConfigMap
    status, catalog = clerk.call("GET", "/api/v1/catalog")
    assert status == 200, catalog
    birth = next(s for s in catalog if s["code"] == "birth_registration")
    assert birth["names"]["en"] == CATALOG_MARK, "routing did not read CATALOG_FILE from the ConfigMap mount"

    body = birth_body() | {"documents": [d["code"] for d in birth["documents"] if d["required"]]}
    status, app = clerk.call("POST", "/api/v1/applications", body, {"Idempotency-Key": f"wiring-{uuid.uuid4()}"})
    assert status == 201, app
    app_id = app["id"]

    def status_of() -> str:
        return clerk.call("GET", f"/api/v1/applications/{app_id}")[1]["status"]

    # intake -> routing -> registry (and notify)
    wait_for(lambda: status_of() in ("routed", "in_review"), timeout=60, message="routed")

    status, decided = registrar.call("POST", f"/api/v1/applications/{app_id}/decision", {"outcome": "approved"},
                                     {"Idempotency-Key": f"wiring-{uuid.uuid4()}"})
    assert status in (200, 201), decided
    # registry -> routing -> intake
    wait_for(lambda: status_of() == "result_ready", timeout=60, message="result_ready")
    _, ready = clerk.call("GET", f"/api/v1/applications/{app_id}")
    assert ready["outcome"] == "approved" and ready["result"]

    status, handed = clerk.call("POST", f"/api/v1/applications/{app_id}/handover", {"rating": 5},
                                {"Idempotency-Key": f"wiring-{uuid.uuid4()}"})
    assert status in (200, 201), handed
    assert status_of() == "handed_over"

    # routing -> notify: the citizen was told twice
    wait_for(lambda: {n["template"] for n in clerk.call("GET", f"/api/v1/applications/{app_id}/notifications")[1]}
             >= {"accepted", "ready"}, timeout=60, message="accepted and ready notifications")

    # the public status page answers without a login
    with urllib.request.urlopen(f"{wiring.gateway_url()}/track/{app['tracking_number']}", timeout=10) as page:
        assert page.status == 200


def test_every_process_drains_within_its_termination_grace(wiring):
    """SIGTERM, as the kubelet sends after the preStop pause: each exits cleanly before it would be killed."""
    exits = wiring.stop()
    for name, (code, seconds) in exits.items():
        spec = wiring.deployments[name]["spec"]["template"]["spec"]
        budget = spec["terminationGracePeriodSeconds"] - spec["containers"][0]["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert code == 0, f"{name} exited with {code} on SIGTERM:\n{wiring.log_tail(name)}"
        assert seconds < budget, f"{name} took {seconds:.1f}s to stop; the pod allows {budget}s after preStop"
