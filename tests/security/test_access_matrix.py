"""Every role against every /api/v1 route of the OpenAPI document, and the object-level rules: a clerk of
Belek cannot read, list, act on or track-for-details Aral's applications, notices or payroll.

The routes are read from services/gateway/openapi.yaml, so a new route without an expectation here fails
`test_every_route_has_an_expectation`.
"""

from __future__ import annotations

import pathlib
import uuid

import pytest
import yaml

import gateway
from tests.gateway.conftest import PASSWORD
from tests.gateway.webtools import fresh_birth_body, sign_in

OPENAPI = yaml.safe_load((pathlib.Path(gateway.__file__).parent / "openapi.yaml").read_text())
ROUTES = sorted((method.upper(), path) for path, ops in OPENAPI["paths"].items()
                for method in ops if method in ("get", "post", "put", "patch", "delete"))

ROLES = ("clerk.belek", "clerk.aral", "registrar.sokuluk", "inspector.sokuluk", "monitor", "admin", "anonymous")

# Expected outcome classes:
#   ok       2xx
#   allowed  not refused by access: not 401/403/404, and never 5xx (400/409/422 are the case's own state)
#   reached  not refused by role: not 401/403, never 5xx (404 for an unknown object is fine)
#   401/403/404  exactly that status
OFFICERS_CIVIL = {"registrar.sokuluk": "allowed"}


def row(default, **per_role):
    """expectations of one route: `default` for signed-in roles not named, 401 for anonymous"""
    out = {role: default for role in ROLES if role != "anonymous"}
    out.update({k.replace("_", "."): v for k, v in per_role.items()})
    out.setdefault("anonymous", 401)
    return out


# The application used for /applications/{app_id}: a birth registration submitted by the clerk of Belek.
EXPECT = {
    ("POST", "/auth/token"): {**{r: "ok" for r in ROLES if r != "anonymous"}, "anonymous": 401},
    ("GET", "/openapi.json"): {r: "ok" for r in ROLES},
    ("GET", "/catalog"): row("ok"),
    ("POST", "/applications"): row(403, clerk_belek="ok", clerk_aral="ok"),
    ("GET", "/applications"): row("ok", monitor=403, admin=403),
    ("GET", "/applications/{app_id}"): row(403, clerk_belek="ok", clerk_aral=404, registrar_sokuluk="ok"),
    ("POST", "/applications/{app_id}/decision"): row(403, registrar_sokuluk="allowed"),
    ("POST", "/applications/{app_id}/request-info"): row(403, registrar_sokuluk="allowed"),
    ("POST", "/applications/{app_id}/duplicate"): row(403, registrar_sokuluk="allowed"),
    ("POST", "/applications/{app_id}/info"): row(403, clerk_belek="allowed", clerk_aral=404),
    ("POST", "/applications/{app_id}/handover"): row(403, clerk_belek="allowed", clerk_aral=404),
    ("POST", "/applications/{app_id}/cancel"): row(403, clerk_belek="allowed", clerk_aral=404),
    ("GET", "/applications/{app_id}/notifications"): row(403, clerk_belek="ok", clerk_aral=404,
                                                         registrar_sokuluk="ok"),
    ("GET", "/notices"): row("ok", monitor=403, admin=403),
    ("POST", "/notices/{notice_id}/read"): row("reached", monitor=403, admin=403),
    # ?office=belek: the payroll of Belek
    ("GET", "/payroll"): row(403, clerk_belek="ok", clerk_aral=403, inspector_sokuluk="ok"),
    ("POST", "/payroll/lines/{line_id}"): row(403, clerk_belek="reached", clerk_aral="reached"),
    ("GET", "/renewals"): row(403, clerk_belek="ok", clerk_aral="ok", inspector_sokuluk="ok"),
    ("GET", "/persons/{pin}"): row(403, clerk_belek="reached", clerk_aral="reached", registrar_sokuluk="reached",
                                   inspector_sokuluk="reached"),
    ("GET", "/stats"): row(403, monitor="ok", admin="ok"),
}

