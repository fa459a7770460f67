from birtereze.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetCatalogRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DocumentRequirement(_message.Message):
    __slots__ = ("code", "names", "required")
    class NamesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAMES_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    code: str
    names: _containers.ScalarMap[str, str]
    required: bool
    def __init__(self, code: _Optional[str] = ..., names: _Optional[_Mapping[str, str]] = ..., required: _Optional[bool] = ...) -> None: ...

class CatalogService(_message.Message):
    __slots__ = ("code", "names", "agency", "handled_by", "documents", "deadline_days", "deadline_kind")
    class NamesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAMES_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    HANDLED_BY_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_DAYS_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_KIND_FIELD_NUMBER: _ClassVar[int]
    code: str
    names: _containers.ScalarMap[str, str]
    agency: str
    handled_by: str
    documents: _containers.RepeatedCompositeFieldContainer[DocumentRequirement]
    deadline_days: int
    deadline_kind: str
    def __init__(self, code: _Optional[str] = ..., names: _Optional[_Mapping[str, str]] = ..., agency: _Optional[str] = ..., handled_by: _Optional[str] = ..., documents: _Optional[_Iterable[_Union[DocumentRequirement, _Mapping]]] = ..., deadline_days: _Optional[int] = ..., deadline_kind: _Optional[str] = ...) -> None: ...

class Office(_message.Message):
    __slots__ = ("id", "names", "district")
    class NamesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NAMES_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_FIELD_NUMBER: _ClassVar[int]
    id: str
    names: _containers.ScalarMap[str, str]
    district: str
    def __init__(self, id: _Optional[str] = ..., names: _Optional[_Mapping[str, str]] = ..., district: _Optional[str] = ...) -> None: ...

class Catalog(_message.Message):
    __slots__ = ("services", "offices")
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    OFFICES_FIELD_NUMBER: _ClassVar[int]
    services: _containers.RepeatedCompositeFieldContainer[CatalogService]
    offices: _containers.RepeatedCompositeFieldContainer[Office]
    def __init__(self, services: _Optional[_Iterable[_Union[CatalogService, _Mapping]]] = ..., offices: _Optional[_Iterable[_Union[Office, _Mapping]]] = ...) -> None: ...

class DispatchRequest(_message.Message):
    __slots__ = ("request_id", "application")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application: _common_pb2.Application
    def __init__(self, request_id: _Optional[str] = ..., application: _Optional[_Union[_common_pb2.Application, _Mapping]] = ...) -> None: ...

class DispatchResponse(_message.Message):
    __slots__ = ("agency", "due_date")
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    agency: str
    due_date: str
    def __init__(self, agency: _Optional[str] = ..., due_date: _Optional[str] = ...) -> None: ...

class ReportDecisionRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "outcome", "reason", "result", "actor")
    class ResultEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    outcome: _common_pb2.Outcome
    reason: str
    result: _containers.ScalarMap[str, str]
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., outcome: _Optional[_Union[_common_pb2.Outcome, str]] = ..., reason: _Optional[str] = ..., result: _Optional[_Mapping[str, str]] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class ReportProgressRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "status", "note", "actor")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    status: str
    note: str
    actor: _common_pb2.Actor
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., status: _Optional[str] = ..., note: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...

class SupplyInfoRequest(_message.Message):
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

class WithdrawRequest(_message.Message):
    __slots__ = ("request_id", "application_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    application_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., application_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DispatchItem(_message.Message):
    __slots__ = ("request", "trace")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    request: DispatchRequest
    trace: _common_pb2.TraceContext
    def __init__(self, request: _Optional[_Union[DispatchRequest, _Mapping]] = ..., trace: _Optional[_Union[_common_pb2.TraceContext, _Mapping]] = ...) -> None: ...

class DispatchBatchRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[DispatchItem]
    def __init__(self, items: _Optional[_Iterable[_Union[DispatchItem, _Mapping]]] = ...) -> None: ...

class ReportDecisionItem(_message.Message):
    __slots__ = ("request", "trace")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    request: ReportDecisionRequest
    trace: _common_pb2.TraceContext
    def __init__(self, request: _Optional[_Union[ReportDecisionRequest, _Mapping]] = ..., trace: _Optional[_Union[_common_pb2.TraceContext, _Mapping]] = ...) -> None: ...

class ReportDecisionBatchRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ReportDecisionItem]
    def __init__(self, items: _Optional[_Iterable[_Union[ReportDecisionItem, _Mapping]]] = ...) -> None: ...

class ReportProgressItem(_message.Message):
    __slots__ = ("request", "trace")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    TRACE_FIELD_NUMBER: _ClassVar[int]
    request: ReportProgressRequest
    trace: _common_pb2.TraceContext
    def __init__(self, request: _Optional[_Union[ReportProgressRequest, _Mapping]] = ..., trace: _Optional[_Union[_common_pb2.TraceContext, _Mapping]] = ...) -> None: ...

class ReportProgressBatchRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ReportProgressItem]
    def __init__(self, items: _Optional[_Iterable[_Union[ReportProgressItem, _Mapping]]] = ...) -> None: ...
