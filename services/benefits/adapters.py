"""Other agencies' registers behind adapters, the way Tunduk (X-Road) services are called in production.

- CivilRegistry: the civil registry over gRPC (registry.FindPerson), the once-only check of ЕПМС children.
- SocialFund: insured months in the last 36 and pension entitlement.
- UnemploymentRegister: whether a person is registered as unemployed.

Each is a Protocol with a local reference implementation, the embedded default, reading small deterministic
data from benefits' own database (table agency_records). A production adapter (a Tunduk client) implements
the same Protocol and is selected by SOCIAL_FUND_ADAPTER / UNEMPLOYMENT_REGISTER_ADAPTER.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

from benefits.rules import InsuranceRecord, RegistryChild, UnemploymentRecord
from benefits.store import BenefitsStore
from birtereze.registry.v1 import registry_pb2
from tereze.config import ConfigError
from tereze.db import Database
from tereze.errors import DomainError
from tereze.timeutil import utcnow

log = logging.getLogger("benefits.adapters")

SOCIAL_FUND = "social_fund"
UNEMPLOYMENT_REGISTER = "unemployment_register"


class CivilRegistry(Protocol):
    def child(self, pin: str) -> RegistryChild: ...


class SocialFund(Protocol):
    def insurance(self, pin: str, on: dt.date) -> InsuranceRecord: ...


class UnemploymentRegister(Protocol):
    def registration(self, pin: str, on: dt.date) -> UnemploymentRecord: ...


class GrpcCivilRegistry:
    """registry.FindPerson per child PIN; an unreachable registry flags the child instead of failing."""

    source = "civil_registry"

    def __init__(self, stub):
        self.stub = stub

    def child(self, pin: str) -> RegistryChild:
        at = utcnow()
        try:
            reply = self.stub.FindPerson(registry_pb2.FindPersonRequest(pin=pin))
        except DomainError as error:
            log.warning("civil registry not reachable", extra={"error": error.code})
            return RegistryChild(pin, reachable=False, source=self.source, at=at)
        dates = []
        for person in reply.persons:
            try:
                dates.append(dt.date.fromisoformat(person.birth_date))
            except ValueError:
                continue
        return RegistryChild(pin, tuple(dates), True, self.source, at)


class LocalSocialFund:
    """Reference Social Fund: rows (social_fund, pin, insured_months_last_36 | pension_entitled) in benefits' DB.
    A PIN it has no record of has no insured months and no pension entitlement."""

    source = "social_fund:local"

    def __init__(self, db: Database, store: BenefitsStore):
        self.db = db
        self.store = store

    def insurance(self, pin: str, on: dt.date) -> InsuranceRecord:
        with self.db.transaction() as s:
            months = self.store.agency_fact(s, SOCIAL_FUND, pin, "insured_months_last_36")
            pension = self.store.agency_fact(s, SOCIAL_FUND, pin, "pension_entitled")
        return InsuranceRecord(int(months or 0), pension == "true", self.source, utcnow())


class LocalUnemploymentRegister:
    """Reference unemployment register: rows (unemployment_register, pin, registered) in benefits' DB."""

    source = "unemployment_register:local"

    def __init__(self, db: Database, store: BenefitsStore):
        self.db = db
        self.store = store

    def registration(self, pin: str, on: dt.date) -> UnemploymentRecord:
        with self.db.transaction() as s:
            registered = self.store.agency_fact(s, UNEMPLOYMENT_REGISTER, pin, "registered")
        return UnemploymentRecord(registered == "true", self.source, utcnow())


def social_fund(kind: str, db: Database, store: BenefitsStore) -> SocialFund:
    if kind in ("", "local"):
        return LocalSocialFund(db, store)
    raise ConfigError(f"environment variable SOCIAL_FUND_ADAPTER must be local, got {kind!r}")


def unemployment_register(kind: str, db: Database, store: BenefitsStore) -> UnemploymentRegister:
    if kind in ("", "local"):
        return LocalUnemploymentRegister(db, store)
    raise ConfigError(f"environment variable UNEMPLOYMENT_REGISTER_ADAPTER must be local, got {kind!r}")
