"""Mutual TLS between the services (production, through the chart): every server asks for a client certificate
signed by the suite's CA, every client presents one. Configured only by the environment:

    TEREZE_TLS_CERT, TEREZE_TLS_KEY, TEREZE_TLS_CA   PEM files (all three, or none for plaintext on loopback)
    TEREZE_HEALTH_PORT   a plaintext port that answers only the health service, for the kubelet's gRPC probes
                         (which cannot present a certificate); every other method there still needs the
                         service credential, which no client sends in the clear.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

import grpc

from tereze.config import ConfigError, Env

VARIABLES = ("TEREZE_TLS_CERT", "TEREZE_TLS_KEY", "TEREZE_TLS_CA")


@dataclass(frozen=True)
class TlsFiles:
    cert: bytes
    key: bytes
    ca: bytes

    @classmethod
    def from_env(cls, env: Env) -> TlsFiles | None:
        paths = {name: env.get(name) for name in VARIABLES}
        given = [name for name, value in paths.items() if value]
        if not given:
            return None
        missing = [name for name in VARIABLES if not paths[name]]
        if missing:
            raise ConfigError(f"mutual TLS needs all of {', '.join(VARIABLES)}; missing {', '.join(missing)}")
        contents = {}
        for name, path in paths.items():
            try:
                contents[name] = pathlib.Path(path).read_bytes()
            except OSError as error:
                raise ConfigError(f"{name}: cannot read {path}: {error.strerror}") from None
        return cls(contents["TEREZE_TLS_CERT"], contents["TEREZE_TLS_KEY"], contents["TEREZE_TLS_CA"])

    def server_credentials(self) -> grpc.ServerCredentials:
        return grpc.ssl_server_credentials([(self.key, self.cert)], root_certificates=self.ca,
                                           require_client_auth=True)

    def channel_credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(root_certificates=self.ca, private_key=self.key,
                                            certificate_chain=self.cert)
