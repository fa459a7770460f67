"""Translations of the messages the back office sends in English (field errors and rules), for the pages.

The JSON API keeps the English messages of the contract; the pages show them in the page's language when the
message is known here, and as sent otherwise (with the field or rule it names, which is never lost).
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

KNOWN = {
    "is required": _l("is required"),
    "must be a string": _l("must be a string"),
    "must be a whole number": _l("must be a whole number"),
    "must be a number": _l("must be a number"),
    "must be true or false": _l("must be yes or no"),
    "unknown field": _l("is not a field of this form"),
    "is malformed": _l("is not in the expected format"),
    "must be an object": _l("is not in the expected format"),
    "must be a date YYYY-MM-DD": _l("must be a date"),
    "must be a valid date YYYY-MM-DD": _l("must be a date"),
    "must not be in the future": _l("must not be in the future"),
    "is in the future": _l("must not be in the future"),
    "must be 14 digits": _l("must be 14 digits"),
    "must be female or male": _l("choose female or male"),
    "must be a phone number": _l("must be a phone number"),
    "must be an e-mail address": _l("must be an e-mail address"),
    "a refusal needs a reason": _l("a refusal needs a reason"),
    "must be approved or rejected": _l("choose approve or reject"),
    "must be a whole number from 1 to 5": _l("choose a rating from 1 to 5"),
    "wrong username or password": _l("Wrong username or password."),
    "must be 14 digits starting with 1 (female) or 2 (male)": _l("must be 14 digits starting with 1 (female) or 2 (male)"),
    "digits 2-9 must be a real date of birth (DDMMYYYY)": _l("digits 2-9 must be a real date of birth (DDMMYYYY)"),
    "the date of birth in the PIN is in the future": _l("the date of birth in the PIN is in the future"),
    "must be a date as YYYY-MM-DD": _l("must be a date"),
    "must be a phone number such as +996700123456": _l("must be a phone number such as +996700123456"),
    "a decision against the automatic assessment needs a justification":
        _l("a decision against the automatic assessment needs a justification"),
    "an approval against the automatic assessment needs a justification":
        _l("an approval against the automatic assessment needs a justification"),
    "application not found": _l("The application was not found."),
    "no such application": _l("The application was not found."),
    "this role does not see personal data": _l("This role does not see personal data."),
    "not signed in": _l("Please sign in."),
    "this needs the role": _l("This needs the role"),
    "must be one of": _l("must be one of"),
    "required documents not presented:": _l("required documents not presented:"),
    "the form has expired or did not come from this site; reload the page":
        _l("The form has expired. Reload the page and try again."),
    "a back-office service is unavailable; try again shortly":
        _l("A back-office service is unavailable. Try again shortly."),
    "the application has not reached the back office yet; try again shortly":
        _l("The application has not reached the agency yet. Try again shortly."),
    "the PIN's first digit does not match the declared sex": _l("the PIN's first digit does not match the declared sex"),
    "the PIN's date part does not match the declared birth date":
        _l("the PIN's date part does not match the declared birth date"),
}


# What each rule of the back office means, by its code (the message sent with it is English and may carry
# details; the pages show this in the page's language, with the rule code).
RULES = {
    "birth.duplicate": _l("The registrar marked this birth a duplicate: it can only be rejected."),
    "birth.duplicate_undecided": _l("A possible duplicate: record whether it is one before approving."),
    "birth.late_registration": _l("Late registration: more than a month after the birth (a fine applies)."),
    "birth.not_flagged": _l("This case is not flagged as a possible duplicate."),
    "birth.possible_duplicate": _l("A possible duplicate: the register has a birth of the same mother on a close date."),
    "divorce.marriage_record_unknown": _l("The marriage record is not known to the register."),
    "divorce.minor_children_court": _l("Spouses with common children under 18 divorce through the court."),
    "divorce.no_consent_court": _l("Without the consent of both spouses the divorce goes through the court."),
    "divorce.not_married_to_each_other": _l("The two persons are not married to each other in the register."),
    "divorce.too_early": _l("The divorce is registered no earlier than one month after the application."),
    "divorce.waiting_period": _l("The divorce is registered no earlier than one month after the application."),
    "documents.missing": _l("Required documents are missing."),
    "marriage.already_married": _l("One of the persons is married in the population register."),
    "marriage.before_requested_date": _l("The marriage cannot be registered before the requested date."),
    "marriage.close_relatives": _l("Close relatives cannot marry each other."),
    "marriage.date_in_past": _l("The requested date is before the application."),
    "marriage.too_early": _l("The marriage is registered no earlier than one month after the application, "
                             "unless there is an urgent reason."),
    "marriage.under_age": _l("Both persons must be at least 18 on the date of registration."),
    "register.mother_unknown": _l("The mother is not in the register yet: she is added from her identity document."),
    "register.person_unknown": _l("The person is not in the population register."),
    "pin.sex_mismatch": _l("the PIN's first digit does not match the declared sex"),
    "pin.birth_date_mismatch": _l("the PIN's date part does not match the declared birth date"),
    "service.not_available": _l("This service is not taken at the window yet."),
}


def rule_text(violation) -> str:
    """A rule violation (dict or object with rule/message) in the page's language."""
    rule = violation.get("rule") if isinstance(violation, dict) else getattr(violation, "rule", "")
    message = violation.get("message") if isinstance(violation, dict) else getattr(violation, "message", "")
    known = RULES.get(rule or "")
    return str(known) if known is not None else translate(message or "")


