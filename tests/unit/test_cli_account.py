"""`tereze account create`: how ops creates the first real account (demo data is never seeded in production)."""

from __future__ import annotations

import os
import subprocess
import sys

from gateway.store import Store
from tereze import migrations


def run(args, env, stdin=""):
    return subprocess.run([sys.executable, "-m", "tereze", *args], env=env, input=stdin, text=True,
                          capture_output=True, timeout=60)


def test_account_create_then_login_and_refusals(tmp_path):
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    migrations.upgrade("gateway", url)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DATABASE_URL": url}

    done = run(["account", "create", "admin.first", "--role", "admin"], env, "a-long-enough-secret\n")
    assert done.returncode == 0, done.stderr
    assert "created" in done.stdout
    store = Store(url, pool_size=2)
    try:
        account = store.authenticate("admin.first", "a-long-enough-secret")
        assert account is not None and account.role == "admin"
    finally:
        store.close()

    again = run(["account", "create", "admin.first", "--role", "admin"], env, "another-long-secret\n")
    assert again.returncode == 0 and "already exists" in again.stdout

    short = run(["account", "create", "x", "--role", "clerk", "--office", "belek"], env, "short\n")
    assert short.returncode == 2 and "12 characters" in short.stderr

    bad_role = run(["account", "create", "x", "--role", "king"], env, "a-long-enough-secret\n")
    assert bad_role.returncode == 2 and "--role" in bad_role.stderr
