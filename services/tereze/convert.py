"""Names used on the HTTP contract for the protobuf enums, in one place."""

from __future__ import annotations

from birtereze.common.v1 import common_pb2 as c

STATUSES = ("submitted", "routed", "in_review", "needs_info", "result_ready", "handed_over", "cancelled")
OUTCOMES = ("approved", "rejected")


# An enum number this version does not know (a newer client, or garbage) gets a name no rule accepts.
UNKNOWN = "unknown"


def status_name(value: int) -> str:
    if value == c.APPLICATION_STATUS_UNSPECIFIED:
        return ""
    if value not in c.ApplicationStatus.values():
        return UNKNOWN
    return c.ApplicationStatus.Name(value).removeprefix("APPLICATION_STATUS_").lower()


def status_value(name: str) -> int:
    return c.ApplicationStatus.Value("APPLICATION_STATUS_" + name.upper())


def outcome_name(value: int) -> str:
    if value == c.OUTCOME_UNSPECIFIED:
        return ""
    if value not in c.Outcome.values():
        return UNKNOWN
    return c.Outcome.Name(value).removeprefix("OUTCOME_").lower()


def outcome_value(name: str) -> int:
    if not name:
        return c.OUTCOME_UNSPECIFIED
    return c.Outcome.Value("OUTCOME_" + name.upper())
