"""Notify's delivery over real gRPC, against a local HTTP server standing in for the SMS provider and a real SMTP
server on loopback: the delivery log's states, retries with backoff, idempotency by event id, outages, opt-out,
e-mail content, and recipients never shown or logged unmasked. Every wait polls; nothing is timed."""

from __future__ import annotations

import logging
import uuid

import pytest

from birtereze.common.v1 import common_pb2 as c
from birtereze.notify.v1 import notify_pb2 as npb
from tereze.errors import Conflict, InvalidArgument, NotFound
from tests.notify.conftest import EMAIL, PHONE, SMS_TOKEN, sms_env, smtp_env
from tests.support import wait_for

PARAMS = {"tracking_number": "BEL-7K3M-Q9XZ", "service_name": "Регистрация рождения", "office_name": "Белек",
          "due_date": "2026-12-14"}


def send(notify, template="accepted", language="ru", phone=PHONE, email="", opt_out=(), event_id=None,
         application_id=None, params=None):
    return notify.client.Send(npb.SendRequest(
        request_id=event_id or str(uuid.uuid4()), application_id=application_id or str(uuid.uuid4()),
        template=template, recipient=npb.Recipient(phone=phone, email=email, language=language, opt_out=list(opt_out)),
        params=params or PARAMS))


def listed(notify, application_id: str) -> list[npb.Notification]:
    return list(notify.client.ListNotifications(npb.ListNotificationsRequest(application_id=application_id)).items)


def settled(notify, application_id: str, count: int = 1):
    """The application's messages once all `count` of them are sent or failed."""
    def check():
        items = listed(notify, application_id)
        return (items,) if len(items) == count and all(n.status in ("sent", "failed") for n in items) else None
    return wait_for(check, message=f"{count} settled message(s)")[0]


def test_sms_goes_to_the_http_provider_with_the_documented_contract(start_notify, sms_provider):
    notify = start_notify(sms_env(sms_provider))
    reply = send(notify, application_id="app-1")
    assert [(n.channel, n.status, n.attempts) for n in reply.notifications] == [("sms", "queued", 0)]
    [done] = settled(notify, "app-1")
    assert (done.status, done.attempts, done.language) == ("sent", 1, "ru") and done.sent_at
    [request] = sms_provider.accepted()
    assert request["to"] == PHONE and request["id"] == done.id
    assert request["text"].startswith("Бир терезе: ваше заявление принято") and "BEL-7K3M-Q9XZ" in request["text"]
    assert request["headers"]["Authorization"] == f"Bearer {SMS_TOKEN}"
    assert request["headers"]["Idempotency-Key"] == done.id
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert request["path"] == "/v1/sms"


def test_provider_failing_twice_then_succeeding_ends_sent_after_three_attempts(start_notify, sms_provider):
    notify = start_notify(sms_env(sms_provider))
    sms_provider.fail_next = 2
    send(notify, application_id="app-2")
    [done] = settled(notify, "app-2")
    assert (done.status, done.attempts, done.last_error) == ("sent", 3, "")
    assert [r["status"] for r in sms_provider.requests] == [500, 500, 202]
    assert len({r["headers"]["Idempotency-Key"] for r in sms_provider.requests}) == 1  # one message, retried


def test_provider_that_always_fails_ends_failed_and_is_visible(start_notify, sms_provider):
    notify = start_notify({**sms_env(sms_provider), "NOTIFY_MAX_ATTEMPTS": "4"})
    sms_provider.down = True
    send(notify, application_id="app-3")
    [done] = settled(notify, "app-3")
    assert (done.status, done.attempts, done.last_error, done.sent_at) == ("failed", 4, "HTTP 503", "")
    assert len(sms_provider.requests) == 4 and not sms_provider.accepted()


def test_a_number_the_provider_refuses_fails_at_once(start_notify, sms_provider):
    notify = start_notify(sms_env(sms_provider))
    sms_provider.fail_next, sms_provider.status_when_failing = 1, 400
    send(notify, application_id="app-4")
    [done] = settled(notify, "app-4")
    assert (done.status, done.attempts, done.last_error) == ("failed", 1, "HTTP 400")


