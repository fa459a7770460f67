from birtereze.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Recipient(_message.Message):
    __slots__ = ("phone", "email", "language", "opt_out")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    OPT_OUT_FIELD_NUMBER: _ClassVar[int]
    phone: str
    email: str
    language: str
    opt_out: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, phone: _Optional[str] = ..., email: _Optional[str] = ..., language: _Optional[str] = ..., opt_out: _Optional[_Iterable[str]] = ...) -> None: ...

class SendRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "template", "recipient", "params")
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    template: str
    recipient: Recipient
    params: _containers.ScalarMap[str, str]
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., template: _Optional[str] = ..., recipient: _Optional[_Union[Recipient, _Mapping]] = ..., params: _Optional[_Mapping[str, str]] = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ("id", "application_id", "channel", "template", "status", "to", "sent_at", "created_at", "attempts", "language", "last_error", "next_attempt_at", "subject")
    ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    id: str
    application_id: str
    channel: str
    template: str
    status: str
    to: str
    sent_at: str
    created_at: str
    attempts: int
    language: str
    last_error: str
    next_attempt_at: str
    subject: str
    def __init__(self, id: _Optional[str] = ..., application_id: _Optional[str] = ..., channel: _Optional[str] = ..., template: _Optional[str] = ..., status: _Optional[str] = ..., to: _Optional[str] = ..., sent_at: _Optional[str] = ..., created_at: _Optional[str] = ..., attempts: _Optional[int] = ..., language: _Optional[str] = ..., last_error: _Optional[str] = ..., next_attempt_at: _Optional[str] = ..., subject: _Optional[str] = ...) -> None: ...

class SendResponse(_message.Message):
    __slots__ = ("notifications",)
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    def __init__(self, notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ...) -> None: ...

class ListNotificationsRequest(_message.Message):
    __slots__ = ("application_id",)
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    def __init__(self, application_id: _Optional[str] = ...) -> None: ...

class ListNotificationsResponse(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Notification]
    def __init__(self, items: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ...) -> None: ...

class PostNoticeRequest(_message.Message):
    __slots__ = ("request_id", "template", "role", "office", "application_id", "params")
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    template: str
    role: str
    office: str
    application_id: str
    params: _containers.ScalarMap[str, str]
    def __init__(self, request_id: _Optional[str] = ..., template: _Optional[str] = ..., role: _Optional[str] = ..., office: _Optional[str] = ..., application_id: _Optional[str] = ..., params: _Optional[_Mapping[str, str]] = ...) -> None: ...

class Notice(_message.Message):
    __slots__ = ("id", "template", "role", "office", "application_id", "title", "text", "language", "params", "created_at", "read_at", "read_by")
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    READ_AT_FIELD_NUMBER: _ClassVar[int]
    READ_BY_FIELD_NUMBER: _ClassVar[int]
    id: str
    template: str
    role: str
    office: str
    application_id: str
    title: str
    text: str
    language: str
    params: _containers.ScalarMap[str, str]
    created_at: str
    read_at: str
    read_by: str
    def __init__(self, id: _Optional[str] = ..., template: _Optional[str] = ..., role: _Optional[str] = ..., office: _Optional[str] = ..., application_id: _Optional[str] = ..., title: _Optional[str] = ..., text: _Optional[str] = ..., language: _Optional[str] = ..., params: _Optional[_Mapping[str, str]] = ..., created_at: _Optional[str] = ..., read_at: _Optional[str] = ..., read_by: _Optional[str] = ...) -> None: ...

class ListNoticesRequest(_message.Message):
    __slots__ = ("role", "office", "language", "unread_only", "limit")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    UNREAD_ONLY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    role: str
    office: str
    language: str
    unread_only: bool
    limit: int
    def __init__(self, role: _Optional[str] = ..., office: _Optional[str] = ..., language: _Optional[str] = ..., unread_only: _Optional[bool] = ..., limit: _Optional[int] = ...) -> None: ...

class ListNoticesResponse(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Notice]
    def __init__(self, items: _Optional[_Iterable[_Union[Notice, _Mapping]]] = ...) -> None: ...

class MarkNoticeReadRequest(_message.Message):
    __slots__ = ("id", "actor", "language")
    ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    id: str
    actor: _common_pb2.Actor
    language: str
    def __init__(self, id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., language: _Optional[str] = ...) -> None: ...

class SendItem(_message.Message):
    __slots__ = ("request", "trace")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    request: SendRequest
    trace: _common_pb2.TraceContext
    def __init__(self, request: _Optional[_Union[SendRequest, _Mapping]] = ..., trace: _Optional[_Union[_common_pb2.TraceContext, _Mapping]] = ...) -> None: ...

class SendBatchRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[SendItem]
    def __init__(self, items: _Optional[_Iterable[_Union[SendItem, _Mapping]]] = ...) -> None: ...
