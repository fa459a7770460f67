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
    __slots__ = ("status", "service", "office", "limit", "cursor", "agency", "due_before")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    status: str
    service: str
    office: str
    limit: int
    cursor: str
    agency: str
    due_before: str
    def __init__(self, status: _Optional[str] = ..., service: _Optional[str] = ..., office: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., agency: _Optional[str] = ..., due_before: _Optional[str] = ...) -> None: ...

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

class GetStatsRequest(_message.Message):
    __slots__ = ("office", "service", "from_date", "to_date", "period")
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    office: str
    service: str
    from_date: str
    to_date: str
    period: str
    def __init__(self, office: _Optional[str] = ..., service: _Optional[str] = ..., from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class StatsRow(_message.Message):
    __slots__ = ("office", "service", "period", "submitted", "decided", "within_deadline", "median_days_to_result", "share_within_deadline", "visits_per_application", "rated", "mean_rating", "handed_over", "approved", "rejected", "overdue_open", "cancelled")
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_FIELD_NUMBER: _ClassVar[int]
    DECIDED_FIELD_NUMBER: _ClassVar[int]
    WITHIN_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_DAYS_TO_RESULT_FIELD_NUMBER: _ClassVar[int]
    SHARE_WITHIN_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    VISITS_PER_APPLICATION_FIELD_NUMBER: _ClassVar[int]
    RATED_FIELD_NUMBER: _ClassVar[int]
    MEAN_RATING_FIELD_NUMBER: _ClassVar[int]
    HANDED_OVER_FIELD_NUMBER: _ClassVar[int]
    APPROVED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_OPEN_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    office: str
    service: str
    period: str
    submitted: int
    decided: int
    within_deadline: int
    median_days_to_result: float
    share_within_deadline: float
    visits_per_application: float
    rated: int
    mean_rating: float
    handed_over: int
    approved: int
    rejected: int
    overdue_open: int
    cancelled: int
    def __init__(self, office: _Optional[str] = ..., service: _Optional[str] = ..., period: _Optional[str] = ..., submitted: _Optional[int] = ..., decided: _Optional[int] = ..., within_deadline: _Optional[int] = ..., median_days_to_result: _Optional[float] = ..., share_within_deadline: _Optional[float] = ..., visits_per_application: _Optional[float] = ..., rated: _Optional[int] = ..., mean_rating: _Optional[float] = ..., handed_over: _Optional[int] = ..., approved: _Optional[int] = ..., rejected: _Optional[int] = ..., overdue_open: _Optional[int] = ..., cancelled: _Optional[int] = ...) -> None: ...

class GetStatsResponse(_message.Message):
    __slots__ = ("total", "by_office", "by_service", "over_time")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BY_OFFICE_FIELD_NUMBER: _ClassVar[int]
    BY_SERVICE_FIELD_NUMBER: _ClassVar[int]
    OVER_TIME_FIELD_NUMBER: _ClassVar[int]
    total: StatsRow
    by_office: _containers.RepeatedCompositeFieldContainer[StatsRow]
    by_service: _containers.RepeatedCompositeFieldContainer[StatsRow]
    over_time: _containers.RepeatedCompositeFieldContainer[StatsRow]
    def __init__(self, total: _Optional[_Union[StatsRow, _Mapping]] = ..., by_office: _Optional[_Iterable[_Union[StatsRow, _Mapping]]] = ..., by_service: _Optional[_Iterable[_Union[StatsRow, _Mapping]]] = ..., over_time: _Optional[_Iterable[_Union[StatsRow, _Mapping]]] = ...) -> None: ...

class SupplyInfoRequest(_message.Message):
    __slots__ = ("request_id", "id", "note", "documents", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    id: str
    note: str
    documents: _containers.RepeatedScalarFieldContainer[str]
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., id: _Optional[str] = ..., note: _Optional[str] = ..., documents: _Optional[_Iterable[str]] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class UpdateStatusItem(_message.Message):
    __slots__ = ("request", "trace")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    request: UpdateStatusRequest
    trace: _common_pb2.TraceContext
    def __init__(self, request: _Optional[_Union[UpdateStatusRequest, _Mapping]] = ..., trace: _Optional[_Union[_common_pb2.TraceContext, _Mapping]] = ...) -> None: ...

class UpdateStatusBatchRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[UpdateStatusItem]
    def __init__(self, items: _Optional[_Iterable[_Union[UpdateStatusItem, _Mapping]]] = ...) -> None: ...
