"""Edges the two agencies (registry, benefits) share: decisions go back to routing from their outboxes."""

from __future__ import annotations

import json

from birtereze.common.v1 import common_pb2 as c
from birtereze.routing.v1 import routing_pb2
from tereze import batch, protojson
from tereze.casework import Case
from tereze.convert import outcome_value
from tereze.outbox import BatchHandler, Message
from tereze.timeutil import iso


def report_decision(routing) -> BatchHandler:
    """Outbox handler: decisions go to routing.ReportDecision(Batch) under their messages' ids."""

    def request(message: Message) -> routing_pb2.ReportDecisionRequest:
        body = json.loads(message.payload)
        return routing_pb2.ReportDecisionRequest(
            request_id=message.id, application_id=body["application_id"], outcome=outcome_value(body["outcome"]),
            reason=body.get("reason", ""), result=body.get("result", {}),
            actor=c.Actor(username=body.get("by", "system")),
        )

    def single(message: Message) -> None:
        routing.ReportDecision(request(message))

    return BatchHandler(batch.sender(routing.ReportDecisionBatch, routing_pb2.ReportDecisionBatchRequest,
                                     routing_pb2.ReportDecisionItem, request), single)


def report_progress(routing) -> BatchHandler:
    """Outbox handler: news of a case before its decision (in_review, needs_info) goes to
    routing.ReportProgress(Batch)."""

    def request(message: Message) -> routing_pb2.ReportProgressRequest:
        body = json.loads(message.payload)
        return routing_pb2.ReportProgressRequest(
            request_id=message.id, application_id=body["application_id"], status=body["status"],
            note=body.get("note", ""), actor=c.Actor(username=body.get("by", "system")),
        )

    def single(message: Message) -> None:
        routing.ReportProgress(request(message))

    return BatchHandler(batch.sender(routing.ReportProgressBatch, routing_pb2.ReportProgressBatchRequest,
                                     routing_pb2.ReportProgressItem, request), single)


def case_fields(case: Case) -> dict:
    """The fields registry.Case and benefits.Claim have in common, as protobuf constructor arguments."""
    return dict(
        id=case.id, application_id=case.application_id, service=case.service, office=case.office,
        status=case.status, outcome=outcome_value(case.outcome), reason=case.reason, result=case.result,
        opened_at=iso(case.opened_at), decided_at=iso(case.decided_at), decided_by=case.decided_by,
        tracking_number=case.tracking_number,
    )


def assessment_of(case: Case):
    return protojson.assessment_to_proto(case.assessment) if case.assessment else None
