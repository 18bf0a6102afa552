"""LNS move mechanics: a sideways sub-solve finds a different roster of equal cost."""
from __future__ import annotations

from ortools.sat.python import cp_model

from shiftapp.engine.roster.constraints import RosterModel
from shiftapp.engine.roster.domain import Cover
from shiftapp.engine.roster.evaluator import evaluate
from shiftapp.engine.roster.solver import Solver

from .helpers import tiny


def test_sideways_sub_solve_finds_a_different_roster_of_equal_cost():
    # one E needed on day 2, either A or B can do it: a plateau of two optimal rosters
    prob = tiny(5, 2)
    prob.covers = [Cover(2, ("E",), 1, 10, 5)]
    s = Solver(prob, 5)
    s.construct()
    cur, best = s.best, s.best_score
    assert s.best_eval.objective == 0
    free = {(i, d) for i in range(2) for d in range(5)}
    rm = RosterModel(s.comp, cur, free)
    rm.model.add(rm.objective <= best)
    rm.model.add_bool_or(s._differs(rm, cur))
    cp = cp_model.CpSolver()
    cp.parameters.max_time_in_seconds = 5
    assert cp.solve(rm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    new = rm.extract(cp)
    assert new != cur
    assert evaluate(prob, new).objective == 0
