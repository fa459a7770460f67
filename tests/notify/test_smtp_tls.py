"""The SMTP adapter's STARTTLS and AUTH against a real SMTP server on loopback that requires both, with a
self-signed certificate made for the test: the certificate is verified, and nothing goes in clear text."""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller

from notify.providers import DeliveryError, OutgoingMessage, SmtpEmail
from tests.notify.conftest import SMTP_PASSWORD, SMTP_USER, SmtpSink, _authenticator
from tests.support import free_port

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a certificate")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture
def tls_server(certificate):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True,
                            authenticator=_authenticator, auth_required=True)
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


MESSAGE = OutgoingMessage(id="0b6f3c1e-1111-4222-8333-944455556666", to="citizen@example.kg", subject="Тема",
                          body="Текст письма\n")


def adapter(port: int, cafile=None, **overrides) -> SmtpEmail:
    values = dict(username=SMTP_USER, password=SMTP_PASSWORD, starttls=True, timeout=5,
                  tls_context=ssl.create_default_context(cafile=str(cafile)) if cafile else None)
    values.update(overrides)
    return SmtpEmail("127.0.0.1", port, "noreply@tereze.kg", **values)


def test_starttls_then_auth_then_the_message(tls_server, certificate):
    adapter(tls_server.port, cafile=certificate[0]).send(MESSAGE)
    [mail] = tls_server.messages
    assert mail["authenticated"] and mail["to"] == ["citizen@example.kg"]
    assert mail["subject"] == "Тема" and mail["body"].strip() == "Текст письма"
    assert "0b6f3c1e" in mail["message"]["Message-ID"]


def test_an_untrusted_certificate_is_refused_and_retried(tls_server):
    with pytest.raises(DeliveryError) as error:
        adapter(tls_server.port).send(MESSAGE)  # the system's CAs do not know the test's certificate
    assert error.value.kind == "SSLCertVerificationError"
    assert not tls_server.messages


def test_without_starttls_a_server_requiring_it_refuses_and_nothing_is_sent(tls_server):
    with pytest.raises(DeliveryError):
        adapter(tls_server.port, starttls=False).send(MESSAGE)
    assert not tls_server.messages
