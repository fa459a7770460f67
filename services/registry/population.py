"""A synthetic population register for the four pilot villages: deterministic (seeded RNG), plain Python.

Three generations of families: grandparents, their children (most of them married, with spouse PINs on both
sides), and grandchildren linked to both parents, so the register's parent links can answer "close relatives".
Kyrgyz families use the patronymic form "<father's name> уулу / кызы", Russian families "-ович / -овна";
surnames take the feminine form for women. PINs are valid (sex digit, DDMMYYYY, 5-digit serial) and, as in
the national register, a few are duplicated between two different people. Demo data only: never in production.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from tereze.pin import make_pin, pin_prefix

VILLAGES = ("belek", "aral", "natsionalnoe", "malovodnoe")
AS_OF = dt.date(2026, 1, 1)  # a fixed date: the same seed always gives the same population
DEFAULT_SEED = 20260101
DEFAULT_FAMILIES_PER_VILLAGE = 110
DUPLICATE_PIN_SHARE = 0.004

KY_MALE = ("Бакыт", "Азамат", "Нурлан", "Эрлан", "Улан", "Тилек", "Мирлан", "Бекзат", "Канат", "Жаныбек", "Алмаз",
           "Руслан", "Медер", "Элдияр", "Адилет", "Нурсултан", "Талант", "Айбек", "Эмир", "Арген", "Султан", "Максат",
           "Кубан", "Темир", "Самат", "Асан", "Үсөн", "Токтогул", "Чыңгыз", "Данияр")
KY_FEMALE = ("Айгүл", "Гүлнара", "Айжан", "Назгүл", "Жылдыз", "Чолпон", "Айпери", "Асель", "Бермет", "Динара",
             "Элиза", "Мээрим", "Айдай", "Нургүл", "Гүлзат", "Канышай", "Сезим", "Айзат", "Аруузат", "Бегимай",
             "Жибек", "Умут", "Салтанат", "Бактыгүл", "Акмаанай")
# Surname stems (masculine); the feminine adds -а.
KY_SURNAMES = ("Асанов", "Токтогулов", "Жумабаев", "Осмонов", "Абдыкадыров", "Садыков", "Мамытов", "Исаков",
               "Бейшеналиев", "Турдубаев", "Кадыров", "Эсенбеков", "Сыдыков", "Алымкулов", "Жээнбеков", "Омуралиев",
               "Карабаев", "Маматов", "Шаршенов", "Айтматов", "Байтиков", "Сатыбалдиев", "Орозбеков", "Талипов")
# Russian given names with their patronymic forms (masculine, feminine).
RU_MALE = {"Александр": ("Александрович", "Александровна"), "Сергей": ("Сергеевич", "Сергеевна"),
           "Владимир": ("Владимирович", "Владимировна"), "Николай": ("Николаевич", "Николаевна"),
           "Андрей": ("Андреевич", "Андреевна"), "Иван": ("Иванович", "Ивановна"),
           "Дмитрий": ("Дмитриевич", "Дмитриевна"), "Михаил": ("Михайлович", "Михайловна"),
           "Алексей": ("Алексеевич", "Алексеевна"), "Виктор": ("Викторович", "Викторовна"),
           "Юрий": ("Юрьевич", "Юрьевна"), "Евгений": ("Евгеньевич", "Евгеньевна"),
           "Никита": ("Никитич", "Никитична"), "Илья": ("Ильич", "Ильинична"), "Павел": ("Павлович", "Павловна"),
           "Олег": ("Олегович", "Олеговна"), "Игорь": ("Игоревич", "Игоревна"), "Пётр": ("Петрович", "Петровна")}
RU_FEMALE = ("Ольга", "Татьяна", "Елена", "Наталья", "Ирина", "Светлана", "Анна", "Мария", "Екатерина", "Галина",
             "Людмила", "Юлия", "Валентина", "Надежда", "Анастасия", "Дарья", "Ксения", "Вера")
RU_SURNAMES = ("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков",
               "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
               "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Белов")


@dataclass
class Person:
    pin: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: dt.date
    sex: str
    village: str
    marital_status: str = "single"
    mother_pin: str | None = None
    father_pin: str | None = None
    spouse_pin: str | None = None

    def row(self) -> dict:
        return {**vars(self), "source": "register"}


@dataclass
class Population:
    persons: list[Person] = field(default_factory=list)

    def by_pin(self, pin: str) -> list[Person]:
        return [p for p in self.persons if p.pin == pin]


def surname_for(stem: str, sex: str) -> str:
    """Асанов → Асанова, Иванов → Иванова, Никитин → Никитина; other endings stay as they are."""
    if sex == "female" and stem.endswith(("ов", "ев", "ёв", "ин")):
        return stem + "а"
    return stem


def patronymic_for(father_name: str, sex: str, kyrgyz: bool) -> str:
    if kyrgyz:
        return f"{father_name} {'кызы' if sex == 'female' else 'уулу'}"
    male, female = RU_MALE[father_name]
    return female if sex == "female" else male


class Generator:
    def __init__(self, seed: int = DEFAULT_SEED, families_per_village: int = DEFAULT_FAMILIES_PER_VILLAGE,
                 as_of: dt.date = AS_OF):
        self.rng = random.Random(seed)
        self.families = families_per_village
        self.as_of = as_of
        self.serials: dict[str, int] = {}
        self.population = Population()

    def _pin(self, sex: str, born: dt.date) -> str:
        prefix = pin_prefix(sex, born)
        self.serials[prefix] = self.serials.get(prefix, self.rng.randint(0, 40)) + self.rng.randint(1, 7)
        return make_pin(sex, born, self.serials[prefix])

    def _date(self, first_year: int, last: dt.date) -> dt.date:
        start = dt.date(first_year, 1, 1)
        if start >= last:
            return last
        return start + dt.timedelta(days=self.rng.randint(0, (last - start).days))

    def _given(self, sex: str, kyrgyz: bool) -> str:
        if kyrgyz:
            return self.rng.choice(KY_FEMALE if sex == "female" else KY_MALE)
        return self.rng.choice(RU_FEMALE if sex == "female" else tuple(RU_MALE))

    def _person(self, sex: str, born: dt.date, village: str, kyrgyz: bool, stem: str,
                father: Person | None = None, mother: Person | None = None, father_name: str | None = None) -> Person:
        father_name = father.given_name if father else (father_name or self._given("male", kyrgyz))
        person = Person(pin=self._pin(sex, born), surname=surname_for(stem, sex), given_name=self._given(sex, kyrgyz),
                        patronymic=patronymic_for(father_name, sex, kyrgyz), birth_date=born, sex=sex,
                        village=village, mother_pin=mother.pin if mother else None,
                        father_pin=father.pin if father else None)
        self.population.persons.append(person)
        return person

    def _stem(self, kyrgyz: bool) -> str:
        return self.rng.choice(KY_SURNAMES if kyrgyz else RU_SURNAMES)

    def _marry(self, husband: Person, wife: Person) -> None:
        husband.marital_status = wife.marital_status = "married"
        husband.spouse_pin, wife.spouse_pin = wife.pin, husband.pin

    def _wife_for(self, husband: Person, kyrgyz: bool) -> Person:
        born = husband.birth_date + dt.timedelta(days=self.rng.randint(-3 * 365, 6 * 365))
        born = min(born, self.as_of - dt.timedelta(days=19 * 365))
        wife = self._person("female", born, husband.village, kyrgyz, self._stem(kyrgyz))
        wife.surname = surname_for(husband.surname.removesuffix("а"), "female")  # she took his surname
        return wife

    def _children(self, father: Person, mother: Person, kyrgyz: bool, count: int) -> list[Person]:
        children = []
        first = mother.birth_date + dt.timedelta(days=self.rng.randint(19 * 365, 27 * 365))
        born = first
        stem = father.surname
        for _ in range(count):
            if born > self.as_of:
                break
            sex = self.rng.choice(("female", "male"))
            children.append(self._person(sex, born, father.village, kyrgyz, stem, father=father, mother=mother))
            born += dt.timedelta(days=self.rng.randint(400, 2000))
        return children

    def family(self, village: str) -> None:
        kyrgyz = self.rng.random() < 0.72
        # Grandparents (some already widowed: the other is not in the register).
        grandfather = self._person("male", self._date(1944, dt.date(1968, 12, 31)), village, kyrgyz, self._stem(kyrgyz))
        grandmother = self._wife_for(grandfather, kyrgyz)
        self._marry(grandfather, grandmother)
        if self.rng.random() < 0.15:
            grandmother.marital_status, grandmother.spouse_pin = "widowed", None
            self.population.persons.remove(grandfather)
            grandfather_link = None
        else:
            grandfather_link = grandfather
        parents = self._children(grandfather, grandmother, kyrgyz, self.rng.randint(1, 4))
        if grandfather_link is None:
            for child in parents:
                child.father_pin = None
        for adult in parents:
            age = (self.as_of - adult.birth_date).days // 365
            if age < 20 or self.rng.random() < 0.15:
                continue  # single
            spouse_kyrgyz = kyrgyz if self.rng.random() < 0.9 else not kyrgyz
            if adult.sex == "male":
                husband, wife = adult, self._wife_for(adult, spouse_kyrgyz)
            else:
                husband = self._person("male", adult.birth_date - dt.timedelta(days=self.rng.randint(0, 5 * 365)),
                                       village, spouse_kyrgyz, self._stem(spouse_kyrgyz))
                wife = adult
                wife.surname = surname_for(husband.surname, "female")
            self._marry(husband, wife)
            grandchildren = self._children(husband, wife, spouse_kyrgyz if adult.sex == "female" else kyrgyz,
                                           self.rng.randint(0, 4))
            if self.rng.random() < 0.08:  # divorced since
                husband.marital_status = wife.marital_status = "divorced"
                husband.spouse_pin = wife.spouse_pin = None
            del grandchildren

    def duplicate_pins(self) -> None:
        """As in the national register, a few PINs belong to two different people."""
        count = max(1, int(len(self.population.persons) * DUPLICATE_PIN_SHARE))
        for original in self.rng.sample(self.population.persons, count):
            kyrgyz = original.patronymic.endswith(("уулу", "кызы"))
            twin = Person(pin=original.pin, surname=surname_for(self._stem(kyrgyz), original.sex),
                          given_name=self._given(original.sex, kyrgyz),
                          patronymic=patronymic_for(self._given("male", kyrgyz), original.sex, kyrgyz),
                          birth_date=original.birth_date, sex=original.sex,
                          village=self.rng.choice(VILLAGES))
            self.population.persons.append(twin)

    def generate(self) -> Population:
        for village in VILLAGES:
            for _ in range(self.families):
                self.family(village)
        self.duplicate_pins()
        return self.population


def generate(seed: int = DEFAULT_SEED, families_per_village: int = DEFAULT_FAMILIES_PER_VILLAGE) -> Population:
    return Generator(seed, families_per_village).generate()