BODIES = {
    "/auth/token": None,  # the role's own credentials, filled in below
    "/applications": None,  # a fresh birth registration
    "/applications/{app_id}/decision": {"outcome": "approved"},
    "/applications/{app_id}/request-info": {"note": "please bring the medical certificate"},
    "/applications/{app_id}/duplicate": {"decision": "not_duplicate"},
    "/applications/{app_id}/info": {"note": "brought"},
    "/applications/{app_id}/handover": {"rating": 5},
    "/applications/{app_id}/cancel": {"reason": "withdrawn"},
    "/notices/{notice_id}/read": {},
    "/payroll/lines/{line_id}": {"status": "paid"},
}
QUERY = {"/payroll": "?office=belek"}


def test_every_route_has_an_expectation():
    missing = [route for route in ROUTES if route not in EXPECT]
    assert not missing, f"routes of openapi.yaml without an access expectation: {missing}"
    stale = [route for route in EXPECT if route not in ROUTES]
    assert not stale, f"expectations for routes not in openapi.yaml: {stale}"
    assert all(set(EXPECT[route]) == set(ROLES) for route in EXPECT)


def test_every_flask_api_route_is_in_the_openapi_document(app):
    flask_routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule[len("/api/v1"):].replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                flask_routes.add((method, path))
    assert flask_routes == set(ROUTES)


def matches(expected, status: int) -> bool:
    if status >= 500:
        return False
    if expected == "ok":
        return 200 <= status < 300
    if expected == "allowed":
        return status not in (401, 403, 404)
    if expected == "reached":
        return status not in (401, 403)
    return status == expected


def token_of(client, username: str) -> str:
    reply = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()["token"]


@pytest.fixture(scope="module")
def tokens(app):
    client = app.test_client()
    return {role: token_of(client, role) for role in ROLES if role != "anonymous"}


def submit_belek(app, tokens) -> str:
    reply = app.test_client().post("/api/v1/applications", json=fresh_birth_body(),
                                   headers={"Authorization": f"Bearer {tokens['clerk.belek']}",
                                            "Idempotency-Key": str(uuid.uuid4())})
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json()["id"]


@pytest.fixture(scope="module")
def belek_app_id(app, tokens):
    return submit_belek(app, tokens)


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_access_matrix(app, tokens, belek_app_id, route):
    method, template = route
    client = app.test_client()
    failures = []
    for role in ROLES:
        # a mutating call gets its own application, so one role's action does not decide another's outcome
        app_id = belek_app_id if method == "GET" else submit_belek(app, tokens)
        path = template.format(app_id=app_id, notice_id="ntc-unknown", line_id="line-unknown",
                               pin="11203199000123")
        url = "/api/v1" + path + QUERY.get(template, "")
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        if role != "anonymous" and template != "/auth/token":
            headers["Authorization"] = f"Bearer {tokens[role]}"
        if template == "/auth/token":
            body = ({"username": role, "password": PASSWORD} if role != "anonymous"
                    else {"username": f"nobody.{uuid.uuid4().hex[:6]}", "password": "wrong-password"})
        elif template == "/applications":
            body = fresh_birth_body()
            if role == "clerk.aral":
                body["office"] = "aral"
        else:
            body = BODIES.get(template)
        reply = client.open(url, method=method, json=body if method == "POST" else None, headers=headers)
        expected = EXPECT[route][role]
        if not matches(expected, reply.status_code):
            failures.append((role, expected, reply.status_code, (reply.get_json(silent=True) or {}).get("error")))
        elif reply.status_code >= 400:
            assert reply.is_json and "error" in reply.get_json(), (role, reply.status_code)
    assert not failures, failures


# ---- object level: Belek and Aral ----


@pytest.fixture(scope="module")
def aral_app(app, tokens):
    body = fresh_birth_body()
    body["applicant"]["surname"] = "Жээнбекова"
    body["applicant"]["phone"] = "+996555987654"
    body["applicant"]["address"] = "Арал, ул. Садовая 7"
    reply = app.test_client().post("/api/v1/applications", json=body,
                                   headers={"Authorization": f"Bearer {tokens['clerk.aral']}",
                                            "Idempotency-Key": str(uuid.uuid4())})
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json() | {"_body": body}


