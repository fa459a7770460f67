"""The security tests use the gateway tests' fixtures: in-process back ends, a seeded gateway database, and
Flask test clients signed in as the demo accounts."""

from tests.gateway.conftest import app, client, dead_app, gateway_db, login, suite  # noqa: F401
