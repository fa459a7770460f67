"""The back-end services over real gRPC on loopback, in this process (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from birtereze.intake.v1 import intake_pb2_grpc
from birtereze.notify.v1 import notify_pb2_grpc
from birtereze.registry.v1 import registry_pb2_grpc
from birtereze.routing.v1 import routing_pb2_grpc
from tereze.channels import Peers
from tests.support import SERVICE_TOKEN, InProcessSuite


@pytest.fixture
def suite(db_factory):
    s = InProcessSuite(db_factory).start()
    peers = Peers({name: s.address(name) for name in s.ports}, timeout=5, token=SERVICE_TOKEN)
    s.intake = peers.client("intake", intake_pb2_grpc.IntakeServiceStub)
    s.routing = peers.client("routing", routing_pb2_grpc.RoutingServiceStub)
    s.registry = peers.client("registry", registry_pb2_grpc.RegistryServiceStub)
    s.notify = peers.client("notify", notify_pb2_grpc.NotifyServiceStub)
    s.peers = peers
    yield s
    peers.close()
    s.stop()
