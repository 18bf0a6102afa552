"""Real-world check: 13-week roster for a 25-officer response team (issue 4).

    PYTHONPATH=. python benchmarks/response_team.py [--time-limit 60]

Prints the evaluator's objective and breakdown, hard-rule status, and how nights, weekend
shifts and bank holidays are shared out.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shiftapp.engine.roster.evaluator import evaluate  # noqa: E402
from shiftapp.engine.roster.examples import response_team  # noqa: E402
from shiftapp.engine.roster.explain import explain_text  # noqa: E402
from shiftapp.engine.roster.solver import solve  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    prob = response_team()
    t0 = time.monotonic()
    res = solve(prob, args.time_limit, seed=args.seed)
    secs = time.monotonic() - t0
    ev = evaluate(prob, res.roster)
    print(f"{prob.name}: {len(prob.people)} officers, {prob.horizon} days, {len(prob.shift_types)} shift types, "
          f"{len(prob.covers)} cover requirements, {len(prob.unavailable)} leave/training days, {len(prob.requests)} requests")
    print(f"objective {ev.objective}, feasible {ev.feasible} ({len(ev.hard)} hard violations), {secs:.1f} s, "
          f"{res.iterations} LNS iterations")
    print("breakdown:", dict(sorted(ev.by_rule().items())))
    shifts = sum(1 for row in res.roster.values() for c in row if c)
    need_min = sum(c.minimum for c in prob.covers if c.skill is None and len(c.shifts) == 1)
    print(f"shifts rostered {shifts}; hard minimum shift-slots {need_min}")
    for label, pred in (("nights", lambda d, c: c == "N"),
                        ("weekend shifts", lambda d, c: c and prob.is_weekend(d)),
                        ("bank-holiday shifts", lambda d, c: c and d in prob.public_holidays)):
        counts = [sum(1 for d, c in enumerate(row) if pred(d, c)) for row in res.roster.values()]
        print(f"{label}: min {min(counts)}, max {max(counts)}, mean {sum(counts) / len(counts):.1f}")
    print(explain_text(prob, res.roster))
    return 0


if __name__ == "__main__":
    sys.exit(main())
