"""The audit log's hash chain (plain Python, no I/O): each entry's hash is SHA-256 over the previous entry's
hash and the entry's canonical JSON, so editing, deleting or inserting an entry breaks every link after it.

The first entry chains to GENESIS. `verify` walks entries in id order and names the first broken one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64
FIELDS = ("at", "username", "role", "action", "object_type", "object_id", "detail")


def canonical(entry: dict) -> str:
    """The entry's fields as canonical JSON (sorted keys, no spaces, UTF-8 kept, timestamps to the µs)."""
    values = {}
    for field in FIELDS:
        value = entry[field]
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None).isoformat(timespec="microseconds")
        values[field] = value if value is not None else ""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link(prev_hash: str, entry: dict) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    broken_id: int | None = None
    reason: str = ""


def verify(rows: Iterable[dict]) -> Verdict:
    """rows in id order, each with `id`, `prev_hash`, `hash` and the FIELDS."""
    prev = GENESIS
    count = 0
    for row in rows:
        count += 1
        if row["prev_hash"] != prev:
            return Verdict(False, count, row["id"], "does not chain to the entry before it "
                                                    "(an entry before it was deleted, inserted or changed)")
        if row["hash"] != link(prev, row):
            return Verdict(False, count, row["id"], "its content does not match its hash (the entry was changed)")
        prev = row["hash"]
    return Verdict(True, count)
