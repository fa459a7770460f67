"""The gRPC contracts of the five back-end services, called over real gRPC on loopback, in one process."""

from __future__ import annotations

import datetime as dt

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from birtereze.common.v1 import common_pb2 as c
from birtereze.intake.v1 import intake_pb2 as ipb
from birtereze.intake.v1 import intake_pb2_grpc
from birtereze.notify.v1 import notify_pb2 as npb
from birtereze.registry.v1 import registry_pb2 as rpb
from birtereze.registry.v1 import registry_pb2_grpc
from birtereze.routing.v1 import routing_pb2 as rtpb
from tereze.errors import Conflict, InvalidArgument, NotFound, RuleViolation
from tests.support import AUTH, wait_for

TODAY = dt.date.today()
CHILD_BORN = TODAY - dt.timedelta(days=3)
MOTHER_PIN = "11203199000123"


def birth_request(request_id: str, **child_overrides) -> ipb.SubmitApplicationRequest:
    child = dict(surname="Асанова", given_name="Айпери", patronymic="Бакытовна", sex="female",
                 birth_date=CHILD_BORN.isoformat(), birth_place="Белек, Сокулукский район")
    child.update(child_overrides)
    return ipb.SubmitApplicationRequest(
        request_id=request_id, service="birth_registration", office="belek",
        applicant=c.Applicant(pin=MOTHER_PIN, surname="Асанова", given_name="Гулнара", patronymic="Токтогуловна",
                              birth_date="1990-03-12", sex="female", phone="+996700123456", language="ky"),
        details=c.ServiceDetails(birth_registration=c.BirthDetails(
            child=c.BirthChild(**child), mother_pin=MOTHER_PIN, medical_certificate_no="MC-2026-0042")),
        documents=["medical_birth_certificate", "parents_identity_documents"],
        actor=c.Actor(username="clerk.belek", role="clerk", office="belek"),
    )


def status_of(suite, app_id: str) -> str:
    return c.ApplicationStatus.Name(suite.intake.GetApplication(ipb.GetApplicationRequest(id=app_id)).status)


def test_every_service_reports_serving_and_reflects(suite):
    for name in suite.ports:
        stub = health_pb2_grpc.HealthStub(suite.peers.channel(name))
        assert stub.Check(health_pb2.HealthCheckRequest(service="")).status == health_pb2.HealthCheckResponse.SERVING
        liveness = stub.Check(health_pb2.HealthCheckRequest(service="liveness")).status
        assert liveness == health_pb2.HealthCheckResponse.SERVING


