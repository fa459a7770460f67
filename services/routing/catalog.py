"""The service catalog as plain domain objects, loaded from YAML (CATALOG_FILE or the packaged default)."""

from __future__ import annotations

import datetime as dt
import pathlib
from dataclasses import dataclass, field

import yaml

from tereze.config import ConfigError
from tereze.timeutil import add_working_days

DEFAULT_FILE = pathlib.Path(__file__).with_name("catalog.yaml")
LANGS = ("ky", "ru", "en")


@dataclass(frozen=True)
class Document:
    code: str
    names: dict[str, str]
    required: bool


@dataclass(frozen=True)
class Service:
    code: str
    names: dict[str, str]
    agency: str
    handled_by: str
    documents: tuple[Document, ...]
    deadline_days: int
    deadline_kind: str

    def due_date(self, submitted: dt.date) -> dt.date:
        if self.deadline_kind == "working":
            return add_working_days(submitted, self.deadline_days)
        return submitted + dt.timedelta(days=self.deadline_days)

    def missing_documents(self, provided: list[str]) -> list[Document]:
        return [d for d in self.documents if d.required and d.code not in provided]


@dataclass(frozen=True)
class Office:
    id: str
    names: dict[str, str]
    district: str


@dataclass(frozen=True)
class Catalog:
    services: dict[str, Service]
    offices: dict[str, Office]
    agency_names: dict[str, dict[str, str]] = field(default_factory=dict)


class CatalogError(ConfigError):
    pass


def _names(raw: dict, where: str) -> dict[str, str]:
    missing = [lang for lang in LANGS if not raw.get(lang)]
    if missing:
        raise CatalogError(f"{where}: names lack {', '.join(missing)}")
    return {lang: str(raw[lang]) for lang in LANGS}


def load(path: str | pathlib.Path | None = None) -> Catalog:
    source = pathlib.Path(path or DEFAULT_FILE)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    try:
        return _parse(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, CatalogError):
            raise
        what = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise CatalogError(f"{source}: malformed catalog ({type(error).__name__}: {what})") from error


def _parse(data: dict) -> Catalog:
    district = data.get("district", "")
    agencies = data.get("agencies", {})
    services = {}
    for raw in data["services"]:
        code = raw.get("code") or "?"
        for key in ("agency", "names", "deadline"):
            if key not in raw:
                raise CatalogError(f"service {code}: {key} is missing")
        agency = raw["agency"]
        if agency not in agencies:
            raise CatalogError(f"service {code}: unknown agency {agency}")
        deadline = raw["deadline"]
        try:
            days = int(deadline.get("days"))
        except (TypeError, ValueError):
            days = 0
        if deadline.get("kind") not in ("working", "calendar") or days <= 0:
            raise CatalogError(f"service {code}: deadline must be a positive number of working or calendar days")
        services[code] = Service(
            code=code,
            names=_names(raw["names"], code),
            agency=agency,
            handled_by=agencies[agency]["handled_by"],
            documents=tuple(Document(d["code"], _names(d["names"], d["code"]), bool(d.get("required", True)))
                            for d in raw.get("documents", [])),
            deadline_days=days,
            deadline_kind=deadline["kind"],
        )
    offices = {o["id"]: Office(o["id"], _names(o["names"], o["id"]), district) for o in data["offices"]}
    return Catalog(services, offices, {k: _names(v["names"], k) for k, v in agencies.items()})
