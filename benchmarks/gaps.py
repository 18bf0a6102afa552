"""Benchmark: list the cover gaps of a 200-person unit over 28 days and rank the options for every gap.

Run from the repository root:  PYTHONPATH=. python benchmarks/gaps.py [--people 200] [--days 28]

A police area of 8 teams of 25 on a 5-week rotation (earlies, lates, nights, days) with the
seed's minimum staffing per shift and skill; a few people off sick or on leave so there are
weekday gaps besides the weekends. Prints the time to build cover and list gaps, and to rank
options (move, overtime, cancel a rest day, recall — each with its compensation from the
rule pack and a working-time check) for every gap; the aim is under 1 s in all.
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from datetime import date, datetime, time as dtime, timedelta

from shiftapp.engine.cover import CoverIndex, OnDuty, Rule, cover, expand, gaps
from shiftapp.engine.rules import is_bank_holiday
from shiftapp.engine.fill import LONDON, Candidate, DayDuty, FillContext, ShiftSpec, options_for_gap

START = date(2026, 11, 30)  # a Monday
UNIT = 1
SHIFTS = {1: ShiftSpec(1, "E", "Early", dtime(7), dtime(15), 45), 2: ShiftSpec(2, "L", "Late", dtime(15), dtime(23), 45),
          3: ShiftSpec(3, "N", "Night", dtime(23), dtime(7), 45), 4: ShiftSpec(4, "D", "Day", dtime(10), dtime(18), 45)}
PATTERN = [1] * 5 + [0, 0] + [2] * 5 + [0, 0] + [3] * 5 + [0, 0] + [4] * 5 + [0, 0] + [1, 1, 2, 2, 3, 0, 0]
DRIVER, PUBLIC_ORDER, CUSTODY = 10, 11, 12


def build(people: int, days: int):
    rng = random.Random(7)
    rules = []
    for st in (1, 2, 3):
        rules += [Rule(UNIT, st, None, 12, 16), Rule(UNIT, st, DRIVER, 4, 6), Rule(UNIT, st, PUBLIC_ORDER, 2, 4)]
    rules.append(Rule(UNIT, 3, CUSTODY, 1, 2))
    lo, hi = START - timedelta(days=7), START + timedelta(days=days + 7)
    on_duty, candidates = [], []
    for i in range(people):
        team = i // 25
        skills = frozenset(s for s, p in ((DRIVER, .45), (PUBLIC_ORDER, .3), (CUSTODY, .15)) if rng.random() < p)
        units = frozenset({UNIT, 100 + team})
        sick = set(range(rng.randrange(days), rng.randrange(days) + 3)) if rng.random() < .1 else set()
        duties = []
        d = lo
        while d <= hi:
            idx = (d - START).days
            st = PATTERN[(idx + 7 * (team % 5) + (team // 5) * 3) % len(PATTERN)]
            if idx in sick and st:
                duties.append(DayDuty(d, "sickness"))
            elif st:
                s, e = SHIFTS[st].interval(d)
                duties.append(DayDuty(d, "shift", shift_type_id=st, start=s, end=e, duty_id=i * 1000 + idx))
                if START <= d < START + timedelta(days=days):
                    on_duty.append(OnDuty(i, d, st, "shift", units, skills))
            else:
                duties.append(DayDuty(d, "rest_day", duty_id=i * 1000 + idx))
            d += timedelta(days=1)
        rank = "Inspector" if i % 25 == 0 else "Sergeant" if i % 25 < 4 else "Constable"
        candidates.append(Candidate(i, f"Officer {i}", rank, "police-ew-constable", units, skills,
                                    2300 if rank == "Constable" else 2800, rng.randint(0, 3), tuple(duties)))
    return rules, on_duty, candidates


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=200)
    ap.add_argument("--days", type=int, default=28)
    args = ap.parse_args()
    rules, on_duty, candidates = build(args.people, args.days)
    now = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)
    is_bank_holiday(START, "police-ew-constable")  # imports the holidays calendar once, as a running server has
    t0 = time.perf_counter()
    needs = expand(rules, START, START + timedelta(days=args.days - 1))
    index = CoverIndex(on_duty)
    cells = cover(needs, index)
    found = gaps(cells)
    t1 = time.perf_counter()
    ctx = FillContext(SHIFTS, now, cells)
    kinds, n_options = Counter(), 0
    for g in found:
        opts = options_for_gap(g, candidates, ctx)
        n_options += len(opts)
        kinds.update(o.kind for o in opts)
    t2 = time.perf_counter()
    print(f"people {args.people}, days {args.days}, cover cells {len(cells)}, gaps {len(found)}")
    print(f"cover and gaps:   {t1 - t0:.3f} s")
    print(f"rank options:     {t2 - t1:.3f} s  ({n_options} options shown; {dict(kinds)})")
    print(f"total:            {t2 - t0:.3f} s  (aim < 1 s)")


if __name__ == "__main__":
    main()
