"""The citizen's status page: /track/<tracking_number>. No login, and no personal data on it."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for

from gateway import operations
from gateway.clients import backends
from tereze.errors import NotFound

bp = Blueprint("public", __name__)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


@bp.get("/track")
def track_form():
    number = (request.args.get("tracking_number") or "").strip()
    if number:
        return redirect(url_for("public.track", tracking_number=number))
    return render_template("track_form.html")


@bp.get("/track/<tracking_number>")
def track(tracking_number: str):
    try:
        status = operations.track(backends.get(), tracking_number.strip())
    except NotFound:
        if _wants_json():
            raise
        return render_template("track_form.html", not_found=True, tracking_number=tracking_number), 404
    if _wants_json():
        return jsonify(status)
    return render_template("track.html", s=status)
