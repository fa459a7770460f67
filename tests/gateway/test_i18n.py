"""Languages: complete Kyrgyz and Russian catalogs (checked against the sources), compiled catalogs that match,
every page in ky/ru without an English UI string, the switch remembered on the account, local dates and money."""

from __future__ import annotations

import pathlib
from html.parser import HTMLParser

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import gateway
from tests.gateway.webtools import csrf_of, fresh_birth_body, sign_in
from tests.support import wait_for

HERE = pathlib.Path(gateway.__file__).parent
TRANSLATIONS = HERE / "translations"
FIX = ("cd services/gateway && pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext -k N_ --no-location "
       "--sort-output -o translations/messages.pot . && pybabel update -i translations/messages.pot -d translations "
       "--no-location && (translate the new entries) && pybabel compile -d translations")


def source_msgids() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(HERE), method_map, keywords=keywords, options_map={"templates/**.html": {}}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=language)


def test_every_string_of_the_sources_is_in_the_catalogs():
    missing = {lang: sorted(source_msgids() - {m.id for m in catalog(lang) if m.id}) for lang in ("ky", "ru", "en")}
    assert missing == {"ky": [], "ru": [], "en": []}, f"update the catalogs: {FIX}"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_no_untranslated_or_fuzzy_message(language):
    bad = [m.id for m in catalog(language) if m.id and (not m.string or m.fuzzy)]
    assert bad == [], f"untranslated in {language}: {bad}"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_compiled_catalogs_match_the_po_files(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as f:
        compiled = {m.id: m.string for m in read_mo(f) if m.id}
    source = {m.id: m.string for m in catalog(language) if m.id and m.string and not m.fuzzy}
    assert compiled == source, "the .mo is stale: run `pybabel compile -d services/gateway/translations`"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "svg"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder") and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "svg"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


# Data that happens to equal a UI word: the demo account named "monitor".
DATA_VALUES = {"monitor", "admin"}


def english_leaks(html: str, language: str) -> list[str]:
    """UI strings of the catalog that show up in English on a page in another language."""
    english = {m.id for m in catalog(language) if m.id and "%(" not in m.id and m.string != m.id}
    parser = _Text()
    parser.feed(html)
    leaks = []
    for text in parser.texts:
        cleaned = text.strip(" :·()*")
        if cleaned in english and cleaned not in DATA_VALUES:
            leaks.append(cleaned)
    return leaks


STAFF_PAGES = {
    "clerk.belek": ["/window", "/window/start", "/window/start?pin=11203199000123",
                    *(f"/window/new/{s}" for s in ("birth_registration", "marriage_registration",
                                                    "divorce_registration", "unemployment_benefit",
                                                    "social_benefit", "family_benefit")),
                    "/applications"],
    "registrar.sokuluk": ["/desk/registry", "/applications"],
    "inspector.sokuluk": ["/desk/benefits"],
    "monitor": ["/monitoring"],
    "admin": ["/admin/accounts", "/admin/offices", "/admin/audit", "/monitoring"],
}


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_every_page_renders_in_every_language_without_english_leaks(app, login, language):
    clerk = login("clerk.belek")
    created = clerk.submit(fresh_birth_body()).get_json()
    wait_for(lambda: clerk.get(f"/api/v1/applications/{created['id']}").get_json()["due_date"], message="routed")
    for username, pages in STAFF_PAGES.items():
        browser = app.test_client()
        sign_in(browser, username)
        extra = [f"/applications/{created['id']}", f"/window/receipt/{created['id']}"] \
            if username == "clerk.belek" else [f"/applications/{created['id']}"] \
            if username == "registrar.sokuluk" else []
        for path in [*pages, *extra]:
            sep = "&" if "?" in path else "?"
            reply = browser.get(f"{path}{sep}lang={language}")
            assert reply.status_code == 200, (username, path, reply.status_code)
            html = reply.get_data(as_text=True)
            assert f'<html lang="{language}">' in html
            if language != "en":
                assert english_leaks(html, language) == [], (username, path)
    public = app.test_client()
    for path in ["/login", "/track", f"/track/{created['tracking_number']}"]:
        html = public.get(f"{path}?lang={language}").get_data(as_text=True)
        if language != "en":
            assert english_leaks(html, language) == [], path


def test_language_switch_is_remembered_on_the_account(app):
    browser = app.test_client()
    sign_in(browser, "inspector.sokuluk")
    page = browser.get("/desk/benefits").get_data(as_text=True)
    reply = browser.post("/language", data={"csrf_token": csrf_of(page), "language": "ru", "next": "/desk/benefits"})
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/desk/benefits")
    # a new session (another browser) of the same account comes up in Russian
    other = app.test_client()
    sign_in(other, "inspector.sokuluk")
    html = other.get("/desk/benefits").get_data(as_text=True)
    assert '<html lang="ru">' in html and "Заявления на пособия" in html
    switch_back = other.post("/language", data={"csrf_token": csrf_of(html), "language": "ky"})
    assert switch_back.status_code == 302
    assert '<html lang="ky">' in other.get("/desk/benefits").get_data(as_text=True)


def test_dates_and_money_in_local_format(app):
    from gateway.i18n import format_date, format_money

    with app.test_request_context("/?lang=ru"):
        assert "2026" in format_date("2026-03-05") and "мар" in format_date("2026-03-05")
        assert format_money(1200).replace("\xa0", " ") == "1 200 сом"
    with app.test_request_context("/?lang=en"):
        assert "Mar" in format_date("2026-03-05") and format_money(1200) == "1,200 som"
    with app.test_request_context("/?lang=ky"):
        assert "2026" in format_date("2026-03-05")


def test_service_names_come_from_the_catalog(app):
    browser = app.test_client()
    sign_in(browser, "clerk.belek")
    assert "Төрөлүүнү каттоо" in browser.get("/window/start?lang=ky").get_data(as_text=True)
    assert "Регистрация рождения" in browser.get("/window/start?lang=ru").get_data(as_text=True)
    assert "Birth registration" in browser.get("/window/start?lang=en").get_data(as_text=True)
