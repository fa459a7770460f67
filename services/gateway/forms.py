"""The window's forms: one definition per service, rendered by one template and read back by one parser.

A field's name is its path in the HTTP contract (`applicant.pin`, `details.child.birth_date`,
`details.household[1].monthly_income`), so a field error from the back office (a path) lands on the input of
the same name. Labels are lazy gettext strings (extracted by pybabel).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from tereze.errors import FieldErrors

HOUSEHOLD_ROWS = 8


@dataclass(frozen=True)
class Field:
    name: str
    label: Any
    kind: str = "text"  # text | date | select | int | float | bool | tel | email | pin
    options: tuple = ()  # (value, label) pairs of a select
    hint: Any = ""
    required: bool = False

    @property
    def id(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.name)


@dataclass(frozen=True)
class Section:
    legend: Any
    fields: tuple[Field, ...]
    hint: Any = ""


@dataclass(frozen=True)
class ServiceForm:
    code: str
    sections: tuple[Section, ...]
    repeated: dict = field(default_factory=dict)

    def fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]


SEX = (("female", _l("female")), ("male", _l("male")))
YES_NO = (("true", _l("yes")), ("false", _l("no")))
CHANNELS = (("post_office", _l("cash at the post office")), ("bank", _l("to a bank account")))


def applicant_fields(prefix: str) -> tuple[Field, ...]:
    return (
        Field(f"{prefix}.pin", _l("Personal identification number (PIN)"), "pin", hint=_l("14 digits"),
              required=True),
        Field(f"{prefix}.surname", _l("Surname"), required=True),
        Field(f"{prefix}.given_name", _l("Given name"), required=True),
        Field(f"{prefix}.patronymic", _l("Patronymic")),
        Field(f"{prefix}.birth_date", _l("Date of birth"), "date", required=True),
        Field(f"{prefix}.sex", _l("Sex"), "select", SEX, required=True),
        Field(f"{prefix}.phone", _l("Phone"), "tel", hint=_l("for SMS about the application")),
        Field(f"{prefix}.email", _l("E-mail"), "email"),
        Field(f"{prefix}.address", _l("Address")),
    )


APPLICANT = Section(_l("Applicant"), applicant_fields("applicant"))

PAYMENT = Section(_l("Payment"), (
    Field("details.payment.channel", _l("How the benefit is paid"), "select", CHANNELS, required=True),
    Field("details.payment.account", _l("Bank account (if paid to a bank)")),
))

RELATIONS = (("applicant", _l("the applicant")), ("spouse", _l("spouse")), ("child", _l("child")),
             ("grandchild", _l("grandchild")), ("parent", _l("parent")), ("grandparent", _l("grandparent")),
             ("sibling", _l("brother or sister")), ("other", _l("other relative")))

SOCIAL_CATEGORIES = (
    ("disabled_child", _l("child with a disability")),
    ("disabled_since_childhood_1", _l("disabled since childhood, group I")),
    ("disabled_since_childhood_2", _l("disabled since childhood, group II")),
    ("disabled_since_childhood_3", _l("disabled since childhood, group III")),
    ("disabled_1", _l("disability group I")),
    ("disabled_2", _l("disability group II")),
    ("disabled_3", _l("disability group III")),
    ("elderly_no_pension", _l("elderly person without a pension")),
    ("heroine_mother", _l("heroine mother")),
    ("lost_one_parent", _l("child who lost one parent")),
    ("lost_both_parents", _l("child who lost both parents")),
    ("child_of_hiv_mother", _l("child of a mother living with HIV")),
)


def household_fields(index: int) -> tuple[Field, ...]:
    p = f"details.household[{index}]"
    return (
        Field(f"{p}.pin", _l("PIN"), "pin"),
        Field(f"{p}.relation", _l("Relation to the applicant"), "select", RELATIONS),
        Field(f"{p}.birth_date", _l("Date of birth"), "date"),
        Field(f"{p}.monthly_income", _l("Monthly income, som"), "int"),
        Field(f"{p}.pension", _l("The income is a pension of a parent or grandparent"), "bool"),
    )


FORMS: dict[str, ServiceForm] = {
    "birth_registration": ServiceForm("birth_registration", (
        Section(_l("Child"), (
            Field("details.child.surname", _l("Surname"), required=True),
            Field("details.child.given_name", _l("Given name"), required=True),
            Field("details.child.patronymic", _l("Patronymic")),
            Field("details.child.sex", _l("Sex"), "select", SEX, required=True),
            Field("details.child.birth_date", _l("Date of birth"), "date", required=True),
            Field("details.child.birth_place", _l("Place of birth"), required=True),
        )),
        Section(_l("Parents and medical certificate"), (
            Field("details.mother_pin", _l("Mother's PIN"), "pin", required=True),
            Field("details.father_pin", _l("Father's PIN (if recorded)"), "pin"),
            Field("details.medical_certificate_no", _l("Medical birth certificate number"), required=True),
        )),
    )),
    "marriage_registration": ServiceForm("marriage_registration", (
        Section(_l("The other person (spouse)"), applicant_fields("details.spouse")),
        Section(_l("Registration"), (
            Field("details.requested_date", _l("Requested date of registration"), "date", required=True,
                  hint=_l("no earlier than one month from today unless there is an urgent reason")),
            Field("details.urgent_reason", _l("Urgent reason"), "select",
                  (("pregnancy", _l("pregnancy")), ("child_born", _l("a child was born")),
                   ("threat_to_life", _l("threat to life")))),
            Field("details.surnames_after.applicant", _l("Applicant's surname after marriage")),
            Field("details.surnames_after.spouse", _l("Spouse's surname after marriage")),
        )),
    )),
    "divorce_registration": ServiceForm("divorce_registration", (
        Section(_l("Marriage"), (
            Field("details.spouse_pin", _l("Spouse's PIN"), "pin", required=True),
            Field("details.marriage_record_no", _l("Marriage act record number")),
            Field("details.mutual_consent", _l("Both spouses consent"), "select", YES_NO),
            Field("details.common_minor_children", _l("Number of common children under 18"), "int"),
        )),
        Section(_l("Grounds for a one-sided application"), (
            Field("details.grounds", _l("Grounds"), "select",
                  (("spouse_missing", _l("the spouse is declared missing")),
                   ("spouse_incapacitated", _l("the spouse is declared incapacitated")),
                   ("spouse_imprisoned_over_3_years", _l("the spouse is sentenced to more than 3 years")))),
            Field("details.court_decision_no", _l("Court decision number (if any)")),
        ), hint=_l("Only when the spouses do not both consent.")),
    )),
    "unemployment_benefit": ServiceForm("unemployment_benefit", (
        Section(_l("Work record"), (
            Field("details.insured_months_last_36", _l("Months of insured work in the last 36 months"), "int",
                  required=True),
            Field("details.last_employer", _l("Last employer")),
            Field("details.dismissal_date", _l("Date of dismissal"), "date"),
        )),
        PAYMENT,
    )),
    "social_benefit": ServiceForm("social_benefit", (
        Section(_l("Category"), (
            Field("details.category", _l("Category"), "select", SOCIAL_CATEGORIES, required=True),
            Field("details.msek_certificate_no", _l("Disability (MSEK) certificate number")),
            Field("details.msek_date", _l("Date of the disability assessment"), "date"),
        )),
        PAYMENT,
    )),
    "family_benefit": ServiceForm("family_benefit", (
        *(Section(_l("Household member %(n)s", n=i + 1), household_fields(i),
                  hint=_l("The applicant and everyone living with them; leave unused rows empty.") if i == 0
                  else "")
          for i in range(HOUSEHOLD_ROWS)),
        Section(_l("Land and payment"), (
            Field("details.land_hectares", _l("Land, hectares"), "float"),
            *PAYMENT.fields,
        )),
    )),
}

ALL_FIELDS = {f.name: f for form in FORMS.values() for f in form.fields()} | {f.name: f for f in APPLICANT.fields}

_PART = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


def _set(target: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = target
    for i, part in enumerate(parts):
        match = _PART.fullmatch(part)
        if not match:
            return
        key, index = match.group(1), match.group(2)
        last = i == len(parts) - 1
        if index is None:
            if last:
                node[key] = value
            else:
                node = node.setdefault(key, {})
        else:
            items = node.setdefault(key, {})  # index → element, made a list at the end
            element = items.setdefault(int(index), {})
            if last:
                items[int(index)] = value
            else:
                node = element


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        if value and all(isinstance(k, int) for k in value):
            return [_lists(value[k]) for k in sorted(value) if value[k] not in ({}, None)]
        return {k: _lists(v) for k, v in value.items()}
    return value


def _typed(f: Field, raw: str, errors: FieldErrors) -> Any:
    if f.kind == "int":
        try:
            return int(raw.replace(" ", ""))
        except ValueError:
            errors.add(f.name, "must be a whole number")
            return None
    if f.kind == "float":
        try:
            return float(raw.replace(",", ".").replace(" ", ""))
        except ValueError:
            errors.add(f.name, "must be a number")
            return None
    if f.kind == "bool" or (f.kind == "select" and f.options == YES_NO):
        return raw in ("true", "on", "1", "yes")
    return raw


def payload(service: str, form) -> tuple[dict, dict]:
    """(the JSON body of POST /applications, field errors of the form itself) from the posted form."""
    errors = FieldErrors()
    body: dict = {"service": service, "applicant": {}, "details": {}, "documents": form.getlist("documents")}
    for f in (*APPLICANT.fields, *FORMS[service].fields()):
        raw = (form.get(f.name) or "").strip()
        if not raw:
            continue
        value = _typed(f, raw, errors)
        if value is not None:
            _set(body, f.name, value)
    body["details"] = _lists(body["details"])
    return body, dict(errors.errors)


def values_of(form) -> dict:
    """The posted values to refill a form (documents as a list)."""
    values = {k: v for k, v in form.items() if k not in ("csrf_token",)}
    values["documents"] = form.getlist("documents")
    return values


def field_label(name: str) -> str:
    """The label of the input a field path lands on, with the household row number (for the error summary)."""
    match = re.match(r"details\.household\[(\d+)\]", name)
    target = name
    while target and target not in ALL_FIELDS and ("." in target or "[" in target):
        target = re.sub(r"(\.[^.]*|\[\d+\])$", "", target)
    f = ALL_FIELDS.get(target)
    if f is None:
        return name
    return f"{int(match.group(1)) + 1}. {f.label}" if match else str(f.label)


def field_id(name: str) -> str:
    """The HTML id of the input for a field path; paths the form does not have map to their nearest parent."""
    while name and name not in ALL_FIELDS:
        if "." not in name and "[" not in name:
            break
        name = re.sub(r"(\.[^.]*|\[\d+\])$", "", name)
    f = ALL_FIELDS.get(name)
    return f.id if f else ""


def flatten(body: dict) -> dict:
    """Form values (name → string, documents → list) of a JSON body: the inverse of `payload`."""
    values: dict = {"documents": list(body.get("documents") or [])}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else k, v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{prefix}[{i}]", v)
        elif isinstance(value, bool):
            values[prefix] = "true" if value else "false"
        elif isinstance(value, float) and value.is_integer():
            values[prefix] = str(int(value))
        elif value is not None:
            values[prefix] = str(value)

    walk("applicant", body.get("applicant") or {})
    walk("details", body.get("details") or {})
    return values
