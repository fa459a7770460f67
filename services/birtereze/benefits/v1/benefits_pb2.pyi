from birtereze.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OpenClaimRequest(_message.Message):
    __slots__ = ("request_id", "application")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application: _common_pb2.Application
    def __init__(self, request_id: _Optional[str] = ..., application: _Optional[_Union[_common_pb2.Application, _Mapping]] = ...) -> None: ...

class Claim(_message.Message):
    __slots__ = ("id", "application_id", "service", "office", "status", "outcome", "reason", "assessment", "result", "opened_at", "decided_at", "decided_by", "tracking_number", "history")
    class ResultEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    id: str
    application_id: str
    service: str
    office: str
    status: str
    outcome: _common_pb2.Outcome
    reason: str
    assessment: _common_pb2.Assessment
    result: _containers.ScalarMap[str, str]
    opened_at: str
    decided_at: str
    decided_by: str
    tracking_number: str
    history: _containers.RepeatedCompositeFieldContainer[ClaimEvent]
    def __init__(self, id: _Optional[str] = ..., application_id: _Optional[str] = ..., service: _Optional[str] = ..., office: _Optional[str] = ..., status: _Optional[str] = ..., outcome: _Optional[_Union[_common_pb2.Outcome, str]] = ..., reason: _Optional[str] = ..., assessment: _Optional[_Union[_common_pb2.Assessment, _Mapping]] = ..., result: _Optional[_Mapping[str, str]] = ..., opened_at: _Optional[str] = ..., decided_at: _Optional[str] = ..., decided_by: _Optional[str] = ..., tracking_number: _Optional[str] = ..., history: _Optional[_Iterable[_Union[ClaimEvent, _Mapping]]] = ...) -> None: ...

class ClaimEvent(_message.Message):
    __slots__ = ("at", "by", "action", "note")
    AT_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    at: str
    by: str
    action: str
    note: str
    def __init__(self, at: _Optional[str] = ..., by: _Optional[str] = ..., action: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class GetClaimRequest(_message.Message):
    __slots__ = ("application_id", "actor")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    actor: _common_pb2.Actor
    def __init__(self, application_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class ListClaimsRequest(_message.Message):
    __slots__ = ("service", "status", "limit", "cursor")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    service: str
    status: str
    limit: int
    cursor: str
    def __init__(self, service: _Optional[str] = ..., status: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListClaimsResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Claim]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[Claim, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class DecideRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "outcome", "reason", "actor", "justification")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    JUSTIFICATION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    outcome: _common_pb2.Outcome
    reason: str
    actor: _common_pb2.Actor
    justification: str
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., outcome: _Optional[_Union[_common_pb2.Outcome, str]] = ..., reason: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., justification: _Optional[str] = ...) -> None: ...

class WithdrawClaimRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class Enrolment(_message.Message):
    __slots__ = ("id", "application_id", "service", "office", "monthly_amount", "valid_from", "valid_to", "status", "tracking_number", "recipient", "channel")
    ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_TO_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    id: str
    application_id: str
    service: str
    office: str
    monthly_amount: int
    valid_from: str
    valid_to: str
    status: str
    tracking_number: str
    recipient: str
    channel: str
    def __init__(self, id: _Optional[str] = ..., application_id: _Optional[str] = ..., service: _Optional[str] = ..., office: _Optional[str] = ..., monthly_amount: _Optional[int] = ..., valid_from: _Optional[str] = ..., valid_to: _Optional[str] = ..., status: _Optional[str] = ..., tracking_number: _Optional[str] = ..., recipient: _Optional[str] = ..., channel: _Optional[str] = ...) -> None: ...

class PayrollLine(_message.Message):
    __slots__ = ("id", "application_id", "amount", "status", "office", "month", "enrolment_id", "service", "channel", "tracking_number", "recipient", "marked_by", "marked_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    MARKED_BY_FIELD_NUMBER: _ClassVar[int]
    MARKED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    application_id: str
    amount: int
    status: str
    office: str
    month: str
    enrolment_id: str
    service: str
    channel: str
    tracking_number: str
    recipient: str
    marked_by: str
    marked_at: str
    def __init__(self, id: _Optional[str] = ..., application_id: _Optional[str] = ..., amount: _Optional[int] = ..., status: _Optional[str] = ..., office: _Optional[str] = ..., month: _Optional[str] = ..., enrolment_id: _Optional[str] = ..., service: _Optional[str] = ..., channel: _Optional[str] = ..., tracking_number: _Optional[str] = ..., recipient: _Optional[str] = ..., marked_by: _Optional[str] = ..., marked_at: _Optional[str] = ...) -> None: ...

class Payroll(_message.Message):
    __slots__ = ("office", "month", "total", "lines")
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    office: str
    month: str
    total: int
    lines: _containers.RepeatedCompositeFieldContainer[PayrollLine]
    def __init__(self, office: _Optional[str] = ..., month: _Optional[str] = ..., total: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[PayrollLine, _Mapping]]] = ...) -> None: ...

class GeneratePayrollRequest(_message.Message):
    __slots__ = ("request_id", "office", "month")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    office: str
    month: str
    def __init__(self, request_id: _Optional[str] = ..., office: _Optional[str] = ..., month: _Optional[str] = ...) -> None: ...

class GetPayrollRequest(_message.Message):
    __slots__ = ("office", "month")
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    office: str
    month: str
    def __init__(self, office: _Optional[str] = ..., month: _Optional[str] = ...) -> None: ...

class MarkPayrollLineRequest(_message.Message):
    __slots__ = ("request_id", "line_id", "status", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    LINE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    line_id: str
    status: str
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., line_id: _Optional[str] = ..., status: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class ListRenewalsRequest(_message.Message):
    __slots__ = ("office", "on", "within_days")
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    WITHIN_DAYS_FIELD_NUMBER: _ClassVar[int]
    office: str
    on: str
    within_days: int
    def __init__(self, office: _Optional[str] = ..., on: _Optional[str] = ..., within_days: _Optional[int] = ...) -> None: ...

class ListRenewalsResponse(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Enrolment]
    def __init__(self, items: _Optional[_Iterable[_Union[Enrolment, _Mapping]]] = ...) -> None: ...

class OpenClaimItem(_message.Message):
    __slots__ = ("request", "trace")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    request: OpenClaimRequest
    trace: _common_pb2.TraceContext
    def __init__(self, request: _Optional[_Union[OpenClaimRequest, _Mapping]] = ..., trace: _Optional[_Union[_common_pb2.TraceContext, _Mapping]] = ...) -> None: ...

class OpenClaimBatchRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[OpenClaimItem]
    def __init__(self, items: _Optional[_Iterable[_Union[OpenClaimItem, _Mapping]]] = ...) -> None: ...
