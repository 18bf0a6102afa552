"""``shiftapp bench …``: run the engines on public benchmark instances.

Each benchmark family lives in its own module (``bench_<family>.py``) exposing
``register(subparsers)``.
"""
from __future__ import annotations

import importlib

BENCH_MODULES: list[str] = [
    "curtois",
    "solomon",
]


def register(subparsers) -> None:
    parser = subparsers.add_parser("bench", help="run an engine on a benchmark instance")
    sub = parser.add_subparsers(dest="family", required=True)
    for name in BENCH_MODULES:
        importlib.import_module(f"shiftapp.commands.bench_{name}").register(sub)
