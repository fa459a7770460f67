from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Recipient(_message.Message):
    __slots__ = ("phone", "email", "language")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    phone: str
    email: str
    language: str
    def __init__(self, phone: _Optional[str] = ..., email: _Optional[str] = ..., language: _Optional[str] = ...) -> None: ...

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
    __slots__ = ("id", "application_id", "channel", "template", "status", "to", "sent_at", "created_at", "attempts", "language")
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
    def __init__(self, id: _Optional[str] = ..., application_id: _Optional[str] = ..., channel: _Optional[str] = ..., template: _Optional[str] = ..., status: _Optional[str] = ..., to: _Optional[str] = ..., sent_at: _Optional[str] = ..., created_at: _Optional[str] = ..., attempts: _Optional[int] = ..., language: _Optional[str] = ...) -> None: ...

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
