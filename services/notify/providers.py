"""Delivery channels behind adapters. The embedded default SMS adapter records each message in the delivery
log only (no message leaves the machine); production configures an SMS provider over HTTP and an SMTP
server (issue 6)."""

from __future__ import annotations


class DeliveryLogSms:
    """Embedded default: the delivery log is the record of the message; nothing is sent anywhere."""

    name = "delivery-log"

    def send(self, to: str, text: str) -> None:
        return None
