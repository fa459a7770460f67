"""Notify's gRPC servicer: protobuf in, domain call, protobuf out (recipients always masked)."""

from __future__ import annotations

from birtereze.common.v1 import common_pb2 as c
from birtereze.notify.v1 import notify_pb2 as pb
from birtereze.notify.v1 import notify_pb2_grpc as pb_grpc
from notify.app import Notify, Reader
from notify.rules import mask
from tereze import protojson
from tereze.batch import serve_batch
from tereze.rpc import fingerprint
from tereze.timeutil import iso

SEND = "/birtereze.notify.v1.NotifyService/Send"


def to_proto(row: dict) -> pb.Notification:
    return pb.Notification(
        id=row["id"], application_id=row["application_id"], channel=row["channel"], template=row["template"],
        status=row["status"], to=mask(row["channel"], row["recipient"]), sent_at=iso(row["sent_at"]),
        created_at=iso(row["created_at"]), attempts=row["attempts"], language=row["language"],
        last_error=row.get("last_error") or "", subject=row.get("subject") or "",
        next_attempt_at=iso(row.get("available_at")) if row["status"] == "queued" else "",
    )


def notice_to_proto(notice: dict, rendered: tuple[str, str, str]) -> pb.Notice:
    language, title, text = rendered
    return pb.Notice(
        id=notice["id"], template=notice["template"], role=notice["role"], office=notice["office"],
        application_id=notice["application_id"], title=title, text=text, language=language,
        params={str(k): str(v) for k, v in notice["params"].items()}, created_at=iso(notice["created_at"]),
        read_at=iso(notice["read_at"]), read_by=notice["read_by"] or "",
    )


class NotifyServicer(pb_grpc.NotifyServiceServicer):
    def __init__(self, notify: Notify):
        self.notify = notify

    def Send(self, request: pb.SendRequest, context) -> pb.SendResponse:
        return pb.SendResponse(notifications=[to_proto(r) for r in self._send(request)])

    def SendBatch(self, request: pb.SendBatchRequest, context) -> c.BatchResponse:
        return serve_batch(request.items, SEND, self._send)

    def _send(self, request: pb.SendRequest) -> list[dict]:
        return self.notify.send(request.request_id, fingerprint(request), request.application_id, request.template,
                                protojson.to_dict(request.recipient), dict(request.params))

    def ListNotifications(self, request: pb.ListNotificationsRequest, context) -> pb.ListNotificationsResponse:
        return pb.ListNotificationsResponse(items=[to_proto(r) for r in self.notify.list(request.application_id)])

    def PostNotice(self, request: pb.PostNoticeRequest, context) -> pb.Notice:
        notice = self.notify.post_notice(request.request_id, fingerprint(request), request.template, request.role,
                                         request.office, request.application_id, dict(request.params))
        return notice_to_proto(notice, self.notify.render_notice(notice, "en"))

    def ListNotices(self, request: pb.ListNoticesRequest, context) -> pb.ListNoticesResponse:
        notices = self.notify.list_notices(request.role, request.office, request.unread_only, request.limit)
        return pb.ListNoticesResponse(
            items=[notice_to_proto(n, self.notify.render_notice(n, request.language)) for n in notices])

    def MarkNoticeRead(self, request: pb.MarkNoticeReadRequest, context) -> pb.Notice:
        reader = Reader(request.actor.username, request.actor.role, request.actor.office)
        notice = self.notify.mark_read(request.id, reader)
        return notice_to_proto(notice, self.notify.render_notice(notice, request.language))
