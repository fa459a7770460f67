"""Issue 4's "Done when", through the HTTP contract: the gateway's JSON API over the real gRPC services."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from registry.rules import add_months
from tests.gateway.conftest import birth_body
from tests.support import wait_for

TODAY = dt.date.today()
_serials = itertools.count(10001)
MARRIAGE_DOCS = ["identity_documents_both", "joint_application", "state_fee_receipt"]
DIVORCE_DOCS = ["identity_documents", "marriage_certificate", "state_fee_receipt"]


def new_person(sex: str, born: dt.date, surname: str, given: str) -> dict:
    pin = f"{'1' if sex == 'female' else '2'}{born:%d%m%Y}{next(_serials):05d}"
    return {"pin": pin, "surname": surname, "given_name": given, "patronymic": "", "birth_date": born.isoformat(),
            "sex": sex}


def bride(age_years: int = 25, extra_days: int = 0) -> dict:
    try:
        born = TODAY.replace(year=TODAY.year - age_years)
    except ValueError:  # 29 February
        born = TODAY.replace(year=TODAY.year - age_years, day=28)
    born += dt.timedelta(days=extra_days)
    return {**new_person("female", born, "Асанова", "Айпери"), "phone": "+996700123456"}


def groom(age_years: int = 27) -> dict:
    return new_person("male", dt.date(TODAY.year - age_years, 1, 15), "Осмонов", "Азамат")


def marriage_body(applicant: dict, spouse: dict, requested: dt.date | None = None, urgent: str | None = "pregnancy",
                  **extra) -> dict:
    details = {"spouse": spouse, "requested_date": (requested or TODAY).isoformat(), **extra}
    if urgent:
        details["urgent_reason"] = urgent
    return {"service": "marriage_registration", "applicant": applicant, "details": details,
            "documents": MARRIAGE_DOCS}


def divorce_body(applicant: dict, spouse_pin: str, consent=True, children=0, **extra) -> dict:
    return {"service": "divorce_registration", "applicant": applicant,
            "details": {"spouse_pin": spouse_pin, "mutual_consent": consent, "common_minor_children": children,
                        **extra},
            "documents": DIVORCE_DOCS}


def rules_of(reply) -> list[str]:
    assert reply.status_code == 422, (reply.status_code, reply.get_json())
    error = reply.get_json()["error"]
    assert error["code"] == "rule_violation"
    return [v["rule"] for v in error["violations"]]


def status_of(api, app_id: str) -> str:
    return api.get(f"/api/v1/applications/{app_id}").get_json()["status"]


def submitted(clerk, body: dict) -> dict:
    reply = clerk.submit(body)
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json()


def routed(clerk, app: dict) -> dict:
    wait_for(lambda: status_of(clerk, app["id"]) in ("routed", "in_review"), message="routed")
    return app


def approve(registrar, app_id: str):
    return registrar.post(f"/api/v1/applications/{app_id}/decision", json={"outcome": "approved"})


def marital_status(api, pin: str) -> str:
    reply = api.get(f"/api/v1/persons/{pin}")
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()["marital_status"]


# ---- refused at the window ----


def test_under_18_marriage_is_refused_with_422_and_a_rule(login):
    clerk = login("clerk.belek")
    reply = clerk.submit(marriage_body(bride(age_years=18, extra_days=1), groom()))
    assert rules_of(reply) == ["marriage.under_age"]
    assert reply.get_json()["error"]["violations"][0]["message"]


def test_seventeen_with_a_recorded_exception_is_accepted(login):
    clerk = login("clerk.belek")
    body = marriage_body(bride(age_years=17), groom(), age_exception_no="Белек АӨ 12/2026")
    assert clerk.submit(body).status_code == 201


def test_marriage_less_than_a_month_ahead_without_urgent_reason_is_refused(login):
    clerk = login("clerk.aral")
    too_early = add_months(TODAY, 1) - dt.timedelta(days=1)
    assert rules_of(clerk.submit(marriage_body(bride(), groom(), requested=too_early, urgent=None))) == [
        "marriage.too_early"]
    assert clerk.submit(marriage_body(bride(), groom(), requested=add_months(TODAY, 1), urgent=None)).status_code == 201
    for reason in ("pregnancy", "child_born", "threat_to_life"):
        assert clerk.submit(marriage_body(bride(), groom(), requested=TODAY, urgent=reason)).status_code == 201


def test_marriage_details_are_named_field_by_field(login):
    reply = login("clerk.belek").submit(marriage_body(bride(), {"pin": "12345"}, urgent="because"))
    assert reply.status_code == 400
    fields = reply.get_json()["error"]["fields"]
    assert {"details.spouse.pin", "details.spouse.birth_date", "details.urgent_reason"} <= set(fields)


def test_divorce_with_common_minor_children_and_no_court_decision_is_refused(login):
    clerk = login("clerk.belek")
    rules = rules_of(clerk.submit(divorce_body(bride(), groom()["pin"], children=2)))
    assert "divorce.minor_children_court" in rules
    assert "divorce.not_married_to_each_other" in rules  # and these two are not married in the register


# ---- the register updated by the registrar's decisions ----


def test_approved_marriage_divorce_and_remarriage(login):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    a, b = bride(), groom()
    marriage = routed(clerk, submitted(clerk, marriage_body(a, b)))

    reply = approve(registrar, marriage["id"])
    assert reply.status_code == 200, reply.get_json()
    result = reply.get_json()["decision"]["result"]
    assert re.fullmatch(r"BELEK-\d{4}-M\d{5}", result["act_record_number"])
    assert result["certificate_number"].startswith("MC-")
    assert marital_status(registrar, a["pin"]) == "married"
    assert marital_status(registrar, b["pin"]) == "married"

    # A second marriage of either is refused at the window.
    assert rules_of(clerk.submit(marriage_body(bride(), b))) == ["marriage.already_married"]
    assert rules_of(clerk.submit(marriage_body(a, groom()))) == ["marriage.already_married"]

    # Their divorce: with common minor children only on a court decision.
    assert "divorce.minor_children_court" in rules_of(clerk.submit(divorce_body(a, b["pin"], children=1)))
    divorce = routed(clerk, submitted(clerk, divorce_body(a, b["pin"], children=1, court_decision_no="2-345/2026",
                                                          marriage_record_no=result["act_record_number"])))
    assert divorce["warnings"] == []  # the marriage record is known; a court decision is registered at once
    reply = approve(registrar, divorce["id"])
    assert reply.status_code == 200, reply.get_json()
    result = reply.get_json()["decision"]["result"]
    assert result["certificate_number_applicant"] != result["certificate_number_spouse"]
    assert marital_status(registrar, a["pin"]) == "divorced"
    assert marital_status(registrar, b["pin"]) == "divorced"

    # After the divorce both can marry again.
    assert clerk.submit(marriage_body(a, groom())).status_code == 201
    assert clerk.submit(marriage_body(bride(), b)).status_code == 201


def test_mutual_consent_divorce_waits_a_month_at_decision_time(login):
    clerk, registrar = login("clerk.aral"), login("registrar.sokuluk")
    a, b = bride(), groom()
    marriage = routed(clerk, submitted(clerk, marriage_body(a, b)))
    assert approve(registrar, marriage["id"]).status_code == 200
    divorce = routed(clerk, submitted(clerk, divorce_body(a, b["pin"])))
    assert divorce["warnings"] and divorce["warnings"][0]["rule"] == "divorce.waiting_period"
    unknown = submitted(clerk, divorce_body(a, b["pin"], marriage_record_no="ARAL-1999-M00001"))
    assert "divorce.marriage_record_unknown" in [w["rule"] for w in unknown["warnings"]]
    assert rules_of(approve(registrar, divorce["id"])) == ["divorce.too_early"]
    assert marital_status(registrar, a["pin"]) == "married"  # a refused decision changes nothing


def test_rules_are_checked_again_at_decision_time(login):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    a = bride()
    first = routed(clerk, submitted(clerk, marriage_body(a, groom())))
    second_groom = groom()
    second = routed(clerk, submitted(clerk, marriage_body(a, second_groom)))  # both accepted: she was single
    assert approve(registrar, first["id"]).status_code == 200
    assert rules_of(approve(registrar, second["id"])) == ["marriage.already_married"]
    assert status_of(registrar, second["id"]) != "result_ready"
    assert registrar.get(f"/api/v1/persons/{second_groom['pin']}").status_code == 404  # nothing was added


def test_approved_birth_gives_a_unique_pin_and_a_verifiable_certificate(login, client):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    mother = bride(age_years=30)
    born = TODAY - dt.timedelta(days=2)
    body = birth_body(given_name="Нурсултан", sex="male", birth_date=born.isoformat())
    body["applicant"], body["details"]["mother_pin"] = mother, mother["pin"]
    app = routed(clerk, submitted(clerk, body))
    reply = approve(registrar, app["id"])
    assert reply.status_code == 200, reply.get_json()
    result = reply.get_json()["decision"]["result"]
    pin = result["child_pin"]
    assert pin[0] == "2" and pin[1:9] == f"{born:%d%m%Y}" and len(pin) == 14
    child = registrar.get(f"/api/v1/persons/{pin}").get_json()
    assert child["given_name"] == "Нурсултан" and "duplicates" not in child

    number = result["certificate_number"]
    printed = clerk.get(f"/documents/certificates/{number}")
    assert printed.status_code == 200
    page = printed.get_data(as_text=True)
    assert "Свидетельство о рождении" in page and "Төрөлгөндүгү тууралуу күбөлүк" in page and "<svg" in page
    assert pin in page
    link = re.search(r"(/verify/[\w-]+\?c=[0-9A-F]+)", page).group(1)
    kyrgyz = clerk.get(f"/documents/certificates/{number}?lang=ky").get_data(as_text=True)
    assert "Төрөлгөндүгү тууралуу күбөлүк" in kyrgyz and "Свидетельство о рождении" not in kyrgyz

    public = client.get(link)  # the QR code's link, no login
    assert public.status_code == 200
    text = public.get_data(as_text=True)
    assert "Свидетельство подлинное" in text and "Нурсултан" in text and pin in text
    assert mother["pin"] not in text  # the mother's PIN is not printed on the certificate
    bare = client.get(f"/verify/{number}", headers={"Accept": "application/json"}).get_json()
    assert bare["valid"] is True and bare["shows"] is None  # the number alone opens nothing
    assert client.get("/verify/BC-2000-999999").status_code == 404
    assert client.get(f"/documents/certificates/{number}").status_code in (302, 401)


def test_refusal_letter_in_both_languages(login):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    app = routed(clerk, submitted(clerk, marriage_body(bride(), groom())))
    reply = registrar.post(f"/api/v1/applications/{app['id']}/decision",
                           json={"outcome": "rejected", "reason": "паспорт недействителен"})
    assert reply.status_code == 200
    assert clerk.get(f"/documents/applications/{app['id']}/refusal").status_code in (200, 409)  # 409 until ready
    wait_for(lambda: status_of(clerk, app["id"]) == "result_ready", message="result_ready")
    letter = clerk.get(f"/documents/applications/{app['id']}/refusal")
    assert letter.status_code == 200
    text = letter.get_data(as_text=True)
    assert "Письмо об отказе" in text and "Баш тартуу тууралуу кат" in text and "паспорт недействителен" in text
    assert clerk.get(f"/documents/applications/{app['id']}/refusal?lang=ru").status_code == 200


# ---- the registrar's work ----


def test_queue_case_history_and_needs_info_loop(login):
    clerk, registrar = login("clerk.natsionalnoe"), login("registrar.sokuluk")
    app = routed(clerk, submitted(clerk, marriage_body(bride(), groom())))

    due = app["due_date"] or (TODAY + dt.timedelta(days=30)).isoformat()
    queue = registrar.get(f"/api/v1/applications?service=marriage_registration&due_before={due}&limit=100")
    assert queue.status_code == 200
    assert app["id"] in [i["id"] for i in queue.get_json()["items"]]
    early = registrar.get(f"/api/v1/applications?service=marriage_registration&due_before={TODAY - dt.timedelta(days=1)}")
    assert app["id"] not in [i["id"] for i in early.get_json()["items"]]
    assert registrar.get("/api/v1/applications?due_before=soon").status_code == 400

    opened = registrar.get(f"/api/v1/applications/{app['id']}").get_json()
    assert [e["action"] for e in opened["case"]["history"]] == ["opened", "viewed"]
    assert opened["case"]["history"][1]["by"] == "registrar.sokuluk"
    wait_for(lambda: status_of(clerk, app["id"]) == "in_review", message="in_review on the first read")

    assert registrar.post(f"/api/v1/applications/{app['id']}/request-info", json={}).status_code == 400
    asked = registrar.post(f"/api/v1/applications/{app['id']}/request-info",
                           json={"note": "нужна копия свидетельства о расторжении прежнего брака"})
    assert asked.status_code == 200, asked.get_json()
    assert asked.get_json()["case"]["status"] == "needs_info"
    wait_for(lambda: status_of(clerk, app["id"]) == "needs_info", message="needs_info")
    notes = [h["note"] for h in clerk.get(f"/api/v1/applications/{app['id']}").get_json()["history"]]
    assert any("расторжении" in (n or "") for n in notes)

    assert clerk.post(f"/api/v1/applications/{app['id']}/info", json={}).status_code == 400
    supplied = clerk.post(f"/api/v1/applications/{app['id']}/info",
                          json={"note": "копия принята", "documents": ["divorce_certificate"]})
    assert supplied.status_code == 200, supplied.get_json()
    wait_for(lambda: status_of(clerk, app["id"]) == "in_review", message="in_review after the information")
    history = clerk.get(f"/api/v1/applications/{app['id']}").get_json()["history"]
    assert [h["status"] for h in history].count("needs_info") == 1
    assert (history[-1]["status"], history[-1]["by"]) == ("in_review", "clerk.natsionalnoe")
    assert "копия принята" in history[-1]["note"]
    case = registrar.get(f"/api/v1/applications/{app['id']}").get_json()["case"]
    assert [(e["action"], e["by"]) for e in case["history"]] == [
        ("opened", "system"), ("viewed", "registrar.sokuluk"), ("info_requested", "registrar.sokuluk"),
        ("info_supplied", "clerk.natsionalnoe"), ("viewed", "registrar.sokuluk")]
    assert "копия принята" in case["history"][3]["note"]
    assert case["status"] == "open"
    assert approve(registrar, app["id"]).status_code == 200
    # The case's history only grows: the decision and every read are in it.
    final = registrar.get(f"/api/v1/applications/{app['id']}").get_json()["case"]["history"]
    assert [e["action"] for e in final][-2:] == ["approved", "viewed"]
    assert clerk.post(f"/api/v1/applications/{app['id']}/request-info", json={"note": "x"}).status_code == 403


def test_possible_duplicate_birth_needs_the_registrars_decision(login):
    clerk, registrar = login("clerk.malovodnoe"), login("registrar.sokuluk")
    mother = bride(age_years=28)
    body = birth_body(given_name="Айзат")
    body["applicant"], body["details"]["mother_pin"] = mother, mother["pin"]
    first = routed(clerk, submitted(clerk, body))
    assert approve(registrar, first["id"]).status_code == 200
    second = routed(clerk, submitted(clerk, body))
    case = registrar.get(f"/api/v1/applications/{second['id']}").get_json()["case"]
    assert "birth.possible_duplicate" in [f["rule"] for f in case["flags"]]
    assert rules_of(approve(registrar, second["id"])) == ["birth.duplicate_undecided"]
    assert registrar.post(f"/api/v1/applications/{second['id']}/duplicate",
                          json={"decision": "maybe"}).status_code == 400
    marked = registrar.post(f"/api/v1/applications/{second['id']}/duplicate",
                            json={"decision": "duplicate", "note": "the same child"})
    assert marked.status_code == 200 and marked.get_json()["case"]["duplicate_decision"] == "duplicate"
    assert rules_of(approve(registrar, second["id"])) == ["birth.duplicate"]
    twins = registrar.post(f"/api/v1/applications/{second['id']}/duplicate",
                           json={"decision": "not_duplicate", "note": "twins, checked the medical certificates"})
    assert twins.get_json()["case"]["duplicate_decision"] == "not_duplicate"
    assert approve(registrar, second["id"]).status_code == 200
    # A case that is not flagged takes no duplicate decision.
    other = routed(clerk, submitted(clerk, marriage_body(bride(), groom())))
    assert rules_of(registrar.post(f"/api/v1/applications/{other['id']}/duplicate",
                                   json={"decision": "not_duplicate"})) == ["birth.not_flagged"]


def test_who_may_ask_supply_decide_duplicates_and_print(login, client):
    clerk, registrar = login("clerk.belek"), login("registrar.sokuluk")
    app = routed(clerk, submitted(clerk, marriage_body(bride(), groom())))
    path = f"/api/v1/applications/{app['id']}"
    assert login("inspector.sokuluk").post(f"{path}/request-info", json={"note": "x"}).status_code == 403
    assert login("monitor").post(f"{path}/request-info", json={"note": "x"}).status_code == 403
    assert registrar.post(f"{path}/request-info", json={"note": "x", "extra": 1}).status_code == 400
    assert registrar.post(f"{path}/info", json={"note": "x"}).status_code == 403
    assert login("clerk.aral").post(f"{path}/info", json={"note": "x"}).status_code == 404  # not their office
    assert clerk.post(f"{path}/info", json={"note": "x"}).status_code == 409  # nothing was asked
    assert clerk.post(f"{path}/duplicate", json={"decision": "duplicate"}).status_code == 403
    assert login("monitor").get(f"/documents/applications/{app['id']}/refusal").status_code == 403
    assert client.get(f"/documents/applications/{app['id']}/refusal").status_code in (302, 401)
    # The clerk's view carries no case file; the registrar's does.
    assert "case" not in clerk.get(path).get_json()
    assert registrar.get(path).get_json()["case"]["status"] == "open"
