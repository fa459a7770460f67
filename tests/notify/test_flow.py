"""Every status change of an application tells the citizen, in their language, on the channels they did not
decline — through the five services on loopback and the gateway's HTTP API, with a local HTTP server standing in
for the SMS provider and a real SMTP server. Staff get in-app notices: clerks when a result waits for handover,
officers when a case nears or passes its deadline."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import pytest
from aiosmtpd.controller import Controller

from birtereze.notify.v1 import notify_pb2 as npb
from birtereze.notify.v1 import notify_pb2_grpc
from birtereze.routing.v1 import routing_pb2 as rtpb
from birtereze.routing.v1 import routing_pb2_grpc
from gateway.app import close_app, create_app
from gateway.seed import seed
from routing.deadlines import DeadlineWatch
from tereze import GRPC_SERVICES, migrations
from tereze.channels import Peers
from tests.gateway.conftest import PASSWORD, birth_body, make_settings
from tests.notify.conftest import (
    FAST_RETRIES,
    FakeSmsProvider,
    SmtpSink,
    _authenticator,
    sms_env,
    smtp_env,
)
from tests.support import SERVICE_TOKEN, InProcessSuite, free_port, wait_for

PHONE = "+996555123987"
EMAIL = "aibek.usonov@example.kg"


@pytest.fixture(scope="module")
def provider():
    p = FakeSmsProvider()
    yield p
    p.close()


@pytest.fixture(scope="module")
def mailbox():
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port(), authenticator=_authenticator,
                            auth_require_tls=False)
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture(scope="module")
def suite(tmp_path_factory, provider, mailbox):
    tmp = tmp_path_factory.mktemp("notify-flow")
    env = {**sms_env(provider), **smtp_env(mailbox), **FAST_RETRIES,
           # every dispatched case is "near" its deadline at once, and the scan runs often
           "DEADLINE_WARNING_DAYS": "60", "DEADLINE_SCAN_INTERVAL_SECONDS": "0.2",
           "NOTIFY_RATE_LIMIT": "50"}  # one phone number across these tests; the limit is tested elsewhere
    s = InProcessSuite(lambda label: f"sqlite:///{tmp / (label + '.db')}", extra_env=env).start()
    peers = Peers({name: s.address(name) for name in s.ports}, timeout=5, token=SERVICE_TOKEN)
    s.routing = peers.client("routing", routing_pb2_grpc.RoutingServiceStub)
    s.notify = peers.client("notify", notify_pb2_grpc.NotifyServiceStub)
    yield s
    peers.close()
    s.stop()


@pytest.fixture(scope="module")
def client(suite, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('notify-gateway') / 'gateway.db'}"
    migrations.upgrade("gateway", url)
    seed(url, password=PASSWORD)
    app = create_app(make_settings(url, {name: suite.address(name) for name in GRPC_SERVICES}))
    app.config["TESTING"] = True
    yield app.test_client()
    close_app(app)


class Api:
    def __init__(self, client, username: str):
        reply = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
        assert reply.status_code == 200, reply.get_json()
        self.client, self.headers = client, {"Authorization": f"Bearer {reply.get_json()['token']}"}

    def get(self, path: str):
        return self.client.get(path, headers=self.headers)

    def post(self, path: str, json=None):
        return self.client.post(path, json=json, headers={**self.headers, "Idempotency-Key": str(uuid.uuid4())})


_children = iter(["Айпери", "Бегимай", "Жылдыз", "Нургүл", "Сезим", "Алтынай", "Гүлзат", "Мээрим", "Чолпон",
                  "Аруужан", "Данияра", "Элнура"])


def submit(clerk: Api, **applicant) -> dict:
    # Another child each time, so the registry sees no possible duplicate.
    body = birth_body(given_name=next(_children))
    body["applicant"].update({"phone": PHONE, "email": EMAIL, **applicant})
    reply = clerk.post("/api/v1/applications", json=body)
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json()


def notifications(api: Api, app_id: str) -> list[dict]:
    reply = api.get(f"/api/v1/applications/{app_id}/notifications")
    assert reply.status_code == 200
    return reply.get_json()


def all_sent(api: Api, app_id: str, expected: list[tuple[str, str]]):
    """Polls until the application's messages are exactly `expected` (template, channel) and all sent."""
    def check():
        notes = notifications(api, app_id)
        pairs = sorted((n["template"], n["channel"]) for n in notes)
        return notes if pairs == sorted(expected) and all(n["status"] == "sent" for n in notes) else None
    return wait_for(check, timeout=30, message=f"messages {expected}")


def status_of(api: Api, app_id: str) -> str:
    return api.get(f"/api/v1/applications/{app_id}").get_json()["status"]


