"""Claims of the three benefits for the tests (plain dicts, as the JSON API takes them)."""

from __future__ import annotations

import datetime as dt

from tereze.pin import make_pin

APPLICANT_BORN = dt.date(1988, 4, 2)


def pin(sex: str, born: dt.date, serial: int = 1) -> str:
    return make_pin(sex, born, serial)


def member(relation: str, born: dt.date, income: int = 0, sex: str = "female", serial: int = 1,
           pension: bool | None = None) -> dict:
    m = {"pin": pin(sex, born, serial), "relation": relation, "birth_date": born.isoformat(), "monthly_income": income}
    if pension is not None:
        m["pension"] = pension
    return m


def family_details(*, incomes=(0, 0), children: list[dt.date] = (), extra: list[dict] = ()) -> dict:
    """The applicant and spouse with these incomes, then the children, then any extra members."""
    household = [member("applicant", APPLICANT_BORN, incomes[0], "female", 11),
                 member("spouse", dt.date(1985, 1, 20), incomes[1], "male", 12)]
    household += [member("child", born, 0, "male", 20 + i) for i, born in enumerate(children)]
    household += list(extra)
    return {"household": household, "payment": {"channel": "post_office"}}


def applicant(sex: str = "female", born: dt.date = APPLICANT_BORN, serial: int = 11) -> dict:
    return {"pin": pin(sex, born, serial), "surname": "Асанова", "given_name": "Гулнара", "patronymic": "Токтогуловна",
            "birth_date": born.isoformat(), "sex": sex, "phone": "+996700123456", "address": "Белек, ул. Ленина 1"}
