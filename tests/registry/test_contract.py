"""The registry's gRPC contract for issue 4, over real gRPC on loopback (SQLite and PostgreSQL)."""

from __future__ import annotations

import collections
import datetime as dt

import pytest

from birtereze.common.v1 import common_pb2 as c
from birtereze.registry.v1 import registry_pb2 as rpb
from birtereze.registry.v1 import registry_pb2_grpc
from tereze.channels import Peers
from tereze.errors import Conflict, InvalidArgument, NotFound, RuleViolation
from tests.support import SERVICE_TOKEN, InProcessSuite

TODAY = dt.date.today()
BRIDE = c.Applicant(pin="11505199800123", surname="Асанова", given_name="Айпери", birth_date="1998-05-15",
                    sex="female")
GROOM = c.Person(pin="20101199600045", surname="Осмонов", given_name="Азамат", birth_date="1996-01-01", sex="male")
REGISTRAR = c.Actor(username="registrar.sokuluk", role="registrar", office="sokuluk")


@pytest.fixture
def registry(db_factory):
    suite = InProcessSuite(db_factory, services=("registry",)).start()
    peers = Peers({"registry": suite.address("registry")}, timeout=5, token=SERVICE_TOKEN)
    yield peers.client("registry", registry_pb2_grpc.RegistryServiceStub)
    peers.close()
    suite.stop()


def marriage(requested: dt.date, urgent: str | None = "pregnancy", spouse: c.Person = GROOM) -> c.ServiceDetails:
    details = c.MarriageDetails(spouse=spouse, requested_date=requested.isoformat())
    if urgent:
        details.urgent_reason = urgent
    return c.ServiceDetails(marriage_registration=details)


def open_marriage(registry, app_id: str, requested: dt.date = TODAY) -> rpb.Case:
    return registry.OpenCase(rpb.OpenCaseRequest(request_id=f"open-{app_id}", application=c.Application(
        id=app_id, tracking_number="BEL-TEST-0001", service="marriage_registration", office="belek",
        applicant=BRIDE, details=marriage(requested), submitted_at=f"{TODAY.isoformat()}T09:00:00Z")))


def test_precheck_refuses_with_rules_and_names_bad_fields(registry):
    reply = registry.Precheck(c.PrecheckRequest(service="marriage_registration", office="belek", applicant=BRIDE,
                                                details=marriage(TODAY, urgent=None),
                                                application_date=TODAY.isoformat()))
    assert [v.rule for v in reply.refusals] == ["marriage.too_early"]
    assert reply.refusals[0].field == "details.requested_date"
    with pytest.raises(InvalidArgument) as error:
        registry.Precheck(c.PrecheckRequest(service="divorce_registration", office="belek", applicant=BRIDE,
                                            details=c.ServiceDetails(divorce_registration=c.DivorceDetails()),
                                            application_date=TODAY.isoformat()))
    assert {"details.spouse_pin", "details.mutual_consent", "details.common_minor_children"} <= set(
        error.value.fields)


def test_marriage_decision_updates_the_register_and_is_idempotent(registry):
    opened = open_marriage(registry, "m-1")
    # Neither is in the register yet: flagged, and added from the identity documents on registration.
    assert [(f.rule, f.field) for f in opened.flags] == [("register.person_unknown", "applicant.pin"),
                                                         ("register.person_unknown", "details.spouse.pin")]
    decide = rpb.DecideRequest(request_id="d-1", application_id="m-1", outcome=c.OUTCOME_APPROVED, actor=REGISTRAR)
    first = registry.Decide(decide)
    assert registry.Decide(decide).result == first.result  # replayed: the same answer, no second act record
    record = registry.GetActRecord(rpb.GetActRecordRequest(number=first.result["act_record_number"]))
    assert record.kind == "marriage" and list(record.certificate_numbers) == [first.result["certificate_number"]]
    for pin in (BRIDE.pin, GROOM.pin):
        persons = registry.FindPerson(rpb.FindPersonRequest(pin=pin)).persons
        assert [p.marital_status for p in persons] == ["married"]
    # A second marriage application for the groom is refused at the window.
    other = c.Applicant(pin="10202199900077", surname="Петрова", given_name="Анна", birth_date="1999-02-02",
                        sex="female")
    reply = registry.Precheck(c.PrecheckRequest(service="marriage_registration", office="belek", applicant=other,
                                                details=marriage(TODAY), application_date=TODAY.isoformat()))
    assert [v.rule for v in reply.refusals] == ["marriage.already_married"]


def test_a_marriage_is_not_registered_before_its_requested_date(registry):
    open_marriage(registry, "m-early", requested=TODAY + dt.timedelta(days=40))
    with pytest.raises(RuleViolation) as error:
        registry.Decide(rpb.DecideRequest(request_id="d-e", application_id="m-early", outcome=c.OUTCOME_APPROVED,
                                          actor=REGISTRAR))
    assert [v.rule for v in error.value.violations] == ["marriage.before_requested_date"]
    assert registry.GetCase(rpb.GetCaseRequest(application_id="m-early")).status == "open"
    assert not registry.FindPerson(rpb.FindPersonRequest(pin=BRIDE.pin)).persons  # nothing was added


