"""Demo accounts for `make run` (never in production): `tereze seed gateway`.

Idempotent: an account that already exists is left as it is (its password is not reset).
"""

from __future__ import annotations

import logging
import os

from gateway.store import Store

log = logging.getLogger("gateway.seed")

VILLAGES = ("belek", "aral", "natsionalnoe", "malovodnoe")

DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    *((f"clerk.{village}", "clerk", village) for village in VILLAGES),
    ("registrar.sokuluk", "registrar", "sokuluk"),
    ("inspector.sokuluk", "inspector", "sokuluk"),
    ("monitor", "monitor", ""),
    ("admin", "admin", ""),
)


def seed(database_url: str, password: str | None = None) -> list[str]:
    """Create the missing demo accounts; returns the usernames created."""
    password = password or os.environ.get("TEREZE_DEMO_PASSWORD") or "demo"
    store = Store(database_url, pool_size=2)
    try:
        created = [
            username
            for username, role, office in DEMO_ACCOUNTS
            if store.ensure_account(username, password, role, office)
        ]
    finally:
        store.close()
    log.info("demo accounts seeded", extra={"accounts_created": len(created), "accounts_total": len(DEMO_ACCOUNTS)})
    print(f"gateway: {len(created)} demo account(s) created, {len(DEMO_ACCOUNTS) - len(created)} already present")
    return created
