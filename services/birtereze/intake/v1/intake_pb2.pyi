from birtereze.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmitApplicationRequest(_message.Message):
    __slots__ = ("request_id", "service", "office", "applicant", "details", "documents", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    service: str
    office: str
    applicant: _common_pb2.Applicant
    details: _common_pb2.ServiceDetails
    documents: _containers.RepeatedScalarFieldContainer[str]
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., service: _Optional[str] = ..., office: _Optional[str] = ..., applicant: _Optional[_Union[_common_pb2.Applicant, _Mapping]] = ..., details: _Optional[_Union[_common_pb2.ServiceDetails, _Mapping]] = ..., documents: _Optional[_Iterable[str]] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class GetApplicationRequest(_message.Message):
    __slots__ = ("id", "tracking_number")
    ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    tracking_number: str
    def __init__(self, id: _Optional[str] = ..., tracking_number: _Optional[str] = ...) -> None: ...

class ListApplicationsRequest(_message.Message):
    __slots__ = ("status", "service", "office", "limit", "cursor", "agency")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    status: str
    service: str
    office: str
    limit: int
    cursor: str
    agency: str
    def __init__(self, status: _Optional[str] = ..., service: _Optional[str] = ..., office: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., agency: _Optional[str] = ...) -> None: ...

class ListApplicationsResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[_common_pb2.Application]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[_common_pb2.Application, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class CancelApplicationRequest(_message.Message):
    __slots__ = ("request_id", "id", "reason", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    id: str
    reason: str
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., id: _Optional[str] = ..., reason: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class RecordHandoverRequest(_message.Message):
    __slots__ = ("request_id", "id", "rating", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    id: str
    rating: int
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., id: _Optional[str] = ..., rating: _Optional[int] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class UpdateStatusRequest(_message.Message):
    __slots__ = ("request_id", "id", "status", "outcome", "reason", "result", "due_date", "note", "actor", "agency", "assessment")
    class ResultEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    id: str
    status: _common_pb2.ApplicationStatus
    outcome: _common_pb2.Outcome
    reason: str
    result: _containers.ScalarMap[str, str]
    due_date: str
    note: str
    actor: _common_pb2.Actor
    agency: str
    assessment: _common_pb2.Assessment
    def __init__(self, request_id: _Optional[str] = ..., id: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.ApplicationStatus, str]] = ..., outcome: _Optional[_Union[_common_pb2.Outcome, str]] = ..., reason: _Optional[str] = ..., result: _Optional[_Mapping[str, str]] = ..., due_date: _Optional[str] = ..., note: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., agency: _Optional[str] = ..., assessment: _Optional[_Union[_common_pb2.Assessment, _Mapping]] = ...) -> None: ...
