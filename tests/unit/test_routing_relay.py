"""Routing's relay handler for `open_case`, batched: one call per agency, each claim's assessment (read from its
item's response) handed to `Routing.case_opened` with the delivered mark."""

from __future__ import annotations

import json

from birtereze.benefits.v1 import benefits_pb2
from birtereze.common.v1 import common_pb2 as c
from routing.app import TOPIC_OPEN
from routing.main import relay_handlers
from tereze import protojson
from tereze.errors import Unavailable
from tereze.outbox import BatchHandler, Message


class Calls:
    """A client whose batch methods answer each item with `answer(request)` (a code and a response)."""

    def __init__(self, answer):
        self.answer = answer
        self.batches: dict[str, list] = {}

    def __getattr__(self, method):
        def call(batch_request):
            self.batches.setdefault(method, []).append(batch_request)
            results = []
            for item in batch_request.items:
                code, response = self.answer(item.request)
                results.append(c.BatchItemResult(request_id=item.request.request_id, code=code, response=response))
            return c.BatchResponse(results=results)

        return call


class Agencies:
    def __init__(self, registry, benefits):
        self.registry, self.benefits = registry, benefits


class Routing:
    def __init__(self):
        self.opened = []

    def case_opened(self, session, application_id, assessment):
        self.opened.append((session, application_id, assessment))


def message(i: int, handled_by: str) -> Message:
    body = {"handled_by": handled_by, "application": {"id": f"app-{i}", "service": "family_benefit"}}
    return Message(id=f"m-{i}", topic=TOPIC_OPEN, payload=json.dumps(body).encode(), attempts=0)


def test_cases_and_claims_open_in_one_call_per_agency_and_the_claim_s_assessment_follows():
    claim = benefits_pb2.Claim(application_id="app-1")
    claim.assessment.eligible = True
    claim.assessment.monthly_amount = 2400
    registry = Calls(lambda request: (0, b""))
    benefits = Calls(lambda request: (0, claim.SerializeToString()) if request.request_id == "m-1"
                     else (14, b""))  # UNAVAILABLE for the other claim
    routing = Routing()
    handler = relay_handlers(routing, Agencies(registry, benefits), intake=Calls(None), notify=Calls(None))[TOPIC_OPEN]
    assert isinstance(handler, BatchHandler)

    messages = [message(0, "registry"), message(1, "benefits"), message(2, "registry"), message(3, "benefits")]
    answers = handler.deliver(messages, [{} for _ in messages])

    [cases] = registry.batches["OpenCaseBatch"]
    [claims] = benefits.batches["OpenClaimBatch"]
    assert [i.request.request_id for i in cases.items] == ["m-0", "m-2"]
    assert [i.request.application.id for i in claims.items] == ["app-1", "app-3"]
    assert isinstance(answers[3], Unavailable)
    for follow_up in answers[:3]:
        follow_up("session")
    assert routing.opened[0] == ("session", "app-0", None)
    assert routing.opened[2] == ("session", "app-2", None)
    _, application_id, assessment = routing.opened[1]
    assert application_id == "app-1"
    assert assessment == protojson.to_dict(claim.assessment)  # as the unary OpenClaim's answer gives it
    assert assessment["eligible"] is True
