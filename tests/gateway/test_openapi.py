"""The OpenAPI document describes every /api/v1 route the gateway serves, and nothing that is not there."""

from __future__ import annotations

import re

from gateway.openapi import document

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def implemented_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for method in rule.methods - IGNORED_METHODS:
            routes.add((path, method.lower()))
    return routes


def documented_routes(doc: dict) -> set[tuple[str, str]]:
    methods = {"get", "post", "put", "patch", "delete"}
    return {(path, method) for path, item in doc["paths"].items() for method in item if method in methods}


def test_every_implemented_route_is_documented(app):
    missing = implemented_routes(app) - documented_routes(document())
    assert not missing, f"routes missing from openapi.yaml: {sorted(missing)}"


def test_nothing_documented_is_missing_from_the_app(app):
    extra = documented_routes(document()) - implemented_routes(app)
    assert not extra, f"documented but not implemented: {sorted(extra)}"


def test_document_is_served_without_a_token(client):
    reply = client.get("/api/v1/openapi.json")
    assert reply.status_code == 200
    doc = reply.get_json()
    assert doc["openapi"].startswith("3.1")
    assert doc["servers"] == [{"url": "/api/v1"}]


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_every_reference_resolves_and_every_operation_has_responses():
    doc = document()
    for ref in _refs(doc):
        assert ref.startswith("#/"), ref
        node = doc
        for part in ref[2:].split("/"):
            assert part in node, f"unresolved {ref}"
            node = node[part]
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation.get("responses"), (path, method)
            assert operation.get("operationId"), (path, method)
            for parameter in re.findall(r"{(\w+)}", path):
                declared = [p for p in item.get("parameters", []) + operation.get("parameters", [])]
                names = {p.get("name") or doc["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]["name"]
                         for p in declared}
                assert parameter in names, (path, method, parameter)


def test_schemas_are_valid_json_schema():
    from jsonschema.validators import Draft202012Validator

    for schema in document()["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