def test_reads_requests_for_information_and_resumption_are_in_the_history(registry):
    open_marriage(registry, "m-2")
    assert [e.action for e in registry.GetCase(rpb.GetCaseRequest(application_id="m-2")).history] == ["opened"]
    viewed = registry.GetCase(rpb.GetCaseRequest(application_id="m-2", actor=REGISTRAR))
    assert [(e.action, e.by) for e in viewed.history][-1] == ("viewed", "registrar.sokuluk")
    ask = rpb.RequestInfoRequest(request_id="ri-1", application_id="m-2", note="нужна справка", actor=REGISTRAR)
    waiting = registry.RequestInfo(ask)
    assert waiting.status == "needs_info"
    assert registry.RequestInfo(ask).status == "needs_info"  # replay
    with pytest.raises(Conflict):
        registry.RequestInfo(rpb.RequestInfoRequest(request_id="ri-2", application_id="m-2", note="ещё",
                                                    actor=REGISTRAR))
    with pytest.raises(InvalidArgument):
        registry.RequestInfo(rpb.RequestInfoRequest(request_id="ri-3", application_id="m-2", note=" "))
    resumed = registry.ResumeCase(rpb.ResumeCaseRequest(request_id="rc-1", application_id="m-2", note="справка",
                                                        documents=["certificate"]))
    assert resumed.status == "open"
    assert [e.action for e in resumed.history] == ["opened", "viewed", "info_requested", "info_supplied"]
    with pytest.raises(NotFound):
        registry.RequestInfo(rpb.RequestInfoRequest(request_id="ri-4", application_id="nope", note="x"))


def test_verification_shows_the_certificate_only_with_its_check_code(registry):
    open_marriage(registry, "m-3")
    case = registry.Decide(rpb.DecideRequest(request_id="d-3", application_id="m-3", outcome=c.OUTCOME_APPROVED,
                                             actor=REGISTRAR))
    number = case.result["certificate_number"]
    bare = registry.VerifyCertificate(rpb.VerifyCertificateRequest(number=number))
    assert bare.valid and bare.kind == "marriage" and not bare.shows and not bare.check_code
    full = registry.VerifyCertificate(rpb.VerifyCertificateRequest(number=number, full=True))
    assert full.shows["spouse_given_name"] == "Азамат" and full.check_code
    assert not any(pin in full.shows.values() for pin in (BRIDE.pin, GROOM.pin))
    checked = registry.VerifyCertificate(rpb.VerifyCertificateRequest(number=number, check_code=full.check_code))
    assert dict(checked.shows) == dict(full.shows) and not checked.check_code
    assert not registry.VerifyCertificate(rpb.VerifyCertificateRequest(number=number, check_code="WRONG")).shows
    with pytest.raises(NotFound):
        registry.VerifyCertificate(rpb.VerifyCertificateRequest(number="MC-1900-000001"))


def _applicant(p) -> c.Applicant:
    return c.Applicant(pin=p.pin, surname=p.surname, given_name=p.given_name, patronymic=p.patronymic,
                       birth_date=p.birth_date.isoformat(), sex=p.sex)


def _person(p) -> c.Person:
    return c.Person(pin=p.pin, surname=p.surname, given_name=p.given_name, patronymic=p.patronymic,
                    birth_date=p.birth_date.isoformat(), sex=p.sex)


def test_the_seeded_register_answers_for_relatives_and_marriages(db_factory):
    from registry.population import generate
    from registry.seed import seed

    suite = InProcessSuite(db_factory, services=("registry",))
    seed(suite.urls["registry"], families_per_village=6)
    suite.start()
    peers = Peers({"registry": suite.address("registry")}, timeout=5, token=SERVICE_TOKEN)
    registry = peers.client("registry", registry_pb2_grpc.RegistryServiceStub)
    try:
        people = generate(families_per_village=6).persons
        pins = collections.Counter(p.pin for p in people)
        unique = [p for p in people if pins[p.pin] == 1]
        adults = [p for p in unique if (TODAY - p.birth_date).days > 20 * 366]

        def precheck(a, b) -> list[str]:
            return [v.rule for v in registry.Precheck(c.PrecheckRequest(
                service="marriage_registration", office="aral", applicant=_applicant(a),
                details=c.ServiceDetails(marriage_registration=c.MarriageDetails(
                    spouse=_person(b), requested_date=TODAY.isoformat(), urgent_reason="pregnancy")),
                application_date=TODAY.isoformat())).refusals]

        # Siblings (a common mother), both single adults.
        by_mother = collections.defaultdict(list)
        for p in adults:
            if p.mother_pin and p.marital_status == "single":
                by_mother[p.mother_pin].append(p)
        sister, brother = next((f, m) for kids in by_mother.values() for f in kids for m in kids
                               if f.sex == "female" and m.sex == "male")
        assert precheck(sister, brother) == ["marriage.close_relatives"]
        # A married person of the register cannot marry again; a divorced one can.
        married = next(p for p in adults if p.marital_status == "married" and p.sex == "male")
        single = next(p for p in adults if p.marital_status == "single" and p.sex == "female"
                      and p.mother_pin != married.pin and p.mother_pin not in (married.spouse_pin,))
        assert "marriage.already_married" in precheck(single, married)
        divorced = next((p for p in adults if p.marital_status == "divorced" and p.sex == "male"), None)
        if divorced is not None:
            assert "marriage.already_married" not in precheck(single, divorced)
        # Duplicated PINs: every record under the PIN is returned.
        duplicated = next(pin for pin, n in pins.items() if n > 1)
        assert len(registry.FindPerson(rpb.FindPersonRequest(pin=duplicated)).persons) == 2
    finally:
        peers.close()
        suite.stop()
