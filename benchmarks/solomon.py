"""Solomon C101, R101, RC101 through the routing engine, 60 s each (override with --time-limit).

Run from the repository root:
    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/solomon.py [--time-limit 60] [--dir ../shared/benchmarks/solomon]

Every solution is re-verified by ``solomon_check`` (its own parser, floating point)
before it is reported. Gaps are against both best-known columns of the README: the
vehicles-first one (fewest vehicles, then distance) and the distance-only one.
"""
from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from shiftapp.engine.routing import solomon, solomon_check

DEFAULT_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "solomon"
if not DEFAULT_DIR.exists():
    DEFAULT_DIR = Path("/work/shared/benchmarks/solomon")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--dir", default=str(DEFAULT_DIR))
    ap.add_argument("--objective", choices=["distance", "vehicles"], default="distance")
    ap.add_argument("instances", nargs="*", default=["C101", "R101", "RC101"])
    args = ap.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {platform.python_version()}, {os.cpu_count()} cores, load {load:.2f} at start, "
          f"objective={args.objective}, time limit {args.time_limit:.0f} s each")
    head = (f"{'instance':8} {'veh':>4} {'distance':>9} | {'BK veh-first':>13} {'gap%':>6} | "
            f"{'BK dist-only':>13} {'gap%':>6} | {'seconds':>7} feasible")
    print(head)
    print("-" * len(head))
    for name in args.instances:
        path = Path(args.dir) / f"{name}.txt"
        text = path.read_text()
        t0 = time.perf_counter()
        sol = solomon.solve(solomon.parse(text), time_limit_s=args.time_limit, objective=args.objective)
        secs = time.perf_counter() - t0
        chk = solomon_check.check(text, sol.routes)
        bv1, bd1 = solomon.BEST_KNOWN_VEHICLES_FIRST[name]
        bv2, bd2 = solomon.BEST_KNOWN_DISTANCE_ONLY[name]
        print(f"{name:8} {chk.vehicles:>4} {chk.distance:>9.2f} | {bv1:>4} / {bd1:>7.2f} "
              f"{solomon.gap_percent(chk.distance, bd1):>+6.2f} | {bv2:>4} / {bd2:>7.2f} "
              f"{solomon.gap_percent(chk.distance, bd2):>+6.2f} | {secs:>7.1f} {chk.feasible}"
              + ("" if chk.feasible else f" {chk.errors[:3]}"), flush=True)


if __name__ == "__main__":
    main()