def test_every_status_change_tells_the_citizen_in_their_language(suite, client, provider, mailbox, caplog):
    caplog.set_level(logging.INFO)
    clerk, registrar = Api(client, "clerk.belek"), Api(client, "registrar.sokuluk")
    app = submit(clerk, language="ru")
    app_id, tracking = app["id"], app["tracking_number"]

    all_sent(clerk, app_id, [("accepted", "sms"), ("accepted", "email")])
    wait_for(lambda: status_of(clerk, app_id) == "routed", message="routed")

    # The agency asks for more information (routing's ReportProgress, as the registry's flow calls it).
    suite.routing.ReportProgress(rtpb.ReportProgressRequest(
        request_id=str(uuid.uuid4()), application_id=app_id, status="needs_info", note="a copy is missing"))
    all_sent(clerk, app_id, [("accepted", "sms"), ("accepted", "email"), ("needs_info", "sms"),
                             ("needs_info", "email")])

    decided = registrar.post(f"/api/v1/applications/{app_id}/decision", json={"outcome": "approved"})
    assert decided.status_code == 200, decided.get_json()
    notes = all_sent(clerk, app_id, [("accepted", "sms"), ("accepted", "email"), ("needs_info", "sms"),
                                     ("needs_info", "email"), ("ready", "sms"), ("ready", "email")])
    assert all(n["language"] == "ru" and n["attempts"] == 1 and n["sent_at"] for n in notes)
    assert {n["to"] for n in notes} == {"+*********987", "a***@example.kg"}

    texts = [r["text"] for r in provider.accepted() if r["to"] == PHONE and tracking in r["text"]]
    assert [t.split(".")[0] for t in texts] == [
        "Бир терезе: ваше заявление принято",
        f"Бир терезе: по заявлению {tracking} нужна дополнительная информация",
        f"Бир терезе: результат по заявлению {tracking} готов",
    ]
    assert "Белек" in texts[2]  # where to collect it, in Russian
    mails = [m for m in mailbox.messages if m["to"] == [EMAIL] and tracking in m["subject"]]
    assert [m["subject"] for m in mails] == [
        f"Ваше заявление принято — {tracking}", f"Нужна дополнительная информация — {tracking}",
        f"Результат готов — {tracking}"]
    assert "Регистрация рождения" in mails[0]["body"] and "почтовом отделении Белек" in mails[2]["body"]

    logged = "".join(r.getMessage() + str(r.__dict__) for r in caplog.records if not r.name.startswith("mail."))
    for secret in (PHONE, PHONE[1:], EMAIL):
        assert secret not in logged


def test_cancellation_tells_the_citizen_in_kyrgyz_and_english_is_the_fallback(suite, client, provider):
    clerk = Api(client, "clerk.belek")
    kyrgyz = submit(clerk, language="ky", email="")
    all_sent(clerk, kyrgyz["id"], [("accepted", "sms")])
    wait_for(lambda: status_of(clerk, kyrgyz["id"]) == "routed", message="routed")
    assert clerk.post(f"/api/v1/applications/{kyrgyz['id']}/cancel", json={}).status_code == 200
    notes = all_sent(clerk, kyrgyz["id"], [("accepted", "sms"), ("cancelled", "sms")])
    assert {n["language"] for n in notes} == {"ky"}
    assert f"Бир терезе: {kyrgyz['tracking_number']} арызы жокко чыгарылды." in [r["text"] for r in provider.accepted()]

    english = submit(clerk, language="en", email="")
    notes = all_sent(clerk, english["id"], [("accepted", "sms")])
    assert notes[0]["language"] == "en"


def test_opt_out_recorded_at_the_window_is_respected(suite, client, provider, mailbox):
    clerk = Api(client, "clerk.belek")
    app = submit(clerk, language="ru", opt_out=["sms"])
    assert app["applicant"]["opt_out"] == ["sms"]
    all_sent(clerk, app["id"], [("accepted", "email")])
    assert not [r for r in provider.requests if app["tracking_number"] in r["text"]]
    assert [m for m in mailbox.messages if app["tracking_number"] in m["subject"]]

    body = birth_body()
    body["applicant"]["opt_out"] = ["fax"]
    reply = clerk.post("/api/v1/applications", json=body)
    assert reply.status_code == 400
    assert "applicant.opt_out[0]" in reply.get_json()["error"]["fields"]
    body["applicant"]["opt_out"] = "sms"
    reply = clerk.post("/api/v1/applications", json=body)
    assert reply.status_code == 400 and "applicant.opt_out" in reply.get_json()["error"]["fields"]


def notices(api: Api, query: str = "") -> list[dict]:
    reply = api.get(f"/api/v1/notices{query}")
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()["items"]


