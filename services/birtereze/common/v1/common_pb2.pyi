from google.protobuf import any_pb2 as _any_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ApplicationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPLICATION_STATUS_UNSPECIFIED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_SUBMITTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_ROUTED: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_IN_REVIEW: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_NEEDS_INFO: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_RESULT_READY: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_HANDED_OVER: _ClassVar[ApplicationStatus]
    APPLICATION_STATUS_CANCELLED: _ClassVar[ApplicationStatus]

class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTCOME_UNSPECIFIED: _ClassVar[Outcome]
    OUTCOME_APPROVED: _ClassVar[Outcome]
    OUTCOME_REJECTED: _ClassVar[Outcome]
APPLICATION_STATUS_UNSPECIFIED: ApplicationStatus
APPLICATION_STATUS_SUBMITTED: ApplicationStatus
APPLICATION_STATUS_ROUTED: ApplicationStatus
APPLICATION_STATUS_IN_REVIEW: ApplicationStatus
APPLICATION_STATUS_NEEDS_INFO: ApplicationStatus
APPLICATION_STATUS_RESULT_READY: ApplicationStatus
APPLICATION_STATUS_HANDED_OVER: ApplicationStatus
APPLICATION_STATUS_CANCELLED: ApplicationStatus
OUTCOME_UNSPECIFIED: Outcome
OUTCOME_APPROVED: Outcome
OUTCOME_REJECTED: Outcome

class Actor(_message.Message):
    __slots__ = ("username", "role", "office")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    username: str
    role: str
    office: str
    def __init__(self, username: _Optional[str] = ..., role: _Optional[str] = ..., office: _Optional[str] = ...) -> None: ...

class Person(_message.Message):
    __slots__ = ("pin", "surname", "given_name", "patronymic", "birth_date", "sex", "phone", "email", "address")
    PIN_FIELD_NUMBER: _ClassVar[int]
    SURNAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    PATRONYMIC_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    pin: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: str
    sex: str
    phone: str
    email: str
    address: str
    def __init__(self, pin: _Optional[str] = ..., surname: _Optional[str] = ..., given_name: _Optional[str] = ..., patronymic: _Optional[str] = ..., birth_date: _Optional[str] = ..., sex: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., address: _Optional[str] = ...) -> None: ...

class Applicant(_message.Message):
    __slots__ = ("pin", "surname", "given_name", "patronymic", "birth_date", "sex", "phone", "email", "address", "language", "opt_out")
    PIN_FIELD_NUMBER: _ClassVar[int]
    SURNAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    PATRONYMIC_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    OPT_OUT_FIELD_NUMBER: _ClassVar[int]
    pin: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: str
    sex: str
    phone: str
    email: str
    address: str
    language: str
    opt_out: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, pin: _Optional[str] = ..., surname: _Optional[str] = ..., given_name: _Optional[str] = ..., patronymic: _Optional[str] = ..., birth_date: _Optional[str] = ..., sex: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., address: _Optional[str] = ..., language: _Optional[str] = ..., opt_out: _Optional[_Iterable[str]] = ...) -> None: ...

class Violation(_message.Message):
    __slots__ = ("rule", "message", "field")
    RULE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    rule: str
    message: str
    field: str
    def __init__(self, rule: _Optional[str] = ..., message: _Optional[str] = ..., field: _Optional[str] = ...) -> None: ...

class BirthChild(_message.Message):
    __slots__ = ("surname", "given_name", "patronymic", "sex", "birth_date", "birth_place")
    SURNAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    PATRONYMIC_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    BIRTH_PLACE_FIELD_NUMBER: _ClassVar[int]
    surname: str
    given_name: str
    patronymic: str
    sex: str
    birth_date: str
    birth_place: str
    def __init__(self, surname: _Optional[str] = ..., given_name: _Optional[str] = ..., patronymic: _Optional[str] = ..., sex: _Optional[str] = ..., birth_date: _Optional[str] = ..., birth_place: _Optional[str] = ...) -> None: ...