def test_the_same_event_delivered_twice_sends_once(start_notify, sms_provider, smtp_server):
    notify = start_notify({**sms_env(sms_provider), **smtp_env(smtp_server)})
    first = send(notify, event_id="evt-1", application_id="app-5", email=EMAIL)
    again = send(notify, event_id="evt-1", application_id="app-5", email=EMAIL)
    assert [n.id for n in again.notifications] == [n.id for n in first.notifications]
    settled(notify, "app-5", count=2)
    send(notify, event_id="evt-1", application_id="app-5", email=EMAIL)  # once more, after delivery
    assert [n.status for n in listed(notify, "app-5")] == ["sent", "sent"]
    assert len(sms_provider.requests) == 1 and len(smtp_server.messages) == 1
    with pytest.raises(Conflict):  # the same event id for another message is a conflict, not a second message
        send(notify, event_id="evt-1", application_id="app-5", template="ready")


def test_an_outage_loses_no_message_and_each_is_sent_once_after_it(start_notify, sms_provider):
    notify = start_notify({**sms_env(sms_provider), "NOTIFY_MAX_ATTEMPTS": "1000", "NOTIFY_RATE_LIMIT": "0"})
    sms_provider.down = True
    apps = [f"outage-{i}" for i in range(6)]
    for app in apps:
        send(notify, application_id=app, phone=f"+99670012340{apps.index(app)}")
    # Every message is tried (and fails) at least twice while the provider is down; none is given up.
    wait_for(lambda: all(n.attempts >= 2 for app in apps for n in listed(notify, app)), message="retries in outage")
    assert all(n.status == "queued" and n.last_error == "HTTP 503" for app in apps for n in listed(notify, app))
    sms_provider.down = False
    for app in apps:
        settled(notify, app)
    ids = sms_provider.accepted_ids()
    assert sorted(ids) == sorted(n.id for app in apps for n in listed(notify, app))  # each exactly once
    assert all(n.status == "sent" for app in apps for n in listed(notify, app))


def test_email_arrives_at_the_smtp_server_with_subject_and_body(start_notify, smtp_server):
    notify = start_notify(smtp_env(smtp_server))
    send(notify, application_id="app-6", phone="", email=EMAIL, language="ky")
    [done] = settled(notify, "app-6")
    assert (done.channel, done.status, done.language, done.to) == ("email", "sent", "ky", "g***@example.kg")
    [mail] = smtp_server.messages
    assert mail["to"] == [EMAIL] and mail["authenticated"]
    assert mail["from"] == "noreply@tereze.kg"
    assert mail["subject"] == "Арызыңыз кабыл алынды — BEL-7K3M-Q9XZ" == done.subject
    assert "арызыңыз Белек почта бөлүмүндө кабыл алынды" in mail["body"]
    assert "Көзөмөл номери: BEL-7K3M-Q9XZ" in mail["body"] and "2026-12-14" in mail["body"]
    assert mail["message"]["Auto-Submitted"] == "auto-generated"


def test_smtp_refusing_the_login_is_retried_then_failed(start_notify, smtp_server):
    env = {**smtp_env(smtp_server), "SMTP_PASSWORD": "wrong", "NOTIFY_MAX_ATTEMPTS": "2"}
    notify = start_notify(env)
    send(notify, application_id="app-7", phone="", email=EMAIL)
    [done] = settled(notify, "app-7")
    assert (done.status, done.attempts, done.last_error) == ("failed", 2, "SMTP 535")
    assert not smtp_server.messages


def test_both_channels_in_the_citizens_language(start_notify, sms_provider, smtp_server):
    notify = start_notify({**sms_env(sms_provider), **smtp_env(smtp_server)})
    send(notify, template="ready", application_id="app-8", email=EMAIL, language="en",
         params={**PARAMS, "office_name": "Belek", "service_name": "Birth registration"})
    items = settled(notify, "app-8", count=2)
    assert sorted((n.channel, n.status, n.language) for n in items) == [("email", "sent", "en"), ("sms", "sent", "en")]
    assert sms_provider.accepted()[0]["text"] == (
        "Bir Tereze: the result for BEL-7K3M-Q9XZ is ready for collection at the Belek post office.")
    assert smtp_server.messages[0]["subject"] == "Your result is ready — BEL-7K3M-Q9XZ"


