"""Domain errors: plain Python, raised by rules and storage, mapped to gRPC and HTTP at the edges only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    field: str = ""


class DomainError(Exception):
    code = "internal"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidArgument(DomainError):
    """Malformed input; `fields` maps a dotted field path (applicant.pin) to what is wrong with it."""

    code = "invalid_argument"

    def __init__(self, fields: dict[str, str], message: str | None = None):
        self.fields = dict(fields)
        super().__init__(message or "invalid " + ", ".join(sorted(self.fields)))


class RuleViolation(DomainError):
    """Well-formed input that a rule of law or of the service forbids."""

    code = "rule_violation"

    def __init__(self, violations: list[Violation], message: str | None = None):
        self.violations = list(violations)
        super().__init__(message or "; ".join(v.message for v in self.violations))


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class Unavailable(DomainError):
    code = "unavailable"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class Unimplemented(DomainError):
    """The callee does not know the method called (an older version of it, during a rolling upgrade)."""


class FieldErrors:
    """Collects field errors while validating and raises them all at once."""

    def __init__(self, prefix: str = ""):
        self.prefix = prefix
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        key = f"{self.prefix}{field}"
        self.errors.setdefault(key, message)

    def nested(self, prefix: str) -> FieldErrors:
        child = FieldErrors(f"{self.prefix}{prefix}.")
        child.errors = self.errors
        return child

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidArgument(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)
