"""The ``shiftapp`` command line: what administrators and benchmarks script.

Each sub-command lives in its own module under ``shiftapp.commands`` and exposes
``register(subparsers)``; this module only wires them together.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Modules under shiftapp.commands, each adding one top-level sub-command.
COMMAND_MODULES = [
    "bench",
    "db",
    "rules",
    "seed",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shiftapp", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"shiftapp.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
