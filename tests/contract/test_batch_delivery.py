"""Batched delivery over real gRPC (issue 9): intake's UpdateStatusBatch and notify's SendBatch answer each item
as its unary call would have — its own status, its own idempotency key, its own span in its own trace."""

from __future__ import annotations

import grpc
import pytest
from opentelemetry import propagate, trace

from birtereze.common.v1 import common_pb2 as c
from birtereze.intake.v1 import intake_pb2 as ipb
from birtereze.notify.v1 import notify_pb2 as npb
from birtereze.registry.v1 import registry_pb2 as rpb
from tereze.batch import outcomes
from tereze.errors import InvalidArgument, NotFound
from tests.contract.test_flow_inprocess import birth_request, status_of
from tests.support import wait_for

UPDATE_STATUS = "/birtereze.intake.v1.IntakeService/UpdateStatus"
SEND = "/birtereze.notify.v1.NotifyService/Send"
DISPATCH = "/birtereze.routing.v1.RoutingService/Dispatch"
REPORT_DECISION = "/birtereze.routing.v1.RoutingService/ReportDecision"
OPEN_CASE = "/birtereze.registry.v1.RegistryService/OpenCase"


def carrier_of(span) -> dict[str, str]:
    carrier: dict[str, str] = {}
    propagate.inject(carrier, context=trace.set_span_in_context(span))
    return carrier


def history(suite, app_id: str) -> list[str]:
    app = suite.intake.GetApplication(ipb.GetApplicationRequest(id=app_id))
    return [c.ApplicationStatus.Name(h.status) for h in app.history]


def test_each_status_item_is_done_answered_and_traced_on_its_own(suite, spans):
    app = suite.intake.SubmitApplication(birth_request("batch-1"))
    wait_for(lambda: status_of(suite, app.id) == "APPLICATION_STATUS_ROUTED", message="routed")
    tracer = trace.get_tracer("tests.batch")
    delivery = [tracer.start_span(f"delivery {i}") for i in range(3)]
    system = c.Actor(username="system", role="system")
    requests = [
        ipb.UpdateStatusRequest(request_id="st-1", id=app.id, status=c.APPLICATION_STATUS_IN_REVIEW, actor=system),
        ipb.UpdateStatusRequest(request_id="st-2", id="no-such-application", status=c.APPLICATION_STATUS_IN_REVIEW,
                                actor=system),
        # result_ready without an outcome: refused by the rule, with the field named
        ipb.UpdateStatusRequest(request_id="st-3", id=app.id, status=c.APPLICATION_STATUS_RESULT_READY, actor=system),
    ]
    batch = ipb.UpdateStatusBatchRequest(items=[
        ipb.UpdateStatusItem(request=r, trace=c.TraceContext(carrier=carrier_of(s)))
        for r, s in zip(requests, delivery, strict=True)])

    response = suite.intake.UpdateStatusBatch(batch)
    assert [(r.request_id, r.code) for r in response.results] == [
        ("st-1", 0), ("st-2", grpc.StatusCode.NOT_FOUND.value[0]), ("st-3", grpc.StatusCode.INVALID_ARGUMENT.value[0])]
    ok, missing, invalid = outcomes(response, requests)
    assert ok is None and isinstance(missing, NotFound) and isinstance(invalid, InvalidArgument)
    assert "outcome" in invalid.fields
    assert history(suite, app.id) == ["APPLICATION_STATUS_SUBMITTED", "APPLICATION_STATUS_ROUTED",
                                      "APPLICATION_STATUS_IN_REVIEW"]

    # Delivered again (a relay that crashed before its mark): the same answers, nothing done twice.
    again = suite.intake.UpdateStatusBatch(batch)
    assert [r.code for r in again.results] == [r.code for r in response.results]
    assert history(suite, app.id)[-1:] == ["APPLICATION_STATUS_IN_REVIEW"]
    assert len(history(suite, app.id)) == 3

    for span in delivery:
        span.end()
    items = [s for s in spans.get_finished_spans() if s.name == UPDATE_STATUS and s.kind == trace.SpanKind.SERVER
             and s.attributes.get("tereze.batch.items") == 3]
    assert len(items) == 6  # three items, twice
    for span in items[:3]:
        parent = next(d for d in delivery if d.get_span_context().span_id == span.parent.span_id)
        assert span.context.trace_id == parent.get_span_context().trace_id
    codes = [s.attributes["rpc.grpc.status_code"] for s in items[:3]]
    assert codes == [0, grpc.StatusCode.NOT_FOUND.value[0], grpc.StatusCode.INVALID_ARGUMENT.value[0]]
    assert [s.status.status_code == trace.StatusCode.ERROR for s in items[:3]] == [False, True, True]


