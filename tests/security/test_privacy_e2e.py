"""Privacy end to end: every service type (birth, marriage, divorce, ЕПМС, ЕСП, unemployment), a needs_info
round and a cancellation, through the six processes as `make run` starts them, with a real OTLP receiver
and a log file per process at DEBUG. Every exported span (names, attributes, events) and every log line is
scanned for the PINs, names, phone numbers, e-mail addresses and street addresses used: none may appear."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import uuid

import pytest

from gateway.seed import seed as seed_gateway
from tereze.devrun import Suite
from tereze.pin import make_pin
from tereze.timeutil import today
from tests.benefits.support import DOCUMENTS, agency_facts, register_children
from tests.e2e.http import Api
from tests.e2e.otlp import GrpcReceiver
from tests.support import free_port, wait_for

pytestmark = pytest.mark.e2e

TODAY = today()


def person(sex: str, born: dt.date, serial: int, surname: str, given: str, patronymic: str, **extra) -> dict:
    return {"pin": make_pin(sex, born, serial), "surname": surname, "given_name": given, "patronymic": patronymic,
            "birth_date": born.isoformat(), "sex": sex, **extra}


MOTHER = person("female", dt.date(1993, 7, 19), 48151, "Курманбекова", "Жылдызкан", "Төлөгөновна",
                phone="+996555413927", email="jyldyz.k93@example.kg", address="Белек, Чүй көчөсү 41",
                language="ky")
CHILD = {"surname": "Курманбекова", "given_name": "Нурайым", "patronymic": "Эмилбековна", "sex": "female",
         "birth_date": (TODAY - dt.timedelta(days=5)).isoformat(), "birth_place": "Белек"}
MOTHER2 = person("female", dt.date(1995, 2, 11), 62340, "Сыдыкбаева", "Бегимай", "Урматовна",
                 phone="+996700582614", address="Белек, Фрунзе көчөсү 88", language="ru")
CHILD2 = {"surname": "Сыдыкбаева", "given_name": "Алинур", "sex": "male",
          "birth_date": (TODAY - dt.timedelta(days=9)).isoformat(), "birth_place": "Белек"}
BRIDE = person("female", dt.date(1998, 3, 23), 73512, "Абдыкадырова", "Мээрим", "Канатовна",
               phone="+996772639048", email="meerim.abd@example.kg", address="Арал, Ош көчөсү 12")
GROOM = person("male", dt.date(1996, 9, 30), 84623, "Шаршеналиев", "Бакыт", "Асанович")
BRIDE2 = person("female", dt.date(1999, 8, 8), 95734, "Токтосунова", "Чолпон", "Маратовна",
                phone="+996551207385")
GROOM2 = person("male", dt.date(1997, 1, 4), 16845, "Жээнбеков", "Эрмек", "Талантович")
FAMILY = person("female", dt.date(1988, 4, 2), 27956, "Мамбеталиева", "Гүлзат", "Сагынбековна",
                phone="+996709318462", address="Белек, Манас көчөсү 5")
ELDER = person("female", dt.date(TODAY.year - 63, 2, 2), 38067, "Өмүрзакова", "Айымкан", "Жумабековна",
               phone="+996558274091", address="Белек, Токтогул көчөсү 19")
JOBLESS = person("male", dt.date(1990, 5, 5), 49178, "Исмаилов", "Данияр", "Русланович",
                 phone="+996777450936", email="daniyar.ism@example.kg", address="Белек, Ленин көчөсү 77")


def kid(serial: int, years: int) -> dict:
    born = TODAY - dt.timedelta(days=365 * years + 10)
    return {"pin": make_pin("male", born, serial), "relation": "child", "birth_date": born.isoformat(),
            "monthly_income": 0}


HOUSEHOLD = [{"pin": FAMILY["pin"], "relation": "applicant", "birth_date": FAMILY["birth_date"], "monthly_income": 1500},
             {"pin": make_pin("male", dt.date(1985, 1, 20), 51290), "relation": "spouse", "birth_date": "1985-01-20",
              "monthly_income": 1000},
             kid(61301, 4), kid(72412, 8)]

PEOPLE = [MOTHER, MOTHER2, BRIDE, GROOM, BRIDE2, GROOM2, FAMILY, ELDER, JOBLESS]


def personal_values() -> list[str]:
    values = set()
    for p in PEOPLE:
        for key in ("pin", "surname", "given_name", "patronymic", "email", "address"):
            if p.get(key):
                values.add(p[key])
        if p.get("phone"):
            values.add(p["phone"])
            values.add(p["phone"][4:])  # the national number without +996
        if p.get("address"):
            values.add(p["address"].split(", ")[1])  # the street and number alone
    for c in (CHILD, CHILD2):
        values.update({c["given_name"], c.get("patronymic", "")} - {""})
    values.update(m["pin"] for m in HOUSEHOLD)
    return sorted(values)


@pytest.fixture
def running(tmp_path):
    receiver = GrpcReceiver().start()
    suite = Suite(tmp_path / "var", base_port=None, gateway_port=free_port(), log_dir=tmp_path / "logs",
                  extra_env={"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint, "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
                             "OTEL_BSP_SCHEDULE_DELAY": "200", "TEREZE_RELAY_INTERVAL": "0.3", "LOG_LEVEL": "DEBUG",
                             "TEREZE_SHUTDOWN_GRACE": "2"})
    suite.prepare(seed=False)
    seed_gateway(suite.database_urls["gateway"])
    benefits_url = suite.database_urls["benefits"]
    agency_facts(benefits_url, "social_fund", ELDER["pin"], pension_entitled="false")
    agency_facts(benefits_url, "social_fund", JOBLESS["pin"], insured_months_last_36="14")
    agency_facts(benefits_url, "unemployment_register", JOBLESS["pin"], registered="true")
    register_children(suite.database_urls["registry"], {"household": HOUSEHOLD})
    suite.start_all()
    try:
        suite.wait_ready(timeout=90)
        yield suite, receiver, tmp_path / "logs"
    finally:
        suite.stop()
        receiver.stop()


def test_no_personal_data_in_spans_or_logs_for_every_service(running):
    suite, receiver, logs = running
    api = Api(suite.gateway_url)
    belek, aral = api.login("clerk.belek"), api.login("clerk.aral")
    registrar, inspector = api.login("registrar.sokuluk"), api.login("inspector.sokuluk")

    def submit(clerk: Api, body: dict) -> dict:
        status, app = clerk.call("POST", "/api/v1/applications", body, {"Idempotency-Key": str(uuid.uuid4())})
        assert status == 201, app
        return app

    def status_of(app: dict) -> str:
        return registrar.call("GET", f"/api/v1/applications/{app['id']}")[1].get("status") \
            if app["service"].endswith("registration") else \
            inspector.call("GET", f"/api/v1/applications/{app['id']}")[1].get("status")

    def act(officer: Api, app: dict, action: str, body: dict) -> dict:
        reply = wait_for(lambda: (lambda r: r if r[0] != 409 else None)(officer.call(
            "POST", f"/api/v1/applications/{app['id']}/{action}", body, {"Idempotency-Key": str(uuid.uuid4())})),
            timeout=30, message=f"{action} on {app['service']}")
        assert reply[0] == 200, reply
        return reply[1]

    def approve(officer: Api, app: dict) -> None:
        act(officer, app, "decision", {"outcome": "approved"})
        wait_for(lambda: status_of(app) == "result_ready", timeout=30, message=f"{app['service']} result_ready")

    birth = submit(belek, {"service": "birth_registration", "applicant": MOTHER,
                           "details": {"child": CHILD, "mother_pin": MOTHER["pin"], "medical_certificate_no": "МС-7741"},
                           "documents": ["medical_birth_certificate", "parents_identity_documents"]})
    marriage = submit(aral, {"service": "marriage_registration", "applicant": BRIDE,
                             "details": {"spouse": GROOM, "requested_date": TODAY.isoformat(),
                                         "urgent_reason": "pregnancy"},
                             "documents": ["identity_documents_both", "joint_application", "state_fee_receipt"]})
    family = submit(belek, {"service": "family_benefit", "applicant": FAMILY,
                            "details": {"household": HOUSEHOLD, "payment": {"channel": "post_office"}},
                            "documents": DOCUMENTS["family_benefit"]})
    social = submit(belek, {"service": "social_benefit", "applicant": ELDER,
                            "details": {"category": "elderly_no_pension", "payment": {"channel": "post_office"}},
                            "documents": DOCUMENTS["social_benefit"]})
    jobless = submit(belek, {"service": "unemployment_benefit", "applicant": JOBLESS,
                             "details": {"insured_months_last_36": 14, "payment": {"channel": "post_office"}},
                             "documents": DOCUMENTS["unemployment_benefit"]})
    needs_info = submit(belek, {"service": "birth_registration", "applicant": MOTHER2,
                                "details": {"child": CHILD2, "mother_pin": MOTHER2["pin"],
                                            "medical_certificate_no": "МС-8852"},
                                "documents": ["medical_birth_certificate", "parents_identity_documents"]})
    cancelled = submit(aral, {"service": "marriage_registration", "applicant": BRIDE2,
                              "details": {"spouse": GROOM2, "requested_date": TODAY.isoformat(),
                                          "urgent_reason": "child_born"},
                              "documents": ["identity_documents_both", "joint_application", "state_fee_receipt"]})
    assert all(a["assessment"]["eligible"] for a in (family, social, jobless)), (family, social, jobless)

    approve(registrar, birth)
    approve(registrar, marriage)
    for claim in (family, social, jobless):
        approve(inspector, claim)
    # the needs_info round: the registrar asks, the clerk brings it, the registrar approves
    act(registrar, needs_info, "request-info", {"note": "the medical certificate is not legible"})
    wait_for(lambda: status_of(needs_info) == "needs_info", timeout=30, message="needs_info")
    status, _ = belek.call("POST", f"/api/v1/applications/{needs_info['id']}/info",
                           {"note": "a legible copy brought"}, {"Idempotency-Key": str(uuid.uuid4())})
    assert status == 200
    approve(registrar, needs_info)
    # the cancellation
    status, _ = aral.call("POST", f"/api/v1/applications/{cancelled['id']}/cancel", {"reason": "changed plans"},
                          {"Idempotency-Key": str(uuid.uuid4())})
    assert status == 200
    # the divorce of the couple just married
    divorce = submit(aral, {"service": "divorce_registration", "applicant": BRIDE,
                            "details": {"spouse_pin": GROOM["pin"], "mutual_consent": True,
                                        "common_minor_children": 0},
                            "documents": ["identity_documents", "marriage_certificate", "state_fee_receipt"]})
    # (registered a month after the application at the earliest: today it is refused, with a reason)
    act(registrar, divorce, "decision", {"outcome": "rejected", "reason": "the one-month waiting period"})
    wait_for(lambda: status_of(divorce) == "result_ready", timeout=30, message="divorce result_ready")
    for app, clerk in ((birth, belek), (marriage, aral), (divorce, aral)):
        status, _ = clerk.call("POST", f"/api/v1/applications/{app['id']}/handover", {"rating": 5},
                               {"Idempotency-Key": str(uuid.uuid4())})
        assert status == 200

    # the messages went out (so notify's delivery path, with addresses and phone numbers, was exercised)
    def sent(app: dict, clerk: Api) -> bool:
        notes = clerk.call("GET", f"/api/v1/applications/{app['id']}/notifications")[1]
        return any(n["status"] == "sent" and n["template"] == "ready" for n in notes)

    wait_for(lambda: sent(birth, belek) and sent(jobless, belek) and sent(marriage, aral), timeout=30,
             message="the ready messages")
    wait_for(lambda: receiver.received.services_in(birth["trace_id"]) >= {"gateway", "intake", "routing"},
             timeout=20, message="the birth's spans")

    suite.stop()
    exported = receiver.received.dump()
    assert exported.strip(), "no spans were exported"
    log_files = sorted(pathlib.Path(logs).glob("*.log"))
    assert {p.stem for p in log_files} == {"gateway", "intake", "routing", "registry", "benefits", "notify"}
    # the scan reads what the services wrote: ids (not personal) are there
    all_logs = "".join(p.read_text(errors="replace") for p in log_files)
    assert birth["id"] in all_logs and birth["trace_id"] in exported
    leaks = []
    for value in personal_values():
        forms = {value, json.dumps(value)[1:-1]}  # as is, and as JSON escapes it (\u04e9 …)
        if any(f in exported for f in forms):
            leaks.append(("spans", value))
        for path in log_files:
            text = path.read_text(errors="replace")
            assert text.strip(), f"{path.name} is empty"
            if any(f in text for f in forms):
                leaks.append((path.name, value))
    assert not leaks, leaks
