"""A realistic mix of applications for the benchmark, in national proportions (issue 9): a year brings about
150,000 births, 40,000 marriages, 12,000 divorces, 60,000 ЕПМС families and the other benefits besides.

Divorces are left out of the generated mix: a valid one needs a couple married to each other in the register,
which a synthetic load cannot know; their 2 % share goes to births.
"""

from __future__ import annotations

import datetime as dt
import random

WEIGHTS = {
    "birth_registration": 162,
    "marriage_registration": 40,
    "family_benefit": 60,
    "social_benefit": 25,
    "unemployment_benefit": 20,
}
OFFICES = ("belek", "aral", "natsionalnoe", "malovodnoe")
SURNAMES = ("Асанов", "Токтогулов", "Жумабеков", "Иванов", "Мамытов", "Сыдыков", "Кадыров", "Абдраев")
FEMALE = ("Айгерим", "Нурзат", "Гулнара", "Айпери", "Мээрим", "Анна", "Бермет", "Асель")
MALE = ("Бакыт", "Нурлан", "Азамат", "Эрлан", "Тимур", "Иван", "Данияр", "Руслан")
DOCUMENTS = {
    "birth_registration": ["medical_birth_certificate", "parents_identity_documents"],
    "marriage_registration": ["identity_documents_both", "joint_application", "state_fee_receipt"],
    "family_benefit": ["identity_document", "household_composition", "income_certificates"],
    "social_benefit": ["identity_document", "no_pension_certificate"],
    "unemployment_benefit": ["identity_document", "employment_record", "unemployed_registration"],
}


def pin(rng: random.Random, sex: str, born: dt.date) -> str:
    return f"{1 if sex == 'female' else 2}{born:%d%m%Y}{rng.randint(1, 99999):05d}"


def person(rng: random.Random, sex: str, age_from: int, age_to: int, today: dt.date) -> dict:
    born = today - dt.timedelta(days=rng.randint(age_from * 365 + 5, age_to * 365))
    surname = rng.choice(SURNAMES) + ("а" if sex == "female" else "")
    return {"pin": pin(rng, sex, born), "surname": surname, "given_name": rng.choice(FEMALE if sex == "female" else MALE),
            "patronymic": "", "birth_date": born.isoformat(), "sex": sex,
            "phone": f"+996{rng.randint(500000000, 779999999)}", "language": rng.choice(("ky", "ru"))}


def application(rng: random.Random, service: str, today: dt.date) -> dict:
    payment = {"channel": "post_office"}
    if service == "birth_registration":
        mother = person(rng, "female", 20, 40, today)
        born = today - dt.timedelta(days=rng.randint(1, 25))
        details = {"child": {"surname": mother["surname"], "given_name": rng.choice(FEMALE + MALE), "patronymic": "",
                             "sex": rng.choice(("female", "male")), "birth_date": born.isoformat(),
                             "birth_place": "Сокулук"},
                   "mother_pin": mother["pin"], "medical_certificate_no": f"MC-{rng.randint(1, 10**6)}"}
        applicant = mother
    elif service == "marriage_registration":
        applicant = person(rng, "female", 20, 35, today)
        spouse = person(rng, "male", 22, 38, today)
        spouse.pop("language")
        details = {"spouse": spouse, "requested_date": (today + dt.timedelta(days=40)).isoformat()}
    elif service == "family_benefit":
        applicant = person(rng, "female", 25, 45, today)
        household = [{"pin": applicant["pin"], "relation": "applicant", "birth_date": applicant["birth_date"],
                      "monthly_income": rng.randint(0, 6000)}]
        for _ in range(rng.randint(1, 4)):
            child = person(rng, rng.choice(("female", "male")), 0, 15, today)
            household.append({"pin": child["pin"], "relation": "child", "birth_date": child["birth_date"],
                              "monthly_income": 0})
        details = {"household": household, "payment": payment}
    elif service == "social_benefit":
        applicant = person(rng, "female", 61, 80, today)
        details = {"category": "elderly_no_pension", "payment": payment}
    else:
        applicant = person(rng, "male", 25, 55, today)
        details = {"insured_months_last_36": rng.randint(12, 36), "payment": payment}
    return {"service": service, "applicant": applicant, "details": details, "documents": DOCUMENTS[service]}


def draw(rng: random.Random) -> str:
    services, weights = zip(*WEIGHTS.items(), strict=True)
    return rng.choices(services, weights)[0]
