"""`tereze`: the one command line of the suite, used by `make run`, the container and the chart.

    tereze serve <service>        run one service until SIGTERM (configuration from the environment)
    tereze migrate <service>...   upgrade each service's DATABASE_URL to the newest schema
    tereze seed <service>         load demo data (accounts, offices, a synthetic population): never in production
    tereze run                    the whole suite on this machine: SQLite under var/, six processes on loopback
    tereze account create NAME --role ROLE [--office OFFICE]   an account in the gateway's DATABASE_URL;
                                  the password is read from TEREZE_ACCOUNT_PASSWORD or standard input
    tereze makemigration <service> -m MESSAGE   autogenerate the next schema revision (developers)
    tereze audit verify           check the hash chain of the gateway's audit log in DATABASE_URL; exit code 1
                                  and the first broken entry when it was edited, deleted from or inserted into
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from tereze import SERVICES
from tereze.config import ConfigError, Env


def _service_module(service: str, module: str):
    return importlib.import_module(f"{service}.{module}")


def cmd_serve(args) -> int:
    from tereze import logs

    logs.configure(args.service, Env().get("LOG_LEVEL", "INFO"))
    _service_module(args.service, "main").serve()
    return 0


def cmd_migrate(args) -> int:
    from tereze import migrations

    services = args.services or list(SERVICES)
    unknown = [s for s in services if s not in SERVICES]
    if unknown:
        raise ConfigError(f"unknown service {unknown[0]!r}; choose from {', '.join(SERVICES)}")
    if len(services) > 1 and not args.url_per_service:
        raise ConfigError("migrating several services needs --url-per-service (each has its own database)")
    for service in services:
        url = os.environ.get(f"{service.upper()}_DATABASE_URL") if args.url_per_service else None
        url = url or Env().require("DATABASE_URL")
        migrations.upgrade(service, url)
        print(f"{service}: migrated to head")
    return 0


def cmd_seed(args) -> int:
    try:
        module = _service_module(args.service, "seed")
    except ModuleNotFoundError:
        print(f"{args.service}: has no demo data")
        return 0
    module.seed(Env().require("DATABASE_URL"))
    return 0


def cmd_run(args) -> int:
    from tereze import devrun

    return devrun.main(var_dir=args.var, base_port=args.base_port)


def cmd_account_create(args) -> int:
    from gateway.store import Store

    roles = ("clerk", "registrar", "inspector", "monitor", "admin")
    if args.role not in roles:
        raise ConfigError(f"--role must be one of {', '.join(roles)}")
    password = os.environ.get("TEREZE_ACCOUNT_PASSWORD") or sys.stdin.readline().rstrip("\n")
    if len(password) < 12:
        raise ConfigError("the password (TEREZE_ACCOUNT_PASSWORD or standard input) must have at least 12 characters")
    store = Store(Env().require("DATABASE_URL"), pool_size=2)
    try:
        created = store.ensure_account(args.username, password, args.role, args.office)
    finally:
        store.close()
    print(f"account {args.username}: {'created' if created else 'already exists, left unchanged'}")
    return 0


def cmd_audit_verify(args) -> int:
    from gateway.store import Store

    store = Store(Env().require("DATABASE_URL"), pool_size=2)
    try:
        verdict = store.verify_audit_chain()
    finally:
        store.close()
    if verdict.ok:
        print(f"audit log: {verdict.entries} entries, chain intact")
        return 0
    print(f"audit log: entry {verdict.broken_id} is broken: {verdict.reason}", file=sys.stderr)
    return 1


def cmd_makemigration(args) -> int:
    from tereze import migrations

    migrations.make_revision(args.service, args.message)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tereze", description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run one service")
    serve.add_argument("service", choices=SERVICES)
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", help="upgrade databases to the newest schema")
    migrate.add_argument("services", nargs="*", metavar="service", help=f"any of {', '.join(SERVICES)}; all by default")
    migrate.add_argument("--url-per-service", action="store_true",
                         help="read <SERVICE>_DATABASE_URL for each service instead of DATABASE_URL")
    migrate.set_defaults(func=cmd_migrate)

    seed = sub.add_parser("seed", help="load demo data into one service's database")
    seed.add_argument("service", choices=SERVICES)
    seed.set_defaults(func=cmd_seed)

    run = sub.add_parser("run", help="start the whole suite locally (SQLite under var/)")
    run.add_argument("--var", default=os.environ.get("TEREZE_VAR_DIR", "var"))
    run.add_argument("--base-port", type=int, default=int(os.environ.get("TEREZE_BASE_PORT", "50051")))
    run.set_defaults(func=cmd_run)

    account = sub.add_parser("account", help="manage gateway accounts (ops)")
    account_sub = account.add_subparsers(dest="action", required=True)
    create = account_sub.add_parser("create", help="create an account if it does not exist")
    create.add_argument("username")
    create.add_argument("--role", required=True)
    create.add_argument("--office", default="")
    create.set_defaults(func=cmd_account_create)

    audit = sub.add_parser("audit", help="the gateway's audit log (ops)")
    audit_sub = audit.add_subparsers(dest="action", required=True)
    verify = audit_sub.add_parser("verify", help="verify the audit log's hash chain (exit code 1 when broken)")
    verify.set_defaults(func=cmd_audit_verify)

    mk = sub.add_parser("makemigration", help="autogenerate a schema revision")
    mk.add_argument("service", choices=SERVICES)
    mk.add_argument("-m", "--message", required=True)
    mk.set_defaults(func=cmd_makemigration)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as error:
        print(f"tereze: configuration error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
