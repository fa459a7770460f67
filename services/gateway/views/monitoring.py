"""Monitoring (monitor and admin): volumes, median time to result, share within the deadline, visits per
application and ratings, per office, per service and over time — SVG charts drawn here, and a CSV export.

Aggregates only: the numbers come from intake.GetStats through operations.stats; no page here shows or
links to an application or a person.
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _

from gateway import operations
from gateway.auth import current_principal
from gateway.clients import backends
from gateway.i18n import catalog_name
from gateway.views.web import staff_guard
from tereze.errors import DomainError, InvalidArgument

bp = Blueprint("monitoring", __name__)
bp.before_request(staff_guard)

FILTERS = ("office", "service", "from", "to", "period")


def _params() -> dict[str, str]:
    return {k: (request.args.get(k) or "").strip() for k in FILTERS}


def _names() -> tuple[dict, dict]:
    """(office id → name, service code → name) in the page's language, from the catalog."""
    try:
        catalog = backends.get().catalog()
    except DomainError:
        return {}, {}
    return ({o.id: catalog_name(dict(o.names), o.id) for o in catalog.offices},
            {s.code: catalog_name(dict(s.names), s.code) for s in catalog.services})


def bar_chart(rows: list[dict], key: str, value: str, labels: dict, fmt=str, width: int = 640) -> dict:
    """Geometry of a horizontal bar chart (drawn by the template as SVG, no script): each row is its label on
    one line and the bar under it, so long service names never overlap the bars."""
    row, bar = 42, 16
    top = max([r[value] or 0 for r in rows] + [0]) or 1
    bars = []
    for i, r in enumerate(rows):
        length = (width - 90) * (r[value] or 0) / top
        bars.append({"y": i * row, "w": round(length, 1), "label": labels.get(r[key], r[key]), "text": fmt(r[value])})
    return {"bars": bars, "height": max(1, len(rows)) * row, "width": width, "bar": bar}


def line_chart(rows: list[dict], value: str, width: int = 560, height: int = 160) -> dict:
    """Geometry of a line chart over the periods."""
    top = max([r[value] or 0 for r in rows] + [0]) or 1
    n = len(rows)
    step = (width - 60) / max(1, n - 1)
    points = [{"x": round(40 + i * step, 1), "y": round(height - 20 - (height - 40) * (r[value] or 0) / top, 1),
               "label": r["period"], "text": r[value]} for i, r in enumerate(rows)]
    return {"points": points, "path": " ".join(f"{p['x']},{p['y']}" for p in points), "width": width,
            "height": height, "top": top}


def _percent(v) -> str:
    return f"{round((v or 0) * 100)}%"


def _days(v) -> str:
    return _("%(days)s d", days=round(v or 0, 1))


@bp.get("/monitoring")
def dashboard():
    params = _params()
    offices, services = _names()
    error = None
    try:
        stats = operations.stats(backends.get(), current_principal(), params)
    except InvalidArgument as problem:
        error = problem.fields
        stats = operations.stats(backends.get(), current_principal(), {})
    charts = {}
    for group, key, labels in (("by_office", "office", offices), ("by_service", "service", services)):
        rows = stats[group]
        charts[group] = {
            "submitted": bar_chart(rows, key, "submitted", labels),
            "median_days_to_result": bar_chart(rows, key, "median_days_to_result", labels, _days),
            "share_within_deadline": bar_chart(rows, key, "share_within_deadline", labels, _percent),
            "visits_per_application": bar_chart(rows, key, "visits_per_application", labels),
            "mean_rating": bar_chart(rows, key, "mean_rating", labels),
        }
    charts["over_time"] = line_chart(stats["over_time"], "submitted")
    return render_template("monitoring/dashboard.html", stats=stats, charts=charts, params=params,
                           offices=offices, services=services, error=error)


@bp.get("/monitoring/export.csv")
def export():
    stats = operations.stats(backends.get(), current_principal(), _params())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["group", "key", *operations.STATS_FIELDS])
    writer.writerow(["total", "", *(stats["total"][f] for f in operations.STATS_FIELDS)])
    for group, key in (("by_office", "office"), ("by_service", "service"), ("over_time", "period")):
        for row in stats[group]:
            writer.writerow([group, row[key], *(row[f] for f in operations.STATS_FIELDS)])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=bir-tereze-indicators.csv"})
