"""Printable documents (certificates, refusal letters) in Kyrgyz and Russian, and the public certificate check.

- `/documents/certificates/<number>`: the certificate to print (staff: clerk, registrar), with a QR code (inline
  SVG, no external resources) that links to its verification page.
- `/documents/applications/<id>/refusal`: the refusal letter of a rejected application (staff).
- `/verify/<number>`: public. Says whether a certificate number is genuine; what the certificate shows is
  displayed only with the check code printed on it (the QR link carries it), and never more than it shows.
`?lang=ky` or `?lang=ru` prints one language; by default both stand side by side.
"""

from __future__ import annotations

import segno
from flask import Blueprint, jsonify, render_template, request, url_for
from markupsafe import Markup

from birtereze.intake.v1 import intake_pb2
from birtereze.registry.v1 import registry_pb2
from gateway import access, convert
from gateway.auth import authenticate_bearer, bearer_token, session_principal
from gateway.clients import backends
from tereze.errors import Conflict, NotFound, Unauthenticated

bp = Blueprint("documents", __name__)

LANGS = ("ky", "ru")
TITLES = {
    "birth": ("Төрөлгөндүгү тууралуу күбөлүк", "Свидетельство о рождении"),
    "marriage": ("Никеге тургандыгы тууралуу күбөлүк", "Свидетельство о заключении брака"),
    "divorce": ("Никени бузгандыгы тууралуу күбөлүк", "Свидетельство о расторжении брака"),
}
# What each kind of certificate prints, in order, with its labels (ky, ru).
FIELDS = {
    "birth": (
        ("surname", "Фамилиясы", "Фамилия"), ("given_name", "Аты", "Имя"), ("patronymic", "Атасынын аты", "Отчество"),
        ("birth_date", "Туулган күнү", "Дата рождения"), ("sex", "Жынысы", "Пол"),
        ("birth_place", "Туулган жери", "Место рождения"), ("pin", "ПИН", "ПИН"),
        ("mother", "Энеси", "Мать"), ("father", "Атасы", "Отец"),
    ),
    "marriage": (
        ("applicant_surname_before", "Фамилиясы (никеге чейин)", "Фамилия (до брака)"),
        ("applicant_given_name", "Аты", "Имя"), ("applicant_patronymic", "Атасынын аты", "Отчество"),
        ("applicant_birth_date", "Туулган күнү", "Дата рождения"),
        ("applicant_surname_after", "Фамилиясы (никеден кийин)", "Фамилия (после брака)"),
        ("spouse_surname_before", "Фамилиясы (никеге чейин)", "Фамилия (до брака)"),
        ("spouse_given_name", "Аты", "Имя"), ("spouse_patronymic", "Атасынын аты", "Отчество"),
        ("spouse_birth_date", "Туулган күнү", "Дата рождения"),
        ("spouse_surname_after", "Фамилиясы (никеден кийин)", "Фамилия (после брака)"),
    ),
    "divorce": (
        ("issued_to", "Кимге берилди", "Выдано"), ("issued_to_birth_date", "Туулган күнү", "Дата рождения"),
        ("other_spouse", "Мурунку жубайы", "Бывший супруг(а)"),
    ),
}
COMMON = (
    ("act_record_number", "Акт жазуусунун номери", "Номер записи акта"),
    ("registered_on", "Катталган күнү", "Дата регистрации"),
    ("office", "Каттоо жери", "Место регистрации"),
)
VALUES = {
    "female": ("аял", "женский"), "male": ("эркек", "мужской"),
    "mutual_consent": ("жубайлардын макулдугу боюнча", "по взаимному согласию"),
    "grounds": ("бир жубайдын арызы боюнча", "по заявлению одного из супругов"),
    "court_decision": ("соттун чечими боюнча", "на основании решения суда"),
}


def _staff():
    """Clerks and registrars print documents; signed in with the web session or a bearer token."""
    principal = authenticate_bearer() if bearer_token() else session_principal()
    if principal is None:
        raise Unauthenticated("sign in to print documents")
    access.require_roles(principal, "clerk", "registrar")
    return principal


def _langs() -> tuple[str, ...]:
    lang = request.args.get("lang", "")
    return (lang,) if lang in LANGS else LANGS


def _rows(kind: str, shows: dict) -> list[dict]:
    rows = []
    for key, ky, ru in (*FIELDS.get(kind, ()), *COMMON):
        value = shows.get(key, "")
        if not value:
            continue
        translated = VALUES.get(value)
        rows.append({"key": key, "label": {"ky": ky, "ru": ru}, "value": {
            "ky": translated[0] if translated else value, "ru": translated[1] if translated else value}})
    return rows


def qr_svg(url: str) -> Markup:
    return Markup(segno.make(url, error="m").svg_inline(scale=4, omitsize=False))  # noqa: S704 - segno's own SVG


def _verify_url(number: str, code: str) -> str:
    return url_for("documents.verify", number=number, c=code, _external=True)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


@bp.get("/documents/certificates/<number>")
def certificate(number: str):
    _staff()
    cert = backends.get().registry.VerifyCertificate(registry_pb2.VerifyCertificateRequest(number=number, full=True))
    shows = dict(cert.shows)
    url = _verify_url(cert.number, cert.check_code)
    return render_template("documents/certificate.html", cert=cert, title=TITLES.get(cert.kind, ("", "")),
                           rows=_rows(cert.kind, shows), langs=_langs(), qr=qr_svg(url), verify_url=url)


@bp.get("/documents/applications/<app_id>/refusal")
def refusal(app_id: str):
    principal = _staff()
    app = backends.get().intake.GetApplication(intake_pb2.GetApplicationRequest(id=app_id))
    access.ensure_visible(principal, app.service, app.office)
    data = convert.application_json(app)
    if data.get("outcome") != "rejected":
        raise Conflict("only a rejected application has a refusal letter")
    names = {}
    for service in backends.get().catalog().services:
        if service.code == app.service:
            names = dict(service.names)
    decided = next((h for h in reversed(data.get("history", [])) if h.get("status") == "result_ready"), {})
    return render_template("documents/refusal.html", app=data, names=names, langs=_langs(),
                           decided_at=(decided.get("at") or "")[:10])


@bp.get("/verify/<number>")
def verify(number: str):
    code = (request.args.get("c") or "").strip()[:20]
    try:
        cert = backends.get().registry.VerifyCertificate(
            registry_pb2.VerifyCertificateRequest(number=number.strip()[:40], check_code=code))
    except NotFound:
        if _wants_json():
            raise NotFound("no certificate with this number: it is not genuine") from None
        return render_template("documents/verify.html", cert=None, number=number[:40]), 404
    shows = dict(cert.shows)
    if _wants_json():
        return jsonify(number=cert.number, kind=cert.kind, issued_on=cert.issued_on,
                       act_record_number=cert.act_record_number, valid=cert.valid, shows=shows or None)
    return render_template("documents/verify.html", cert=cert, number=cert.number,
                           title=TITLES.get(cert.kind, ("", "")), rows=_rows(cert.kind, shows), code=code,
                           code_wrong=bool(code) and not shows)