class BirthDetails(_message.Message):
    __slots__ = ("child", "mother_pin", "father_pin", "medical_certificate_no")
    CHILD_FIELD_NUMBER: _ClassVar[int]
    MOTHER_PIN_FIELD_NUMBER: _ClassVar[int]
    FATHER_PIN_FIELD_NUMBER: _ClassVar[int]
    MEDICAL_CERTIFICATE_NO_FIELD_NUMBER: _ClassVar[int]
    child: BirthChild
    mother_pin: str
    father_pin: str
    medical_certificate_no: str
    def __init__(self, child: _Optional[_Union[BirthChild, _Mapping]] = ..., mother_pin: _Optional[str] = ..., father_pin: _Optional[str] = ..., medical_certificate_no: _Optional[str] = ...) -> None: ...

class SurnamesAfter(_message.Message):
    __slots__ = ("applicant", "spouse")
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    SPOUSE_FIELD_NUMBER: _ClassVar[int]
    applicant: str
    spouse: str
    def __init__(self, applicant: _Optional[str] = ..., spouse: _Optional[str] = ...) -> None: ...

class MarriageDetails(_message.Message):
    __slots__ = ("spouse", "requested_date", "surnames_after", "urgent_reason", "age_exception_no")
    SPOUSE_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_DATE_FIELD_NUMBER: _ClassVar[int]
    SURNAMES_AFTER_FIELD_NUMBER: _ClassVar[int]
    URGENT_REASON_FIELD_NUMBER: _ClassVar[int]
    AGE_EXCEPTION_NO_FIELD_NUMBER: _ClassVar[int]
    spouse: Person
    requested_date: str
    surnames_after: SurnamesAfter
    urgent_reason: str
    age_exception_no: str
    def __init__(self, spouse: _Optional[_Union[Person, _Mapping]] = ..., requested_date: _Optional[str] = ..., surnames_after: _Optional[_Union[SurnamesAfter, _Mapping]] = ..., urgent_reason: _Optional[str] = ..., age_exception_no: _Optional[str] = ...) -> None: ...

class DivorceDetails(_message.Message):
    __slots__ = ("spouse_pin", "marriage_record_no", "mutual_consent", "common_minor_children", "grounds", "court_decision_no")
    SPOUSE_PIN_FIELD_NUMBER: _ClassVar[int]
    MARRIAGE_RECORD_NO_FIELD_NUMBER: _ClassVar[int]
    MUTUAL_CONSENT_FIELD_NUMBER: _ClassVar[int]
    COMMON_MINOR_CHILDREN_FIELD_NUMBER: _ClassVar[int]
    GROUNDS_FIELD_NUMBER: _ClassVar[int]
    COURT_DECISION_NO_FIELD_NUMBER: _ClassVar[int]
    spouse_pin: str
    marriage_record_no: str
    mutual_consent: bool
    common_minor_children: int
    grounds: str
    court_decision_no: str
    def __init__(self, spouse_pin: _Optional[str] = ..., marriage_record_no: _Optional[str] = ..., mutual_consent: _Optional[bool] = ..., common_minor_children: _Optional[int] = ..., grounds: _Optional[str] = ..., court_decision_no: _Optional[str] = ...) -> None: ...

class Payment(_message.Message):
    __slots__ = ("channel", "account")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    channel: str
    account: str
    def __init__(self, channel: _Optional[str] = ..., account: _Optional[str] = ...) -> None: ...

class HouseholdMember(_message.Message):
    __slots__ = ("pin", "relation", "birth_date", "monthly_income", "pension")
    PIN_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_INCOME_FIELD_NUMBER: _ClassVar[int]
    PENSION_FIELD_NUMBER: _ClassVar[int]
    pin: str
    relation: str
    birth_date: str
    monthly_income: int
    pension: bool
    def __init__(self, pin: _Optional[str] = ..., relation: _Optional[str] = ..., birth_date: _Optional[str] = ..., monthly_income: _Optional[int] = ..., pension: _Optional[bool] = ...) -> None: ...