def test_birth_registration_flows_through_every_service(suite):
    app = suite.intake.SubmitApplication(birth_request("k-1"))
    assert app.status == c.APPLICATION_STATUS_SUBMITTED
    assert app.tracking_number.startswith("BEL-")
    assert len(app.trace_id) == 32

    wait_for(lambda: status_of(suite, app.id) == "APPLICATION_STATUS_ROUTED", message="routed")
    routed = suite.intake.GetApplication(ipb.GetApplicationRequest(id=app.id))
    assert routed.agency == "civil_registry"
    assert routed.due_date  # ten working days from submission
    case = suite.registry.GetCase(rpb.GetCaseRequest(application_id=app.id))
    assert case.status == "open"

    decided = suite.registry.Decide(rpb.DecideRequest(
        request_id="d-1", application_id=app.id, outcome=c.OUTCOME_APPROVED,
        actor=c.Actor(username="registrar.sokuluk", role="registrar")))
    child_pin = decided.result["child_pin"]
    assert child_pin[0] == "1" and child_pin[1:9] == CHILD_BORN.strftime("%d%m%Y")

    wait_for(lambda: status_of(suite, app.id) == "APPLICATION_STATUS_RESULT_READY", message="result_ready")
    ready = suite.intake.GetApplication(ipb.GetApplicationRequest(id=app.id))
    assert ready.outcome == c.OUTCOME_APPROVED
    assert ready.result["act_record_number"].startswith("BELEK-")
    assert ready.result["certificate_number"] == decided.result["certificate_number"]

    number = ready.result["certificate_number"]
    cert = suite.registry.VerifyCertificate(rpb.VerifyCertificateRequest(number=number, full=True))
    assert cert.valid and cert.shows["given_name"] == "Айпери"
    bare = suite.registry.VerifyCertificate(rpb.VerifyCertificateRequest(number=number))
    assert bare.valid and not bare.shows  # the number alone opens nothing: the check code printed on it does

    done = suite.intake.RecordHandover(ipb.RecordHandoverRequest(
        request_id="h-1", id=app.id, rating=5, actor=c.Actor(username="clerk.belek", role="clerk")))
    assert done.status == c.APPLICATION_STATUS_HANDED_OVER
    assert [c.ApplicationStatus.Name(h.status) for h in done.history] == [
        "APPLICATION_STATUS_SUBMITTED", "APPLICATION_STATUS_ROUTED", "APPLICATION_STATUS_RESULT_READY",
        "APPLICATION_STATUS_HANDED_OVER"]

    sent = wait_for(lambda: [n for n in suite.notify.ListNotifications(
        npb.ListNotificationsRequest(application_id=app.id)).items if n.status == "sent"] or None,
        message="notifications")
    wait_for(lambda: len(suite.notify.ListNotifications(
        npb.ListNotificationsRequest(application_id=app.id)).items) == 2, message="two notifications")
    items = suite.notify.ListNotifications(npb.ListNotificationsRequest(application_id=app.id)).items
    assert sorted(n.template for n in items) == ["accepted", "ready"]
    assert all(n.channel == "sms" and n.language == "ky" and "123456" not in n.to for n in items)
    assert sent


def test_submission_replayed_with_same_id_gives_same_application(suite):
    first = suite.intake.SubmitApplication(birth_request("same"))
    again = suite.intake.SubmitApplication(birth_request("same"))
    assert again.id == first.id and again.tracking_number == first.tracking_number
    listed = suite.intake.ListApplications(ipb.ListApplicationsRequest(office="belek", limit=50))
    assert [a.id for a in listed.items] == [first.id]
    with pytest.raises(Conflict):
        suite.intake.SubmitApplication(birth_request("same", given_name="Другое"))


def test_bad_pin_names_the_field_and_stores_nothing(suite):
    request = birth_request("bad-pin")
    request.applicant.pin = "31203199000123"
    with pytest.raises(InvalidArgument) as error:
        suite.intake.SubmitApplication(request)
    assert "applicant.pin" in error.value.fields
    assert suite.intake.ListApplications(ipb.ListApplicationsRequest(limit=10)).items == []


def test_details_errors_name_the_field(suite):
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    with pytest.raises(InvalidArgument) as error:
        suite.intake.SubmitApplication(birth_request("future", birth_date=future, birth_place=""))
    assert set(error.value.fields) >= {"details.child.birth_date", "details.child.birth_place"}


def test_missing_documents_refused_with_rule(suite):
    request = birth_request("docs")
    del request.documents[:]
    with pytest.raises(RuleViolation) as error:
        suite.intake.SubmitApplication(request)
    assert [v.rule for v in error.value.violations] == ["documents.missing"]


def test_marriage_details_are_validated_field_by_field(suite):
    request = ipb.SubmitApplicationRequest(
        request_id="m-1", service="marriage_registration", office="belek", applicant=birth_request("x").applicant,
        details=c.ServiceDetails(marriage_registration=c.MarriageDetails(requested_date=TODAY.isoformat())),
        documents=["identity_documents_both", "joint_application", "state_fee_receipt"])
    with pytest.raises(InvalidArgument) as error:
        suite.intake.SubmitApplication(request)
    assert {"details.spouse.pin", "details.spouse.birth_date", "details.spouse.sex"} <= set(error.value.fields)