def test_clerks_are_told_of_results_waiting_and_officers_of_deadlines(suite, client):
    clerk, other_clerk = Api(client, "clerk.belek"), Api(client, "clerk.aral")
    registrar, inspector = Api(client, "registrar.sokuluk"), Api(client, "inspector.sokuluk")
    app = submit(clerk, language="ky")
    tracking = app["tracking_number"]
    wait_for(lambda: status_of(clerk, app["id"]) == "routed", message="routed")

    # Officers: the case is "near" its deadline (DEADLINE_WARNING_DAYS=60 here): one notice to the registrars.
    near = wait_for(lambda: [n for n in notices(registrar, "?language=ru") if n["application_id"] == app["id"]],
                    message="deadline notice")
    assert [(n["template"], n["role"]) for n in near] == [("deadline_near", "registrar")]
    assert near[0]["title"] == f"Срок подходит: {tracking}" and "Регистрация рождения" in near[0]["text"]
    assert not [n for n in notices(inspector) if n["application_id"] == app["id"]]

    decided = registrar.post(f"/api/v1/applications/{app['id']}/decision", json={"outcome": "approved"})
    assert decided.status_code == 200, decided.get_json()
    waiting = wait_for(lambda: [n for n in notices(clerk, "?unread=true") if n["application_id"] == app["id"]],
                       message="results waiting notice")
    assert [(n["template"], n["office"], n["language"]) for n in waiting] == [("results_waiting", "belek", "ky")]
    assert tracking in waiting[0]["title"] and waiting[0]["read_at"] is None
    assert not [n for n in notices(other_clerk) if n["application_id"] == app["id"]]

    notice_id = waiting[0]["id"]
    assert other_clerk.post(f"/api/v1/notices/{notice_id}/read").status_code == 404  # not their office's
    assert registrar.post(f"/api/v1/notices/{notice_id}/read").status_code == 404
    read = clerk.post(f"/api/v1/notices/{notice_id}/read")
    assert read.status_code == 200 and read.get_json()["read_by"] == "clerk.belek" and read.get_json()["read_at"]
    again = clerk.post(f"/api/v1/notices/{notice_id}/read").get_json()
    assert again["read_at"] == read.get_json()["read_at"]  # idempotent: the first reading is kept
    assert not [n for n in notices(clerk, "?unread=true") if n["id"] == notice_id]
    assert [n for n in notices(clerk) if n["id"] == notice_id]


def test_a_deadline_passed_is_noticed_once_however_often_routing_scans(suite, client):
    clerk, registrar = Api(client, "clerk.belek"), Api(client, "registrar.sokuluk")
    app = submit(clerk, language="ru")
    wait_for(lambda: [n for n in notices(registrar) if n["application_id"] == app["id"]], message="near notice")
    watch = next(w for w in suite.servers["routing"].workers if isinstance(w, DeadlineWatch))
    later = dt.date.today() + dt.timedelta(days=120)
    assert watch.scan(later, 2) >= 1
    assert watch.scan(later, 2) == 0  # recorded: a rescan (or a restart) notices nothing twice
    passed = wait_for(lambda: [n for n in notices(registrar, "?language=en") if n["application_id"] == app["id"]
                               and n["template"] == "deadline_passed"], message="deadline passed notice")
    assert len(passed) == 1 and passed[0]["title"] == f"Deadline passed: {app['tracking_number']}"
    mine = [n["template"] for n in notices(registrar) if n["application_id"] == app["id"]]
    assert sorted(mine) == ["deadline_near", "deadline_passed"]


def test_notice_api_checks_roles_and_input(client):
    monitor = Api(client, "monitor")
    assert monitor.get("/api/v1/notices").status_code == 403
    clerk = Api(client, "clerk.belek")
    assert clerk.get("/api/v1/notices?office=aral").status_code == 403
    reply = clerk.get("/api/v1/notices?language=de&unread=maybe&limit=0")
    assert reply.status_code == 400
    assert set(reply.get_json()["error"]["fields"]) == {"language", "unread", "limit"}
    assert clerk.post("/api/v1/notices/no-such-notice/read").status_code == 404
    assert clerk.post("/api/v1/notices/" + "x" * 300 + "/read").status_code == 404


def test_post_notice_is_idempotent_by_event_id(suite):
    request = npb.PostNoticeRequest(request_id="payroll_ready:belek:2026-12", template="payroll_ready", role="clerk",
                                    office="belek", params={"month": "2026-12", "lines": "14", "total": "16800",
                                                            "office_name_ru": "Белек"})
    first = suite.notify.PostNotice(request)
    again = suite.notify.PostNotice(request)
    assert again.id == first.id and first.title == "Payroll for 2026-12 is ready"
    listed = suite.notify.ListNotices(npb.ListNoticesRequest(role="clerk", office="belek", language="ru"))
    mine = [n for n in listed.items if n.id == first.id]
    assert len(mine) == 1 and mine[0].text == "Белек: ведомость за 2026-12 готова — получателей: 14, всего 16800 сом."
