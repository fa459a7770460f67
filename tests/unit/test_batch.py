"""The sender's side of a batched delivery (`tereze.batch.sender`), with a recorded batch call."""

from __future__ import annotations

from birtereze.common.v1 import common_pb2 as c
from birtereze.notify.v1 import notify_pb2 as npb
from tereze.batch import outcomes, sender
from tereze.errors import InvalidArgument, NotFound, Unavailable
from tereze.outbox import Message


def message(i: int) -> Message:
    return Message(id=f"m-{i}", topic="notify", payload=b"{}", attempts=0)


class Receiver:
    """Answers every item it gets with the code `codes` gives its request id (0 by default)."""

    def __init__(self, codes=None):
        self.calls: list[npb.SendBatchRequest] = []
        self.codes = codes or {}

    def __call__(self, request: npb.SendBatchRequest) -> c.BatchResponse:
        self.calls.append(request)
        return c.BatchResponse(results=[
            c.BatchItemResult(request_id=item.request.request_id, code=self.codes.get(item.request.request_id, 0),
                              message="refused") for item in request.items])


def build(m: Message):
    if m.id == "m-1":
        return None  # nothing to send for this one (an application cancelled before dispatch, say)
    if m.id == "m-2":
        raise Unavailable("database unavailable")
    return npb.SendRequest(request_id=m.id, application_id="a", template="accepted")


def test_each_message_gets_its_own_answer_and_items_carry_their_trace():
    receiver = Receiver({"m-3": 5})  # NOT_FOUND
    deliver = sender(receiver, npb.SendBatchRequest, npb.SendItem, build)
    answers = deliver([message(i) for i in range(4)], [{"traceparent": f"tp-{i}"} for i in range(4)])
    assert answers[0] is None and answers[1] is None
    assert isinstance(answers[2], Unavailable) and isinstance(answers[3], NotFound)
    [call] = receiver.calls
    assert [(i.request.request_id, dict(i.trace.carrier)) for i in call.items] == [
        ("m-0", {"traceparent": "tp-0"}), ("m-3", {"traceparent": "tp-3"})]


def test_nothing_to_send_makes_no_call():
    receiver = Receiver()
    deliver = sender(receiver, npb.SendBatchRequest, npb.SendItem, build)
    assert deliver([message(1)], [{}]) == [None]
    assert receiver.calls == []


def test_a_response_that_leaves_items_unanswered_makes_them_unavailable():
    def short(request):
        return c.BatchResponse(results=[c.BatchItemResult(request_id=request.items[0].request.request_id,
                                                          code=3, message="bad template")])

    deliver = sender(short, npb.SendBatchRequest, npb.SendItem, build)
    first, second = deliver([message(0), message(4)], [{}, {}])
    assert isinstance(first, InvalidArgument) and first.message == "bad template"
    assert isinstance(second, Unavailable)


def test_split_sends_each_receiver_its_own_messages_and_a_failing_one_fails_only_its_own():
    from tereze.batch import split

    calls = []

    def registry(messages, carriers):
        calls.append(("registry", [m.id for m in messages], carriers))
        return [None] * len(messages)

    def benefits(messages, carriers):
        raise Unavailable("benefits is down")

    deliver = split(lambda m: "registry" if m.id in ("m-0", "m-2") else "benefits",
                    {"registry": registry, "benefits": benefits})
    answers = deliver([message(i) for i in range(3)], [{"n": "0"}, {"n": "1"}, {"n": "2"}])
    assert calls == [("registry", ["m-0", "m-2"], [{"n": "0"}, {"n": "2"}])]
    assert answers[0] is None and answers[2] is None and isinstance(answers[1], Unavailable)


def test_split_lets_an_unimplemented_receiver_fall_back_to_unary_calls():
    import pytest

    from tereze.batch import split
    from tereze.errors import Unimplemented

    def old(messages, carriers):
        raise Unimplemented("unimplemented: Method not found")

    with pytest.raises(Unimplemented):
        split(lambda m: "old", {"old": old})([message(0)], [{}])


def test_a_successful_item_s_response_becomes_the_message_s_follow_up():
    def answered(m, response):
        return ("follow-up", m.id, npb.SendResponse.FromString(response).notifications[0].id)

    def receiver(request):
        body = npb.SendResponse(notifications=[npb.Notification(id="n-1")]).SerializeToString()
        return c.BatchResponse(results=[c.BatchItemResult(request_id=i.request.request_id, response=body)
                                        for i in request.items])

    deliver = sender(receiver, npb.SendBatchRequest, npb.SendItem, build, answered)
    assert deliver([message(0)], [{}]) == [("follow-up", "m-0", "n-1")]


def test_items_the_batch_deadline_leaves_no_time_for_are_not_started_and_answered_unavailable():
    import time

    from tereze import rpc
    from tereze.batch import ITEM_MARGIN, serve_batch

    done = []
    items = [npb.SendItem(request=npb.SendRequest(request_id=f"r-{i}")) for i in range(2)]
    token = rpc._deadline.set(time.monotonic() + ITEM_MARGIN / 2)  # the call being served is nearly out of time
    try:
        response = serve_batch(items, "/birtereze.notify.v1.NotifyService/Send", done.append)
    finally:
        rpc._deadline.reset(token)
    assert done == []
    assert [(r.request_id, r.code) for r in response.results] == [("r-0", 14), ("r-1", 14)]  # UNAVAILABLE
    assert all(isinstance(e, Unavailable) for e in outcomes(response, [i.request for i in items]))

    plenty = serve_batch(items, "/birtereze.notify.v1.NotifyService/Send", done.append)  # no deadline
    assert [r.code for r in plenty.results] == [0, 0] and [r.request_id for r in done] == ["r-0", "r-1"]


def test_a_message_split_finds_no_receiver_for_fails_alone():
    from tereze.batch import split

    done = []

    def registry(messages, carriers):
        done.extend(m.id for m in messages)
        return [None] * len(messages)

    deliver = split(lambda m: "registry" if m.id == "m-0" else "archive", {"registry": registry})
    first, second = deliver([message(0), message(1)], [{}, {}])
    assert first is None and done == ["m-0"]
    assert isinstance(second, ValueError) and "archive" in str(second)


def test_an_answer_that_cannot_be_read_fails_its_message_alone():
    def receiver(request):
        return c.BatchResponse(results=[c.BatchItemResult(request_id=i.request.request_id, response=b"\xff")
                                        for i in request.items])

    def answered(m, response):
        if m.id == "m-3":
            return npb.SendResponse.FromString(response)  # not a SendResponse: raises
        return ("follow-up", m.id)

    deliver = sender(receiver, npb.SendBatchRequest, npb.SendItem, build, answered)
    first, second = deliver([message(0), message(3)], [{}, {}])
    assert first == ("follow-up", "m-0")
    assert isinstance(second, Exception)
