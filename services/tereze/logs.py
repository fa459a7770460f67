"""Structured JSON logs to stdout, each line carrying the trace and span id.

Personal data never goes into a log line: log ids, tracking numbers, codes and counts only.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback

from opentelemetry import trace

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    converter = time.gmtime  # the timestamp is written with a Z: it must be UTC whatever TZ says

    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        ctx = trace.get_current_span().get_span_context()
        if ctx.is_valid:
            entry["trace_id"] = format(ctx.trace_id, "032x")
            entry["span_id"] = format(ctx.span_id, "016x")
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                # An `extra` never replaces a standard field (extra={"service": code} must not hide which
                # process wrote the line); it is kept under "extra.<name>".
                entry[f"extra.{key}" if key in entry else key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        """A database error's text quotes the values of the row it refused (PostgreSQL's DETAIL: "Key
        (pin)=(…) already exists"): for those, the traceback, the error's type and its SQL only."""
        _type, error, tb = ei
        statement = getattr(error, "statement", None)
        if statement is not None and hasattr(error, "orig"):
            kind = f"{type(error).__module__}.{type(error).__qualname__} ({type(error.orig).__qualname__})"
            return ("Traceback (most recent call last):\n" + "".join(traceback.format_tb(tb))
                    + f"{kind}: values and the database's detail withheld\n[SQL: {statement}]")
        return super().formatException(ei)


def configure(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Library chatter that may echo request data is kept at warning level.
    for noisy in ("werkzeug", "alembic.runtime.migration", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
