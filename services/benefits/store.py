"""Benefits' SQL: enrolments, payroll lines and the local reference data of other agencies' registers."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from benefits import models
from tereze.timeutil import utcnow


@dataclass
class Enrolment:
    id: str
    application_id: str
    case_id: str
    service: str
    office: str
    pin: str
    recipient: str
    tracking_number: str
    channel: str
    monthly_amount: int
    valid_from: dt.date
    valid_to: dt.date | None
    status: str
    created_at: dt.datetime


@dataclass
class PayrollLine:
    id: str
    enrolment_id: str
    application_id: str
    office: str
    month: str
    amount: int
    status: str
    marked_by: str
    marked_at: dt.datetime | None
    created_at: dt.datetime
    service: str = ""
    channel: str = ""
    tracking_number: str = ""
    recipient: str = ""


_E, _R = models.enrolments, models.agency_records
# Read on every assessment: built once (SQLAlchemy reuses the compiled form).
_ACTIVE = select(_E).where(_E.c.service == bindparam("of_service"), _E.c.pin == bindparam("of_pin"),
                           _E.c.status == "active")
_ACTIVE_ON = _ACTIVE.where(or_(_E.c.valid_to.is_(None), _E.c.valid_to >= bindparam("on_date")))
_AGENCY_FACT = select(_R.c.value).where(_R.c.source == bindparam("of_source"), _R.c.pin == bindparam("of_pin"),
                                        _R.c.name == bindparam("of_name"))


class BenefitsStore:
    e = models.enrolments
    p = models.payroll_lines
    r = models.agency_records

    # ---- enrolments ----

    def add_enrolment(self, session: Connection, **values) -> Enrolment:
        values = {"id": str(uuid.uuid4()), "status": "active", "created_at": utcnow(), **values}
        session.execute(insert(self.e).values(**values))
        return Enrolment(**values)

    def enrolment_of(self, session: Connection, application_id: str) -> Enrolment | None:
        row = session.execute(select(self.e).where(self.e.c.application_id == application_id)).first()
        return Enrolment(**row._mapping) if row else None

    def active_enrolments(self, session: Connection, *, service: str, pin: str, on: dt.date | None = None
                          ) -> list[Enrolment]:
        params = {"of_service": service, "of_pin": pin}
        if on is not None:
            rows = session.execute(_ACTIVE_ON, {**params, "on_date": on}).all()
        else:
            rows = session.execute(_ACTIVE, params).all()
        return [Enrolment(**r._mapping) for r in rows]

    def payable_without_line(self, session: Connection, office: str, first: dt.date, last: dt.date, month: str
                             ) -> list[Enrolment]:
        """The office's active enrolments valid on some day from `first` to `last` (the month, as in
        `rules.in_payroll`) that have no line for `month` yet: a pass reads only what it has to add."""
        has_line = select(self.p.c.id).where(self.p.c.enrolment_id == self.e.c.id, self.p.c.month == month).exists()
        rows = session.execute(select(self.e).where(
            self.e.c.office == office, self.e.c.status == "active", self.e.c.valid_from <= last,
            or_(self.e.c.valid_to.is_(None), self.e.c.valid_to >= first), ~has_line,
        ).order_by(self.e.c.created_at, self.e.c.id)).all()
        return [Enrolment(**r._mapping) for r in rows]

    def expiring(self, session: Connection, *, service: str, office: str, start: dt.date, end: dt.date
                 ) -> list[Enrolment]:
        conditions = [self.e.c.service == service, self.e.c.status == "active",
                      and_(self.e.c.valid_to >= start, self.e.c.valid_to <= end)]
        if office:
            conditions.append(self.e.c.office == office)
        rows = session.execute(select(self.e).where(*conditions).order_by(self.e.c.valid_to, self.e.c.id)).all()
        return [Enrolment(**r._mapping) for r in rows]

    # ---- payroll ----

    def add_lines(self, session: Connection, enrolments: list[Enrolment], month: str) -> int:
        """One line per enrolment for `month`, in one statement; a line that is there already (another pass
        added it meanwhile: the unique constraint on enrolment and month) is left as it is. Returns how many
        were added."""
        if not enrolments:
            return 0
        now = utcnow()
        upsert = postgresql.insert if session.dialect.name == "postgresql" else sqlite.insert
        statement = (upsert(self.p).on_conflict_do_nothing(index_elements=[self.p.c.enrolment_id, self.p.c.month])
                     .returning(self.p.c.id))  # rows sent as multi-row VALUES; the ids say which were added
        rows = [dict(id=str(uuid.uuid4()), enrolment_id=e.id, application_id=e.application_id, office=e.office,
                     month=month, amount=e.monthly_amount, status="pending", marked_by="", marked_at=None,
                     created_at=now) for e in enrolments]
        return len(session.execute(statement, rows).all())

    def lines(self, session: Connection, office: str, month: str) -> list[PayrollLine]:
        rows = session.execute(
            select(self.p, self.e.c.service, self.e.c.channel, self.e.c.tracking_number, self.e.c.recipient)
            .join(self.e, self.e.c.id == self.p.c.enrolment_id)
            .where(self.p.c.office == office, self.p.c.month == month)
            .order_by(self.p.c.created_at, self.p.c.id)
        ).all()
        return [PayrollLine(**r._mapping) for r in rows]

    def line(self, session: Connection, line_id: str, *, for_update: bool = False) -> PayrollLine | None:
        query = (select(self.p, self.e.c.service, self.e.c.channel, self.e.c.tracking_number, self.e.c.recipient)
                 .join(self.e, self.e.c.id == self.p.c.enrolment_id).where(self.p.c.id == line_id))
        if for_update and session.dialect.name == "postgresql":
            query = query.with_for_update(of=self.p)
        row = session.execute(query).first()
        return PayrollLine(**row._mapping) if row else None

    def mark_line(self, session: Connection, line_id: str, status: str, by: str) -> None:
        session.execute(update(self.p).where(self.p.c.id == line_id).values(
            status=status, marked_by=by, marked_at=utcnow()))

    # ---- other agencies' registers (local reference data) ----

    def agency_fact(self, session: Connection, source: str, pin: str, name: str) -> str | None:
        row = session.execute(_AGENCY_FACT, {"of_source": source, "of_pin": pin, "of_name": name}).first()
        return row.value if row else None

    def put_agency_fact(self, session: Connection, source: str, pin: str, name: str, value: str) -> None:
        session.execute(self.r.delete().where(self.r.c.source == source, self.r.c.pin == pin, self.r.c.name == name))
        session.execute(insert(self.r).values(source=source, pin=pin, name=name, value=value))
