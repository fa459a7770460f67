"""Tokens for the JSON API: issued for good credentials only, stored hashed, refused when missing,
unknown, expired or belonging to a deactivated account."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from gateway.auth import store as store_ext
from gateway.seed import DEMO_ACCOUNTS, seed
from tests.gateway.conftest import PASSWORD


def _error(reply) -> dict:
    body = reply.get_json()
    assert set(body) == {"error"}, body
    return body["error"]


def test_token_for_good_credentials(client):
    reply = client.post("/api/v1/auth/token", json={"username": "clerk.belek", "password": PASSWORD})
    assert reply.status_code == 200
    body = reply.get_json()
    assert set(body) == {"token", "expires_at", "role", "office"}
    assert body["role"] == "clerk" and body["office"] == "belek"
    assert body["expires_at"].endswith("Z") and len(body["token"]) >= 40


def test_officer_token_carries_the_district(client):
    body = client.post("/api/v1/auth/token", json={"username": "registrar.sokuluk", "password": PASSWORD}).get_json()
    assert (body["role"], body["office"]) == ("registrar", "sokuluk")


def test_wrong_password_and_unknown_user_are_the_same_401(client):
    wrong = client.post("/api/v1/auth/token", json={"username": "clerk.belek", "password": "nope"})
    unknown = client.post("/api/v1/auth/token", json={"username": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert _error(wrong) == _error(unknown)
    assert _error(wrong)["code"] == "unauthenticated"


def test_token_request_field_errors(client):
    reply = client.post("/api/v1/auth/token", json={"username": 5})
    assert reply.status_code == 400
    assert set(_error(reply)["fields"]) == {"username", "password"}
    malformed = client.post("/api/v1/auth/token", data="{not json", content_type="application/json")
    assert malformed.status_code == 400 and "body" in _error(malformed)["fields"]
    not_object = client.post("/api/v1/auth/token", json=["clerk.belek", PASSWORD])
    assert not_object.status_code == 400 and "body" in _error(not_object)["fields"]


def test_missing_and_malformed_tokens_are_401(client):
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"},
                    {"Authorization": "Bearer not-a-real-token"}):
        reply = client.get("/api/v1/catalog", headers=headers)
        assert reply.status_code == 401, headers
        assert _error(reply)["code"] == "unauthenticated"
        assert reply.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_401(app, client):
    token = client.post("/api/v1/auth/token", json={"username": "clerk.aral", "password": PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/catalog", headers=headers).status_code == 200
    with app.app_context():
        store_ext.get().expire_token_now(token)
    reply = client.get("/api/v1/catalog", headers=headers)
    assert reply.status_code == 401 and _error(reply)["code"] == "unauthenticated"


def test_deactivated_account_loses_its_tokens(app, client):
    with app.app_context():
        st = store_ext.get()
        st.ensure_account("clerk.temp", PASSWORD, "clerk", "belek")
    token = client.post("/api/v1/auth/token", json={"username": "clerk.temp", "password": PASSWORD}).get_json()["token"]
    with app.app_context():
        st.set_active("clerk.temp", False)
    assert client.get("/api/v1/catalog", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    again = client.post("/api/v1/auth/token", json={"username": "clerk.temp", "password": PASSWORD})
    assert again.status_code == 401


def test_tokens_and_passwords_are_stored_hashed(client, gateway_db):
    token = client.post("/api/v1/auth/token", json={"username": "monitor", "password": PASSWORD}).get_json()["token"]
    engine = create_engine(gateway_db)
    with engine.connect() as conn:
        hashes = [row[0] for row in conn.execute(text("SELECT token_hash FROM api_tokens"))]
        passwords = [row[0] for row in conn.execute(text("SELECT password_hash FROM accounts"))]
    engine.dispose()
    assert token not in hashes and all(len(h) == 64 for h in hashes)
    assert all(p.startswith("scrypt:") and PASSWORD not in p for p in passwords)


def test_seed_is_idempotent_and_complete(gateway_db, app):
    assert seed(gateway_db, password="another") == []
    with app.app_context():
        st = store_ext.get()
        for username, role, office in DEMO_ACCOUNTS:
            account = st.account(username)
            assert (account.role, account.office) == (role, office)
        # the second seed did not reset the password
        assert st.authenticate("admin", PASSWORD) is not None
    assert {u for u, _, _ in DEMO_ACCOUNTS} >= {
        "clerk.belek", "clerk.aral", "clerk.natsionalnoe", "clerk.malovodnoe", "registrar.sokuluk",
        "inspector.sokuluk", "monitor", "admin"}
