"""Problems with fairness shares start from a solve without them (``Solver.relaxed_start``)."""
from __future__ import annotations

import threading
import time

from shiftapp.engine.roster.domain import Fairness
from shiftapp.engine.roster.evaluator import evaluate
from shiftapp.engine.roster.examples import response_team
from shiftapp.engine.roster.solver import solve

from .helpers import tiny


def test_the_search_starts_from_the_roster_solved_without_the_shares():
    prob = response_team(weeks=4)
    seen = []
    res = solve(prob, 6, progress=seen.append)
    relaxed = res.stats["relaxed"]
    assert relaxed["seconds"] <= 3.5
    # the relaxed roster, scored with the shares, is the search's first incumbent
    assert res.history[0][1] == relaxed["with_fairness"]
    assert res.objective == evaluate(prob, res.roster).objective <= relaxed["with_fairness"]
    # while the stage runs, progress says so and gives no objective (its own leaves the shares out)
    staged = [p for p in seen if p.phase == "without fairness"]
    assert staged and all(p.objective is None for p in staged)
    first_scored = next(k for k, p in enumerate(seen) if p.objective is not None)
    assert all(p.phase != "without fairness" for p in seen[first_scored:])


def test_a_hint_or_a_small_model_keeps_the_shares_from_the_start():
    prob = response_team(weeks=4)
    # a published rota is already shaped by them
    assert "relaxed" not in solve(prob, 1, hint=prob.empty_roster()).stats
    small = tiny(7, 3)
    small.fairness = [Fairness("nights", 5, shifts=("N",))]
    assert "relaxed" not in solve(small, 1).stats  # the exact phase solves the whole model


def test_a_cancellation_during_the_stage_still_returns_a_roster():
    prob = response_team(weeks=4)
    ev = threading.Event()
    threading.Timer(1.0, ev.set).start()
    t = time.monotonic()
    res = solve(prob, 60, cancel=ev)
    assert time.monotonic() - t < 15
    # a second in, the roster may still miss a hard minimum: it is reported, not lost
    assert res.status in ("cancelled", "infeasible")
    assert set(res.roster) == {p.id for p in prob.people}
    assert res.objective == evaluate(prob, res.roster).objective
