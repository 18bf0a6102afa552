"""Small hand-made problems for the constraint tests."""
from __future__ import annotations

from shiftapp.engine.roster.domain import Cover, Person, RosterProblem, ShiftType

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
