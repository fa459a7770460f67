"""Who may see and do what: plain Python, no Flask, no gRPC.

- clerk: submits for their own office only; sees and acts on the applications of their office only
  (another office's application is "not found": its existence is not leaked).
- registrar: civil-registration services; inspector: benefit services (both read and decide).
- monitor and admin: never personal data (applications, persons, notifications).
"""

from __future__ import annotations

from dataclasses import dataclass

from birtereze.common.v1 import common_pb2
from tereze.errors import Forbidden, NotFound

CIVIL_REGISTRATION = frozenset({"birth_registration", "marriage_registration", "divorce_registration"})
BENEFITS = frozenset({"unemployment_benefit", "social_benefit", "family_benefit"})
SERVICES = CIVIL_REGISTRATION | BENEFITS

# The agency ids of the catalog (routing) for each officer role.
AGENCY_OF_ROLE = {"registrar": "civil_registry", "inspector": "social_protection"}
SERVICES_OF_ROLE = {"registrar": CIVIL_REGISTRATION, "inspector": BENEFITS}

PERSONAL_DATA_ROLES = frozenset({"clerk", "registrar", "inspector"})


@dataclass(frozen=True)
class Principal:
    """The authenticated member of staff behind a request."""

    username: str
    role: str
    office: str
    language: str = ""  # the UI language the account chose

    def actor(self) -> common_pb2.Actor:
        return common_pb2.Actor(username=self.username, role=self.role, office=self.office)


def require_roles(principal: Principal, *roles: str) -> None:
    if principal.role not in roles:
        raise Forbidden(f"this needs the role {' or '.join(roles)}")


def require_personal_data(principal: Principal) -> None:
    if principal.role not in PERSONAL_DATA_ROLES:
        raise Forbidden("this role does not see personal data")


def ensure_visible(principal: Principal, service: str, office: str) -> None:
    """Raise unless the principal may see an application of this service at this office."""
    require_personal_data(principal)
    if principal.role == "clerk":
        if office != principal.office:
            raise NotFound("application not found")
        return
    if service not in SERVICES_OF_ROLE[principal.role]:
        raise Forbidden(f"a {principal.role} does not handle {service or 'this service'}")


def ensure_clerk_of(principal: Principal, office: str) -> None:
    """Only a clerk of the application's office acts on it at the window."""
    require_roles(principal, "clerk")
    if office != principal.office:
        raise NotFound("application not found")


def ensure_can_decide(principal: Principal, service: str) -> None:
    require_roles(principal, "registrar", "inspector")
    if service not in SERVICES_OF_ROLE[principal.role]:
        raise Forbidden(f"a {principal.role} does not decide {service or 'this service'}")


def submission_office(principal: Principal, requested: str | None) -> str:
    """The office an application is submitted at: the clerk's own, never another."""
    require_roles(principal, "clerk")
    if requested and requested != principal.office:
        raise Forbidden("a clerk submits applications for their own office only")
    return principal.office


def list_scope(principal: Principal, office: str, service: str) -> tuple[str, str]:
    """(office, agency) filters a listing is limited to for this principal."""
    require_personal_data(principal)
    if principal.role == "clerk":
        if office and office != principal.office:
            raise Forbidden("a clerk lists the applications of their own office only")
        return principal.office, ""
    if service and service not in SERVICES_OF_ROLE[principal.role]:
        raise Forbidden(f"a {principal.role} does not handle {service}")
    return office, AGENCY_OF_ROLE[principal.role]


def visible(principal: Principal, service: str, office: str) -> bool:
    try:
        ensure_visible(principal, service, office)
        return True
    except (Forbidden, NotFound):
        return False
