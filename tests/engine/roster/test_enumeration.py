"""Exact search over enumerated schedules: the listing against brute force (feasibility judged
by the independent evaluator), the bound, and the levels' claims against a proven optimum."""
from __future__ import annotations

import math
import random
import threading
import time

import numpy as np
import pytest

from ortools.sat.python import cp_model

from shiftapp.engine.roster.colgen import ColumnGeneration
from shiftapp.engine.roster.constraints import RosterModel, compile_problem
from shiftapp.engine.roster.domain import Cover, Person, Request, RosterProblem
from shiftapp.engine.roster.enumeration import Enumeration
from shiftapp.engine.roster.evaluator import evaluate
from shiftapp.engine.roster.solver import solve

from .helpers import E, L, N10 as N, feasible_schedules, random_person, random_prices

@pytest.mark.parametrize("seed", range(10))
def test_enumeration_lists_exactly_the_schedules_within_the_limit(seed):
    # one person with maximums on two shift types
    prob = random_person(random.Random(seed), 6, {"N": [1, 2, 7], "E": [1, 2, 3, 7]})
    cg = ColumnGeneration(compile_problem(prob), threads=1)
    pr = cg.pricers[0]
    cost, cost_off = random_prices(cg, seed)
    nrng = np.random.default_rng(seed + 1000)  # the multiplier below
    feasible = feasible_schedules(prob, cost, cost_off)
    if not feasible:
        pytest.skip("no schedule keeps this person's rules")
    values = sorted(v for v, _ in feasible)
    limit = values[min(len(values) - 1, 5)] + 0.5  # a handful of schedules, not all of them
    want = {path for v, path in feasible if v <= limit}
    tmax = cg.type_max[0]
    pr.track(2, prob.people[0].max_shifts["N"])  # N counted by the DP, E kept on the path
    # the multipliers only sharpen the bound on the rest of a path: any choice lists the same
    for lam in (np.zeros(3), np.array([nrng.uniform(0, 30), 0.0, 0.0])):
        paths, complete = pr.enumerate(cost, cost_off, limit, tmax, lam, cap=10_000)
        assert complete
        got = {tuple(int(a) for a in row) for row in paths}
        assert got == want
    # a cap below the count says the list is incomplete
    if len(want) > 1:
        _, complete = pr.enumerate(cost, cost_off, limit, tmax, np.zeros(3), cap=len(want) - 1)
        assert not complete


def _gap_problem(seed: int = 14, P: int = 4, H: int = 10) -> RosterProblem:
    """Random contracts, covers and requests. With seed 14 the column-generation bound is 895
    and the optimum 911 (CP-SAT on the whole model proves it in about 2 s), so the levels
    have a gap of 16 to close."""
    rng = random.Random(seed)
    people = [Person(chr(65 + i), max_minutes=rng.choice([7, 8, 9]) * 480, min_minutes=rng.choice([4, 5, 6]) * 480,
                     max_consecutive=rng.choice([3, 4, 5]), min_consecutive=2, min_days_off=2,
                     max_shifts={"N": rng.choice([2, 3, 4])}, max_weekends=rng.choice([1, 2])) for i in range(P)]
    covers = []
    for d in range(H):
        covers.append(Cover(d, ("E",), rng.choice([1, 2]), 100, 1))
        covers.append(Cover(d, ("L",), rng.choice([1, 2]), 100, 1))
        covers.append(Cover(d, ("N",), 1, 100, 1))
    requests = [Request(rng.choice(people).id, rng.randrange(H), rng.choice(["E", "L", "N", None]),
                        rng.random() < 0.5, rng.choice([1, 2, 3])) for _ in range(P * 3)]
    return RosterProblem(f"gap{seed}", H, [E, L, N], people, covers=covers, requests=requests,
                         min_rest_minutes=660)


def _proven_optimum(prob: RosterProblem) -> tuple[int, dict]:
    """The optimum by CP-SAT on the whole model (not through the enumeration)."""
    rm = RosterModel(compile_problem(prob))
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = 60
    s.parameters.num_workers = 2
    assert s.solve(rm.model) == cp_model.OPTIMAL
    return round(s.objective_value), rm.extract(s)


@pytest.fixture(scope="module")
def gap_case():
    prob = _gap_problem()
    opt, roster = _proven_optimum(prob)
    assert evaluate(prob, roster).objective == opt
    cg = ColumnGeneration(compile_problem(prob), threads=1)
    cg.add_roster(prob.empty_roster())
    root = cg.run(time.monotonic() + 30)
    assert root.settled
    en = Enumeration(cg)
    assert en.prepare() is not None
    assert en.L < opt  # a gap for the levels to close
    return prob, opt, roster, cg, en


def test_the_bound_is_a_bound_and_the_optimum_is_in_its_level(gap_case):
    prob, opt, roster, cg, en = gap_case
    cols = en.columns(opt, 100_000)
    assert cols is not None
    listed = set(cols)
    comp = cg.c
    for i, person in enumerate(prob.people):
        path = tuple(comp.sidx[x] if x else -1 for x in roster[person.id])
        assert (i, path) in listed, person.id
    # every listed schedule keeps its person's rules
    for i, path in cols[:: max(1, len(cols) // 200)]:
        one = RosterProblem("one", prob.horizon, prob.shift_types, [prob.people[i]],
                            min_rest_minutes=prob.min_rest_minutes)
        assert evaluate(one, {prob.people[i].id: cg._row(path)}).feasible


def test_each_level_finds_the_optimum_or_proves_nothing_is_that_low(gap_case):
    prob, opt, roster, cg, en = gap_case
    for T in range(int(math.ceil(en.L - 1e-6)), opt + 1):
        cols = en.columns(T, 100_000)
        res = en.solve(cols, 30.0)
        assert res.finished
        if res.roster is not None:
            ev = evaluate(prob, res.roster)
            assert ev.feasible and ev.objective == pytest.approx(res.value)
            assert ev.objective >= opt
        if T < opt:
            assert res.roster is None or res.value > T  # no roster of objective <= T exists
        else:
            assert res.value == pytest.approx(opt)


def test_the_solver_runs_the_levels_and_proves_the_optimum(gap_case):
    prob, opt, _, _, _ = gap_case
    res = solve(prob, 60, threads=2)
    assert res.optimal and res.objective == opt
    assert evaluate(prob, res.roster).objective == opt
    levels = res.stats["enumeration"]["levels"]
    assert levels and levels[0][0] <= opt  # the phase ran, from the bound up


def test_a_cancelled_solve_interrupts_the_mip():
    # seed 12: a gap of 61 between the bound and the optimum; its levels and the exact phase
    # beside them run for about 30 s when left alone
    prob = _gap_problem(seed=12, P=5, H=14)
    cancel = threading.Event()
    threading.Timer(4.0, cancel.set).start()
    t = time.monotonic()
    res = solve(prob, 60, threads=2, cancel=cancel)
    assert time.monotonic() - t < 8.0
    assert res.status == "cancelled" and evaluate(prob, res.roster).feasible
