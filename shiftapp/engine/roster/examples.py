"""Example problems: a 13-week police response team (the real-world check of issue 4).

Synthetic but shaped like a UK response team: 25 officers (4 sergeants and 4 acting
sergeants, 12 advanced drivers, 9 taser-trained), five shift types, hard skill minimums per shift, the 11-hour rest
(WTR-07) and the 48-hour average (WTR-02, with hours carried in), annual leave and training,
personal requests, and nights, weekends and bank holidays shared fairly.
"""
from __future__ import annotations

import random

from .domain import Cover, Fairness, Person, Request, RosterProblem, ShiftType


def response_team(weeks: int = 13, officers: int = 25, seed: int = 7) -> RosterProblem:
    rng = random.Random(seed)
    H = weeks * 7
    shifts = [
        ShiftType("E", 480, start=7 * 60, end=15 * 60, label="Early 07-15"),
        ShiftType("D", 480, start=8 * 60, end=16 * 60, label="Day 08-16"),
        ShiftType("M", 600, start=12 * 60, end=22 * 60, label="Middle 12-22 (10 h)"),
        ShiftType("L", 480, start=15 * 60, end=23 * 60, label="Late 15-23"),
        ShiftType("N", 540, start=22 * 60, end=7 * 60, night=True, label="Night 22-07"),
    ]
    people = []
    for k in range(officers):
        skills = set()
        if k < 4 or k in (6, 11, 17, 22):
            skills.add("sergeant")  # 4 sergeants and 4 acting sergeants
        if 4 <= k < 16:
            skills.add("driver")
        if k % 3 == 0:
            skills.add("taser")
        prior = rng.randrange(4 * 36 * 60, 4 * 44 * 60, 30)  # 4 weeks before day 0
        if k == 5:
            prior = 20000  # lots of overtime before the horizon: the 48 h average binds
        people.append(Person(
            id=f"PC{k + 1:02d}" if k >= 4 else f"PS{k + 1:02d}",
            skills=frozenset(skills),
            max_minutes=weeks * 40 * 60,
            min_minutes=weeks * 32 * 60,
            max_consecutive=6, min_consecutive=2, min_days_off=2,
            max_weekends=(weeks * 2) // 3,
            prior_minutes=prior,
        ))
    unavailable: dict[tuple[str, int], str] = {}
    requests: list[Request] = []
    for p in people:
        # one block of annual leave (5-9 days), sometimes a training day
        start = rng.randrange(0, H - 10)
        for d in range(start, start + rng.randrange(5, 10)):
            unavailable[(p.id, d)] = "annual leave"
        if rng.random() < 0.4:
            d = rng.randrange(H)
            unavailable.setdefault((p.id, d), "training")
        for _ in range(rng.randrange(2, 6)):
            d = rng.randrange(H)
            if (p.id, d) not in unavailable:
                requests.append(Request(p.id, d, None, False, rng.choice([2, 3, 5])))
        if rng.random() < 0.3:
            for d in range(rng.randrange(H - 7), H, 7)[:3]:
                requests.append(Request(p.id, d, "E", True, 1))
    for p in people:  # leave reduces the contract minimum pro rata
        off = sum(1 for (pid, _d) in unavailable if pid == p.id)
        p.min_minutes = int((H - off) / 7 * 32 * 60)
    covers: list[Cover] = []
    for d in range(H):
        wd = d % 7
        busy = wd in (4, 5)  # Friday and Saturday
        covers += [
            Cover(d, ("E",), 5, 10, 2, minimum=3, label="Early"),
            Cover(d, ("L",), 6 if busy else 5, 10, 2, minimum=4, label="Late"),
            Cover(d, ("N",), 5 if busy else 4, 10, 2, minimum=3, label="Night"),
            Cover(d, ("D",), 1 if wd < 5 else 0, 3, 1, label="Day"),
            Cover(d, ("M",), 2 if busy else 0, 5, 1, label="Middle"),
        ]
        for sid, name in (("E", "Early"), ("L", "Late"), ("N", "Night")):
            covers.append(Cover(d, (sid,), 1, 20, 0, minimum=1, skill="sergeant", label=name))
            covers.append(Cover(d, (sid,), 2, 10, 0, minimum=1, skill="driver", label=name))
        # the evening peak 18:00-22:00 is covered by Middle and Late
        covers.append(Cover(d, ("M", "L"), 7 if busy else 5, 5, 0, minimum=4, label="Evening 18-22"))
    weekend_days = tuple(d for d in range(H) if d % 7 in (5, 6))
    bank_holidays = tuple(d for d in (18, 21, 35, 56) if d < H)  # Easter, May: start 31 Mar 2025
    return RosterProblem(
        name=f"response-team-{officers}x{weeks}w", horizon=H, shift_types=shifts, people=people,
        covers=covers, requests=requests, unavailable=unavailable, first_weekday=0,
        min_rest_minutes=11 * 60, avg_week_minutes=48 * 60, reference_days=17 * 7,
        fairness=[
            Fairness("nights", 4, shifts=("N",)),
            Fairness("weekend shifts", 3, days=weekend_days),
            Fairness("bank holidays", 3, days=bank_holidays),
        ],
        public_holidays=bank_holidays,
    )
