"""The chart renders with real Helm, lints clean, and every object validates strictly against Kubernetes' schemas."""

from __future__ import annotations

import kubernetes_validate
import pytest

from ._chart import CHART, SCENARIOS, SERVICES, chart, helm, render, render_scenario

# The newest Kubernetes whose schemas kubernetes-validate ships (1.37 with kubernetes-validate 1.37).
KUBE_VERSION = kubernetes_validate.latest_version()


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_lint_reports_no_errors_or_warnings(scenario):
    report = helm.lint(CHART, SCENARIOS[scenario], strict=True, kube_version=f"v{KUBE_VERSION}")
    problems = [m for m in report["messages"] if m["severity"] >= 2]  # 2 warning, 3 error
    assert report["errors"] == [] and problems == [], report


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_object_validates_strictly(scenario):
    rendered = render_scenario(scenario)
    assert rendered.objects, "nothing rendered"
    failures = []
    for obj in rendered.objects:
        ident = f"{obj['kind']}/{obj['metadata']['name']}"
        try:
            kubernetes_validate.validate(obj, KUBE_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            failures.append(f"{ident}: {'.'.join(map(str, error.path))}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError as error:
            failures.append(f"{ident}: {error.message}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_object_names_are_unique_per_kind(scenario):
    seen = [(o["kind"], o["metadata"]["name"]) for o in render_scenario(scenario).objects]
    assert len(seen) == len(set(seen)), sorted(seen)


BAD_VALUES = {
    "string replica count": ({"components": {"intake": {"replicas": "3"}}}, "/components/intake/replicas"),
    "string replica count in default": ({"default": {"replicas": "2"}}, "/default/replicas"),
    "string HPA bound": ({"components": {"routing": {"autoscaling": {"maxReplicas": "6"}}}},
                         "/components/routing/autoscaling/maxReplicas"),
    "unknown top-level key": ({"replicaCount": 2}, "replicaCount"),
    "unknown component key": ({"components": {"intake": {"replica": 2}}}, "replica"),
    "unknown component": ({"components": {"payments": {"port": 50051}}}, "payments"),
    "unknown nested key": ({"postgresql": {"auth": {"password": "hunter2"}}}, "password"),
    "call to an unknown service": ({"components": {"intake": {"calls": ["billing"]}}}, "/components/intake/calls"),
    "root user": ({"default": {"podSecurityContext": {"runAsUser": 0}}}, "/default/podSecurityContext/runAsUser"),
    "bad OTLP protocol": ({"opentelemetry": {"protocol": "http/json"}}, "/opentelemetry/protocol"),
    "literal secret in env map": ({"components": {"gateway": {"secretEnv": {"GATEWAY_SECRET_KEY": "s3cret"}}}},
                                  "/components/gateway/secretEnv/GATEWAY_SECRET_KEY"),
    "port out of range": ({"components": {"notify": {"port": 70000}}}, "/components/notify/port"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_schema_refuses_bad_values(case):
    values, where = BAD_VALUES[case]
    with pytest.raises(helm.HelmValuesError) as schema_error:
        chart().validate_schema(values)
    assert where in str(schema_error.value)
    with pytest.raises(helm.HelmValuesError):  # and so does every install, upgrade and template
        render(values)


def test_schema_accepts_the_defaults_and_every_scenario():
    for values in [{}, *SCENARIOS.values()]:
        chart().validate_schema(values)


def test_inverted_autoscaling_bounds_fail_with_a_clear_message():
    with pytest.raises(helm.HelmRenderError, match="minReplicas .* greater than maxReplicas"):
        render({"components": {"benefits": {"autoscaling": {"minReplicas": 5, "maxReplicas": 2}}}})


def test_too_long_release_name_fails_instead_of_truncating():
    with pytest.raises(helm.HelmRenderError, match="longer than 63 characters"):
        chart().render({}, name="a" * 53, namespace="x")


def test_every_service_is_a_component():
    assert set(chart().values["components"]) == set(SERVICES)
