"""Routing's gRPC servicer: protobuf in, domain call, protobuf out."""

from __future__ import annotations

from birtereze.common.v1 import common_pb2 as c
from birtereze.routing.v1 import routing_pb2 as pb
from birtereze.routing.v1 import routing_pb2_grpc as pb_grpc
from routing.app import Routing
from tereze import protojson
from tereze.batch import serve_batch
from tereze.convert import outcome_name
from tereze.domain import Actor
from tereze.rpc import fingerprint

SERVICE = "/birtereze.routing.v1.RoutingService/"
DISPATCH, REPORT_DECISION, REPORT_PROGRESS = (SERVICE + m for m in ("Dispatch", "ReportDecision", "ReportProgress"))


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
        record = self._dispatch(request)
        return pb.DispatchResponse(agency=record.agency, due_date=record.due_date.isoformat())

    def DispatchBatch(self, request: pb.DispatchBatchRequest, context) -> c.BatchResponse:
        return serve_batch(request.items, DISPATCH, self._dispatch)

    def _dispatch(self, request: pb.DispatchRequest):
        return self.routing.dispatch(request.request_id, fingerprint(request), protojson.to_dict(request.application))

    def ReportDecision(self, request: pb.ReportDecisionRequest, context) -> c.Ack:
        self._report_decision(request)
        return c.Ack(id=request.application_id)

    def ReportDecisionBatch(self, request: pb.ReportDecisionBatchRequest, context) -> c.BatchResponse:
        return serve_batch(request.items, REPORT_DECISION, self._report_decision)

    def _report_decision(self, request: pb.ReportDecisionRequest) -> None:
        actor = Actor(request.actor.username or "system", request.actor.role or "system", request.actor.office)
        self.routing.report_decision(request.request_id, fingerprint(request), request.application_id,
                                     outcome_name(request.outcome), request.reason, dict(request.result), actor)

    def Withdraw(self, request: pb.WithdrawRequest, context) -> c.Ack:
        self.routing.withdraw(request.request_id, fingerprint(request), request.application_id, request.reason)
        return c.Ack(id=request.application_id)

    def ReportProgress(self, request: pb.ReportProgressRequest, context) -> c.Ack:
        self._report_progress(request)
        return c.Ack(id=request.application_id)

    def ReportProgressBatch(self, request: pb.ReportProgressBatchRequest, context) -> c.BatchResponse:
        return serve_batch(request.items, REPORT_PROGRESS, self._report_progress)

    def _report_progress(self, request: pb.ReportProgressRequest) -> None:
        actor = Actor(request.actor.username or "system", request.actor.role or "system", request.actor.office)
        self.routing.report_progress(request.request_id, fingerprint(request), request.application_id,
                                     request.status, request.note, actor)

    def SupplyInfo(self, request: pb.SupplyInfoRequest, context) -> c.Ack:
        actor = Actor(request.actor.username or "system", request.actor.role or "system", request.actor.office)
        self.routing.supply_info(request.request_id, fingerprint(request), request.application_id, request.note,
                                 list(request.documents), actor)
        return c.Ack(id=request.application_id)