def test_late_birth_is_accepted_with_a_warning(suite):
    app = suite.intake.SubmitApplication(birth_request("late", birth_date=(TODAY - dt.timedelta(days=60)).isoformat()))
    assert "birth.late_registration" in [w.rule for w in app.warnings]


def test_unknown_application_is_not_found(suite):
    with pytest.raises(NotFound):
        suite.intake.GetApplication(ipb.GetApplicationRequest(id="no-such-id"))


def test_catalog_lists_the_six_services(suite):
    catalog = suite.routing.GetCatalog(rtpb.GetCatalogRequest())
    assert {s.code for s in catalog.services} == {
        "birth_registration", "marriage_registration", "divorce_registration", "unemployment_benefit",
        "social_benefit", "family_benefit"}
    assert all(set(s.names) == {"ky", "ru", "en"} for s in catalog.services)
    assert {o.id for o in catalog.offices} == {"belek", "aral", "natsionalnoe", "malovodnoe"}


def test_cancel_before_decision_withdraws_the_case(suite):
    app = suite.intake.SubmitApplication(birth_request("c-1"))
    wait_for(lambda: status_of(suite, app.id) == "APPLICATION_STATUS_ROUTED", message="routed")
    cancelled = suite.intake.CancelApplication(ipb.CancelApplicationRequest(request_id="c-x", id=app.id,
                                                                            reason="changed mind"))
    assert cancelled.status == c.APPLICATION_STATUS_CANCELLED
    wait_for(lambda: suite.registry.GetCase(rpb.GetCaseRequest(application_id=app.id)).status == "withdrawn",
             message="case withdrawn")
    with pytest.raises(Conflict):
        suite.registry.Decide(rpb.DecideRequest(request_id="d-c", application_id=app.id, outcome=c.OUTCOME_APPROVED))


def test_second_decision_is_a_conflict_and_one_act_record(suite):
    app = suite.intake.SubmitApplication(birth_request("two"))
    wait_for(lambda: status_of(suite, app.id) == "APPLICATION_STATUS_ROUTED", message="routed")
    first = suite.registry.Decide(rpb.DecideRequest(request_id="r1", application_id=app.id,
                                                    outcome=c.OUTCOME_APPROVED))
    replay = suite.registry.Decide(rpb.DecideRequest(request_id="r1", application_id=app.id,
                                                     outcome=c.OUTCOME_APPROVED))
    assert replay.result == first.result
    with pytest.raises(Conflict):
        suite.registry.Decide(rpb.DecideRequest(request_id="r2", application_id=app.id, outcome=c.OUTCOME_APPROVED))


def test_deadline_is_enforced(suite):
    stub = intake_pb2_grpc.IntakeServiceStub(suite.peers.channel("intake"))
    with pytest.raises(grpc.RpcError) as error:
        stub.SubmitApplication(birth_request("slow"), timeout=0.000001, metadata=AUTH)
    assert error.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_a_caller_without_the_suite_credential_is_refused(suite):
    """A process outside the suite cannot call registry or benefits directly; health stays open for probes."""
    from birtereze.benefits.v1 import benefits_pb2, benefits_pb2_grpc

    for address, call, request in (
        (suite.address("registry"), lambda ch: registry_pb2_grpc.RegistryServiceStub(ch).FindPerson,
         rpb.FindPersonRequest(pin=MOTHER_PIN)),
        (suite.address("benefits"), lambda ch: benefits_pb2_grpc.BenefitsServiceStub(ch).ListClaims,
         benefits_pb2.ListClaimsRequest()),
    ):
        with grpc.insecure_channel(address) as channel:
            for metadata in ((), (("x-tereze-service-token", "guessed-token-000000"),)):
                with pytest.raises(grpc.RpcError) as error:
                    call(channel)(request, timeout=5, metadata=metadata)
                assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED
            health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
            assert health.status == health_pb2.HealthCheckResponse.SERVING
