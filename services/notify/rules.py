"""Notify's rules: which channels, which language, what text, how a recipient is shown. Plain Python."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import yaml

from tereze.errors import FieldErrors

TEMPLATES_FILE = pathlib.Path(__file__).with_name("templates.yaml")
LANGUAGES = ("ky", "ru", "en")


CHANNELS = ("sms", "email")
STAFF_ROLES = ("clerk", "registrar", "inspector")
DEFAULT_SUBJECT = {"ky": "Бир терезе", "ru": "Бир терезе", "en": "Bir Tereze"}


class _Params(dict):
    """Template params: `name_<lang>` wins over `name`; a missing one renders empty."""

    def __init__(self, params: dict[str, str], language: str):
        super().__init__(params)
        self.language = language

    def __missing__(self, key: str) -> str:
        return ""

    def __getitem__(self, key: str) -> str:
        localised = f"{key}_{self.language}"
        if dict.__contains__(self, localised):
            return dict.__getitem__(self, localised)
        return super().__getitem__(key)


def _pick(texts: dict[str, str], language: str) -> str:
    return language if language in texts else "en"


class Templates:
    """Texts by template, channel and language.

    A template is either citizen-facing (`sms` texts and an `email` subject and body) or a staff notice
    (`title` and `text`). A flat `{language: text}` entry is a citizen template whose SMS text is also the
    body of its e-mail.
    """

    def __init__(self, data: dict[str, dict]):
        self.data = data

    @classmethod
    def load(cls, path: str | pathlib.Path | None = None) -> Templates:
        return cls(yaml.safe_load(pathlib.Path(path or TEMPLATES_FILE).read_text(encoding="utf-8")))

    def audience(self, template: str) -> str:
        return self.data[template].get("audience", "citizen")

    def names(self, audience: str) -> list[str]:
        return [name for name in self.data if self.audience(name) == audience]

    def _texts(self, template: str, part: str) -> dict[str, str]:
        entry = self.data[template]
        return entry[part] if part in entry else {k: v for k, v in entry.items() if k in LANGUAGES}

    def render(self, template: str, language: str, params: dict[str, str]) -> tuple[str, str]:
        """(language used, SMS text — or a notice's text): the citizen's language, else English."""
        texts = self._texts(template, "text" if self.audience(template) == "staff" else "sms")
        used = _pick(texts, language)
        return used, texts[used].format_map(_Params(params, used))

    def render_email(self, template: str, language: str, params: dict[str, str]) -> tuple[str, str, str]:
        """(language used, subject, body) of the e-mail."""
        email = self.data[template].get("email")
        if not email:
            used, text = self.render(template, language, params)
            return used, DEFAULT_SUBJECT[used] if used in DEFAULT_SUBJECT else DEFAULT_SUBJECT["en"], text
        used = _pick(email["body"], language)
        subject = email["subject"].get(used) or email["subject"]["en"]
        return used, subject.format_map(_Params(params, used)), email["body"][used].format_map(_Params(params, used))

    def render_notice(self, template: str, language: str, params: dict[str, str]) -> tuple[str, str, str]:
        """(language used, title, text) of a staff notice."""
        texts = self._texts(template, "text")
        used = _pick(texts, language)
        titles = self.data[template].get("title", {})
        title = titles.get(used) or titles.get("en", "")
        return used, title.format_map(_Params(params, used)), texts[used].format_map(_Params(params, used))


def validate_send(template: str, templates: Templates, errors: FieldErrors) -> None:
    citizen = templates.names("citizen")
    if template not in citizen:
        errors.add("template", "must be one of " + ", ".join(citizen))


def validate_notice(template: str, role: str, templates: Templates, errors: FieldErrors) -> None:
    staff = templates.names("staff")
    if template not in staff:
        errors.add("template", "must be one of " + ", ".join(staff))
    if role not in STAFF_ROLES:
        errors.add("role", "must be one of " + ", ".join(STAFF_ROLES))


def channels(recipient: dict) -> list[tuple[str, str]]:
    """(channel, address) the citizen is told on: each address given, unless they opted out of that channel."""
    declined = {str(c).strip().lower() for c in recipient.get("opt_out") or []}
    out = []
    if (recipient.get("phone") or "").strip() and "sms" not in declined:
        out.append(("sms", recipient["phone"].strip()))
    if (recipient.get("email") or "").strip() and "email" not in declined:
        out.append(("email", recipient["email"].strip()))
    return out


def rate_limit_wait(sent_at: list[dt.datetime], now: dt.datetime, limit: int, window: float) -> float:
    """Seconds to wait before one more message may go to a recipient who got messages at `sent_at`:
    at most `limit` within any `window` seconds (0: no limit). Excess is delayed, never dropped."""
    if limit <= 0:
        return 0.0
    start = now - dt.timedelta(seconds=window)
    recent = sorted(t for t in sent_at if t > start)
    if len(recent) < limit:
        return 0.0
    # The window must slide past the oldest message that keeps it full.
    frees_at = recent[len(recent) - limit] + dt.timedelta(seconds=window)
    return max(0.001, (frees_at - now).total_seconds())


def visible_to(notice: dict, role: str, office: str) -> bool:
    """A notice is for its role; a clerk's notices are for the clerks of that office only."""
    if notice["role"] != role:
        return False
    return role != "clerk" or notice["office"] == office


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
