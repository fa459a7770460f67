"""Edges the two agencies (registry, benefits) share: decisions go back to routing from their outboxes."""

from __future__ import annotations

import json

from birtereze.common.v1 import common_pb2 as c
from birtereze.routing.v1 import routing_pb2
from tereze import protojson
from tereze.casework import Case
from tereze.convert import outcome_value
from tereze.outbox import Message
from tereze.timeutil import iso


def report_decision(routing):
    """Outbox handler: a decision goes to routing.ReportDecision under the message's id."""

    def handler(message: Message):
        body = json.loads(message.payload)
        routing.ReportDecision(routing_pb2.ReportDecisionRequest(
            request_id=message.id, application_id=body["application_id"], outcome=outcome_value(body["outcome"]),
            reason=body.get("reason", ""), result=body.get("result", {}),
            actor=c.Actor(username=body.get("by", "system")),
        ))

    return handler


def report_progress(routing):
    """Outbox handler: news of a case before its decision (in_review, needs_info) goes to routing.ReportProgress."""

    def handler(message: Message):
        body = json.loads(message.payload)
        routing.ReportProgress(routing_pb2.ReportProgressRequest(
            request_id=message.id, application_id=body["application_id"], status=body["status"],
            note=body.get("note", ""), actor=c.Actor(username=body.get("by", "system")),
        ))

    return handler


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
