"""Notify's gRPC servicer: protobuf in, domain call, protobuf out (recipients always masked)."""

from __future__ import annotations

from birtereze.notify.v1 import notify_pb2 as pb
from birtereze.notify.v1 import notify_pb2_grpc as pb_grpc
from notify.app import Notify
from notify.rules import mask
from tereze import protojson
from tereze.rpc import fingerprint
from tereze.timeutil import iso


def to_proto(row: dict) -> pb.Notification:
    return pb.Notification(
        id=row["id"], application_id=row["application_id"], channel=row["channel"], template=row["template"],
        status=row["status"], to=mask(row["channel"], row["recipient"]), sent_at=iso(row["sent_at"]),
        created_at=iso(row["created_at"]), attempts=row["attempts"], language=row["language"],
    )


class NotifyServicer(pb_grpc.NotifyServiceServicer):
    def __init__(self, notify: Notify):
        self.notify = notify

    def Send(self, request: pb.SendRequest, context) -> pb.SendResponse:
        rows = self.notify.send(request.request_id, fingerprint(request), request.application_id, request.template,
                                protojson.to_dict(request.recipient), dict(request.params))
        return pb.SendResponse(notifications=[to_proto(r) for r in rows])

    def ListNotifications(self, request: pb.ListNotificationsRequest, context) -> pb.ListNotificationsResponse:
        return pb.ListNotificationsResponse(items=[to_proto(r) for r in self.notify.list(request.application_id)])
