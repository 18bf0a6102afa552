"""Benchmark: check a year of duties for a 6,000-person police force.

Run from the repository root:  PYTHONPATH=. python benchmarks/rules_check.py [--people N] [--workers N]

Duties are generated deterministically (seeded per person): 4,000 officers on a rotating
2-week pattern of 10-hour earlies, lates and nights, 2,000 staff on Monday-Friday days;
every day of the year is one record (shift, rest day, annual leave or sickness), about
2.2 million in all, with some overtime extensions and short changeovers so that there are
findings to report. Prints people, duties, seconds, findings and duties per second.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta

from shiftapp.engine.rules import Duty, PersonFacts, check, load_pack

YEAR_START = date(2026, 1, 5)  # a Monday
DAYS = 365
E, L, N = ("07:00", 10), ("14:00", 10), ("22:00", 10)
OFFICER_PATTERN = [E, E, E, L, L, None, None, L, N, N, N, None, None, None]  # 40 h a week
STAFF_PATTERN = [("08:00", 8.5)] * 5 + [None, None]


def person_duties(i: int) -> tuple[str, PersonFacts, list[Duty]]:
    rng = random.Random(1_000_003 * i + 17)
    officer = i < 4000
    pattern = OFFICER_PATTERN if officer else STAFF_PATTERN
    offset = 7 * (i % 2)  # two teams a week apart
    brk = 45 if officer else 30
    leave_days: set[int] = set()
    for _ in range(rng.randint(3, 5)):  # leave in blocks
        start = rng.randrange(DAYS - 7)
        leave_days.update(range(start, start + rng.randint(3, 7)))
    sick_days = {rng.randrange(DAYS) for _ in range(rng.randint(0, 6))}
    duties: list[Duty] = []
    for d in range(DAYS):
        day = YEAR_START + timedelta(days=d)
        slot = pattern[(d + offset) % len(pattern)]
        if slot is None:
            duties.append(Duty("rest_day", day=day))
        elif d in leave_days:
            duties.append(Duty("annual_leave", day=day))
        elif d in sick_days:
            duties.append(Duty("sick", day=day))
        else:
            h, m = (int(x) for x in slot[0].split(":"))
            start = datetime(day.year, day.month, day.day, h, m)
            length = timedelta(hours=slot[1])
            if rng.random() < 0.04:  # overtime extension
                length += timedelta(minutes=rng.choice((30, 60, 120, 180)))
            if rng.random() < 0.01:  # a late start brought forward: a short changeover
                start -= timedelta(hours=rng.choice((2, 3, 4)))
            duties.append(Duty("work", start, start + length, break_minutes=brk))
    person = PersonFacts(birth_date=date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                         service_start=date(2000 + i % 25, 1 + i % 12, 1))
    return ("police-ew-constable" if officer else "police-ew-staff"), person, duties


def run_chunk(bounds: tuple[int, int]) -> tuple[int, int, Counter, float]:
    lo, hi = bounds
    packs = {p: load_pack(p, YEAR_START) for p in ("police-ew-constable", "police-ew-staff")}
    duties_n = findings_n = 0
    by_rule: Counter = Counter()
    check_s = 0.0
    for i in range(lo, hi):
        pack_id, person, duties = person_duties(i)
        t = time.perf_counter()
        found = check(person, packs[pack_id], duties)
        check_s += time.perf_counter() - t
        duties_n += len(duties)
        findings_n += len(found)
        by_rule.update(f.rule for f in found)
    return duties_n, findings_n, by_rule, check_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk", type=int, default=100)
    args = parser.parse_args(argv)
    chunks = [(lo, min(lo + args.chunk, args.people)) for lo in range(0, args.people, args.chunk)]
    t0 = time.perf_counter()
    duties = findings = 0
    by_rule: Counter = Counter()
    check_s = 0.0
    if args.workers <= 1:
        results = map(run_chunk, chunks)
    else:
        pool = ProcessPoolExecutor(max_workers=args.workers)
        results = pool.map(run_chunk, chunks)
    for d, f, r, c in results:
        duties += d
        findings += f
        by_rule.update(r)
        check_s += c
    if args.workers > 1:
        pool.shutdown()
    seconds = time.perf_counter() - t0
    print(f"people: {args.people}")
    print(f"duties: {duties}")
    print(f"workers: {args.workers}")
    print(f"seconds: {seconds:.1f} (wall, generation included; check alone {check_s:.1f} s of worker time)")
    print(f"findings: {findings} ({', '.join(f'{k} {v}' for k, v in sorted(by_rule.items()))})")
    print(f"duties/s: {duties / seconds:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
