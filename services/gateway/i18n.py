"""Languages of the UI: Kyrgyz, Russian and English through Flask-Babel.

The locale of a request is, in order: the signed-in account's choice (stored on the account), the session's
choice (before sign-in), the browser's Accept-Language, Kyrgyz. Dates and money are formatted by Babel in the
chosen locale. Names of services, documents and offices come from the catalog in ky/ru/en.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal
from flask import Flask, g, request, session
from flask_babel import Babel, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

LANGUAGES = ("ky", "ru", "en")
LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "ky"
SESSION_LANGUAGE = "lang"

babel = Babel()


def select_locale() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:  # a link in a given language (the receipt's QR code, the status page's switch)
        return asked
    principal = g.get("principal")
    language = getattr(principal, "language", "") if principal else ""
    if language in LANGUAGES:
        return language
    chosen = session.get(SESSION_LANGUAGE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE).split("_")[0]


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def format_date(value, style: str = "medium") -> str:
    """A date (or the date of an ISO timestamp) in the page's language: 29-ноя. 2026 / 29 нояб. 2026 г."""
    day = parse_date(value)
    if day is None:
        return value or ""
    text = babel_format_date(day, format=style, locale=language())
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), text)


def format_datetime(value) -> str:
    """An ISO UTC timestamp as date and hh:mm (UTC+6, Bishkek time, has no daylight saving)."""
    if not value:
        return ""
    try:
        at = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if at.tzinfo is None:  # the gateway's own timestamps are naive UTC
        at = at.replace(tzinfo=dt.UTC)
    at = at.astimezone(dt.timezone(dt.timedelta(hours=6)))
    return f"{babel_format_date(at.date(), format='medium', locale=language())} {at:%H:%M}"


def format_money(value) -> str:
    """Whole som, grouped the local way: 1 200 сом."""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value or "")
    unit = _("som")
    return f"{format_decimal(amount, locale=language())} {unit}"


def catalog_name(names: dict | None, fallback: str = "") -> str:
    """The name in the page's language from a catalog's {ky, ru, en} map."""
    names = names or {}
    return names.get(language()) or names.get("ru") or names.get("en") or fallback


def init_app(app: Flask) -> None:
    here = app.root_path
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", f"{here}/translations")
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, money=format_money)
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, LANGUAGE_NAMES=LANGUAGE_NAMES, language=language,
                                 catalog_name=catalog_name)
