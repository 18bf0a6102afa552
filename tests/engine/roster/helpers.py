"""Small hand-made problems for the constraint tests."""
from __future__ import annotations

import itertools
import random

import numpy as np

from shiftapp.engine.roster.domain import Cover, Person, Restriction, RosterProblem, ShiftType
from shiftapp.engine.roster.evaluator import evaluate

E = ShiftType("E", 480, start=7 * 60, end=15 * 60)
L = ShiftType("L", 480, start=15 * 60, end=23 * 60)
N = ShiftType("N", 540, start=22 * 60, end=7 * 60, night=True)


def tiny(horizon: int = 7, people: int = 1, **kw) -> RosterProblem:
    """``people`` people (ids A, B, …) with no limits, shifts E/L/N, no cover."""
    ps = [Person(chr(ord("A") + i)) for i in range(people)]
    prob = RosterProblem(name="tiny", horizon=horizon, shift_types=[E, L, N], people=ps)
    for k, v in kw.items():
        setattr(prob, k, v)
    return prob


def row(s: str) -> list[str]:
    """'EEL.N..' -> ['E', 'E', 'L', '', 'N', '', '']"""
    return ["" if ch == "." else ch for ch in s]


def want_every_day(prob: RosterProblem, shift: str = "E", weight: int = 10) -> None:
    """Soft cover that tempts the solver to roster everyone every day."""
    prob.covers = [Cover(d, (shift,), len(prob.people), weight, 0) for d in range(prob.horizon)]


#: a 10-hour night that may not be followed by an early (for one-person pricing checks)
N10 = ShiftType("N", 600, start=22 * 60, end=8 * 60, night=True, forbidden_next=frozenset({"E"}))


def random_person(rng: random.Random, horizon: int, max_shifts: dict[str, list[int]]) -> RosterProblem:
    """Person A with random rules (each per-type maximum drawn from its choices), shifts
    E/L/N10, and now and then a day of leave."""
    p = Person(
        "A",
        max_shifts={k: rng.choice(v) for k, v in max_shifts.items()},
        max_minutes=rng.choice([None, 2400, 3000]),
        min_minutes=rng.choice([None, 960, 1440]),
        max_consecutive=rng.choice([None, 2, 3]),
        min_consecutive=rng.choice([None, 2]),
        min_days_off=rng.choice([None, 2]),
        max_weekends=rng.choice([None, 0, 1]),
    )
    prob = RosterProblem("rand", horizon, [E, L, N10], [p], first_weekday=rng.randrange(7))
    if rng.random() < 0.5:
        prob.unavailable[("A", rng.randrange(horizon))] = "leave"
    if rng.random() < 0.5:  # agreed or available hours: some shifts only, that day
        prob.restricted[("A", rng.randrange(horizon))] = Restriction(frozenset(rng.sample("ELN", rng.randrange(1, 3))))
    return prob


def random_prices(cg, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random per-cell costs for person 0 of ``cg`` (a ColumnGeneration): shifts worth 0-39
    less than their base, days off 0-9 more."""
    nrng = np.random.default_rng(seed)
    cost = cg.base[0] - nrng.integers(0, 40, size=cg.base[0].shape)
    cost_off = cg.base_off[0] + nrng.integers(0, 10, size=cg.base_off[0].shape)
    return cost, cost_off


def feasible_schedules(prob: RosterProblem, cost: np.ndarray, cost_off: np.ndarray):
    """Every schedule of person A the evaluator accepts, as (cost, path with -1 = off)."""
    codes = [""] + [s.id for s in prob.shift_types]
    out = []
    for combo in itertools.product(range(len(codes)), repeat=prob.horizon):
        if not evaluate(prob, {"A": [codes[c] for c in combo]}).feasible:
            continue
        v = sum(cost_off[d] if c == 0 else cost[d, c - 1] for d, c in enumerate(combo))
        out.append((v, tuple(c - 1 for c in combo)))
    return out
