"""The service catalog: the packaged file, deadlines, the document checklist, and refusing a broken file."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from routing import catalog
from routing.catalog import CatalogError

SERVICES = {
    "birth_registration": "civil_registry",
    "marriage_registration": "civil_registry",
    "divorce_registration": "civil_registry",
    "unemployment_benefit": "social_protection",
    "social_benefit": "social_protection",
    "family_benefit": "social_protection",
}
FRIDAY = dt.date(2025, 6, 20)


@pytest.fixture(scope="module")
def packaged():
    return catalog.load()


# ---- the packaged catalog ----


def test_packaged_catalog_has_the_six_services_with_their_agencies(packaged):
    assert {code: s.agency for code, s in packaged.services.items()} == SERVICES
    assert {s.handled_by for s in packaged.services.values()} == {"registry", "benefits"}
    assert packaged.services["birth_registration"].handled_by == "registry"
    assert packaged.services["family_benefit"].handled_by == "benefits"


def test_every_name_exists_in_kyrgyz_russian_and_english(packaged):
    named = [*packaged.services.values(), *packaged.offices.values(),
             *(d for s in packaged.services.values() for d in s.documents)]
    for thing in named:
        assert set(thing.names) == {"ky", "ru", "en"}, thing
        assert all(text.strip() for text in thing.names.values()), thing
    assert set(packaged.agency_names) == {"civil_registry", "social_protection"}
    assert all(set(n) == {"ky", "ru", "en"} for n in packaged.agency_names.values())
    assert packaged.services["birth_registration"].names["ru"] == "Регистрация рождения"


def test_packaged_catalog_has_the_four_pilot_offices_of_sokuluk(packaged):
    assert set(packaged.offices) == {"belek", "aral", "natsionalnoe", "malovodnoe"}
    assert {o.district for o in packaged.offices.values()} == {"sokuluk"}
    assert packaged.offices["belek"].names["en"] == "Belek"


def test_packaged_deadlines_follow_domain_md(packaged):
    deadlines = {code: (s.deadline_days, s.deadline_kind) for code, s in packaged.services.items()}
    assert deadlines == {
        "birth_registration": (10, "working"),
        "marriage_registration": (30, "calendar"),
        "divorce_registration": (30, "calendar"),
        "unemployment_benefit": (10, "working"),
        "social_benefit": (10, "working"),
        "family_benefit": (10, "working"),
    }


# ---- due dates ----


def test_friday_submission_plus_ten_working_days_is_two_weeks_later(packaged):
    assert packaged.services["birth_registration"].due_date(FRIDAY) == dt.date(2025, 7, 4)


@pytest.mark.parametrize("submitted, due", [
    (dt.date(2025, 6, 16), dt.date(2025, 6, 30)),  # Monday -> Monday two weeks later
    (dt.date(2025, 6, 21), dt.date(2025, 7, 4)),  # Saturday: counting starts on Monday
    (dt.date(2025, 6, 22), dt.date(2025, 7, 4)),  # Sunday
    (dt.date(2025, 12, 26), dt.date(2026, 1, 9)),  # across the new year
])
def test_working_days_skip_weekends(packaged, submitted, due):
    service = packaged.services["family_benefit"]
    assert service.due_date(submitted) == due
    assert due.weekday() < 5


@pytest.mark.parametrize("code", ["marriage_registration", "divorce_registration"])
def test_marriage_and_divorce_count_calendar_days(packaged, code):
    service = packaged.services[code]
    assert service.due_date(FRIDAY) == dt.date(2025, 7, 20)  # a Sunday: calendar days do not skip it
    assert service.due_date(dt.date(2024, 2, 1)) == dt.date(2024, 3, 2)
    assert service.due_date(dt.date(2025, 2, 1)) == dt.date(2025, 3, 3)


# ---- the document checklist ----


def test_missing_documents_lists_only_required_ones_not_provided(packaged):
    service = packaged.services["birth_registration"]
    assert [d.code for d in service.missing_documents([])] == [
        "medical_birth_certificate", "parents_identity_documents"]
    assert [d.code for d in service.missing_documents(["medical_birth_certificate"])] == [
        "parents_identity_documents"]
    assert service.missing_documents(["medical_birth_certificate", "parents_identity_documents"]) == []


def test_optional_and_unknown_documents_do_not_count(packaged):
    service = packaged.services["marriage_registration"]
    missing = service.missing_documents(["divorce_certificate", "something_else"])
    assert [d.code for d in missing] == ["identity_documents_both", "joint_application", "state_fee_receipt"]
    assert all(d.required and d.names["ky"] for d in missing)


# ---- a broken catalog file is refused, naming what is wrong ----


def minimal() -> dict:
    names = {"ky": "к", "ru": "р", "en": "e"}
    return {
        "district": "sokuluk",
        "offices": [{"id": "belek", "names": dict(names)}],
        "agencies": {"civil_registry": {"handled_by": "registry", "names": dict(names)}},
        "services": [{
            "code": "birth_registration", "agency": "civil_registry", "names": dict(names),
            "deadline": {"days": 10, "kind": "working"},
            "documents": [{"code": "medical_birth_certificate", "required": True, "names": dict(names)}],
        }],
    }


def write(tmp_path, data: dict):
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_minimal_file_loads(tmp_path):
    loaded = catalog.load(write(tmp_path, minimal()))
    assert list(loaded.services) == ["birth_registration"] and list(loaded.offices) == ["belek"]
    assert loaded.services["birth_registration"].documents[0].required is True


def test_document_is_required_unless_it_says_otherwise(tmp_path):
    data = minimal()
    del data["services"][0]["documents"][0]["required"]
    data["services"][0]["documents"].append({"code": "extra", "required": False, "names": {"ky": "a", "ru": "b",
                                                                                          "en": "c"}})
    documents = catalog.load(write(tmp_path, data)).services["birth_registration"].documents
    assert [(d.code, d.required) for d in documents] == [("medical_birth_certificate", True), ("extra", False)]


def test_unknown_agency_is_refused_naming_service_and_agency(tmp_path):
    data = minimal()
    data["services"][0]["agency"] = "tax_service"
    with pytest.raises(CatalogError, match="birth_registration.*tax_service"):
        catalog.load(write(tmp_path, data))


@pytest.mark.parametrize("where, locate", [
    ("birth_registration", lambda d: d["services"][0]["names"]),
    ("medical_birth_certificate", lambda d: d["services"][0]["documents"][0]["names"]),
    ("belek", lambda d: d["offices"][0]["names"]),
    ("civil_registry", lambda d: d["agencies"]["civil_registry"]["names"]),
])
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_missing_language_is_refused_naming_the_entry_and_the_language(tmp_path, where, locate, lang):
    data = minimal()
    del locate(data)[lang]
    with pytest.raises(CatalogError) as caught:
        catalog.load(write(tmp_path, data))
    assert where in str(caught.value) and lang in str(caught.value)


def test_empty_name_counts_as_missing(tmp_path):
    data = minimal()
    data["services"][0]["names"]["ru"] = ""
    with pytest.raises(CatalogError, match="birth_registration: names lack ru"):
        catalog.load(write(tmp_path, data))


@pytest.mark.parametrize("deadline", [{"days": 0, "kind": "working"}, {"days": -3, "kind": "calendar"},
                                      {"days": 10, "kind": "lunar"}])
def test_bad_deadline_is_refused(tmp_path, deadline):
    data = minimal()
    data["services"][0]["deadline"] = deadline
    with pytest.raises(CatalogError, match="birth_registration: deadline"):
        catalog.load(write(tmp_path, data))


@pytest.mark.parametrize("key", ["agency", "names", "deadline"])
def test_service_missing_a_key_is_refused_naming_service_and_key(tmp_path, key):
    data = minimal()
    del data["services"][0][key]
    with pytest.raises(CatalogError, match=f"birth_registration: {key} is missing"):
        catalog.load(write(tmp_path, data))


def test_deadline_that_is_not_a_number_is_refused(tmp_path):
    data = minimal()
    data["services"][0]["deadline"] = {"days": "ten", "kind": "working"}
    with pytest.raises(CatalogError, match="birth_registration: deadline"):
        catalog.load(write(tmp_path, data))


def test_structurally_broken_file_is_a_catalog_error_naming_the_file(tmp_path):
    data = minimal()
    del data["offices"][0]["id"]
    path = write(tmp_path, data)
    with pytest.raises(CatalogError, match="catalog.yaml.*id"):
        catalog.load(path)
