"""Domain types that several services share (plain Python)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tereze.errors import Violation


@dataclass
class Actor:
    """Who acts: a person behind the gateway, or `system` for messages between services."""

    username: str = "system"
    role: str = "system"
    office: str = ""


@dataclass
class PrecheckResult:
    """What the window learns before accepting: refusals (rules of law), warnings, a benefit assessment."""

    refusals: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    assessment: dict = field(default_factory=dict)

    def merge(self, other: PrecheckResult) -> PrecheckResult:
        return PrecheckResult([*self.refusals, *other.refusals], [*self.warnings, *other.warnings],
                              other.assessment or self.assessment)
