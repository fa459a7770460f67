"""Batched delivery: several calls of one unary method in one gRPC call (issue 9).

An outbox relay that finds many messages of one topic due sends them in one call instead of one call each:
one round trip, one pass through the transport and the interceptors, instead of N. Nothing else changes.
Each item stands for one call of the unary method: it carries that call's request (with its request id, so
a redelivered item is answered as the first delivery was, never done twice), the receiver does it in its
own transaction, answers it with its own status, and records it in its own SERVER span, a child of the
item's delivery span (the trace context travels in the item). An item that fails fails alone: the relay
retries that message only.

- `serve_batch` is the receiver's side: the servicer's batch method hands it the items and the function
  that does one request.
- `sender` is the sender's side: an outbox `BatchHandler.deliver` that builds each message's request, sends
  them in one call and answers, per message, None (done), the DomainError its unary call would have raised,
  or a follow-up made of its response; `split` sends one topic's messages to several receivers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from birtereze.common.v1 import common_pb2 as c
from tereze import telemetry
from tereze.errors import DomainError, Unavailable, Unimplemented
from tereze.rpc import call_timeout, failure_status, from_status, status_of

# An item is not started with less time than this left before the batch call's deadline: it is answered
# UNAVAILABLE instead, and its message delivered again, rather than cut off by the deadline half done.
ITEM_MARGIN = 0.2


def serve_batch(items: Sequence, method: str, handle: Callable[[object], object], *,
                respond: bool = False) -> c.BatchResponse:
    """Do `handle(item.request)` for every item as the unary `method` ("/package.Service/Method") would,
    each in its own span and with its own status; returns one result per item, in order. With `respond`,
    `handle` returns the unary response message, which a successful item carries serialized."""
    response = c.BatchResponse()
    for item in items:
        result = response.results.add(request_id=item.request.request_id)
        if call_timeout(ITEM_MARGIN + 1.0) <= ITEM_MARGIN:
            result.code = status_of(Unavailable("")).code
            result.message = "the batch's deadline came before this item"
            continue
        with telemetry.server_span(method, item.trace.carrier, {"tereze.batch.items": len(items)}) as span:
            try:
                answer = handle(item.request)
            except Exception as error:  # noqa: BLE001 - the item fails alone, with the status a call would get
                label, status = failure_status(error, method)
                result.code, result.message = status.code, status.message
                result.details.extend(status.details)
                telemetry.end_rpc(span, status.code, label)
            else:
                telemetry.end_rpc(span, 0)
                if respond:
                    result.response = answer.SerializeToString()
    return response


def sender(call: Callable, batch_type, item_type, build: Callable[[object], object | None],
           answered: Callable[[object, bytes], object] | None = None):
    """`deliver(messages, carriers)` for an outbox BatchHandler: `build(message)` is the unary request of a
    message (None: nothing to send, the message is done), `call` the client's batch method,
    `batch_type(items=[item_type(request, trace)…])` its request. Per message it answers None (done), the
    error it failed with, or, with `answered`, what `answered(message, response)` makes of a successful
    item's serialized response (the relay's follow-up for that message)."""

    def deliver(messages: Sequence, carriers: Sequence[dict]) -> list:
        answers: list = [None] * len(messages)
        requests, sent = [], []
        for i, message in enumerate(messages):
            try:
                request = build(message)
            except Exception as error:  # noqa: BLE001 - that message fails alone (retried like any failure)
                answers[i] = error
                continue
            if request is not None:
                requests.append(request)
                sent.append(i)
        if requests:
            response = call(batch_type(items=[item_type(request=r, trace=c.TraceContext(carrier=carriers[i]))
                                              for r, i in zip(requests, sent, strict=True)]))
            for i, (error, body) in zip(sent, _results(response, requests), strict=True):
                if error is not None or answered is None:
                    answers[i] = error
                    continue
                try:
                    answers[i] = answered(messages[i], body)
                except Exception as failure:  # noqa: BLE001 - an unreadable answer fails its message alone
                    answers[i] = failure
        return answers

    return deliver


def split(key: Callable[[object], str], senders: dict[str, Callable]):
    """`deliver(messages, carriers)` that sends each message through `senders[key(message)]` (one batch call
    per key: one topic, several receivers). A message with no receiver, or a receiver's call that fails, fails
    those messages only. A receiver that does not know the batch method (Unimplemented) makes the relay fall back
    to unary calls for the whole topic: the messages another receiver has just done go again, and are answered
    as the first time (same request ids)."""

    def deliver(messages: Sequence, carriers: Sequence[dict]) -> list:
        answers: list = [None] * len(messages)
        groups: dict[str, list[int]] = {}
        for i, message in enumerate(messages):
            try:
                name = key(message)
                if name not in senders:
                    raise ValueError(f"no receiver for {name!r}")
                groups.setdefault(name, []).append(i)
            except Exception as error:  # noqa: BLE001 - an unreadable message fails alone
                answers[i] = error
        for name, indexes in groups.items():
            try:
                got = senders[name]([messages[i] for i in indexes], [carriers[i] for i in indexes])
            except Unimplemented:
                raise
            except Exception as error:  # noqa: BLE001 - this receiver's messages are retried
                got = [error] * len(indexes)
            for i, answer in zip(indexes, got, strict=True):
                answers[i] = answer
        return answers

    return deliver


def outcomes(response: c.BatchResponse, requests: Sequence) -> list[DomainError | None]:
    """Per request sent: None if its item was done, else the error its unary call would have raised. The
    results answer the items in order; a request left unanswered (a receiver that stopped short) is
    unavailable, so its message is sent again."""
    return [error for error, _ in _results(response, requests)]


def _results(response: c.BatchResponse, requests: Sequence) -> list[tuple[DomainError | None, bytes]]:
    results = response.results
    answered: list[tuple[DomainError | None, bytes]] = []
    for i, request in enumerate(requests):
        result = results[i] if i < len(results) else None
        if result is None or result.request_id != request.request_id:
            answered.append((Unavailable("the batch's response has no result for this item"), b""))
        elif result.code == 0:
            answered.append((None, result.response))
        else:
            answered.append((from_status(result.code, result.message, result.details), b""))
    return answered
