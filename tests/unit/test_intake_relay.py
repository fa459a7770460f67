"""Intake on its own database (SQLite and PostgreSQL), with the precheck port and routing as plain callables:
- a replayed submission is answered as the first one was, even when the precheck would refuse it by now;
- the relay's dispatches go in one batch call, each carrying the whole application as the unary call would,
  a cancelled one not sent, an unknown or unreadable one failing alone."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from birtereze.common.v1 import common_pb2 as c
from intake import models
from intake.app import TOPIC_DISPATCH, Intake
from intake.main import relay_handlers
from intake.servicer import to_proto
from intake.store import IntakeStore
from tereze import migrations
from tereze.db import Database
from tereze.domain import Actor, PrecheckResult
from tereze.errors import Conflict, NotFound, RuleViolation, Violation
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import BatchHandler, Message, Outbox
from tereze.timeutil import today

CLERK = Actor("clerk.belek", "clerk", "belek")
APPLICANT = {"pin": "11203199000123", "surname": "Асанова", "given_name": "Гулнара", "patronymic": "Токтогуловна",
             "birth_date": "1990-03-12", "sex": "female", "phone": "+996700123456", "language": "ky"}
DOCUMENTS = ["medical_birth_certificate", "parents_identity_documents"]


def details(name: str = "Айпери") -> dict:
    return {"child": {"surname": "Асанова", "given_name": name, "patronymic": "Бакытовна", "sex": "female",
                      "birth_date": (today() - dt.timedelta(days=3)).isoformat(), "birth_place": "Белек"},
            "mother_pin": APPLICANT["pin"], "medical_certificate_no": "MC-1"}


class Precheck:
    """The precheck port: accepts until told to refuse."""

    def __init__(self):
        self.refusals: list[Violation] = []

    def __call__(self, service, office, applicant, details, documents) -> PrecheckResult:
        result = PrecheckResult()
        result.refusals = list(self.refusals)
        return result


@pytest.fixture
def intake(db_factory):
    url = db_factory("intake")
    migrations.upgrade("intake", url)
    db = Database(url)
    yield Intake(db, IntakeStore(), Outbox(db, models.outbox), IdempotencyKeys(db, models.idempotency_keys), Precheck())
    db.dispose()


def submit(intake: Intake, key: str, fp: str = "fp", name: str = "Айпери"):
    return intake.submit(key, fp, CLERK, "birth_registration", "belek", dict(APPLICANT), details(name), DOCUMENTS)


def test_a_replay_is_answered_as_the_first_call_even_if_the_precheck_now_refuses(intake):
    first = submit(intake, "k-1")
    intake.precheck.refusals = [Violation("birth.late", "refused by now")]
    again = submit(intake, "k-1")
    assert again.id == first.id and again.tracking_number == first.tracking_number
    with pytest.raises(RuleViolation) as refused:
        submit(intake, "k-2")
    assert [v.rule for v in refused.value.violations] == ["birth.late"]
    with pytest.raises(Conflict):
        submit(intake, "k-1", fp="another body", name="Другое")
    intake.precheck.refusals = []
    assert submit(intake, "k-1").id == first.id  # accepted replay: answered by the idempotency key
    assert [a.id for a in intake.list(limit=10)[0]] == [first.id]


class Routing:
    def __init__(self):
        self.batches: list = []

    def DispatchBatch(self, request):
        self.batches.append(request)
        return c.BatchResponse(results=[c.BatchItemResult(request_id=item.request.request_id, code=0)
                                        for item in request.items])


def dispatch_message(message_id: str, app_id: str) -> Message:
    return Message(id=message_id, topic=TOPIC_DISPATCH, payload=json.dumps({"application_id": app_id}).encode(),
                   attempts=0)


def test_dispatches_go_in_one_call_with_the_whole_application(intake):
    apps = [submit(intake, f"k-{i}", name=f"Айпери{i}") for i in range(3)]
    intake.cancel("c-1", "fp", CLERK, apps[1].id, "the mother withdrew it")
    routing = Routing()
    handler = relay_handlers(intake, routing)[TOPIC_DISPATCH]
    assert isinstance(handler, BatchHandler)
    messages = [dispatch_message(f"m-{i}", a.id) for i, a in enumerate(apps)]
    messages += [dispatch_message("m-unknown", "no-such-application"),
                 Message(id="m-bad", topic=TOPIC_DISPATCH, payload=b"{", attempts=0)]

    answers = handler.deliver(messages, [{} for _ in messages])

    [sent] = routing.batches
    assert [item.request.request_id for item in sent.items] == ["m-0", "m-2"]  # the cancelled one is not sent
    for item, app in zip(sent.items, (apps[0], apps[2]), strict=True):
        assert item.request.application == to_proto(intake.get(app.id))  # as the unary dispatch sends it
    assert answers[:3] == [None, None, None]
    assert isinstance(answers[3], NotFound)
    assert isinstance(answers[4], ValueError)  # an unreadable message fails alone
