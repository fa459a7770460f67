"""What the rendered objects must say: per-component objects, the call graph, security, probes, shutdown, wiring."""

from __future__ import annotations

import pytest
import yaml

from ._chart import (
    CALL_GRAPH,
    COMPONENT_LABEL,
    EDGES,
    FULLNAME,
    GRPC_SERVICES,
    REPO,
    SCENARIOS,
    SERVICES,
    chart,
    component_of_selector,
    container,
    env_of,
    peer_component,
    render,
    render_scenario,
)

ALL = sorted(SCENARIOS)
PORTS_DNS, PORTS_OTLP = {53}, {4317, 4318}


def hpa_on(scenario: str, service: str) -> bool:
    values = chart().merge_values(SCENARIOS[scenario])
    block = values["components"][service].get("autoscaling", {})
    return block.get("enabled", values["default"]["autoscaling"]["enabled"])


# ---- each component has its objects ----


@pytest.mark.parametrize("scenario", ALL)
def test_each_component_has_all_its_objects(scenario):
    r = render_scenario(scenario)
    policies_on = chart().merge_values(SCENARIOS[scenario])["networkPolicy"]["enabled"]
    deployments = r.by_component("Deployment")
    services = r.by_component("Service")
    accounts = r.by_component("ServiceAccount")
    hpas = r.by_component("HorizontalPodAutoscaler")
    pdbs = r.by_component("PodDisruptionBudget")
    policies = r.by_component("NetworkPolicy")
    assert set(deployments) == set(services) == set(accounts) == set(pdbs) == set(SERVICES)
    assert set(policies) == (set(SERVICES) if policies_on else set())
    assert set(hpas) == {s for s in SERVICES if hpa_on(scenario, s)}

    for name in SERVICES:
        deployment = deployments[name]
        pod = deployment["spec"]["template"]
        labels = pod["metadata"]["labels"]
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert selector.items() <= labels.items() and component_of_selector({"matchLabels": selector}) == name
        assert deployment["metadata"]["name"] == f"{FULLNAME}-{name}"
        assert pod["spec"]["serviceAccountName"] == accounts[name]["metadata"]["name"]
        assert accounts[name]["automountServiceAccountToken"] is False

        service = services[name]
        assert service["spec"]["selector"] == selector
        port_names = {p["name"]: p["containerPort"] for p in container(deployment)["ports"]}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names, f"{name}: Service targets a port the container lacks"

        assert pdbs[name]["spec"]["selector"]["matchLabels"] == selector
        if name in hpas:
            target = hpas[name]["spec"]["scaleTargetRef"]
            assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
            assert "replicas" not in deployment["spec"], f"{name}: the HPA owns the replica count"
        else:
            assert isinstance(deployment["spec"]["replicas"], int)
        if name in policies:
            assert policies[name]["spec"]["podSelector"]["matchLabels"] == selector


def test_scaled_scenario_renders_exactly_those_replicas_and_bounds():
    """Each service scaled differently (SCALED in _chart.py): exactly those counts and bounds, nothing else."""
    r = render_scenario("scaled")
    deployments = r.by_component("Deployment")
    hpas = r.by_component("HorizontalPodAutoscaler")
    expected_replicas = {"intake": 4, "registry": 1, "notify": 2}
    expected_bounds = {"gateway": (3, 9), "routing": (2, 6), "benefits": (1, 2)}
    assert {n: d["spec"]["replicas"] for n, d in deployments.items() if "replicas" in d["spec"]} == expected_replicas
    assert {n: (h["spec"]["minReplicas"], h["spec"]["maxReplicas"]) for n, h in hpas.items()} == expected_bounds
    # routing alone also scales on memory; the others on CPU only, at the default target
    metrics = {n: {m["resource"]["name"]: m["resource"]["target"]["averageUtilization"] for m in h["spec"]["metrics"]}
               for n, h in hpas.items()}
    assert metrics == {"gateway": {"cpu": 75}, "routing": {"cpu": 75, "memory": 80}, "benefits": {"cpu": 75}}


