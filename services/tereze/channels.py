"""Client channels, created once per process, with retries on UNAVAILABLE declared in the service config."""

from __future__ import annotations

import json
import threading

import grpc

from tereze import telemetry
from tereze.rpc import TOKEN_HEADER, call_timeout, from_rpc_error

SERVICE_CONFIG = json.dumps(
    {
        "methodConfig": [
            {
                "name": [{}],
                "retryPolicy": {
                    "maxAttempts": 4,
                    "initialBackoff": "0.05s",
                    "maxBackoff": "1s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ]
    }
)

CHANNEL_OPTIONS = [
    ("grpc.service_config", SERVICE_CONFIG),
    ("grpc.enable_retries", 1),
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.max_receive_message_length", 8 * 1024 * 1024),
]


class Client:
    """A stub whose every call has a deadline (propagated), carries the trace context (no CLIENT span: see
    `telemetry.call_metadata`) and raises DomainError instead of RpcError."""

    def __init__(self, stub, timeout: float, metadata: tuple = (), service: str = ""):
        self._stub = stub
        self._timeout = timeout
        self._metadata = metadata
        self._service = service

    def __getattr__(self, method: str):
        rpc = getattr(self._stub, method)

        def call(request, timeout: float | None = None):
            try:
                return rpc(request, timeout=call_timeout(timeout or self._timeout),
                           metadata=telemetry.call_metadata(self._metadata))
            except grpc.RpcError as error:
                telemetry.call_failed(self._service, method, error.code() if hasattr(error, "code") else None)
                raise from_rpc_error(error) from None

        return call


class Peers:
    """The channels of one process to the services it calls, keyed by service name."""

    def __init__(self, addresses: dict[str, str], timeout: float = 5.0, *, token: str, tls=None):
        self.addresses = dict(addresses)
        self.timeout = timeout
        self.tls = tls
        self.metadata = ((TOKEN_HEADER, token),) if token else ()
        self._channels: dict[str, grpc.Channel] = {}
        self._lock = threading.Lock()

    def channel(self, service: str) -> grpc.Channel:
        with self._lock:
            if service not in self._channels:
                if service not in self.addresses:
                    raise KeyError(f"no address configured for {service}")
                if self.tls is not None:
                    raw = grpc.secure_channel(self.addresses[service], self.tls.channel_credentials(),
                                              options=CHANNEL_OPTIONS)
                else:
                    raw = grpc.insecure_channel(self.addresses[service], options=CHANNEL_OPTIONS)
                self._channels[service] = raw
            return self._channels[service]

    def client(self, service: str, stub_class, timeout: float | None = None) -> Client:
        return Client(stub_class(self.channel(service)), timeout or self.timeout, self.metadata, service)

    def close(self) -> None:
        with self._lock:
            for channel in self._channels.values():
                channel.close()
            self._channels.clear()
