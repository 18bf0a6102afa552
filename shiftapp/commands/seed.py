"""``shiftapp seed [--profile demo|force] [--anchor YYYY-MM-DD] [--if-empty]``."""
from __future__ import annotations

import sys
import time
from datetime import date


def register(subparsers) -> None:
    p = subparsers.add_parser("seed", help="fill an empty database with deterministic demo data")
    p.add_argument("--profile", choices=["demo", "force"], default="demo",
                   help="demo: a police LPA, a transport depot and a call centre; force: 6,000 people, a year of duties")
    p.add_argument("--anchor", help="the week the demo is centred on (YYYY-MM-DD; default this week)")
    p.add_argument("--url", help="database URL (default: SHIFTAPP_DB_URL or ./data/shiftapp.db)")
    p.add_argument("--if-empty", action="store_true", help="do nothing (and succeed) if the database has data")
    p.set_defaults(func=_seed)


def _seed(args) -> int:
    from ..seed import DEMO_PASSWORD, is_empty, seed

    try:
        anchor = date.fromisoformat(args.anchor) if args.anchor else None
    except ValueError:
        print(f"--anchor must be a date like 2026-11-23, not {args.anchor!r}", file=sys.stderr)
        return 2
    if not is_empty(args.url):
        if args.if_empty:
            print("The database already has data; leaving it as it is.")
            return 0
        print("The database already has data; seed only fills an empty database.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    logins = seed(args.profile, anchor, args.url)
    print(f"Seeded the {args.profile} profile in {time.perf_counter() - started:.1f} s.")
    print_logins(logins, DEMO_PASSWORD)
    return 0


def print_logins(logins, password: str) -> None:
    print(f"Demo logins (password for all: {password}):")
    for username, role, who in logins:
        print(f"  {username:<12} {role:<36} {who}")