def test_autoscaling_off_renders_fixed_replicas_and_no_autoscaler():
    r = render_scenario("autoscaling-off")
    assert r.of_kind("HorizontalPodAutoscaler") == []
    assert {n: d["spec"]["replicas"] for n, d in r.by_component("Deployment").items()} == dict.fromkeys(SERVICES, 2)


def test_default_scales_every_service_with_an_autoscaler():
    hpas = render_scenario("default").by_component("HorizontalPodAutoscaler")
    assert {n: (h["spec"]["minReplicas"], h["spec"]["maxReplicas"]) for n, h in hpas.items()} == \
        dict.fromkeys(SERVICES, (2, 4))


# ---- network policies: exactly the call graph ----


def policy_edges(policies: dict[str, dict]) -> tuple[set, set]:
    """(edges allowed by ingress rules, edges allowed by egress rules) between the six services."""
    ingress, egress = set(), set()
    for name, policy in policies.items():
        for rule in policy["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                if (caller := peer_component(peer)) is not None:
                    ingress.add((caller, name))
        for rule in policy["spec"].get("egress", []):
            for peer in rule.get("to", []):
                if (callee := peer_component(peer)) is not None:
                    egress.add((name, callee))
    return ingress, egress


@pytest.mark.parametrize("scenario", [s for s in ALL if s != "no-network-policy"])
def test_network_policy_edges_equal_the_call_graph(scenario):
    policies = render_scenario(scenario).by_component("NetworkPolicy")
    ingress, egress = policy_edges(policies)
    assert ingress == EDGES, f"ingress allows {sorted(ingress - EDGES)}, misses {sorted(EDGES - ingress)}"
    assert egress == EDGES, f"egress allows {sorted(egress - EDGES)}, misses {sorted(EDGES - egress)}"


@pytest.mark.parametrize("scenario", [s for s in ALL if s != "no-network-policy"])
def test_network_policies_deny_everything_else(scenario):
    r = render_scenario(scenario)
    values = chart().merge_values(SCENARIOS[scenario])
    otlp_on = bool(values["opentelemetry"]["endpoint"])
    db_ports = {5432} if values["postgresql"]["enabled"] else {p["port"] for p in values["networkPolicy"]["database"]["ports"]}
    deployments = r.by_component("Deployment")
    for name, policy in r.by_component("NetworkPolicy").items():
        spec = policy["spec"]
        assert sorted(spec["policyTypes"]) == ["Egress", "Ingress"], f"{name}: both directions are deny-by-default"
        own_port = container(deployments[name])["ports"][0]["containerPort"]
        for rule in spec.get("ingress", []):
            assert [p["port"] for p in rule.get("ports", [])] == [own_port], f"{name}: ingress only to its own port"
            if name != "gateway":  # the gateway alone is public (ingress controller, helm test)
                assert rule.get("from") and all(peer_component(p) for p in rule["from"]), \
                    f"{name}: ingress only from its callers: {rule}"
        for rule in spec["egress"]:
            assert rule.get("to"), f"{name}: an egress rule without `to` allows every destination"
            ports = {p["port"] for p in rule.get("ports", [])}
            callees = {peer_component(p) for p in rule["to"]}
            if callees <= set(SERVICES):
                callee_ports = {container(deployments[c])["ports"][0]["containerPort"] for c in callees}
                assert ports == callee_ports, f"{name}: egress to {callees} on {ports}"
            elif name == "notify" and ports & {443, 465, 587, 25}:
                continue  # the SMS provider and SMTP relays
            else:
                allowed = PORTS_DNS | db_ports | (PORTS_OTLP if otlp_on else set())
                assert ports <= allowed, f"{name}: egress to {rule['to']} on {ports}, allowed {allowed}"
        assert any({p["port"] for p in r["ports"]} == PORTS_DNS for r in spec["egress"]), f"{name}: no DNS"
        assert any({p["port"] for p in r["ports"]} & db_ports for r in spec["egress"]), f"{name}: no database"
        assert otlp_on == any({p["port"] for p in r["ports"]} & PORTS_OTLP for r in spec["egress"]), \
            f"{name}: OTLP egress exactly when an endpoint is set"


def test_gateway_accepts_only_the_ingress_controller_and_the_test_pod_when_restricted():
    policy = render_scenario("ingress").by_component("NetworkPolicy")["gateway"]
    public = [rule for rule in policy["spec"]["ingress"] if not all(peer_component(p) for p in rule["from"])]
    assert len(public) == 1
    peers = public[0]["from"]
    assert {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}} in peers
    assert any(component_of_selector(p.get("podSelector")) == "test" for p in peers)
    test_pod = render_scenario("ingress").of_kind("Pod")[0]
    assert test_pod["metadata"]["labels"][COMPONENT_LABEL] == "test"


