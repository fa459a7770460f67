"""The population register: the generator, the seed, child PIN assignment under concurrency (real databases)."""

from __future__ import annotations

import collections
import datetime as dt
import threading

from sqlalchemy import select

from registry import models
from registry.app import Registry
from registry.population import AS_OF, VILLAGES, generate, patronymic_for, surname_for
from registry.rules import EffectiveRules
from registry.seed import seed
from registry.store import RegistryStore
from tereze import migrations
from tereze.casework import CaseStore
from tereze.db import Database
from tereze.domain import Actor
from tereze.idempotency import IdempotencyKeys
from tereze.outbox import Outbox
from tereze.pin import pin_birth_date, pin_error

POPULATION = generate()


def test_the_generator_is_deterministic():
    again = generate()
    assert [vars(p) for p in again.persons] == [vars(p) for p in POPULATION.persons]
    assert [vars(p) for p in generate(seed=7).persons] != [vars(p) for p in POPULATION.persons]


def test_a_few_thousand_people_in_the_four_villages():
    assert 2000 <= len(POPULATION.persons) <= 10000
    per_village = collections.Counter(p.village for p in POPULATION.persons)
    assert set(per_village) == set(VILLAGES)
    assert min(per_village.values()) > 500


def test_every_pin_is_valid_and_matches_sex_and_birth_date():
    for p in POPULATION.persons:
        assert pin_error(p.pin, AS_OF) is None, p.pin
        assert p.pin[0] == ("1" if p.sex == "female" else "2")
        assert pin_birth_date(p.pin) == p.birth_date
        assert p.birth_date <= AS_OF


def test_some_pins_are_duplicated_as_in_the_national_register():
    counts = collections.Counter(p.pin for p in POPULATION.persons)
    duplicated = [pin for pin, n in counts.items() if n > 1]
    assert 1 <= len(duplicated) <= len(POPULATION.persons) // 50


def test_married_couples_point_at_each_other():
    by_pin = collections.defaultdict(list)
    for p in POPULATION.persons:
        by_pin[p.pin].append(p)
    married = [p for p in POPULATION.persons if p.marital_status == "married"]
    assert len(married) > len(POPULATION.persons) // 4
    for p in married:
        assert any(s.spouse_pin == p.pin and s.sex != p.sex for s in by_pin[p.spouse_pin]), p.pin
    assert all(p.spouse_pin is None for p in POPULATION.persons if p.marital_status != "married")


def test_children_are_linked_to_parents_who_were_adults_when_they_were_born():
    by_pin = {}
    for p in POPULATION.persons:
        by_pin.setdefault(p.pin, p)  # the first record under a PIN; a duplicated PIN's twin comes later
    children = [p for p in POPULATION.persons if p.mother_pin]
    assert len(children) > len(POPULATION.persons) // 3
    for child in children:
        mother = by_pin[child.mother_pin]
        assert mother.sex == "female"
        assert (child.birth_date - mother.birth_date).days > 18 * 365
        if child.father_pin:
            father = by_pin[child.father_pin]
            assert father.sex == "male"
            kyrgyz = child.patronymic.endswith(("уулу", "кызы"))
            assert child.patronymic == patronymic_for(father.given_name, child.sex, kyrgyz)


def test_names_follow_kyrgyz_and_russian_patterns():
    patronymics = [p.patronymic for p in POPULATION.persons]
    assert any(x.endswith(" уулу") for x in patronymics) and any(x.endswith(" кызы") for x in patronymics)
    assert any(x.endswith("вич") for x in patronymics) and any(x.endswith("вна") for x in patronymics)
    for p in POPULATION.persons:
        if p.patronymic.endswith(" уулу") or p.patronymic.endswith("вич") or p.patronymic.endswith("ич"):
            assert p.sex == "male", p.patronymic
        if p.patronymic.endswith((" кызы", "вна", "ична")):
            assert p.sex == "female", p.patronymic
    assert surname_for("Асанов", "female") == "Асанова" and surname_for("Никитин", "female") == "Никитина"
    assert patronymic_for("Никита", "female", False) == "Никитична"
    assert patronymic_for("Бакыт", "male", True) == "Бакыт уулу"


def test_seed_loads_the_register_once(db_factory):
    url = db_factory("registry")
    migrations.upgrade("registry", url)
    assert seed(url, families_per_village=5) > 0
    assert seed(url, families_per_village=5) == 0
    db = Database(url)
    try:
        with db.transaction() as s:
            rows = s.execute(select(models.persons.c.pin, models.persons.c.source)).all()
        assert {r.source for r in rows} == {"register"}
        assert len(rows) == len(generate(families_per_village=5).persons)
    finally:
        db.dispose()


def _registry(url: str) -> tuple[Registry, Database]:
    db = Database(url)
    return Registry(db, RegistryStore(), CaseStore(models.cases, models.case_history), Outbox(db, models.outbox),
                    IdempotencyKeys(db, models.idempotency_keys), EffectiveRules.load()), db


def test_concurrent_births_never_give_two_children_one_pin(db_factory):
    url = db_factory("registry")
    migrations.upgrade("registry", url)
    registry, db = _registry(url)
    born = dt.date.today() - dt.timedelta(days=3)
    # The register already holds someone with this prefix: assignment continues after the highest serial.
    with db.transaction() as s:
        RegistryStore().add_person(s, pin=f"2{born:%d%m%Y}00007", surname="Осмонов", given_name="Эмир",
                                   birth_date=born, sex="male", source="register")
    count = 12
    for i in range(count):
        mother = f"1{dt.date(1990, 1, 1 + i):%d%m%Y}{i + 1:05d}"
        registry.desk.open(f"open-{i}", "fp", {
            "id": f"app-{i}", "service": "birth_registration", "office": "belek", "tracking_number": f"BEL-{i}",
            "submitted_at": dt.datetime.now().isoformat(),
            "details": {"birth_registration": {
                "child": {"surname": "Осмонов", "given_name": f"Бала{i}", "sex": "male",
                          "birth_date": born.isoformat(), "birth_place": "Белек"},
                "mother_pin": mother, "medical_certificate_no": f"MC-{i}"}}})
    pins, errors = [], []
    barrier = threading.Barrier(count)

    def decide(i: int) -> None:
        try:
            barrier.wait()
            case = registry.desk.decide(f"decide-{i}", "fp", Actor("registrar.sokuluk", "registrar"), f"app-{i}",
                                        "approved", "")
            pins.append(case.result["child_pin"])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == []
        assert len(pins) == count and len(set(pins)) == count
        assert all(p[:9] == f"2{born:%d%m%Y}" for p in pins)
        assert min(int(p[9:]) for p in pins) > 7
        with db.transaction() as s:
            stored = [r.pin for r in s.execute(select(models.persons.c.pin).where(
                models.persons.c.source == "birth_registration"))]
            numbers = [r.number for r in s.execute(select(models.act_records.c.number))]
        assert sorted(stored) == sorted(pins)
        assert len(set(numbers)) == count
    finally:
        db.dispose()
