"""Benefits' gRPC servicer: protobuf in, domain call, protobuf out."""

from __future__ import annotations

from benefits.app import Benefits, Payroll
from benefits.store import Enrolment, PayrollLine
from birtereze.benefits.v1 import benefits_pb2 as pb
from birtereze.benefits.v1 import benefits_pb2_grpc as pb_grpc
from birtereze.common.v1 import common_pb2 as c
from tereze import protojson
from tereze.agency import assessment_of, case_fields
from tereze.batch import serve_batch
from tereze.casework import Case
from tereze.convert import outcome_name
from tereze.domain import Actor
from tereze.rpc import fingerprint
from tereze.timeutil import iso

OPEN_CLAIM = "/birtereze.benefits.v1.BenefitsService/OpenClaim"


def claim_to_proto(case: Case) -> pb.Claim:
    claim = pb.Claim(**case_fields(case))
    for event in case.history:
        claim.history.add(at=iso(event["at"]), by=event["by"], action=event["action"], note=event["note"] or "")
    assessment = assessment_of(case)
    if assessment is not None:
        claim.assessment.CopyFrom(assessment)
    return claim


def line_to_proto(line: PayrollLine) -> pb.PayrollLine:
    return pb.PayrollLine(
        id=line.id, application_id=line.application_id, amount=line.amount, status=line.status, office=line.office,
        month=line.month, enrolment_id=line.enrolment_id, service=line.service, channel=line.channel,
        tracking_number=line.tracking_number, recipient=line.recipient, marked_by=line.marked_by,
        marked_at=iso(line.marked_at),
    )


def payroll_to_proto(payroll: Payroll) -> pb.Payroll:
    return pb.Payroll(office=payroll.office, month=payroll.month, total=payroll.total,
                      lines=[line_to_proto(line) for line in payroll.lines])


def enrolment_to_proto(e: Enrolment) -> pb.Enrolment:
    return pb.Enrolment(
        id=e.id, application_id=e.application_id, service=e.service, office=e.office,
        monthly_amount=e.monthly_amount, valid_from=e.valid_from.isoformat(),
        valid_to=e.valid_to.isoformat() if e.valid_to else "", status=e.status, tracking_number=e.tracking_number,
        recipient=e.recipient, channel=e.channel,
    )


def actor_of(actor: c.Actor) -> Actor:
    return Actor(actor.username or "system", actor.role or "system", actor.office)


class BenefitsServicer(pb_grpc.BenefitsServiceServicer):
    def __init__(self, benefits: Benefits):
        self.benefits = benefits

    def Precheck(self, request: c.PrecheckRequest, context) -> c.PrecheckResponse:
        return protojson.precheck_response(self.benefits.precheck(**protojson.precheck_args(request)))

    def OpenClaim(self, request: pb.OpenClaimRequest, context) -> pb.Claim:
        return claim_to_proto(self._open(request))

    def OpenClaimBatch(self, request: pb.OpenClaimBatchRequest, context) -> c.BatchResponse:
        # The sender reads the claim's assessment: each successful item answers with its Claim.
        return serve_batch(request.items, OPEN_CLAIM, lambda r: claim_to_proto(self._open(r)), respond=True)

    def _open(self, request: pb.OpenClaimRequest):
        return self.benefits.open(request.request_id, fingerprint(request), protojson.to_dict(request.application))

    def GetClaim(self, request: pb.GetClaimRequest, context) -> pb.Claim:
        viewer = actor_of(request.actor) if request.HasField("actor") else None
        return claim_to_proto(self.benefits.desk.get(request.application_id, viewer))

    def ListClaims(self, request: pb.ListClaimsRequest, context) -> pb.ListClaimsResponse:
        items, cursor = self.benefits.desk.list(service=request.service, status=request.status, limit=request.limit,
                                                cursor=request.cursor)
        return pb.ListClaimsResponse(items=[claim_to_proto(i) for i in items], next_cursor=cursor)

    def Decide(self, request: pb.DecideRequest, context) -> pb.Claim:
        return claim_to_proto(self.benefits.decide(request.request_id, fingerprint(request), actor_of(request.actor),
                                                   request.application_id, outcome_name(request.outcome),
                                                   request.reason, request.justification))

    def WithdrawClaim(self, request: pb.WithdrawClaimRequest, context) -> pb.Claim:
        return claim_to_proto(self.benefits.desk.withdraw(request.request_id, fingerprint(request),
                                                          request.application_id, request.reason))

    def GeneratePayroll(self, request: pb.GeneratePayrollRequest, context) -> pb.Payroll:
        return payroll_to_proto(self.benefits.generate_payroll(request.request_id, fingerprint(request),
                                                               request.office, request.month))

    def GetPayroll(self, request: pb.GetPayrollRequest, context) -> pb.Payroll:
        return payroll_to_proto(self.benefits.get_payroll(request.office, request.month))

    def MarkPayrollLine(self, request: pb.MarkPayrollLineRequest, context) -> pb.PayrollLine:
        return line_to_proto(self.benefits.mark_line(request.request_id, fingerprint(request),
                                                     actor_of(request.actor), request.line_id, request.status))

    def ListRenewals(self, request: pb.ListRenewalsRequest, context) -> pb.ListRenewalsResponse:
        on = protojson.date_or_none(request.on, "on")
        return pb.ListRenewalsResponse(items=[enrolment_to_proto(e) for e in self.benefits.renewals(
            request.office, on, request.within_days)])