def api(app, token: str):
    client = app.test_client()

    def call(method: str, path: str, body=None):
        return client.open("/api/v1" + path, method=method, json=body,
                           headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())})

    return call


def test_belek_cannot_read_or_act_on_aral_by_id(app, tokens, aral_app):
    belek = api(app, tokens["clerk.belek"])
    app_id = aral_app["id"]
    assert belek("GET", f"/applications/{app_id}").status_code == 404
    assert belek("GET", f"/applications/{app_id}/notifications").status_code == 404
    for action, body in (("cancel", {}), ("handover", {"rating": 4}), ("info", {"note": "x"})):
        reply = belek("POST", f"/applications/{app_id}/{action}", body)
        assert reply.status_code == 404, (action, reply.get_json())
    # nothing changed: Aral still sees it as it was
    mine = api(app, tokens["clerk.aral"])("GET", f"/applications/{app_id}").get_json()
    assert mine["status"] == aral_app["status"] or mine["status"] in ("submitted", "routed")


def test_belek_does_not_see_aral_in_lists(app, tokens, aral_app):
    belek = api(app, tokens["clerk.belek"])
    items = belek("GET", "/applications?limit=100").get_json()["items"]
    assert aral_app["id"] not in {a["id"] for a in items}
    assert all(a["office"] == "belek" for a in items)
    assert belek("GET", "/applications?office=aral").status_code == 403
    # searching Aral's tracking number from Belek finds nothing
    found = belek("GET", f"/applications?q={aral_app['tracking_number']}")
    assert found.status_code in (200, 400)
    if found.status_code == 200:
        assert aral_app["id"] not in {a["id"] for a in found.get_json()["items"]}


def test_belek_cannot_read_aral_notices_payroll_or_renewals(app, tokens):
    belek = api(app, tokens["clerk.belek"])
    assert belek("GET", "/notices?office=aral").status_code == 403
    assert all(n.get("office", "belek") == "belek" for n in belek("GET", "/notices").get_json()["items"])
    assert belek("GET", "/payroll?office=aral").status_code == 403
    assert belek("GET", "/renewals?office=aral").status_code == 403
    assert belek("GET", "/payroll").get_json()["office"] == "belek"


def test_belek_web_pages_do_not_show_aral(app, aral_app):
    browser = app.test_client()
    assert sign_in(browser, "clerk.belek").status_code == 302
    assert browser.get(f"/applications/{aral_app['id']}").status_code == 404
    assert browser.get(f"/window/receipt/{aral_app['id']}").status_code == 404
    assert browser.get(f"/documents/applications/{aral_app['id']}/refusal").status_code in (403, 404)
    listing = browser.get("/applications").get_data(as_text=True)
    assert aral_app["tracking_number"] not in listing


def test_tracking_page_shows_no_personal_data(app, aral_app):
    body = aral_app["_body"]
    applicant = body["applicant"]
    child = body["details"]["child"]
    secrets_ = [applicant["pin"], applicant["surname"], applicant["given_name"], applicant["phone"],
                applicant["address"], child["given_name"], body["details"]["mother_pin"]]
    anonymous = app.test_client()
    page = anonymous.get(f"/track/{aral_app['tracking_number']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert aral_app["tracking_number"] in text
    leaked = [s for s in secrets_ if s in text]
    assert not leaked, leaked
    # the form lookup too, and a signed-in clerk of another office learns nothing more from it
    browser = app.test_client()
    sign_in(browser, "clerk.belek")
    text = browser.get(f"/track?tracking_number={aral_app['tracking_number']}", follow_redirects=True)
    assert not [s for s in secrets_ if s in text.get_data(as_text=True)]
    # an unknown tracking number and garbage are a plain 404, never a 500
    assert anonymous.get("/track/NOPE-0000").status_code == 404
    assert anonymous.get("/track/" + "%00%ff" * 10).status_code in (400, 404)
