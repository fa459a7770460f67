"""The gateway fixtures (real gRPC services in this process, Flask test clients) for the registry's HTTP tests."""

from tests.gateway.conftest import app, client, gateway_db, login, suite  # noqa: F401
