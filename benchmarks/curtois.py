"""Run the rostering engine on every shared Curtois–Qu instance and print a table.

    PYTHONPATH=. python benchmarks/curtois.py [--time-limit 60] [--only 1,2,3] [--markdown]

Objectives come from the independent evaluator; the gap is against the best known values
(``shiftapp.engine.roster.curtois.BEST_KNOWN``).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shiftapp.engine.roster import curtois  # noqa: E402
from shiftapp.engine.roster.evaluator import evaluate  # noqa: E402
from shiftapp.engine.roster.pricing import warm_up  # noqa: E402
from shiftapp.engine.roster.solver import solve  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "curtois-qu"


def find_dir() -> Path:
    for cand in (os.environ.get("CURTOIS_DIR"), "/work/shared/benchmarks/curtois-qu", str(DEFAULT_DIR)):
        if cand and Path(cand).is_dir():
            return Path(cand)
    raise SystemExit("instance directory not found (set CURTOIS_DIR)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--only", help="comma-separated instance numbers")
    ap.add_argument("--dir", help="instance directory")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--out-dir", help="write each roster JSON here")
    args = ap.parse_args(argv)
    d = Path(args.dir) if args.dir else find_dir()
    files = sorted(d.glob("Instance*.txt"), key=lambda p: int(re.findall(r"\d+", p.stem)[0]))
    if args.only:
        keep = {int(x) for x in args.only.split(",")}
        files = [f for f in files if int(re.findall(r"\d+", f.stem)[0]) in keep]
    warm_up()  # compile the pricing kernel before any clock starts (a fresh install: about 3 s)
    rows = []
    head = f"{'instance':>10} {'objective':>9} {'best':>6} {'gap %':>7} {'seconds':>8} {'feasible':>8} {'optimal':>7}"
    if args.markdown:
        print("| instance | objective | best known | gap % | seconds | feasible | proven optimal |")
        print("|---:|---:|---:|---:|---:|:---:|:---:|")
    else:
        print(head)
    for f in files:
        problem = curtois.parse(f)
        t0 = time.monotonic()
        res = solve(problem, args.time_limit, seed=args.seed)
        secs = time.monotonic() - t0
        ev = evaluate(problem, res.roster)
        best = curtois.BEST_KNOWN.get(problem.name)
        gap = (ev.objective - best) / best * 100 if best else float("nan")
        if args.out_dir:
            Path(args.out_dir).mkdir(parents=True, exist_ok=True)
            curtois.write_roster(Path(args.out_dir) / f"{problem.name}.json", problem.name, ev.objective, res.roster)
        rows.append((problem.name, ev.objective, best, gap, secs, ev.feasible, res.optimal))
        if args.markdown:
            print(f"| {problem.name[8:]} | {ev.objective} | {best} | {gap:.2f} | {secs:.1f} | {'yes' if ev.feasible else 'NO'} | {'yes' if res.optimal else ''} |", flush=True)
        else:
            print(f"{problem.name:>10} {ev.objective:>9} {best:>6} {gap:>7.2f} {secs:>8.1f} {str(ev.feasible):>8} {str(res.optimal):>7}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
