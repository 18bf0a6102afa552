"""``shiftapp db upgrade``: apply the migrations; ``shiftapp db revision -m MSG``: autogenerate one."""
from __future__ import annotations


def register(subparsers) -> None:
    p = subparsers.add_parser("db", help="database migrations")
    sub = p.add_subparsers(dest="db_command", required=True)
    up = sub.add_parser("upgrade", help="apply every migration (creates the database if needed)")
    up.add_argument("--url", help="database URL (default: SHIFTAPP_DB_URL or ./data/shiftapp.db)")
    up.set_defaults(func=_upgrade)
    rev = sub.add_parser("revision", help="autogenerate a migration from the models")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--url")
    rev.set_defaults(func=_revision)


def _upgrade(args) -> int:
    from .. import migrations

    migrations.upgrade(args.url)
    print("Database is at the latest migration.")
    return 0


def _revision(args) -> int:
    from .. import migrations

    migrations.revision(args.message, args.url)
    return 0
