"""Delivery channels behind adapters: `send(message)` returns when the provider accepted the message, raises
`PermanentFailure` when retrying cannot help, and raises anything else for a failure worth retrying.

- SMS over HTTP (`SMS_PROVIDER_URL`, `SMS_PROVIDER_TOKEN`). The contract, which a provider's gateway (or a
  thin proxy in front of one) implements:

      POST <SMS_PROVIDER_URL>
      Content-Type: application/json; charset=utf-8
      Authorization: Bearer <SMS_PROVIDER_TOKEN>        (only when a token is configured)
      Idempotency-Key: <message id>                     (the same id on every retry of one message)

      {"id": "<message id>", "to": "+996700123456", "text": "Бир терезе: …"}

  Any 2xx means accepted. 400 and 422 mean the provider refuses this message for good (the number is
  invalid): it is marked `failed` at once. Anything else — another status, a timeout, a refused connection
  — is retried with exponential backoff until `NOTIFY_MAX_ATTEMPTS`. A crash between the provider's answer
  and the `sent` mark sends the message again after the lease, with the same Idempotency-Key, so the
  provider can drop the duplicate.
- E-mail over SMTP with smtplib (`SMTP_HOST`, `SMTP_PORT`, `SMTP_STARTTLS`, `SMTP_USERNAME`, `SMTP_PASSWORD`,
  `SMTP_FROM`): STARTTLS (certificate verified) when enabled, implicit TLS on port 465, AUTH when a username
  is set. A 5xx answer is
  permanent; 4xx and connection errors are retried.
- The embedded default, when no provider is configured: the delivery log is the record of the message and
  nothing leaves the machine (for both channels, so `make run` shows what would have been sent).

Recipients and texts are never logged, and errors carry their kind only (an SMTP error quotes the address).
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid


@dataclass(frozen=True)
class OutgoingMessage:
    id: str
    to: str
    body: str
    subject: str = ""


class DeliveryError(Exception):
    """A failure worth retrying; `kind` is what the delivery log records (no personal data)."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class PermanentFailure(DeliveryError):
    """The provider refuses this message for good: retrying cannot help."""


class DeliveryLog:
    """Embedded default: the delivery log is the record of the message; nothing is sent anywhere."""

    name = "delivery-log"

    def send(self, message: OutgoingMessage) -> None:
        return None


# The name under which the walking skeleton knew the embedded SMS adapter.
DeliveryLogSms = DeliveryLog


class HttpSms:
    """SMS through a provider's HTTP API (the JSON contract in this module's docstring)."""

    name = "sms-http"

    def __init__(self, url: str, token: str = "", timeout: float = 10.0):
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, message: OutgoingMessage) -> None:
        data = json.dumps({"id": message.id, "to": message.to, "text": message.body}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": message.id}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                response.read()
        except urllib.error.HTTPError as error:
            error.close()
            if error.code in (400, 422):
                raise PermanentFailure(f"HTTP {error.code}") from None
            raise DeliveryError(f"HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise DeliveryError(type(reason).__name__ if isinstance(reason, BaseException) else "URLError") from None


class SmtpEmail:
    """E-mail over SMTP: one connection per message (pilot volumes), STARTTLS and AUTH when configured."""

    name = "smtp"

    def __init__(self, host: str, port: int, sender: str, *, username: str = "", password: str = "",
                 starttls: bool = True, timeout: float = 10.0, tls_context: ssl.SSLContext | None = None):
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout
        self.tls_context = tls_context

    def compose(self, message: OutgoingMessage) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False, usegmt=True)
        mail["Message-ID"] = make_msgid(idstring=message.id.replace("-", ""), domain="birtereze")
        mail["Auto-Submitted"] = "auto-generated"
        mail.set_content(message.body)
        return mail

    def send(self, message: OutgoingMessage) -> None:
        mail = self.compose(message)
        try:
            context = self.tls_context or ssl.create_default_context()
            if self.port == 465:  # SMTPS: TLS from the first byte
                connection = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
            else:
                connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with connection as smtp:
                smtp.ehlo()
                if self.starttls and self.port != 465:
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            kind = f"SMTP {codes[0] if codes else 'refused'}"
            if codes and all(code >= 500 for code in codes):
                raise PermanentFailure(kind) from None
            raise DeliveryError(kind) from None
        except smtplib.SMTPResponseException as error:
            kind = f"SMTP {error.smtp_code}"
            if error.smtp_code >= 500 and not isinstance(error, smtplib.SMTPAuthenticationError):
                raise PermanentFailure(kind) from None
            raise DeliveryError(kind) from None
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(type(error).__name__) from None
