"""Notify's rules: which channels, which language, what text, how a recipient is shown. Plain Python."""

from __future__ import annotations

import pathlib
import re

import yaml

from tereze.errors import FieldErrors

TEMPLATES_FILE = pathlib.Path(__file__).with_name("templates.yaml")
LANGUAGES = ("ky", "ru", "en")


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return ""


class Templates:
    def __init__(self, data: dict[str, dict[str, str]]):
        self.data = data

    @classmethod
    def load(cls, path: str | pathlib.Path | None = None) -> Templates:
        return cls(yaml.safe_load(pathlib.Path(path or TEMPLATES_FILE).read_text(encoding="utf-8")))

    def render(self, template: str, language: str, params: dict[str, str]) -> tuple[str, str]:
        """(language used, text): the citizen's language, else English."""
        texts = self.data[template]
        used = language if language in texts else "en"
        return used, texts[used].format_map(_Params(params))


def validate_send(template: str, templates: Templates, errors: FieldErrors) -> None:
    if template not in templates.data:
        errors.add("template", "must be one of " + ", ".join(templates.data))


def mask_phone(phone: str) -> str:
    """Only the last three digits show; a number too short to hide the rest shows none."""
    digits = re.sub(r"\D", "", phone)
    shown = 3 if len(digits) > 6 else 0
    prefix = "+" if phone.strip().startswith("+") else ""
    return prefix + "*" * (len(digits) - shown) + digits[len(digits) - shown:]


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return (local[:1] + "***@" + domain) if domain else "***"


def mask(channel: str, recipient: str) -> str:
    return mask_phone(recipient) if channel == "sms" else mask_email(recipient)