def translate(message: str) -> str:
    known = KNOWN.get((message or "").strip())
    if known is not None:
        return str(known)
    for english, translated in KNOWN.items():  # "must be 14 digits (…)": keep the detail, translate the head
        if message.startswith(english + " "):
            return f"{translated} {message[len(english) + 1:]}"
    return message or ""



# What each reason of a benefit assessment means, by its code. The benefits service (services/benefits/rules.py)
# sends "code: English detail"; a page shows the sentence of the code in its language, with the figures of the
# detail put in (amounts in som, dates, ages, household member numbers). A detail whose wording is not the one
# expected keeps the general sentence followed by the detail as sent; an unknown code is shown as sent.
# tests/gateway/test_i18n.py fails when rules.py has a code that is not here.
_N = r"(?P<%s>-?\d+)"
_D = r"(?P<%s>\d{4}-\d{2}-\d{2})"
REASONS: dict[str, tuple] = {
    "parameters.missing": (
        _l("A benefit parameter is not in force on the date of the application: the claim cannot be assessed."),
        (rf"no (?P<name>\S+) in force on {_D % 'date'}",
         _l("The parameter %(name)s is not in force on %(date)s: the claim cannot be assessed.")),
    ),
    "child.unverified": (
        _l("A child could not be checked against the civil registry."),
        (rf"household\[{_N % 'n'}\] could not be checked against the civil registry",
         _l("Household member %(n)s could not be checked against the civil registry.")),
    ),
    "child.not_in_registry": (
        _l("A child is not known to the civil registry."),
        (rf"household\[{_N % 'n'}\] is not known to the civil registry",
         _l("Household member %(n)s is not known to the civil registry.")),
    ),
    "child.birth_date_differs": (
        _l("A child's date of birth differs from the civil registry."),
        (rf"household\[{_N % 'n'}\] was born on {_D % 'registry'} by the civil registry, not {_D % 'declared'}",
         _l("Household member %(n)s was born on %(registry)s by the civil registry, not on %(declared)s.")),
    ),
    "income.above_threshold": (
        _l("The per-capita income is not below the guaranteed minimum income (ГМД)."),
        (rf"per-capita income {_N % 'income'} som is not below the guaranteed minimum income of {_N % 'gmd'} som",
         _l("The per-capita income of %(income)s is not below the guaranteed minimum income (ГМД) of %(gmd)s.")),
    ),
    "income.below_threshold": (
        _l("The per-capita income is below the guaranteed minimum income (ГМД)."),
        (rf"per-capita income {_N % 'income'} som is below {_N % 'gmd'} som; {_N % 'children'} × "
         rf"{_N % 'per_child'} som × (?P<coefficient>[\d.]+)",
         _l("The per-capita income of %(income)s is below the guaranteed minimum income (ГМД) of %(gmd)s. "
            "Children under the age limit: %(children)s; %(per_child)s per child × district coefficient "
            "%(coefficient)s.")),
    ),
    "household.no_child": (
        _l("There is no child of the eligible age in the household."),
        (rf"no child under {_N % 'age'} in the household",
         _l("There is no child under %(age)s in the household.")),
    ),
    "category.no_amount": (
        _l("The parameters in force have no amount for this category."),
        (r"no amount for (?P<category>\S*) in the parameters in force",
         _l("The parameters in force have no amount for the category “%(category)s”.")),
    ),
    "category.amount": (
        _l("The amount of the category."),
        (rf"(?P<category>\S+) {_N % 'amount'} som from {_D % 'date'}",
         _l("Category “%(category)s”: %(amount)s a month from %(date)s.")),
    ),
    "social_fund.unreachable": (
        _l("The Social Fund did not answer: the claim could not be checked."),
        (r"pension entitlement could not be confirmed by the Social Fund",
         _l("The Social Fund did not answer: the pension entitlement could not be confirmed.")),
        (r"the insurance record could not be confirmed",
         _l("The Social Fund did not answer: the insurance record could not be confirmed.")),
    ),
    "pension.entitled": (
        _l("The Social Fund reports a pension entitlement: ЕСП is only for people without one."),
    ),
    "social_benefit.one_per_person": (_l("The person already receives an ЕСП."),),
    "age.below": (
        _l("The person is younger than the category requires."),
        (rf"the elderly category starts at {_N % 'male'} for men and {_N % 'female'} for women",
         _l("The person is younger than the category requires: from %(male)s for men and %(female)s for women.")),
        (rf"a heroine mother receives ЕСП from {_N % 'age'}",
         _l("A heroine mother receives ЕСП from the age of %(age)s.")),
    ),
    "unemployment_register.unreachable": (
        _l("The unemployment register did not answer: registration as unemployed could not be confirmed."),
    ),
    "unemployed.not_registered": (_l("The person is not registered as unemployed."),),
    "insurance.too_short": (
        _l("The insurance record is too short."),
        (rf"{_N % 'months'} insured months in the last 36, at least {_N % 'minimum'} are needed",
         _l("Insured months in the last 36: %(months)s; at least %(minimum)s are needed.")),
    ),
    "insurance.declared_differs": (
        _l("The declared insured months differ from the Social Fund's record."),
        (rf"declared (?P<declared>\S+), the Social Fund says {_N % 'fund'}",
         _l("Insured months: declared %(declared)s, the Social Fund says %(fund)s.")),
    ),
    "unemployment.base": (
        _l("The base amount of the unemployment benefit."),
        (rf"{_N % 'amount'} som a month", _l("The base amount of the unemployment benefit: %(amount)s a month.")),
    ),
    "details.invalid": (
        _l("The details of the claim are not valid."),
        (r"(?P<field>\S+) (?P<problem>.+)", _l("The details of the claim are not valid: %(field)s %(problem)s.")),
    ),
}
_MONEY = {"income", "gmd", "per_child", "amount"}
_DATES = {"date", "registry", "declared"}


