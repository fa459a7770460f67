"""Structured JSON log lines: one JSON object per line, with the trace and span ids and the `extra` fields."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import time

import pytest
from opentelemetry import trace

from tereze.logs import JsonFormatter


@pytest.fixture
def capture():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("intake"))
    logger = logging.getLogger("tests.logs")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield logger, lines
    logger.handlers[:] = []


def test_line_is_json_with_the_standard_fields(capture):
    logger, lines = capture
    logger.warning("precheck %s, accepted for later", "unavailable")
    [entry] = lines()
    assert entry["msg"] == "precheck unavailable, accepted for later"
    assert entry["level"] == "warning" and entry["service"] == "intake" and entry["logger"] == "tests.logs"
    assert entry["ts"].endswith("Z")
    assert "trace_id" not in entry and "span_id" not in entry


def test_line_carries_trace_and_span_id_of_the_active_span(capture):
    logger, lines = capture
    with trace.get_tracer("tests.logs").start_as_current_span("SubmitApplication") as span:
        logger.info("application submitted")
    ctx = span.get_span_context()
    [entry] = lines()
    assert entry["trace_id"] == format(ctx.trace_id, "032x")
    assert entry["span_id"] == format(ctx.span_id, "016x")
    assert len(entry["trace_id"]) == 32 and len(entry["span_id"]) == 16


def test_extra_fields_are_included_and_unserialisable_ones_stringified(capture):
    logger, lines = capture
    logger.info("delivery failed", extra={"application_id": "a1", "attempt": 3, "ms": 12.5,
                                           "due": dt.date(2025, 7, 4)})
    [entry] = lines()
    assert (entry["application_id"], entry["attempt"], entry["ms"], entry["due"]) == ("a1", 3, 12.5, "2025-07-04")
    assert "args" not in entry and "levelno" not in entry  # the record's own attributes stay out


def test_extra_fields_do_not_overwrite_the_standard_fields(capture):
    logger, lines = capture
    logger.warning("precheck unavailable", extra={"service": "birth_registration", "level": "x", "ts": "y"})
    [entry] = lines()
    assert entry["service"] == "intake" and entry["level"] == "warning" and entry["ts"] != "y"
    assert "birth_registration" in entry.values()  # kept, under another key


def test_non_ascii_text_is_kept_readable(capture):
    logger, lines = capture
    logger.info("Бир терезе")
    assert lines()[0]["msg"] == "Бир терезе"


def test_exception_is_included(capture):
    logger, lines = capture
    try:
        raise RuntimeError("relay pass failed")
    except RuntimeError:
        logger.exception("relay pass failed")
    [entry] = lines()
    assert entry["level"] == "error" and "RuntimeError" in entry["exc"]


def test_timestamp_is_utc_whatever_the_local_time_zone(monkeypatch, capture):
    logger, lines = capture
    monkeypatch.setenv("TZ", "UTC-06")  # Bishkek time, POSIX spelling (no tz database needed)
    time.tzset()
    try:
        record = logger.makeRecord("tests.logs", logging.INFO, __file__, 1, "x", (), None)
        record.created, record.msecs = 1750237200.25, 250.0  # 2025-06-18T09:00:00.250Z
        logger.handle(record)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert lines()[0]["ts"] == "2025-06-18T09:00:00.250Z"