def test_each_send_item_queues_once_and_a_bad_one_is_refused_alone(suite):
    good = npb.SendRequest(request_id="ev-1", application_id="app-77", template="accepted",
                           recipient=npb.Recipient(phone="+996700123456", language="ru"))
    bad = npb.SendRequest(request_id="ev-2", application_id="app-77", template="no-such-template",
                          recipient=npb.Recipient(phone="+996700123456", language="ru"))
    batch = npb.SendBatchRequest(items=[npb.SendItem(request=good), npb.SendItem(request=bad)])
    for _ in range(2):  # the second time is a redelivery: nothing queued twice
        response = suite.notify.SendBatch(batch)
        sent, refused = outcomes(response, [good, bad])
        assert sent is None and isinstance(refused, InvalidArgument) and "template" in refused.fields
    items = suite.notify.ListNotifications(npb.ListNotificationsRequest(application_id="app-77")).items
    assert [(n.template, n.channel) for n in items] == [("accepted", "sms")]


def test_every_busy_edge_delivers_in_batches_and_each_item_continues_its_trace(suite, spans):
    """Intake's dispatches, routing's case openings, status changes and notifications, registry's decisions:
    each relay sends what it has due in one batch call; the application moves on, the citizen gets the
    messages, and each receiver's span for an item is the child of that message's delivery span, in the
    trace of the request that wrote the message."""
    apps = [suite.intake.SubmitApplication(birth_request(f"many-{i}")) for i in range(4)]
    for app in apps:
        wait_for(lambda app=app: status_of(suite, app.id) == "APPLICATION_STATUS_ROUTED", message="routed")
    suite.registry.Decide(rpb.DecideRequest(request_id="d-many", application_id=apps[0].id, outcome=c.OUTCOME_APPROVED,
                                            actor=c.Actor(username="registrar.sokuluk", role="registrar")))
    wait_for(lambda: status_of(suite, apps[0].id) == "APPLICATION_STATUS_RESULT_READY", message="result_ready")
    wait_for(lambda: all(suite.notify.ListNotifications(npb.ListNotificationsRequest(application_id=a.id)).items
                         for a in apps), message="accepted notices")
    wait_for(lambda: len(suite.notify.ListNotifications(
        npb.ListNotificationsRequest(application_id=apps[0].id)).items) == 2, message="ready notice")

    finished = spans.get_finished_spans()
    deliveries = {s.context.span_id: s for s in finished if s.name.startswith("outbox deliver ")}
    items = [s for s in finished if "tereze.batch.items" in s.attributes]
    assert {s.name for s in items} >= {DISPATCH, OPEN_CASE, UPDATE_STATUS, SEND, REPORT_DECISION}
    for span in items:
        delivery = deliveries[span.parent.span_id]
        assert delivery.context.trace_id == span.context.trace_id
        assert span.attributes["rpc.grpc.status_code"] == 0
    # Every item is in the trace of a submission, or of the officer's decision (a request of its own).
    [decide] = [s for s in finished if s.name == "/birtereze.registry.v1.RegistryService/Decide"]
    requests = {a.trace_id for a in apps} | {format(decide.context.trace_id, "032x")}
    assert {format(s.context.trace_id, "032x") for s in items} <= requests


@pytest.mark.parametrize("method", ["UpdateStatusBatch", "SendBatch"])
def test_an_empty_batch_is_answered_with_no_results(suite, method):
    client = suite.intake if method == "UpdateStatusBatch" else suite.notify
    request = ipb.UpdateStatusBatchRequest() if method == "UpdateStatusBatch" else npb.SendBatchRequest()
    assert list(getattr(client, method)(request).results) == []
