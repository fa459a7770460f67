"""Benefits' gRPC servicer: protobuf in, domain call, protobuf out."""

from __future__ import annotations

from benefits.app import Benefits
from birtereze.benefits.v1 import benefits_pb2 as pb
from birtereze.benefits.v1 import benefits_pb2_grpc as pb_grpc
from birtereze.common.v1 import common_pb2 as c
from tereze import protojson
from tereze.agency import assessment_of, case_fields
from tereze.casework import Case
from tereze.convert import outcome_name
from tereze.domain import Actor
from tereze.rpc import fingerprint


def claim_to_proto(case: Case) -> pb.Claim:
    claim = pb.Claim(**case_fields(case))
    assessment = assessment_of(case)
    if assessment is not None:
        claim.assessment.CopyFrom(assessment)
    return claim


class BenefitsServicer(pb_grpc.BenefitsServiceServicer):
    def __init__(self, benefits: Benefits):
        self.benefits = benefits

    def Precheck(self, request: c.PrecheckRequest, context) -> c.PrecheckResponse:
        return protojson.precheck_response(self.benefits.precheck(**protojson.precheck_args(request)))

    def OpenClaim(self, request: pb.OpenClaimRequest, context) -> pb.Claim:
        return claim_to_proto(self.benefits.desk.open(request.request_id, fingerprint(request),
                                                      protojson.to_dict(request.application)))

    def GetClaim(self, request: pb.GetClaimRequest, context) -> pb.Claim:
        return claim_to_proto(self.benefits.desk.get(request.application_id))

    def ListClaims(self, request: pb.ListClaimsRequest, context) -> pb.ListClaimsResponse:
        items, cursor = self.benefits.desk.list(service=request.service, status=request.status, limit=request.limit,
                                                cursor=request.cursor)
        return pb.ListClaimsResponse(items=[claim_to_proto(i) for i in items], next_cursor=cursor)

    def Decide(self, request: pb.DecideRequest, context) -> pb.Claim:
        actor = Actor(request.actor.username or "system", request.actor.role or "system", request.actor.office)
        return claim_to_proto(self.benefits.desk.decide(request.request_id, fingerprint(request), actor,
                                                        request.application_id, outcome_name(request.outcome),
                                                        request.reason))

    def WithdrawClaim(self, request: pb.WithdrawClaimRequest, context) -> pb.Claim:
        return claim_to_proto(self.benefits.desk.withdraw(request.request_id, fingerprint(request),
                                                          request.application_id, request.reason))