def test_bundled_postgresql_accepts_only_the_services_and_migrations():
    r = render_scenario("bundled-db")
    policy = r.get("NetworkPolicy", f"{FULLNAME}-postgresql")
    sources = {component_of_selector(p["podSelector"]) for rule in policy["spec"]["ingress"] for p in rule["from"]}
    assert sources == set(SERVICES) | {"migrate"}
    assert policy["spec"]["egress"] == []


# ---- security: no pod privileged or root ----


@pytest.mark.parametrize("scenario", ALL)
def test_no_pod_runs_privileged_or_as_root(scenario):
    r = render_scenario(scenario)
    specs = r.pod_specs()
    assert specs
    for ident, spec in specs:
        pod_sc = spec.get("securityContext", {})
        assert pod_sc.get("runAsNonRoot") is True, ident
        assert pod_sc.get("runAsUser", 1) != 0 and pod_sc.get("runAsGroup", 1) != 0, ident
        assert pod_sc.get("seccompProfile", {}).get("type") == "RuntimeDefault", ident
        assert spec.get("automountServiceAccountToken") is False, ident
        assert spec.get("enableServiceLinks") is False, ident
        for key in ("hostNetwork", "hostPID", "hostIPC"):
            assert not spec.get(key), f"{ident}: {key}"
        for c in spec.get("initContainers", []) + spec["containers"]:
            sc = c.get("securityContext", {})
            where = f"{ident}/{c['name']}"
            assert sc.get("privileged") in (None, False), where
            assert sc.get("allowPrivilegeEscalation") is False, where
            assert sc.get("readOnlyRootFilesystem") is True, where
            assert sc.get("runAsUser", 1) != 0, where
            assert sc.get("capabilities", {}).get("drop") == ["ALL"] and not sc["capabilities"].get("add"), where
            assert c.get("resources", {}).get("requests") and c["resources"].get("limits"), f"{where}: resources"


def test_service_pods_write_only_to_an_emptydir_tmp():
    for name, deployment in render_scenario("default").by_component("Deployment").items():
        spec = deployment["spec"]["template"]["spec"]
        volumes = {v["name"]: v for v in spec["volumes"]}
        mounts = {m["mountPath"]: m for m in container(deployment)["volumeMounts"]}
        assert "emptyDir" in volumes[mounts["/tmp"]["name"]], name
        writable = [p for p, m in mounts.items() if not m.get("readOnly") and p != "/tmp"]
        assert writable == [], f"{name}: writable mounts {writable}"


# ---- probes and shutdown ----


def test_grpc_services_have_native_grpc_probes_and_gateway_http_ones():
    for name, deployment in render_scenario("default").by_component("Deployment").items():
        c = container(deployment)
        port = c["ports"][0]
        if name in GRPC_SERVICES:
            assert port["name"] == "grpc"
            for probe in ("livenessProbe", "readinessProbe"):
                assert c[probe]["grpc"]["port"] == port["containerPort"], f"{name} {probe}"
        else:
            assert port["name"] == "http"
            assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
            assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}