def _reason_value(code: str, name: str, value: str):
    from gateway.i18n import format_date, format_money

    if name in _MONEY:
        return format_money(value)
    if name in _DATES and code != "insurance.declared_differs":
        return format_date(value)
    if name == "coefficient":  # 1,2 in ky and ru
        from babel.numbers import format_decimal

        from gateway.i18n import language

        return format_decimal(float(value), locale=language())
    if name == "n":
        return str(int(value) + 1)  # household[0] is "Household member 1" on the form
    if name == "category":
        from gateway.forms import SOCIAL_CATEGORIES

        return label(dict(SOCIAL_CATEGORIES), value)
    if name == "field":
        from gateway.forms import field_label

        return field_label(f"details.{value}")
    if name == "problem":
        return translate(value)
    return value


def reason_text(reason: str) -> Markup:
    """A reason of a benefit assessment ("code: detail") in the page's language, with its figures."""
    code, _, detail = (reason or "").partition(": ")
    entry = REASONS.get(code)
    if entry is None:
        return Markup.escape(reason or "")
    general, *variants = entry
    for pattern, sentence in variants:
        match = re.fullmatch(pattern, detail)
        if match:
            values = {k: _reason_value(code, k, v) for k, v in match.groupdict().items()}
            return Markup.escape(str(sentence)) % values
    if variants and detail:  # worded differently than expected: keep the figures as sent
        return Markup.escape(str(general)) + Markup(" (%s)") % detail
    return Markup.escape(str(general))


