"""Shared helpers of the benefits tests: submitting claims over gRPC, and the other agencies' data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from benefits.store import BenefitsStore
from birtereze.intake.v1 import intake_pb2 as ipb
from registry import models as registry_models
from tereze import protojson
from tereze.db import Database
from tereze.timeutil import utcnow

DOCUMENTS = {
    "family_benefit": ["identity_document", "household_composition", "income_certificates"],
    "social_benefit": ["identity_document", "no_pension_certificate"],
    "unemployment_benefit": ["identity_document", "employment_record", "unemployed_registration"],
}


def register_children(url: str, details: dict) -> None:
    """The civil registry knows the household's children (with the birth dates declared)."""
    db = Database(url)
    try:
        with db.transaction() as s:
            for m in details["household"]:
                if m["relation"] == "child":
                    s.execute(insert(registry_models.persons).values(
                        pin=m["pin"], surname="Асанов", given_name="Бала", patronymic="", sex="male",
                        birth_date=dt.date.fromisoformat(m["birth_date"]), source="register", created_at=utcnow()))
    finally:
        db.dispose()


def agency_facts(url: str, source: str, pin: str, **facts) -> None:
    """Rows of the local reference Social Fund / unemployment register in benefits' database."""
    db = Database(url)
    try:
        with db.transaction() as s:
            for name, value in facts.items():
                BenefitsStore().put_agency_fact(s, source, pin, name, value)
    finally:
        db.dispose()


def submit_request(request_id: str, service: str, applicant: dict, details: dict,
                   office: str = "belek") -> ipb.SubmitApplicationRequest:
    from birtereze.common.v1 import common_pb2 as c

    return ipb.SubmitApplicationRequest(
        request_id=request_id, service=service, office=office,
        applicant=protojson.applicant_from_dict({k: v for k, v in applicant.items() if k != "address"}),
        details=protojson.details_from_dict(service, details), documents=DOCUMENTS[service],
        actor=c.Actor(username=f"clerk.{office}", role="clerk", office=office),
    )
