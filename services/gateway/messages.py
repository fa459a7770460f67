"""Translations of the messages the back office sends in English (field errors and rules), for the pages.

The JSON API keeps the English messages of the contract; the pages show them in the page's language when the
message is known here, and as sent otherwise (with the field or rule it names, which is never lost).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
    )
