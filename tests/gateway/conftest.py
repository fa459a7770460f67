"""Fixtures of the gateway tests: the real gRPC services in this process, a migrated and seeded gateway
database, and Flask test clients with bearer tokens of the demo accounts."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from gateway.app import close_app, create_app
from gateway.seed import seed
from gateway.settings import Settings
from tereze import GRPC_SERVICES, migrations
from tests.support import SERVICE_TOKEN, InProcessSuite, free_port

PASSWORD = "demo-test-password"
TODAY = dt.date.today()
CHILD_BORN = TODAY - dt.timedelta(days=3)
MOTHER_PIN = "11203199000123"
APPLICANT_NAME = "Гулнара"
CHILD_NAME = "Айпери"


def birth_body(**child_overrides) -> dict:
    child = {"surname": "Асанова", "given_name": CHILD_NAME, "patronymic": "Бакытовна", "sex": "female",
             "birth_date": CHILD_BORN.isoformat(), "birth_place": "Белек, Сокулукский район"}
    child.update(child_overrides)
    return {
        "service": "birth_registration",
        "applicant": {"pin": MOTHER_PIN, "surname": "Асанова", "given_name": APPLICANT_NAME,
                      "patronymic": "Токтогуловна", "birth_date": "1990-03-12", "sex": "female",
                      "phone": "+996700123456", "address": "Белек, ул. Ленина 1"},
        "details": {"child": child, "mother_pin": MOTHER_PIN, "medical_certificate_no": "MC-2026-0042"},
        "documents": ["medical_birth_certificate", "parents_identity_documents"],
    }


@pytest.fixture(scope="session")
def gateway_db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('gateway') / 'gateway.db'}"
    migrations.upgrade("gateway", url)
    seed(url, password=PASSWORD)
    return url


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    """intake, routing, registry, benefits and notify, each built by its own main.build, on loopback."""
    tmp = tmp_path_factory.mktemp("backends")
    s = InProcessSuite(lambda label: f"sqlite:///{tmp / (label + '.db')}").start()
    yield s
    s.stop()


def make_settings(database_url: str, peers: dict[str, str], **overrides) -> Settings:
    values = dict(database_url=database_url, secret_key="test-secret-key-" + uuid.uuid4().hex, peers=peers,
                  service_token=SERVICE_TOKEN,
                  call_timeout=3.0, readiness_timeout=0.5)
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="module")
def app(suite, gateway_db):
    application = create_app(make_settings(gateway_db, {name: suite.address(name) for name in GRPC_SERVICES}))
    application.config["TESTING"] = True
    yield application
    close_app(application)


@pytest.fixture
def dead_app(gateway_db):
    """A gateway whose back-end services are all unreachable."""
    port = free_port()
    application = create_app(make_settings(gateway_db, {n: f"127.0.0.1:{port}" for n in GRPC_SERVICES},
                                           call_timeout=0.5))
    yield application
    close_app(application)


@pytest.fixture
def client(app):
    return app.test_client()


class Api:
    """A signed-in API caller: `api.get(path)`, `api.post(path, json=..., key=...)` with its bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def headers(self, key: str | None = None, extra: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if key:
            headers["Idempotency-Key"] = key
        headers.update(extra or {})
        return headers

    def get(self, path: str, **kwargs):
        return self.client.get(path, headers=self.headers(extra=kwargs.pop("headers", None)), **kwargs)

    def post(self, path: str, key: str | None = None, **kwargs):
        return self.client.post(path, headers=self.headers(key, kwargs.pop("headers", None)), **kwargs)

    def submit(self, body: dict | None = None, key: str | None = None):
        return self.post("/api/v1/applications", key=key or str(uuid.uuid4()), json=body or birth_body())


_tokens: dict[tuple[int, str], str] = {}


@pytest.fixture
def login(app, client):
    """login("clerk.belek") -> Api with a token of that demo account (cached per app)."""

    def _login(username: str) -> Api:
        cache_key = (id(app), username)
        if cache_key not in _tokens:
            reply = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
            assert reply.status_code == 200, reply.get_json()
            _tokens[cache_key] = reply.get_json()["token"]
        return Api(client, _tokens[cache_key])

    return _login