STATUSES = {
    "submitted": _l("submitted"),
    "routed": _l("sent to the agency"),
    "in_review": _l("in review"),
    "needs_info": _l("information needed"),
    "result_ready": _l("result ready"),
    "handed_over": _l("handed over"),
    "cancelled": _l("cancelled"),
}
ACTIONS = {"view": _l("viewed"), "submit": _l("submitted"), "decide": _l("decided"), "handover": _l("handed over"),
           "cancel": _l("cancelled"), "create": _l("created"), "activate": _l("activated"),
           "deactivate": _l("deactivated"), "reset_password": _l("password reset"), "set_role": _l("role changed"),
           "list": _l("listed"), "request_info": _l("information requested"),
           "supply_info": _l("information supplied"), "duplicate": _l("duplicate decided"),
           "view_notifications": _l("notifications viewed")}
OUTCOMES = {"approved": _l("approved"), "rejected": _l("rejected")}
ROLES = {"clerk": _l("clerk"), "registrar": _l("registrar"), "inspector": _l("inspector"),
         "monitor": _l("monitor"), "admin": _l("administrator")}
PERSON_FIELDS = {
    "pin": _l("PIN"), "surname": _l("Surname"), "given_name": _l("Given name"), "patronymic": _l("Patronymic"),
    "birth_date": _l("Date of birth"), "sex": _l("Sex"), "phone": _l("Phone"), "email": _l("E-mail"),
    "address": _l("Address"), "language": _l("Language"), "marital_status": _l("Marital status"),
}
RESULT_FIELDS = {
    "act_record_number": _l("Act record number"), "certificate_number": _l("Certificate number"),
    "certificate_series": _l("Certificate series"), "child_pin": _l("Child's PIN"),
}


SEXES = {"female": _l("female"), "male": _l("male")}


def person_value(field: str, value):
    """A person's field value as shown on a page: the sex in words, dates in the local format."""
    if field == "sex":
        return label(SEXES, value)
    if field == "birth_date":
        from gateway.i18n import format_date

        return format_date(value)
    return value


def label(table: dict, key: str) -> str:
    value = table.get(key)
    return str(value) if value is not None else (key or "")


def init_app(app) -> None:
    app.jinja_env.globals.update(
        status_label=lambda s: label(STATUSES, s), outcome_label=lambda s: label(OUTCOMES, s),
        role_label=lambda s: label(ROLES, s), action_label=lambda s: label(ACTIONS, s), person_field=lambda s: label(PERSON_FIELDS, s),
        result_field=lambda s: label(RESULT_FIELDS, s), translate=translate, person_value=person_value, rule_text=rule_text,
        reason_text=reason_text,
    )
