"""Re-planning after a change (sickness, approved leave): keep the published roster and move
only what must move.

The published roster becomes ``problem.published`` (so every change costs
``problem.stability.cost(day)``, more the closer to today) and the starting point of the
search; duties that the change makes impossible are cleared first. The search then trades
the stability cost of each further change against the cover gap it would fill, so a
published duty changes only when that is cheaper than the gap. ``scope_days`` limits the
cells that may move to a window around the changed days (``None``: anywhere).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .domain import OFF, RosterProblem, Roster, Stability
from .evaluator import Evaluation, evaluate
from .explain import CoverGap, explain
from .solver import CancelToken, solve


@dataclass
class Change:
    person: str
    day: int
    before: str
    after: str


@dataclass
class ReplanResult:
    roster: Roster
    evaluation: Evaluation
    changes: list[Change]
    gaps: list[CoverGap] = field(default_factory=list)
    seconds: float = 0.0
    status: str = ""


def replan(problem: RosterProblem, published: Roster, absences: dict[tuple[str, int], str],
           time_limit: float = 10.0, *, stability: Stability | None = None, scope_days: int | None = 7,
           cancel: CancelToken | None = None, seed: int = 0, threads: int = 2) -> ReplanResult:
    """Re-solve after ``absences`` ((person, day) -> reason, e.g. "sickness") are added."""
    prob = copy.copy(problem)
    prob.unavailable = dict(problem.unavailable)
    prob.unavailable.update(absences)
    prob.published = {k: list(v) for k, v in published.items()}
    if stability is not None:
        prob.stability = stability
    start = {k: list(v) for k, v in published.items()}
    for (pid, d) in absences:
        if pid in start and 0 <= d < prob.horizon:
            start[pid][d] = OFF
    movable = None
    if scope_days is not None and absences:
        days = sorted({d for (_p, d) in absences})
        lo, hi = max(0, days[0] - scope_days), min(prob.horizon - 1, days[-1] + scope_days)
        movable = {(p.id, d) for p in prob.people for d in range(lo, hi + 1)}
    res = solve(prob, time_limit, hint=start, movable=movable, cancel=cancel, seed=seed, threads=threads)
    changes = [Change(pid, d, published[pid][d], res.roster[pid][d])
               for pid in published for d in range(prob.horizon) if res.roster[pid][d] != published[pid][d]]
    ev = evaluate(prob, res.roster)
    return ReplanResult(res.roster, ev, changes, explain(prob, res.roster), res.seconds, res.status)
