"""Hostile input through the HTTP API: oversized bodies and fields, and names in any script.

Refusals are JSON errors naming the field (never a 500) and change nothing: the office's list of
applications is the same before and after.
"""

from __future__ import annotations

import json
import uuid

import pytest

from tests.benefits.factories import applicant, family_details, member
from tests.benefits.support import DOCUMENTS
from tests.gateway.webtools import fresh_birth_body


def listing(clerk) -> list[str]:
    """the office's applications (ids: their statuses move on by themselves as routing runs)"""
    reply = clerk.get("/api/v1/applications?limit=100")
    assert reply.status_code == 200
    return sorted(a["id"] for a in reply.get_json()["items"])


def error_of(reply) -> dict:
    assert reply.is_json, reply.get_data(as_text=True)[:200]
    return reply.get_json()["error"]


def field_names(reply) -> set[str]:
    error = error_of(reply)
    return set((error.get("fields") or {}).keys()) | {f.get("field") for f in error.get("details") or []
                                                      if isinstance(f, dict)}


@pytest.fixture
def clerk(login):
    return login("clerk.aral")


def test_a_body_above_the_limit_is_a_413_json_error(app, clerk):
    before = listing(clerk)
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = fresh_birth_body()
    body["details"]["medical_certificate_no"] = "x" * (limit + 10)
    raw = json.dumps(body)
    reply = clerk.client.post("/api/v1/applications", data=raw, content_type="application/json",
                              headers=clerk.headers(str(uuid.uuid4())))
    assert reply.status_code == 413
    assert error_of(reply)["code"]
    # chunked (no Content-Length) too
    reply = clerk.client.post("/api/v1/applications", input_stream=__import__("io").BytesIO(raw.encode()),
                              content_type="application/json",
                              headers=clerk.headers(str(uuid.uuid4()), {"Transfer-Encoding": "chunked"}))
    assert reply.status_code in (400, 413)
    assert reply.is_json
    assert listing(clerk) == before


def refused(clerk, body: dict, field: str) -> None:
    before = listing(clerk)
    reply = clerk.submit(body)
    assert reply.status_code == 400, (reply.status_code, reply.get_json())
    fields = field_names(reply)
    assert any(f and f.startswith(field) for f in fields), (field, reply.get_json())
    assert listing(clerk) == before


def test_a_10000_character_surname_is_a_field_error(clerk):
    body = fresh_birth_body()
    body["applicant"]["surname"] = "Асанова" * 1500
    refused(clerk, body, "applicant.surname")
    body = fresh_birth_body()
    body["details"]["child"]["given_name"] = "Ө" * 10_000
    refused(clerk, body, "details.child.given_name")


def test_a_1000_member_household_is_a_field_error(clerk):
    details = family_details(incomes=(1000, 1000))
    details["household"] += [member("child", __import__("datetime").date(2015, 1, 1), serial=100 + i)
                             for i in range(1000)]
    body = {"service": "family_benefit", "applicant": applicant(), "details": details,
            "documents": DOCUMENTS["family_benefit"]}
    refused(clerk, body, "details.household")


def test_thousands_of_documents_are_a_field_error(clerk):
    body = fresh_birth_body()
    body["documents"] = [f"doc{i}" for i in range(5000)]
    refused(clerk, body, "documents")


def test_a_100kb_reason_or_note_is_a_field_error(login):
    clerk = login("clerk.belek")
    created = clerk.submit(fresh_birth_body())
    assert created.status_code == 201
    app_id = created.get_json()["id"]
    big = "ү" * 100_000
    registrar = login("registrar.sokuluk")
    for api, action, body, field in (
            (clerk, "cancel", {"reason": big}, "reason"),
            (registrar, "decision", {"outcome": "rejected", "reason": big}, "reason"),
            (registrar, "request-info", {"note": big}, "note")):
        reply = api.post(f"/api/v1/applications/{app_id}/{action}", key=str(uuid.uuid4()), json=body)
        assert reply.status_code in (400, 409), (action, reply.status_code, reply.get_json())
        if reply.status_code == 400:
            assert field in field_names(reply), (action, reply.get_json())
    shown = clerk.get(f"/api/v1/applications/{app_id}").get_json()
    assert shown["status"] in ("submitted", "routed")  # nothing was cancelled or decided


NAMES = {
    "kyrgyz": ("Түмөнбаева", "Айнура", "Ңоңбаевна"),
    "russian": ("Щербакова-Ёлкина", "Юлия", "Эдуардовна"),
    "latin": ("Müller-Šťastná", "Zoë", "Ñúñez"),
}


@pytest.mark.parametrize("script", sorted(NAMES))
def test_names_in_kyrgyz_russian_and_latin_round_trip(clerk, script):
    surname, given, patronymic = NAMES[script]
    body = fresh_birth_body()
    body["applicant"].update(surname=surname, given_name=given, patronymic=patronymic)
    body["details"]["child"].update(surname=surname, given_name=given)
    reply = clerk.submit(body)
    assert reply.status_code == 201, reply.get_json()
    shown = clerk.get(f"/api/v1/applications/{reply.get_json()['id']}").get_json()
    text = json.dumps(shown, ensure_ascii=False)
    for name in (surname, given, patronymic):
        assert name in text


ODD = {
    "emoji": "Айгүл😀",
    "zero_width": "Ай\u200bгүл",
    "rtl_override": "Ай\u202eгүл",
    "arabic": "عائشة",
    "combining": "Ai\u0308gul",  # decomposed diaeresis
    "nul": "Ай\x00гүл",
    "control": "Ай\x07гүл",
    "surrogate_free_astral": "𝔄𝔦𝔤𝔲𝔩",
    "only_spaces": "   ",
}


@pytest.mark.parametrize("case", sorted(ODD))
def test_odd_characters_are_accepted_intact_or_refused_cleanly(clerk, case):
    value = ODD[case]
    body = fresh_birth_body()
    body["applicant"]["given_name"] = value
    before = listing(clerk)
    reply = clerk.submit(body)
    assert reply.status_code in (201, 400), (reply.status_code, reply.get_data(as_text=True)[:300])
    if reply.status_code == 400:
        assert "applicant.given_name" in field_names(reply), reply.get_json()
        assert listing(clerk) == before
        return
    shown = clerk.get(f"/api/v1/applications/{reply.get_json()['id']}").get_json()
    assert shown["applicant"]["given_name"] == value  # stored and returned exactly as sent


def test_intake_itself_bounds_documents_and_cancellation_reasons():
    # defence in depth: intake refuses the same, whoever calls it
    from intake import rules
    from tereze.errors import FieldErrors

    errors = FieldErrors()
    rules.validate_submission("birth_registration", "belek", ["doc"] * (rules.MAX_DOCUMENTS + 1), errors)
    assert set(errors.errors) == {"documents"}
    errors = FieldErrors()
    rules.validate_reason("ө" * (rules.MAX_REASON + 1), errors)
    assert set(errors.errors) == {"reason"}
    errors = FieldErrors()
    rules.validate_reason("ө" * rules.MAX_REASON, errors)
    assert not errors.errors