class FamilyBenefitDetails(_message.Message):
    __slots__ = ("household", "land_hectares", "payment")
    HOUSEHOLD_FIELD_NUMBER: _ClassVar[int]
    LAND_HECTARES_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    household: _containers.RepeatedCompositeFieldContainer[HouseholdMember]
    land_hectares: float
    payment: Payment
    def __init__(self, household: _Optional[_Iterable[_Union[HouseholdMember, _Mapping]]] = ..., land_hectares: _Optional[float] = ..., payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class SocialBenefitDetails(_message.Message):
    __slots__ = ("category", "msek_certificate_no", "msek_date", "payment")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MSEK_CERTIFICATE_NO_FIELD_NUMBER: _ClassVar[int]
    MSEK_DATE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    category: str
    msek_certificate_no: str
    msek_date: str
    payment: Payment
    def __init__(self, category: _Optional[str] = ..., msek_certificate_no: _Optional[str] = ..., msek_date: _Optional[str] = ..., payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class UnemploymentBenefitDetails(_message.Message):
    __slots__ = ("insured_months_last_36", "last_employer", "dismissal_date", "payment")
    INSURED_MONTHS_LAST_36_FIELD_NUMBER: _ClassVar[int]
    LAST_EMPLOYER_FIELD_NUMBER: _ClassVar[int]
    DISMISSAL_DATE_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    insured_months_last_36: int
    last_employer: str
    dismissal_date: str
    payment: Payment
    def __init__(self, insured_months_last_36: _Optional[int] = ..., last_employer: _Optional[str] = ..., dismissal_date: _Optional[str] = ..., payment: _Optional[_Union[Payment, _Mapping]] = ...) -> None: ...

class ServiceDetails(_message.Message):
    __slots__ = ("birth_registration", "marriage_registration", "divorce_registration", "unemployment_benefit", "social_benefit", "family_benefit")
    BIRTH_REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    MARRIAGE_REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    DIVORCE_REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    UNEMPLOYMENT_BENEFIT_FIELD_NUMBER: _ClassVar[int]
    SOCIAL_BENEFIT_FIELD_NUMBER: _ClassVar[int]
    FAMILY_BENEFIT_FIELD_NUMBER: _ClassVar[int]
    birth_registration: BirthDetails
    marriage_registration: MarriageDetails
    divorce_registration: DivorceDetails
    unemployment_benefit: UnemploymentBenefitDetails
    social_benefit: SocialBenefitDetails
    family_benefit: FamilyBenefitDetails
    def __init__(self, birth_registration: _Optional[_Union[BirthDetails, _Mapping]] = ..., marriage_registration: _Optional[_Union[MarriageDetails, _Mapping]] = ..., divorce_registration: _Optional[_Union[DivorceDetails, _Mapping]] = ..., unemployment_benefit: _Optional[_Union[UnemploymentBenefitDetails, _Mapping]] = ..., social_benefit: _Optional[_Union[SocialBenefitDetails, _Mapping]] = ..., family_benefit: _Optional[_Union[FamilyBenefitDetails, _Mapping]] = ...) -> None: ...

class Assessment(_message.Message):
    __slots__ = ("eligible", "monthly_amount", "reasons", "parameters", "rule_version", "inputs", "parameter_set", "facts", "start_date", "end_date")
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class InputsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ELIGIBLE_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    RULE_VERSION_FIELD_NUMBER: _ClassVar[int]
    INPUTS_FIELD_NUMBER: _ClassVar[int]
    PARAMETER_SET_FIELD_NUMBER: _ClassVar[int]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    eligible: bool
    monthly_amount: int
    reasons: _containers.RepeatedScalarFieldContainer[str]
    parameters: _containers.ScalarMap[str, str]
    rule_version: str
    inputs: _containers.ScalarMap[str, str]
    parameter_set: str
    facts: _containers.RepeatedCompositeFieldContainer[AssessmentFact]
    start_date: str
    end_date: str
    def __init__(self, eligible: _Optional[bool] = ..., monthly_amount: _Optional[int] = ..., reasons: _Optional[_Iterable[str]] = ..., parameters: _Optional[_Mapping[str, str]] = ..., rule_version: _Optional[str] = ..., inputs: _Optional[_Mapping[str, str]] = ..., parameter_set: _Optional[str] = ..., facts: _Optional[_Iterable[_Union[AssessmentFact, _Mapping]]] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ...) -> None: ...

class AssessmentFact(_message.Message):
    __slots__ = ("name", "value", "source", "at")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: str
    source: str
    at: str
    def __init__(self, name: _Optional[str] = ..., value: _Optional[str] = ..., source: _Optional[str] = ..., at: _Optional[str] = ...) -> None: ...

class HistoryEntry(_message.Message):
    __slots__ = ("status", "at", "by", "note")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    status: ApplicationStatus
    at: str
    by: str
    note: str
    def __init__(self, status: _Optional[_Union[ApplicationStatus, str]] = ..., at: _Optional[str] = ..., by: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class Application(_message.Message):
    __slots__ = ("id", "tracking_number", "service", "office", "status", "outcome", "reason", "due_date", "submitted_at", "applicant", "details", "documents", "history", "result", "trace_id", "agency", "warnings", "assessment", "precheck_pending", "submitted_by", "rating", "updated_at")
    class ResultEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    TRACE_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    PRECHECK_PENDING_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    tracking_number: str
    service: str
    office: str
    status: ApplicationStatus
    outcome: Outcome
    reason: str
    due_date: str
    submitted_at: str
    applicant: Applicant
    details: ServiceDetails
    documents: _containers.RepeatedScalarFieldContainer[str]
    history: _containers.RepeatedCompositeFieldContainer[HistoryEntry]
    result: _containers.ScalarMap[str, str]
    trace_id: str
    agency: str
    warnings: _containers.RepeatedCompositeFieldContainer[Violation]
    assessment: Assessment
    precheck_pending: bool
    submitted_by: str
    rating: int
    updated_at: str
    def __init__(self, id: _Optional[str] = ..., tracking_number: _Optional[str] = ..., service: _Optional[str] = ..., office: _Optional[str] = ..., status: _Optional[_Union[ApplicationStatus, str]] = ..., outcome: _Optional[_Union[Outcome, str]] = ..., reason: _Optional[str] = ..., due_date: _Optional[str] = ..., submitted_at: _Optional[str] = ..., applicant: _Optional[_Union[Applicant, _Mapping]] = ..., details: _Optional[_Union[ServiceDetails, _Mapping]] = ..., documents: _Optional[_Iterable[str]] = ..., history: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ..., result: _Optional[_Mapping[str, str]] = ..., trace_id: _Optional[str] = ..., agency: _Optional[str] = ..., warnings: _Optional[_Iterable[_Union[Violation, _Mapping]]] = ..., assessment: _Optional[_Union[Assessment, _Mapping]] = ..., precheck_pending: _Optional[bool] = ..., submitted_by: _Optional[str] = ..., rating: _Optional[int] = ..., updated_at: _Optional[str] = ...) -> None: ...

class PrecheckRequest(_message.Message):
    __slots__ = ("service", "office", "applicant", "details", "application_date", "documents")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    OFFICE_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    APPLICATION_DATE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    service: str
    office: str
    applicant: Applicant
    details: ServiceDetails
    application_date: str
    documents: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, service: _Optional[str] = ..., office: _Optional[str] = ..., applicant: _Optional[_Union[Applicant, _Mapping]] = ..., details: _Optional[_Union[ServiceDetails, _Mapping]] = ..., application_date: _Optional[str] = ..., documents: _Optional[_Iterable[str]] = ...) -> None: ...

class PrecheckResponse(_message.Message):
    __slots__ = ("refusals", "warnings", "assessment")
    REFUSALS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    refusals: _containers.RepeatedCompositeFieldContainer[Violation]
    warnings: _containers.RepeatedCompositeFieldContainer[Violation]
    assessment: Assessment
    def __init__(self, refusals: _Optional[_Iterable[_Union[Violation, _Mapping]]] = ..., warnings: _Optional[_Iterable[_Union[Violation, _Mapping]]] = ..., assessment: _Optional[_Union[Assessment, _Mapping]] = ...) -> None: ...

class Ack(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class TraceContext(_message.Message):
    __slots__ = ("carrier",)
    class CarrierEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    carrier: _containers.ScalarMap[str, str]
    def __init__(self, carrier: _Optional[_Mapping[str, str]] = ...) -> None: ...

class BatchItemResult(_message.Message):
    __slots__ = ("request_id", "code", "message", "details", "response")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    code: int
    message: str
    details: _containers.RepeatedCompositeFieldContainer[_any_pb2.Any]
    response: bytes
    def __init__(self, request_id: _Optional[str] = ..., code: _Optional[int] = ..., message: _Optional[str] = ..., details: _Optional[_Iterable[_Union[_any_pb2.Any, _Mapping]]] = ..., response: _Optional[bytes] = ...) -> None: ...

class BatchResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[BatchItemResult]
    def __init__(self, results: _Optional[_Iterable[_Union[BatchItemResult, _Mapping]]] = ...) -> None: ...
