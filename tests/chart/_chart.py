"""The chart rendered by real Helm (helm-python-sdk embeds Helm's Go SDK; no helm binary) and read as objects.

Importing this module skips the importing test module, with the reason, when helm-python-sdk cannot load (not
installed, or its native library does not load on this platform). Everything else is a failure.
"""

from __future__ import annotations

import functools
import pathlib
from typing import Any

import pytest
import yaml

try:
    import helm_python as helm

    HELM_VERSION = helm.helm_sdk_version()
except Exception as error:  # ImportError, OSError from the native library, HelmLibraryError
    pytest.skip(
        f"helm-python-sdk cannot load ({type(error).__name__}: {error}); the chart tests need it: "
        "pip install -e '.[dev]'",
        allow_module_level=True,
    )

REPO = pathlib.Path(__file__).resolve().parents[2]
CHART = REPO / "helm"
RELEASE = "bt"
NAMESPACE = "tereze"
FULLNAME = f"{RELEASE}-tereze"

SERVICES = ("gateway", "intake", "routing", "registry", "benefits", "notify")
GRPC_SERVICES = SERVICES[1:]

# DESIGN.md, "Services" (caller -> callees), written out here on purpose: the chart's `calls` values must match it.
CALL_GRAPH: dict[str, set[str]] = {
    "gateway": {"intake", "routing", "registry", "benefits", "notify"},
    "intake": {"routing"},
    "routing": {"intake", "registry", "benefits", "notify"},
    "registry": {"routing"},
    "benefits": {"routing", "registry"},
    "notify": set(),
}
EDGES = {(caller, callee) for caller, callees in CALL_GRAPH.items() for callee in callees}

NAME_LABEL = "app.kubernetes.io/name"
INSTANCE_LABEL = "app.kubernetes.io/instance"
COMPONENT_LABEL = "app.kubernetes.io/component"

# Scenario values for the render, lint and validation tests.
SCALED = {
    "gateway": {"autoscaling": {"enabled": True, "minReplicas": 3, "maxReplicas": 9}},
    "intake": {"autoscaling": {"enabled": False}, "replicas": 4},
    "routing": {"autoscaling": {"minReplicas": 2, "maxReplicas": 6, "targetMemoryUtilizationPercentage": 80}},
    "registry": {"autoscaling": {"enabled": False}, "replicas": 1},
    "benefits": {"autoscaling": {"minReplicas": 1, "maxReplicas": 2}},
    "notify": {"autoscaling": {"enabled": False}, "replicas": 2},
}
SCENARIOS: dict[str, dict[str, Any]] = {
    "default": {},
    "service-tls": {"serviceTLS": {"enabled": True, "secretName": "tereze-service-tls", "mountPath": "/etc/tereze/tls",
                                   "healthPort": 50060}},
    "external-db": {
        "externalDatabase": {"existingSecret": "prod-databases"},
        "networkPolicy": {"database": {"to": [{"ipBlock": {"cidr": "10.20.0.0/16"}}],
                                       "ports": [{"port": 6432, "protocol": "TCP"}]}},
    },
    "bundled-db": {"postgresql": {"enabled": True, "persistence": {"storageClass": "standard"}}},
    "ingress": {
        "ingress": {
            "enabled": True,
            "className": "nginx",
            "annotations": {"nginx.ingress.kubernetes.io/proxy-body-size": "2m"},
            "hosts": [{"host": "tereze.sokuluk.kg", "paths": [{"path": "/", "pathType": "Prefix"}]}],
            "tls": [{"secretName": "tereze-tls", "hosts": ["tereze.sokuluk.kg"]}],
        },
        "networkPolicy": {"gatewayFrom": [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}]},
    },
    "autoscaling-off": {"default": {"autoscaling": {"enabled": False}, "replicas": 2}},
    "scaled": {"components": SCALED},
    "otlp": {
        "opentelemetry": {
            "endpoint": "http://otel-collector.observability:4317",
            "protocol": "grpc",
            "sampler": "parentbased_traceidratio",
            "samplerArg": "0.25",
            "resourceAttributes": {"deployment.environment": "production"},
        }
    },
    "providers-and-extras": {
        "image": {"repository": "registry.example.org/tereze", "digest": "sha256:" + "ab" * 32,
                  "pullSecrets": ["regcred"]},
        "components": {"notify": {
            "env": {"SMTP_HOST": "smtp.example.org", "SMTP_FROM": "noreply@example.org",
                    "SMS_PROVIDER_URL": "https://sms.example.org/send"},
            "secretEnv": {"SMTP_PASSWORD": {"name": "tereze-notify"},
                          "SMS_PROVIDER_TOKEN": {"name": "tereze-notify", "optional": True}},
        }},
        "default": {
            "env": {"LOG_FORMAT": "json"},
            "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                           "whenUnsatisfiable": "ScheduleAnyway"}],
            "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "tereze", "effect": "NoSchedule"}],
            "podDisruptionBudget": {"minAvailable": 1},
        },
    },
    "no-network-policy": {"networkPolicy": {"enabled": False}, "migrations": {"enabled": False}},
}


