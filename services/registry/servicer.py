"""Registry's gRPC servicer: protobuf in, domain call, protobuf out."""

from __future__ import annotations

from birtereze.common.v1 import common_pb2 as c
from birtereze.registry.v1 import registry_pb2 as pb
from birtereze.registry.v1 import registry_pb2_grpc as pb_grpc
from registry.app import Registry, duplicate_decision
from tereze import protojson
from tereze.agency import case_fields
from tereze.batch import serve_batch
from tereze.casework import Case
from tereze.convert import outcome_name
from tereze.domain import Actor
from tereze.rpc import fingerprint
from tereze.timeutil import iso

OPEN_CASE = "/birtereze.registry.v1.RegistryService/OpenCase"


def case_to_proto(case: Case) -> pb.Case:
    return pb.Case(flags=protojson.violations_to_proto(case.flags),
                   history=[pb.CaseEvent(at=iso(e["at"]), by=e["by"], action=e["action"], note=e["note"] or "")
                            for e in case.history],
                   duplicate_decision=duplicate_decision(case.history), **case_fields(case))


def actor_of(actor) -> Actor:
    return Actor(actor.username or "system", actor.role or "system", actor.office)


class RegistryServicer(pb_grpc.RegistryServiceServicer):
    def __init__(self, registry: Registry):
        self.registry = registry

    def Precheck(self, request: c.PrecheckRequest, context) -> c.PrecheckResponse:
        return protojson.precheck_response(self.registry.precheck(**protojson.precheck_args(request)))

    def OpenCase(self, request: pb.OpenCaseRequest, context) -> pb.Case:
        return case_to_proto(self._open(request))

    def OpenCaseBatch(self, request: pb.OpenCaseBatchRequest, context) -> c.BatchResponse:
        return serve_batch(request.items, OPEN_CASE, self._open)

    def _open(self, request: pb.OpenCaseRequest):
        return self.registry.desk.open(request.request_id, fingerprint(request), protojson.to_dict(request.application))

    def GetCase(self, request: pb.GetCaseRequest, context) -> pb.Case:
        viewer = actor_of(request.actor) if request.HasField("actor") else None
        return case_to_proto(self.registry.desk.get(request.application_id, viewer))

    def ListCases(self, request: pb.ListCasesRequest, context) -> pb.ListCasesResponse:
        items, cursor = self.registry.desk.list(service=request.service, status=request.status, limit=request.limit,
                                                 cursor=request.cursor)
        return pb.ListCasesResponse(items=[case_to_proto(i) for i in items], next_cursor=cursor)

    def Decide(self, request: pb.DecideRequest, context) -> pb.Case:
        actor = actor_of(request.actor)
        return case_to_proto(self.registry.desk.decide(request.request_id, fingerprint(request), actor,
                                                  request.application_id, outcome_name(request.outcome),
                                                  request.reason))

    def WithdrawCase(self, request: pb.WithdrawCaseRequest, context) -> pb.Case:
        return case_to_proto(self.registry.desk.withdraw(request.request_id, fingerprint(request),
                                                    request.application_id, request.reason))

    def FindPerson(self, request: pb.FindPersonRequest, context) -> pb.FindPersonResponse:
        return pb.FindPersonResponse(persons=[
            pb.RegisteredPerson(pin=p["pin"], surname=p["surname"], given_name=p["given_name"],
                                patronymic=p["patronymic"] or "", birth_date=p["birth_date"].isoformat(),
                                sex=p["sex"], marital_status=p["marital_status"])
            for p in self.registry.find_person(request.pin)
        ])

    def GetActRecord(self, request: pb.GetActRecordRequest, context) -> pb.ActRecord:
        r = self.registry.act_record(request.number)
        return pb.ActRecord(number=r["number"], kind=r["kind"], office=r["office"],
                            registered_on=r["registered_on"].isoformat(), application_id=r["application_id"],
                            certificate_numbers=r["certificates"])

    def VerifyCertificate(self, request: pb.VerifyCertificateRequest, context) -> pb.Certificate:
        cert = self.registry.certificate(request.number, request.check_code, request.full)
        return pb.Certificate(number=cert["number"], kind=cert["kind"], issued_on=cert["issued_on"].isoformat(),
                              act_record_number=cert["act_record_number"], valid=True,
                              shows={k: str(v) for k, v in cert["shows"].items()}, check_code=cert["check_code"])

    def RequestInfo(self, request: pb.RequestInfoRequest, context) -> pb.Case:
        return case_to_proto(self.registry.desk.request_info(request.request_id, fingerprint(request),
                                                             actor_of(request.actor), request.application_id,
                                                             request.note))

    def ResumeCase(self, request: pb.ResumeCaseRequest, context) -> pb.Case:
        return case_to_proto(self.registry.desk.resume(request.request_id, fingerprint(request),
                                                       actor_of(request.actor), request.application_id,
                                                       request.note, list(request.documents)))

    def DecideDuplicate(self, request: pb.DecideDuplicateRequest, context) -> pb.Case:
        return case_to_proto(self.registry.decide_duplicate(request.request_id, fingerprint(request),
                                                            actor_of(request.actor), request.application_id,
                                                            request.decision, request.note))
