from birtereze.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OpenCaseRequest(_message.Message):
    __slots__ = ("request_id", "application")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application: _common_pb2.Application
    def __init__(self, request_id: _Optional[str] = ..., application: _Optional[_Union[_common_pb2.Application, _Mapping]] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("id", "application_id", "service", "office", "status", "outcome", "reason", "result", "flags", "opened_at", "decided_at", "decided_by", "tracking_number", "history", "duplicate_decision")
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
    RESULT_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_DECISION_FIELD_NUMBER: _ClassVar[int]
    id: str
    application_id: str
    service: str
    office: str
    status: str
    outcome: _common_pb2.Outcome
    reason: str
    result: _containers.ScalarMap[str, str]
    flags: _containers.RepeatedCompositeFieldContainer[_common_pb2.Violation]
    opened_at: str
    decided_at: str
    decided_by: str
    tracking_number: str
    history: _containers.RepeatedCompositeFieldContainer[CaseEvent]
    duplicate_decision: str
    def __init__(self, id: _Optional[str] = ..., application_id: _Optional[str] = ..., service: _Optional[str] = ..., office: _Optional[str] = ..., status: _Optional[str] = ..., outcome: _Optional[_Union[_common_pb2.Outcome, str]] = ..., reason: _Optional[str] = ..., result: _Optional[_Mapping[str, str]] = ..., flags: _Optional[_Iterable[_Union[_common_pb2.Violation, _Mapping]]] = ..., opened_at: _Optional[str] = ..., decided_at: _Optional[str] = ..., decided_by: _Optional[str] = ..., tracking_number: _Optional[str] = ..., history: _Optional[_Iterable[_Union[CaseEvent, _Mapping]]] = ..., duplicate_decision: _Optional[str] = ...) -> None: ...

class CaseEvent(_message.Message):
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

class RequestInfoRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "note", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    note: str
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., note: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class ResumeCaseRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "note", "documents", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    note: str
    documents: _containers.RepeatedScalarFieldContainer[str]
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., note: _Optional[str] = ..., documents: _Optional[_Iterable[str]] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class DecideDuplicateRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "decision", "note", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    decision: str
    note: str
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., decision: _Optional[str] = ..., note: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("application_id", "actor")
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    application_id: str
    actor: _common_pb2.Actor
    def __init__(self, application_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class ListCasesRequest(_message.Message):
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

class ListCasesResponse(_message.Message):
    __slots__ = ("items", "next_cursor")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Case]
    next_cursor: str
    def __init__(self, items: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class DecideRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "outcome", "reason", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    outcome: _common_pb2.Outcome
    reason: str
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., outcome: _Optional[_Union[_common_pb2.Outcome, str]] = ..., reason: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class WithdrawCaseRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RegisteredPerson(_message.Message):
    __slots__ = ("pin", "surname", "given_name", "patronymic", "birth_date", "sex", "marital_status")
    PIN_FIELD_NUMBER: _ClassVar[int]
    SURNAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    PATRONYMIC_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    MARITAL_STATUS_FIELD_NUMBER: _ClassVar[int]
    pin: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: str
    sex: str
    marital_status: str
    def __init__(self, pin: _Optional[str] = ..., surname: _Optional[str] = ..., given_name: _Optional[str] = ..., patronymic: _Optional[str] = ..., birth_date: _Optional[str] = ..., sex: _Optional[str] = ..., marital_status: _Optional[str] = ...) -> None: ...

class FindPersonRequest(_message.Message):
    __slots__ = ("pin",)
    PIN_FIELD_NUMBER: _ClassVar[int]
    pin: str
    def __init__(self, pin: _Optional[str] = ...) -> None: ...

class FindPersonResponse(_message.Message):
    __slots__ = ("persons",)
    PERSONS_FIELD_NUMBER: _ClassVar[int]
    persons: _containers.RepeatedCompositeFieldContainer[RegisteredPerson]
    def __init__(self, persons: _Optional[_Iterable[_Union[RegisteredPerson, _Mapping]]] = ...) -> None: ...

class ActRecord(_message.Message):
    __slots__ = ("number", "kind", "office", "registered_on", "application_id", "certificate_numbers")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_ON_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATE_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    number: str
    kind: str
    office: str
    registered_on: str
    application_id: str
    certificate_numbers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, number: _Optional[str] = ..., kind: _Optional[str] = ..., office: _Optional[str] = ..., registered_on: _Optional[str] = ..., application_id: _Optional[str] = ..., certificate_numbers: _Optional[_Iterable[str]] = ...) -> None: ...

class GetActRecordRequest(_message.Message):
    __slots__ = ("number",)
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    number: str
    def __init__(self, number: _Optional[str] = ...) -> None: ...

class Certificate(_message.Message):
    __slots__ = ("number", "kind", "issued_on", "act_record_number", "valid", "shows", "check_code")
    class ShowsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ISSUED_ON_FIELD_NUMBER: _ClassVar[int]
    ACT_RECORD_NUMBER_FIELD_NUMBER: _ClassVar[int]
    VALID_FIELD_NUMBER: _ClassVar[int]
    SHOWS_FIELD_NUMBER: _ClassVar[int]
    CHECK_CODE_FIELD_NUMBER: _ClassVar[int]
    number: str
    kind: str
    issued_on: str
    act_record_number: str
    valid: bool
    shows: _containers.ScalarMap[str, str]
    check_code: str
    def __init__(self, number: _Optional[str] = ..., kind: _Optional[str] = ..., issued_on: _Optional[str] = ..., act_record_number: _Optional[str] = ..., valid: _Optional[bool] = ..., shows: _Optional[_Mapping[str, str]] = ..., check_code: _Optional[str] = ...) -> None: ...

class VerifyCertificateRequest(_message.Message):
    __slots__ = ("number", "check_code", "full")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    CHECK_CODE_FIELD_NUMBER: _ClassVar[int]
    FULL_FIELD_NUMBER: _ClassVar[int]
    number: str
    check_code: str
    full: bool
    def __init__(self, number: _Optional[str] = ..., check_code: _Optional[str] = ..., full: _Optional[bool] = ...) -> None: ...

class OpenCaseItem(_message.Message):
    __slots__ = ("request", "trace")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    request: OpenCaseRequest
    trace: _common_pb2.TraceContext
    def __init__(self, request: _Optional[_Union[OpenCaseRequest, _Mapping]] = ..., trace: _Optional[_Union[_common_pb2.TraceContext, _Mapping]] = ...) -> None: ...

class OpenCaseBatchRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[OpenCaseItem]
    def __init__(self, items: _Optional[_Iterable[_Union[OpenCaseItem, _Mapping]]] = ...) -> None: ...
