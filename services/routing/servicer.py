"""Routing's gRPC servicer: protobuf in, domain call, protobuf out."""

from __future__ import annotations

from birtereze.common.v1 import common_pb2 as c
from birtereze.routing.v1 import routing_pb2 as pb
from birtereze.routing.v1 import routing_pb2_grpc as pb_grpc
from routing.app import Routing
from tereze import protojson
from tereze.convert import outcome_name
from tereze.domain import Actor
from tereze.rpc import fingerprint


class RoutingServicer(pb_grpc.RoutingServiceServicer):
    def __init__(self, routing: Routing):
        self.routing = routing

    def GetCatalog(self, request, context) -> pb.Catalog:
        catalog = self.routing.catalog
        return pb.Catalog(
            services=[
                pb.CatalogService(
                    code=s.code, names=s.names, agency=s.agency, handled_by=s.handled_by,
                    documents=[pb.DocumentRequirement(code=d.code, names=d.names, required=d.required)
                               for d in s.documents],
                    deadline_days=s.deadline_days, deadline_kind=s.deadline_kind,
                )
                for s in catalog.services.values()
            ],
            offices=[pb.Office(id=o.id, names=o.names, district=o.district) for o in catalog.offices.values()],
        )

    def Precheck(self, request: c.PrecheckRequest, context) -> c.PrecheckResponse:
        return protojson.precheck_response(self.routing.precheck(**protojson.precheck_args(request)))

    def Dispatch(self, request: pb.DispatchRequest, context) -> pb.DispatchResponse:
        record = self.routing.dispatch(request.request_id, fingerprint(request), protojson.to_dict(request.application))
        return pb.DispatchResponse(agency=record.agency, due_date=record.due_date.isoformat())

    def ReportDecision(self, request: pb.ReportDecisionRequest, context) -> c.Ack:
        actor = Actor(request.actor.username or "system", request.actor.role or "system", request.actor.office)
        self.routing.report_decision(request.request_id, fingerprint(request), request.application_id,
                                     outcome_name(request.outcome), request.reason, dict(request.result), actor)
        return c.Ack(id=request.application_id)

    def Withdraw(self, request: pb.WithdrawRequest, context) -> c.Ack:
        self.routing.withdraw(request.request_id, fingerprint(request), request.application_id, request.reason)
        return c.Ack(id=request.application_id)

    def ReportProgress(self, request: pb.ReportProgressRequest, context) -> c.Ack:
        actor = Actor(request.actor.username or "system", request.actor.role or "system", request.actor.office)
        self.routing.report_progress(request.request_id, fingerprint(request), request.application_id,
                                     request.status, request.note, actor)
        return c.Ack(id=request.application_id)

    def SupplyInfo(self, request: pb.SupplyInfoRequest, context) -> c.Ack:
        actor = Actor(request.actor.username or "system", request.actor.role or "system", request.actor.office)
        self.routing.supply_info(request.request_id, fingerprint(request), request.application_id, request.note,
                                 list(request.documents), actor)
        return c.Ack(id=request.application_id)