@pytest.mark.parametrize("opt_out, channels", [
    (["sms"], ["email"]), (["email"], ["sms"]), (["sms", "email"], []), ([], ["email", "sms"]),
])
def test_opt_out_per_channel_is_respected(start_notify, sms_provider, smtp_server, opt_out, channels):
    notify = start_notify({**sms_env(sms_provider), **smtp_env(smtp_server)})
    reply = send(notify, application_id="app-9", email=EMAIL, opt_out=opt_out)
    assert sorted(n.channel for n in reply.notifications) == channels
    settled(notify, "app-9", count=len(channels))
    assert len(sms_provider.requests) == ("sms" in channels)
    assert len(smtp_server.messages) == ("email" in channels)


def test_bad_input_names_the_field(start_notify):
    notify = start_notify()
    with pytest.raises(InvalidArgument) as error:
        send(notify, template="birthday")
    assert "template" in error.value.fields
    with pytest.raises(InvalidArgument) as error:
        send(notify, opt_out=["fax"])
    assert "recipient.opt_out[0]" in error.value.fields
    with pytest.raises(InvalidArgument) as error:
        send(notify, template="results_waiting")  # a staff notice is not sent to citizens
    assert "template" in error.value.fields


def test_recipients_never_appear_unmasked_in_answers_logs_or_spans(start_notify, sms_provider, smtp_server, caplog,
                                                                   spans):
    caplog.set_level(logging.DEBUG)
    notify = start_notify({**sms_env(sms_provider), **smtp_env(smtp_server), "NOTIFY_MAX_ATTEMPTS": "2"})
    sms_provider.fail_next = 1
    reply = send(notify, application_id="app-10", email=EMAIL)
    items = settled(notify, "app-10", count=2)
    smtp_failure = start_notify({**smtp_env(smtp_server), "SMTP_PORT": "1", "NOTIFY_MAX_ATTEMPTS": "1"}, "other")
    send(smtp_failure, application_id="app-11", phone="", email=EMAIL)
    settled(smtp_failure, "app-11")
    answers = str(reply) + "".join(str(n) for n in items) + str(listed(smtp_failure, "app-11"))
    # Everything our code logged, with its structured extras (the SMTP server's own "mail.log" is the test's).
    logged = "".join(r.getMessage() + str(r.__dict__) for r in caplog.records if not r.name.startswith("mail."))
    assert "message sent" in logged and "delivery failed" in logged
    exported = "".join(str(s.attributes) + str(s.events) + str(s.status) for s in spans.get_finished_spans())
    for secret in (PHONE, PHONE[1:], "700987654", EMAIL, "gulnara.asanova"):
        assert secret not in answers
        assert secret not in logged
        assert secret not in exported
    assert {n.to for n in items} == {"+*********654", "g***@example.kg"}


def test_notices_name_bad_fields_and_are_only_marked_read_by_their_audience(start_notify):
    notify = start_notify()
    with pytest.raises(InvalidArgument) as error:
        notify.client.PostNotice(npb.PostNoticeRequest(request_id="n-1", template="accepted", role="monitor"))
    assert set(error.value.fields) == {"template", "role"}
    with pytest.raises(InvalidArgument) as error:
        notify.client.PostNotice(npb.PostNoticeRequest(request_id="n-1", template="results_waiting", role="clerk"))
    assert set(error.value.fields) == {"office"}
    with pytest.raises(InvalidArgument) as error:
        notify.client.ListNotices(npb.ListNoticesRequest(role="clerk"))
    assert set(error.value.fields) == {"office"}

    notice = notify.client.PostNotice(npb.PostNoticeRequest(
        request_id="results_waiting:app-1", template="results_waiting", role="clerk", office="belek",
        application_id="app-1", params={"tracking_number": "BEL-1"}))
    for actor in (c.Actor(username="clerk.aral", role="clerk", office="aral"),
                  c.Actor(username="registrar.sokuluk", role="registrar", office="sokuluk")):
        with pytest.raises(NotFound):
            notify.client.MarkNoticeRead(npb.MarkNoticeReadRequest(id=notice.id, actor=actor))
    read = notify.client.MarkNoticeRead(npb.MarkNoticeReadRequest(
        id=notice.id, actor=c.Actor(username="clerk.belek", role="clerk", office="belek"), language="ky"))
    assert read.read_by == "clerk.belek" and read.read_at and read.language == "ky" and "BEL-1" in read.title