@functools.cache
def chart() -> helm.Chart:
    return helm.Chart.load(CHART)


class Rendered:
    """The manifests of one render, parsed: `objects` (hooks and tests included) and `notes`."""

    def __init__(self, manifests: dict[str, str]):
        self.manifests = manifests
        self.notes = ""
        self.objects: list[dict] = []
        for path, text in sorted(manifests.items()):
            if path.endswith("NOTES.txt"):
                self.notes = text
                continue
            self.objects.extend(doc for doc in yaml.safe_load_all(text) if doc)

    def of_kind(self, kind: str) -> list[dict]:
        return [o for o in self.objects if o["kind"] == kind]

    def by_component(self, kind: str) -> dict[str, dict]:
        """The objects of a kind that belong to one of the six services, by service."""
        found: dict[str, dict] = {}
        for obj in self.of_kind(kind):
            component = obj["metadata"]["labels"].get(COMPONENT_LABEL)
            if component in SERVICES:
                assert component not in found, f"two {kind}s for {component}"
                found[component] = obj
        return found

    def get(self, kind: str, name: str) -> dict:
        matches = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
        return matches[0]

    def pod_specs(self) -> list[tuple[str, dict]]:
        """(object, pod spec) of every workload that makes pods: Deployments, StatefulSets, Jobs, Pods."""
        specs = []
        for obj in self.objects:
            ident = f"{obj['kind']}/{obj['metadata']['name']}"
            if obj["kind"] in ("Deployment", "StatefulSet", "Job"):
                specs.append((ident, obj["spec"]["template"]["spec"]))
            elif obj["kind"] == "Pod":
                specs.append((ident, obj["spec"]))
        return specs


def render(values: dict | None = None) -> Rendered:
    return Rendered(chart().render(values or {}, name=RELEASE, namespace=NAMESPACE, is_install=True))


@functools.cache
def render_scenario(name: str) -> Rendered:
    return render(SCENARIOS[name])


def container(deployment: dict) -> dict:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, f"{deployment['metadata']['name']}: one container per service pod"
    return containers[0]


def env_of(c: dict) -> dict[str, dict]:
    return {e["name"]: e for e in c.get("env", [])}


def component_of_selector(selector: dict | None) -> str | None:
    """The part of this release a label selector picks (one of our components, "test", ...), else None."""
    labels = (selector or {}).get("matchLabels") or {}
    if (selector or {}).get("matchExpressions"):
        return None
    if set(labels) == {NAME_LABEL, INSTANCE_LABEL, COMPONENT_LABEL} and labels[NAME_LABEL] == "tereze" \
            and labels[INSTANCE_LABEL] == RELEASE:
        return labels[COMPONENT_LABEL]
    return None


def peer_component(peer: dict) -> str | None:
    """The service a NetworkPolicy peer selects: a podSelector of this release and namespace, nothing else."""
    if set(peer) != {"podSelector"}:
        return None
    component = component_of_selector(peer["podSelector"])
    return component if component in SERVICES else None
