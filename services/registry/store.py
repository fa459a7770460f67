"""Registry storage: the only module that knows registry's SQL."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from registry.models import act_records, certificates, counters, persons
from tereze.timeutil import utcnow

# Read on every precheck and case: built once (SQLAlchemy reuses the compiled form).
_PERSONS_BY_PIN = select(persons).where(persons.c.pin == bindparam("by_pin")).order_by(persons.c.id)
_CHILDREN_OF = select(persons).where(persons.c.mother_pin == bindparam("mother"),
                                     persons.c.birth_date.between(bindparam("born_from"), bindparam("born_to")))


class RegistryStore:
    # ---- population register ----

    def persons_by_pin(self, session: Connection, pin: str) -> list[dict]:
        rows = session.execute(_PERSONS_BY_PIN, {"by_pin": pin}).all()
        return [dict(r._mapping) for r in rows]

    def add_person(self, session: Connection, **values) -> None:
        session.execute(insert(persons).values(created_at=utcnow(), **values))

    def set_marital(self, session: Connection, person_id: int, status: str, spouse_pin: str | None,
                    surname: str | None = None) -> None:
        values = {"marital_status": status, "spouse_pin": spouse_pin}
        if surname:
            values["surname"] = surname
        session.execute(update(persons).where(persons.c.id == person_id).values(**values))

    def count_register_persons(self, session: Connection) -> int:
        """Persons that came from the register itself (not added at the window or by a birth)."""
        return session.execute(select(func.count()).select_from(persons).where(persons.c.source == "register")).scalar()

    def add_persons(self, session: Connection, rows: list[dict]) -> None:
        if rows:
            now = utcnow()
            session.execute(insert(persons), [{"created_at": now, **r} for r in rows])

    def children_of(self, session: Connection, mother_pin: str, born_from: dt.date, born_to: dt.date) -> list[dict]:
        rows = session.execute(_CHILDREN_OF, {"mother": mother_pin, "born_from": born_from, "born_to": born_to}).all()
        return [dict(r._mapping) for r in rows]

    def max_serial(self, session: Connection, prefix: str) -> int:
        top = session.execute(select(func.max(persons.c.pin)).where(persons.c.pin.like(prefix + "%"))).scalar()
        return int(top[9:]) if top else 0

    def next_value(self, session: Connection, name: str, start: int = 0) -> int:
        """Atomically take the next number of a counter (row-locked on PostgreSQL, write-locked on SQLite)."""
        value = session.execute(
            update(counters).where(counters.c.name == name).values(value=counters.c.value + 1)
            .returning(counters.c.value)
        ).scalar()
        if value is not None:
            return value
        try:
            with session.begin_nested():
                session.execute(insert(counters).values(name=name, value=start + 1))
            return start + 1
        except IntegrityError:
            return self.next_value(session, name, start)

    # ---- act records and certificates ----

    def add_act_record(self, session: Connection, **values) -> None:
        session.execute(insert(act_records).values(**values))

    def add_certificate(self, session: Connection, number: str, kind: str, act_record_number: str, issued_on: dt.date,
                        shows: dict) -> None:
        session.execute(insert(certificates).values(number=number, kind=kind, act_record_number=act_record_number,
                                                    issued_on=issued_on, shows=json.dumps(shows, ensure_ascii=False)))

    def act_record(self, session: Connection, number: str) -> dict | None:
        row = session.execute(select(act_records).where(act_records.c.number == number)).first()
        if row is None:
            return None
        record = dict(row._mapping)
        record["certificates"] = list(session.execute(
            select(certificates.c.number).where(certificates.c.act_record_number == number)).scalars())
        return record

    def certificate(self, session: Connection, number: str) -> dict | None:
        row = session.execute(select(certificates).where(certificates.c.number == number)).first()
        if row is None:
            return None
        cert = dict(row._mapping)
        cert["shows"] = json.loads(cert["shows"])
        return cert