@pytest.mark.parametrize("grace,pause", [(10, 5), (30, 1)])
def test_termination_grace_outlasts_the_pause_and_the_drain(grace, pause):
    r = render({"default": {"shutdownGraceSeconds": grace, "preStopSleepSeconds": pause}})
    for name, deployment in r.by_component("Deployment").items():
        c = container(deployment)
        drain = int(env_of(c)["TEREZE_SHUTDOWN_GRACE"]["value"])
        sleep = c["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert (drain, sleep) == (grace, pause)
        assert deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > drain + sleep, name


# ---- environment: the runtime contract ----


@pytest.mark.parametrize("scenario", ALL)
def test_environment_follows_the_runtime_contract(scenario):
    r = render_scenario(scenario)
    values = chart().merge_values(SCENARIOS[scenario])
    services = r.by_component("Service")
    for name, deployment in r.by_component("Deployment").items():
        c = container(deployment)
        names = [e["name"] for e in c["env"]]
        assert len(names) == len(set(names)), f"{name}: duplicate env {names}"
        env = env_of(c)
        assert c["command"] == ["tereze"] and c["args"] == ["serve", name]
        assert env["LISTEN_HOST"]["value"] == "0.0.0.0"
        port_var = "GATEWAY_PORT" if name == "gateway" else "GRPC_PORT"
        assert env[port_var]["value"] == str(c["ports"][0]["containerPort"])
        assert env["OTEL_SERVICE_NAME"]["value"] == name
        assert env["OTEL_PYTHON_GRPC_EXCLUDED_SERVICES"]["value"] == "grpc.health.v1.Health"
        assert env["LOG_LEVEL"]["value"] == "INFO"
        # exactly the addresses of its callees, each the callee's Service name and port
        addrs = {n[: -len("_ADDR")].lower(): e["value"] for n, e in env.items() if n.endswith("_ADDR")}
        assert set(addrs) == CALL_GRAPH[name], name
        for callee, addr in addrs.items():
            svc = services[callee]
            assert addr == f"{svc['metadata']['name']}:{svc['spec']['ports'][0]['port']}"
        # the database
        if values["postgresql"]["enabled"]:
            assert env["DATABASE_URL"]["value"] == (
                f"postgresql+psycopg://tereze:$(TEREZE_DATABASE_PASSWORD)@{FULLNAME}-postgresql:5432/{name}")
            assert names.index("TEREZE_DATABASE_PASSWORD") < names.index("DATABASE_URL")  # $(VAR) needs order
        else:
            assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {
                "name": values["externalDatabase"]["existingSecret"], "key": f"{name}-database-url"}
        # tracing
        otel = values["opentelemetry"]
        if otel["endpoint"]:
            assert env["OTEL_EXPORTER_OTLP_ENDPOINT"]["value"] == otel["endpoint"]
            assert env["OTEL_EXPORTER_OTLP_PROTOCOL"]["value"] == otel["protocol"]
            assert "OTEL_TRACES_EXPORTER" not in env
        else:
            assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in env and env["OTEL_TRACES_EXPORTER"]["value"] == "none"
        assert env["OTEL_TRACES_SAMPLER"]["value"] == otel["sampler"]
        assert env["OTEL_TRACES_SAMPLER_ARG"]["value"] == str(otel["samplerArg"])
        # no secret is ever a literal
        for var, entry in env.items():
            if any(word in var for word in ("PASSWORD", "TOKEN", "SECRET", "DATABASE_URL")) and "$(" not in \
                    entry.get("value", ""):
                assert "secretKeyRef" in entry.get("valueFrom", {}), f"{name}: {var} must come from a Secret"
    if not values["postgresql"]["enabled"]:
        assert r.of_kind("Secret") == [], "the chart renders no Secret: secrets are references"


def test_gateway_session_key_and_provider_credentials_are_secret_references():
    default = render_scenario("default").by_component("Deployment")
    gw = env_of(container(default["gateway"]))
    assert gw["GATEWAY_SECRET_KEY"]["valueFrom"]["secretKeyRef"] == {"name": "tereze-gateway", "key": "secret-key"}
    notify = env_of(container(default["notify"]))
    assert not {"SMS_PROVIDER_TOKEN", "SMTP_PASSWORD", "SMTP_HOST", "SMS_PROVIDER_URL"} & set(notify), \
        "unset provider settings are left out"
    assert notify["SMTP_PORT"]["value"] == "587" and notify["SMTP_STARTTLS"]["value"] == "true"

    extras = render_scenario("providers-and-extras").by_component("Deployment")
    notify = env_of(container(extras["notify"]))
    assert notify["SMTP_PASSWORD"]["valueFrom"]["secretKeyRef"] == {"name": "tereze-notify", "key": "smtp-password"}
    assert notify["SMS_PROVIDER_TOKEN"]["valueFrom"]["secretKeyRef"] == {
        "name": "tereze-notify", "key": "sms-provider-token", "optional": True}
    assert notify["SMTP_HOST"]["value"] == "smtp.example.org"
    for deployment in extras.values():
        assert env_of(container(deployment))["LOG_FORMAT"]["value"] == "json"  # default.env reaches everyone


def test_values_env_replaces_a_chart_variable_in_place():
    r = render({"components": {"intake": {"env": {"LOG_LEVEL": "DEBUG", "TEREZE_CALL_TIMEOUT": "3"}}}})
    intake = container(r.by_component("Deployment")["intake"])
    names = [e["name"] for e in intake["env"]]
    assert names.count("LOG_LEVEL") == 1 and env_of(intake)["LOG_LEVEL"]["value"] == "DEBUG"
    assert names.count("TEREZE_CALL_TIMEOUT") == 1 and env_of(intake)["TEREZE_CALL_TIMEOUT"]["value"] == "3"


def test_image_reference():
    default = container(render_scenario("default").by_component("Deployment")["gateway"])
    assert default["image"] == f"tereze:{chart().metadata['appVersion']}"
    pinned = render_scenario("providers-and-extras").by_component("Deployment")["gateway"]
    assert container(pinned)["image"] == "registry.example.org/tereze@sha256:" + "ab" * 32
    assert pinned["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "regcred"}]


# ---- catalog and benefit parameters ----


def test_catalog_and_parameters_are_mounted_from_the_configmap():
    r = render_scenario("default")
    configmap = r.get("ConfigMap", f"{FULLNAME}-config")
    deployments = r.by_component("Deployment")
    for name, var, key in [("routing", "CATALOG_FILE", "catalog.yaml"),
                           ("benefits", "BENEFIT_PARAMETERS_FILE", "benefit-parameters.yaml")]:
        c = container(deployments[name])
        spec = deployments[name]["spec"]["template"]["spec"]
        path = env_of(c)[var]["value"]
        mount = next(m for m in c["volumeMounts"] if path.startswith(m["mountPath"] + "/"))
        assert mount["readOnly"] is True
        volume = next(v for v in spec["volumes"] if v["name"] == mount["name"])
        assert volume["configMap"]["name"] == configmap["metadata"]["name"]
        assert {i["path"]: i["key"] for i in volume["configMap"]["items"]}[path[len(mount["mountPath"]) + 1:]] == key
        yaml.safe_load(configmap["data"][key])  # valid YAML
        assert deployments[name]["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
    for name in set(SERVICES) - {"routing", "benefits"}:
        assert not any(k.endswith("_FILE") for k in env_of(container(deployments[name]))), name


def test_configmap_files_are_the_service_defaults():
    """helm/files/ mirrors the defaults the services package; a change to one must reach the other."""
    configmap = render_scenario("default").get("ConfigMap", f"{FULLNAME}-config")
    sources = {"catalog.yaml": REPO / "services/routing/catalog.yaml",
               "benefit-parameters.yaml": REPO / "services/benefits/parameters.yaml"}
    for key, source in sources.items():
        chart_file = REPO / "helm/files" / key
        assert configmap["data"][key] == chart_file.read_text(encoding="utf-8")
        if source.exists():
            assert chart_file.read_text(encoding="utf-8") == source.read_text(encoding="utf-8"), (
                f"helm/files/{key} differs from {source.relative_to(REPO)}: "
                f"ln -sf ../../{source.relative_to(REPO)} helm/files/{key}")


def test_catalog_can_be_replaced_by_a_value():
    r = render({"config": {"files": {"catalog.yaml": "services: []\n"}}})
    assert r.get("ConfigMap", f"{FULLNAME}-config")["data"]["catalog.yaml"] == "services: []\n"


# ---- migrations ----


@pytest.mark.parametrize("scenario,hook", [("default", "pre-install,pre-upgrade"),
                                           ("bundled-db", "post-install,pre-upgrade")])
def test_migrations_run_as_a_hook_job_per_service_database(scenario, hook):
    r = render_scenario(scenario)
    job = r.get("Job", f"{FULLNAME}-migrate")
    assert job["metadata"]["annotations"]["helm.sh/hook"] == hook
    spec = job["spec"]["template"]["spec"]
    assert spec["restartPolicy"] == "Never"
    by_service = {c["args"][1]: c for c in spec["containers"]}
    assert set(by_service) == set(SERVICES)
    deployments = r.by_component("Deployment")
    for name, c in by_service.items():
        assert c["command"] == ["tereze"] and c["args"] == ["migrate", name]
        assert env_of(c)["DATABASE_URL"] == env_of(container(deployments[name]))["DATABASE_URL"]
    if scenario == "bundled-db":
        assert spec["initContainers"][0]["name"] == "wait-for-postgresql"
    policy = r.get("NetworkPolicy", f"{FULLNAME}-migrate")
    assert policy["metadata"]["annotations"]["helm.sh/hook"] == hook
    assert int(policy["metadata"]["annotations"]["helm.sh/hook-weight"]) < 0  # before the Job
    assert policy["spec"]["ingress"] == []


def test_migrations_can_be_turned_off():
    assert render_scenario("no-network-policy").of_kind("Job") == []


# ---- bundled or external database ----


def test_external_database_is_the_default_and_nothing_is_bundled():
    r = render_scenario("default")
    assert r.of_kind("StatefulSet") == [] and r.of_kind("Secret") == []


def test_bundled_postgresql_is_one_official_instance_with_a_database_per_service():
    r = render_scenario("bundled-db")
    sts = r.get("StatefulSet", f"{FULLNAME}-postgresql")
    assert sts["spec"]["replicas"] == 1
    pg = sts["spec"]["template"]["spec"]["containers"][0]
    assert pg["image"].startswith("docker.io/library/postgres:")
    assert sts["spec"]["volumeClaimTemplates"][0]["spec"]["storageClassName"] == "standard"
    secret = r.get("Secret", f"{FULLNAME}-postgresql")
    assert secret["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    assert env_of(pg)["POSTGRES_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == secret["metadata"]["name"]
    init = r.get("ConfigMap", f"{FULLNAME}-postgresql-init")["data"]["10-databases.sql"]
    assert {line.split()[2].rstrip(";") for line in init.splitlines() if line.startswith("CREATE DATABASE")} == \
        set(SERVICES)
    assert r.get("Service", f"{FULLNAME}-postgresql")["spec"]["ports"][0]["port"] == 5432


def test_bundled_postgresql_admits_every_connection_the_services_may_open_at_full_scale():
    """Each process keeps up to DEFAULT_POOL_SIZE connections; at maxReplicas everywhere the bundled server must
    not answer 'too many clients' (PostgreSQL's own default of 100 would, at a quarter of the scale)."""
    from tereze.db import DEFAULT_POOL_SIZE

    r = render_scenario("bundled-db")
    pg = r.get("StatefulSet", f"{FULLNAME}-postgresql")["spec"]["template"]["spec"]["containers"][0]
    assert pg["args"][0] == "-c" and pg["args"][1].startswith("max_connections=")
    allowed = int(pg["args"][1].split("=")[1])
    deployments = r.by_component("Deployment")
    hpas = r.by_component("HorizontalPodAutoscaler")
    most = 0
    for name, deployment in deployments.items():
        replicas = hpas[name]["spec"]["maxReplicas"] if name in hpas else deployment["spec"]["replicas"]
        env = env_of(deployment["spec"]["template"]["spec"]["containers"][0])
        pool = int(env.get("TEREZE_DB_POOL_SIZE", {}).get("value", DEFAULT_POOL_SIZE))
        workers = int(env.get("GATEWAY_WORKERS", {}).get("value", 1))
        most += replicas * pool * workers
    assert most >= 6 * 20 and allowed >= most + 3, (allowed, most)  # + PostgreSQL's reserved superuser slots


# ---- ingress, helm test, NOTES ----


def test_ingress_routes_to_the_gateway_service():
    r = render_scenario("ingress")
    ingress = r.get("Ingress", f"{FULLNAME}-gateway")
    assert ingress["spec"]["ingressClassName"] == "nginx"
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    service = r.by_component("Service")["gateway"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    assert "https://tereze.sokuluk.kg/" in r.notes
    assert render_scenario("default").of_kind("Ingress") == []


def test_helm_test_hook_checks_gateway_readiness():
    r = render_scenario("default")
    (pod,) = r.of_kind("Pod")
    assert pod["metadata"]["annotations"]["helm.sh/hook"] == "test"
    service = r.by_component("Service")["gateway"]
    url = f"http://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}/readyz"
    assert pod["spec"]["containers"][0]["args"][-1] == url
    assert pod["spec"]["restartPolicy"] == "Never"


def test_notes_tell_how_to_reach_the_ui():
    notes = render_scenario("default").notes
    assert f"port-forward service/{FULLNAME}-gateway 8080:8080" in notes
    assert "http://127.0.0.1:8080/" in notes
    assert "tereze-database" in notes and "tereze-gateway" in notes


def test_mutual_tls_mounts_the_secret_and_probes_the_plaintext_health_port():
    r = render({"serviceTLS": {"enabled": True, "secretName": "tereze-service-tls", "mountPath": "/etc/tereze/tls",
                               "healthPort": 50060}})
    for name, deployment in r.by_component("Deployment").items():
        c = container(deployment)
        env = env_of(c)
        assert env["TEREZE_TLS_CERT"]["value"] == "/etc/tereze/tls/tls.crt"
        assert env["TEREZE_TLS_CA"]["value"] == "/etc/tereze/tls/ca.crt"
        volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
        assert volumes["service-tls"]["secret"]["secretName"] == "tereze-service-tls"
        assert {"name": "service-tls", "mountPath": "/etc/tereze/tls", "readOnly": True} in c["volumeMounts"]
        if name == "gateway":
            assert "TEREZE_HEALTH_PORT" not in env and "httpGet" in c["readinessProbe"]
        else:
            assert env["TEREZE_HEALTH_PORT"]["value"] == "50060"
            assert c["readinessProbe"]["grpc"]["port"] == c["livenessProbe"]["grpc"]["port"] == 50060
    off = container(render().by_component("Deployment")["intake"])
    assert "TEREZE_TLS_CERT" not in env_of(off) and off["readinessProbe"]["grpc"]["port"] == 50051
