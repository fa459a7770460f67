"""The synthetic population register for `make run` (never in production): `tereze seed registry`.

Idempotent: when the register already holds the seeded population, nothing is added.
"""

from __future__ import annotations

import logging

from registry.population import generate
from registry.store import RegistryStore
from tereze.db import Database

log = logging.getLogger("registry.seed")
BATCH = 500


def seed(database_url: str, seed_value: int | None = None, families_per_village: int | None = None) -> int:
    """Load the generated population unless it is there already; returns the number of persons added."""
    kwargs = {k: v for k, v in (("seed", seed_value), ("families_per_village", families_per_village)) if v}
    db = Database(database_url)
    store = RegistryStore()
    try:
        with db.transaction() as s:
            if store.count_register_persons(s):
                print("registry: the population register is already seeded")
                return 0
            rows = [p.row() for p in generate(**kwargs).persons]
            for start in range(0, len(rows), BATCH):
                store.add_persons(s, rows[start:start + BATCH])
    finally:
        db.dispose()
    log.info("population seeded", extra={"persons": len(rows)})
    print(f"registry: {len(rows)} persons of the four villages seeded")
    return len(rows)
