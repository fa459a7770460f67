"""Mutual TLS between the services (what the chart configures in production): the whole birth path works
over TLS with client certificates; a caller without a certificate of the suite's CA is refused; the
plaintext health port answers the kubelet's probes and nothing else."""

from __future__ import annotations

import datetime as dt
import ipaddress

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from grpc_health.v1 import health_pb2, health_pb2_grpc

from birtereze.intake.v1 import intake_pb2 as ipb
from birtereze.intake.v1 import intake_pb2_grpc
from birtereze.notify.v1 import notify_pb2, notify_pb2_grpc
from tereze import migrations
from tereze.channels import Peers
from tereze.config import ConfigError, Env, ServiceConfig
from tereze.tls import TlsFiles
from tests.contract.test_flow_inprocess import birth_request
from tests.support import AUTH, SERVICE_TOKEN, InProcessSuite, free_port, wait_for


def _cert(subject: str, issuer_key, issuer_name, key, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(obj) -> bytes:
    if isinstance(obj, x509.Certificate):
        return obj.public_bytes(serialization.Encoding.PEM)
    return obj.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A CA, one certificate the services share, and a certificate from a foreign CA."""
    tmp = tmp_path_factory.mktemp("pki")
    files = {}
    for label in ("suite", "foreign"):
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{label} CA")])
        ca = _cert(f"{label} CA", ca_key, ca_name, ca_key, ca=True)
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(f"{label} service", ca_key, ca_name, key, ca=False)
        for name, obj in (("ca", ca), ("cert", cert), ("key", key)):
            path = tmp / f"{label}-{name}.pem"
            path.write_bytes(_pem(obj))
            files[(label, name)] = str(path)
    return files


def tls_env(pki, label="suite") -> dict[str, str]:
    return {"TEREZE_TLS_CERT": pki[(label, "cert")], "TEREZE_TLS_KEY": pki[(label, "key")],
            "TEREZE_TLS_CA": pki[(label, "ca")]}


def test_the_birth_path_runs_over_mutual_tls(pki, tmp_path):
    suite = InProcessSuite(lambda label: f"sqlite:///{tmp_path / (label + '.db')}", extra_env=tls_env(pki)).start()
    tls = TlsFiles.from_env(Env(tls_env(pki)))
    peers = Peers({"intake": suite.address("intake")}, timeout=5, token=SERVICE_TOKEN, tls=tls)
    try:
        intake = peers.client("intake", intake_pb2_grpc.IntakeServiceStub)
        app = intake.SubmitApplication(birth_request("mtls-1"))
        wait_for(lambda: intake.GetApplication(ipb.GetApplicationRequest(id=app.id)).agency == "civil_registry",
                 message="routed over TLS")

        # No certificate, a certificate of another CA, or plaintext: the connection is refused.
        foreign = TlsFiles.from_env(Env(tls_env(pki, "foreign")))
        no_cert = grpc.ssl_channel_credentials(root_certificates=tls.ca)
        for channel in (grpc.secure_channel(suite.address("intake"), no_cert),
                        grpc.secure_channel(suite.address("intake"), foreign.channel_credentials()),
                        grpc.insecure_channel(suite.address("intake"))):
            with channel, pytest.raises(grpc.RpcError) as error:
                intake_pb2_grpc.IntakeServiceStub(channel).GetApplication(
                    ipb.GetApplicationRequest(id=app.id), timeout=3, metadata=AUTH)
            assert error.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        peers.close()
        suite.stop()


def test_the_plaintext_health_port_answers_probes_only(pki, tmp_path):
    import notify.main

    url = f"sqlite:///{tmp_path / 'notify.db'}"
    migrations.upgrade("notify", url)
    cfg = ServiceConfig.load("notify", {"DATABASE_URL": url, "GRPC_PORT": str(free_port()),
                                        "TEREZE_HEALTH_PORT": str(free_port()), "TEREZE_SERVICE_TOKEN": SERVICE_TOKEN,
                                        "TEREZE_SHUTDOWN_GRACE": "1", **tls_env(pki)})
    server = notify.main.build(cfg).start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{cfg.health_port}") as channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING
            with pytest.raises(grpc.RpcError) as error:
                notify_pb2_grpc.NotifyServiceStub(channel).ListNotifications(
                    notify_pb2.ListNotificationsRequest(application_id="x"), timeout=5)
            assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED
    finally:
        server.stop(grace=0.5)


def test_half_a_tls_configuration_fails_fast_naming_what_is_missing(pki):
    env = {"TEREZE_TLS_CERT": pki[("suite", "cert")], "TEREZE_TLS_KEY": pki[("suite", "key")]}
    with pytest.raises(ConfigError, match="TEREZE_TLS_CA"):
        TlsFiles.from_env(Env(env))
    with pytest.raises(ConfigError, match="TEREZE_TLS_CA: cannot read"):
        TlsFiles.from_env(Env({**env, "TEREZE_TLS_CA": "/nonexistent/ca.pem"}))
