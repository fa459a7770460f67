"""Programmes and effective-dated parameters, loaded from YAML (BENEFIT_PARAMETERS_FILE or the packaged default).

Plain Python: a claim is assessed with the ParameterSet in force on its application date.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from dataclasses import dataclass, field

import yaml

PARAMETERS_FILE = pathlib.Path(__file__).with_name("parameters.yaml")


class ParameterMissing(LookupError):
    """No entry of a parameter is in force on the date asked for."""


@dataclass(frozen=True)
class ParameterSet:
    """The values in force on one date, with where each came from."""

    on: dt.date
    values: dict
    sources: dict
    since: dict  # name -> the `from` date of the entry in force
    rule_version: str
    office_district: dict = field(default_factory=dict)

    def __getitem__(self, name: str):
        if name not in self.values:
            raise ParameterMissing(f"no {name} in force on {self.on.isoformat()}")
        return self.values[name]

    @property
    def id(self) -> str:
        """Names the set: the latest `from` among its entries (two claims with the same id used the same values)."""
        latest = max(self.since.values()) if self.since else self.on
        return f"{self.rule_version}@{latest.isoformat()}"

    def coefficient(self, office: str) -> float:
        district = self.office_district.get(office, "")
        return float(self["district_coefficients"].get(district, 1.0))

    def describe(self, *names: str) -> dict[str, str]:
        """The used parameters as text for the assessment: value and the date its entry took effect."""
        out = {}
        for name in names:
            if name in self.values:
                value = self.values[name]
                if isinstance(value, dict):
                    value = ", ".join(f"{k}={v['amount'] if isinstance(v, dict) else v}" for k, v in value.items())
                out[name] = f"{value} (from {self.since[name].isoformat()})"
        return out


class Parameters:
    """All programmes and every dated entry of every parameter."""

    def __init__(self, data: dict):
        self.data = data or {}
        self.rule_version = str(self.data.get("rule_version", "benefits-rules"))
        self.programmes = dict(self.data.get("programmes", {}))
        self.office_district = dict(self.data.get("office_district", {}))
        self.entries: dict[str, list[dict]] = {}
        for name, entries in (self.data.get("parameters") or {}).items():
            for entry in entries:
                if not isinstance(entry.get("from"), dt.date) or "value" not in entry:
                    raise ValueError(f"parameter {name}: every entry needs `from` (a date) and `value`")
                if not entry.get("source"):
                    raise ValueError(f"parameter {name} from {entry['from']}: `source` is required")
            self.entries[name] = sorted(entries, key=lambda e: e["from"])

    @classmethod
    def load(cls, path: str | pathlib.Path | None = None) -> Parameters:
        return cls(yaml.safe_load(pathlib.Path(path or PARAMETERS_FILE).read_text(encoding="utf-8")))

    def entry(self, name: str, on: dt.date) -> dict | None:
        in_force = [e for e in self.entries.get(name, []) if e["from"] <= on]
        return in_force[-1] if in_force else None

    def value(self, name: str, on: dt.date):
        entry = self.entry(name, on)
        if entry is None:
            raise ParameterMissing(f"no {name} in force on {on.isoformat()}")
        return entry["value"]

    def in_force(self, on: dt.date) -> ParameterSet:
        values, sources, since = {}, {}, {}
        for name in self.entries:
            entry = self.entry(name, on)
            if entry is not None:
                values[name], sources[name], since[name] = entry["value"], entry["source"], entry["from"]
        return ParameterSet(on, values, sources, since, self.rule_version, self.office_district)
