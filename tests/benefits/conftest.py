"""The gateway fixtures (real gRPC services in this process, a seeded gateway, signed-in API callers) for the
HTTP tests of benefits; test_contract.py and test_payroll.py define or use their own."""

from tests.gateway.conftest import app, client, gateway_db, login, suite  # noqa: F401
