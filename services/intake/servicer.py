"""Intake's gRPC servicer: protobuf in, domain call, protobuf out — nothing else."""

from __future__ import annotations

from birtereze.common.v1 import common_pb2 as c
from birtereze.intake.v1 import intake_pb2 as pb
from birtereze.intake.v1 import intake_pb2_grpc as pb_grpc
from intake.app import Intake
from intake.rules import Application
from tereze import protojson
from tereze.batch import serve_batch
from tereze.convert import outcome_name, outcome_value, status_name, status_value
from tereze.domain import Actor
from tereze.errors import InvalidArgument
from tereze.rpc import fingerprint
from tereze.timeutil import iso

UPDATE_STATUS = "/birtereze.intake.v1.IntakeService/UpdateStatus"


def actor_of(message: c.Actor) -> Actor:
    return Actor(message.username or "system", message.role or "system", message.office)


def to_proto(app: Application) -> c.Application:
    msg = c.Application(
        id=app.id,
        tracking_number=app.tracking_number,
        service=app.service,
        office=app.office,
        status=status_value(app.status),
        outcome=outcome_value(app.outcome),
        reason=app.reason,
        due_date=app.due_date.isoformat() if app.due_date else "",
        submitted_at=iso(app.submitted_at),
        updated_at=iso(app.updated_at),
        applicant=protojson.applicant_from_dict(app.applicant),
        details=protojson.details_from_dict(app.service, app.details),
        documents=app.documents,
        history=[c.HistoryEntry(status=status_value(h.status), at=iso(h.at), by=h.by, note=h.note)
                 for h in app.history],
        result=app.result,
        trace_id=app.trace_id,
        agency=app.agency,
        warnings=protojson.violations_to_proto(app.warnings),
        precheck_pending=app.precheck_pending,
        submitted_by=app.submitted_by,
        rating=app.rating or 0,
    )
    if app.assessment:
        msg.assessment.CopyFrom(protojson.assessment_to_proto(app.assessment))
    return msg


class IntakeServicer(pb_grpc.IntakeServiceServicer):
    def __init__(self, intake: Intake):
        self.intake = intake

    def SubmitApplication(self, request: pb.SubmitApplicationRequest, context) -> c.Application:
        service, details = protojson.details_to_dict(request.details)
        if service and service != request.service:
            raise InvalidArgument({"details": f"are the details of {service}, not of {request.service}"})
        app = self.intake.submit(
            request.request_id, fingerprint(request), actor_of(request.actor), request.service, request.office,
            protojson.to_dict(request.applicant), details, list(request.documents),
        )
        return to_proto(app)

    def GetApplication(self, request: pb.GetApplicationRequest, context) -> c.Application:
        return to_proto(self.intake.get(request.id, request.tracking_number))

    def ListApplications(self, request: pb.ListApplicationsRequest, context) -> pb.ListApplicationsResponse:
        items, cursor = self.intake.list(status=request.status, service=request.service, office=request.office,
                                         agency=request.agency, limit=request.limit, cursor=request.cursor,
                                         due_before=request.due_before)
        return pb.ListApplicationsResponse(items=[to_proto(a) for a in items], next_cursor=cursor)

    def CancelApplication(self, request: pb.CancelApplicationRequest, context) -> c.Application:
        return to_proto(self.intake.cancel(request.request_id, fingerprint(request), actor_of(request.actor),
                                           request.id, request.reason))

    def RecordHandover(self, request: pb.RecordHandoverRequest, context) -> c.Application:
        return to_proto(self.intake.hand_over(request.request_id, fingerprint(request), actor_of(request.actor),
                                              request.id, request.rating))

    def UpdateStatus(self, request: pb.UpdateStatusRequest, context) -> c.Application:
        return to_proto(self._update_status(request))

    def UpdateStatusBatch(self, request: pb.UpdateStatusBatchRequest, context) -> c.BatchResponse:
        return serve_batch(request.items, UPDATE_STATUS, self._update_status)

    def _update_status(self, request: pb.UpdateStatusRequest) -> Application:
        assessment = protojson.to_dict(request.assessment) if request.HasField("assessment") else None
        return self.intake.update_status(
            request.request_id, fingerprint(request), actor_of(request.actor), request.id,
            status_name(request.status), outcome=outcome_name(request.outcome), reason=request.reason,
            result=dict(request.result), due_date=protojson.date_or_none(request.due_date, "due_date"), note=request.note,
            agency=request.agency, assessment=assessment,
        )

    def SupplyInfo(self, request: pb.SupplyInfoRequest, context) -> c.Application:
        return to_proto(self.intake.supply_info(request.request_id, fingerprint(request), actor_of(request.actor),
                                                request.id, request.note, list(request.documents)))

    def GetStats(self, request: pb.GetStatsRequest, context) -> pb.GetStatsResponse:
        result = self.intake.stats(office=request.office, service=request.service, from_date=request.from_date,
                                   to_date=request.to_date, period=request.period)
        return pb.GetStatsResponse(
            total=pb.StatsRow(**vars(result.total)),
            by_office=[pb.StatsRow(**vars(r)) for r in result.by_office],
            by_service=[pb.StatsRow(**vars(r)) for r in result.by_service],
            over_time=[pb.StatsRow(**vars(r)) for r in result.over_time],
        )
