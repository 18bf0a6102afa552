"""Exact search over enumerated schedules, for problems whose column-generation bound is
close to the incumbent.

At cover prices π (a dual solution of the master LP), every roster costs at least

    L = Σ target·π + Σ_i lb_i,   lb_i = person i's lowest schedule cost less what its cells are worth at π,

and a roster of objective at most T is made of schedules whose excesses over their person's
``lb_i`` add up to at most T − L (the cover terms left over are never negative). When that gap
is small, each person has few such schedules: the pricing DP lists them all
(``Pricer.enumerate``), and a set-partitioning MIP over the lists (SCIP, through OR-Tools)
finds the best roster among them. Since the lists hold every roster of objective ≤ T, the MIP
either finds the optimum (value ≤ T) or proves that no roster is ≤ T; T then goes up by one.

Instance5 (16 people, 28 days): L = 1,140.58; T = 1,141 has 1,701 schedules and 1,142 has
6,478 (no roster there: the lists' best is 1,146), 1,143 has 20,681 and the MIP finds 1,143
and proves it in about 20 s. The lists grow fast with the gap and with degenerate prices
(Instance7 at T = ceil(L): 49,162), so a level is only solved below ``max_columns``.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from .colgen import ColumnGeneration
from .domain import HARD_COVER_PENALTY, Roster
from .pricing import Pricer

#: Polyak subgradient steps on the multipliers of per-type maximums the DP does not count
MULTIPLIER_STEPS = 60


@dataclass
class LevelResult:
    """The MIP over one level's schedules: its best roster (None if none in time), the
    objective of that roster, and a lower bound on every roster in the lists."""

    roster: Roster | None
    value: float | None
    bound: float
    finished: bool  # solved to optimality within the lists (or shown to hold none)
    columns: int
    seconds: float


class Enumeration:
    """The schedules of every person within a gap of the Lagrangian bound, at fixed prices."""

    def __init__(self, cg: ColumnGeneration):
        self.cg = cg
        self.c = cg.c
        self.L: float | None = None
        self._people: list[tuple[Pricer, np.ndarray, float]] = []  # (pricer, multipliers, lb)
        self._duals: np.ndarray | None = None
        self._pricers: dict[int, Pricer] = {}  # built once a person, whatever the prices

    # ---- the bound -----------------------------------------------------------------------
    def prepare(self, deadline: float = math.inf) -> float | None:
        """Choose the prices (the root's LP duals or the best-bound prices, whichever gives
        the higher bound with exact per-person minimums) and return L; None if the root left
        no prices or ``deadline`` passed first."""
        cg = self.cg
        best = None
        for prices in (cg.root_prices, cg.root_center):
            if prices is None:
                continue
            y, z, _mu = prices
            duals = cg._cell_duals(y + z)
            people = []
            for i in range(self.c.P):
                if time.monotonic() >= deadline:
                    return None
                people.append(self._person(i, duals[i]))
            if any(not math.isfinite(lb) for _, _, lb in people):
                continue
            L = cg._dual_objective(y, z) + sum(lb for _, _, lb in people)
            if best is None or L > best[0]:
                best = (L, duals, people)
        if best is None:
            return None
        self.L, self._duals, self._people = best
        return self.L

    def _person(self, i: int, duals_i: np.ndarray) -> tuple[Pricer, np.ndarray, float]:
        """Person i's pricer (counting their tightest per-type maximum), multipliers for the
        other limited types, and the lowest cost of a schedule that keeps every rule of
        theirs at these prices (the DP's when its best keeps the limits, else CP-SAT's on
        the person's own model, else the Lagrangian bound: all valid lower bounds)."""
        cg, K = self.cg, self.c.K
        tmax = cg.type_max[i]
        pr = self._pricer(i)
        cost, cost_off = cg.base[i] - duals_i, cg.base_off[i]
        sols = pr.best(cost, cost_off)
        if not sols:
            return pr, np.zeros(K), math.inf
        v, path = sols[0]
        counts = np.bincount(path[path >= 0], minlength=K)
        if not (counts > tmax).any():
            return pr, np.zeros(K), v
        exact, proved = cg._exact_price(i, cost, cost_off, scale=1e6)
        target = None
        if exact is not None and proved:
            target = cg.path_value(i, exact, duals_i) - self.c.H * 1e-6
        lam, phi = self._multipliers(pr, tmax, cost, cost_off, target)
        return pr, lam, (target if target is not None else phi)

    def _pricer(self, i: int) -> Pricer:
        """Person i's state graph, counting their tightest per-type maximum."""
        pr = self._pricers.get(i)
        if pr is None:
            tmax = self.cg.type_max[i]
            limited = [k for k in range(self.c.K) if tmax[k] <= self.c.H]
            pr = self._pricers[i] = Pricer(self.cg.pricers[i].r)
            if limited:
                k0 = min(limited, key=lambda k: (tmax[k], k))
                pr.track(k0, int(tmax[k0]))
        return pr

    def _multipliers(self, pr: Pricer, tmax: np.ndarray, cost: np.ndarray, cost_off: np.ndarray,
                     target: float | None) -> tuple[np.ndarray, float]:
        """Multipliers for the limited types the pricer does not count, by Polyak steps
        towards ``target`` (the person's exact minimum): the best Lagrangian bound found and
        its multipliers."""
        K, H = self.c.K, self.c.H
        free = np.array([tmax[k] <= H and k != pr.tracked for k in range(K)])
        lam = np.zeros(K)
        best_phi, best_lam = -math.inf, lam.copy()
        for _ in range(MULTIPLIER_STEPS):
            v, path = pr.best(cost + lam[None, :], cost_off)[0]
            counts = np.bincount(path[path >= 0], minlength=K)
            phi = v - float(lam[free] @ tmax[free])
            if phi > best_phi:
                best_phi, best_lam = phi, lam.copy()
            if target is not None and best_phi >= target - 1e-9:
                break
            g = np.where(free, counts - tmax, 0).astype(float)
            g[(g < 0) & (lam <= 0)] = 0.0
            norm = float(g @ g)
            if norm == 0.0:
                break
            step = max(target - phi, 1e-3) if target is not None else 1.0
            lam = np.maximum(0.0, lam + step / norm * g)
        return best_lam, best_phi

    # ---- the schedules ---------------------------------------------------------------------
    def columns(self, T: float, max_columns: int,
                deadline: float = math.inf) -> list[tuple[int, tuple[int, ...]]] | None:
        """Every person's schedules that a roster of objective ≤ T can use; None when there
        are more than ``max_columns`` in all, or ``deadline`` passed first."""
        cg = self.cg
        gap = T - self.L
        out: list[tuple[int, tuple[int, ...]]] = []
        for i, (pr, lam, lb) in enumerate(self._people):
            if time.monotonic() >= deadline:
                return None
            room = max_columns - len(out)
            paths, complete = pr.enumerate(cg.base[i] - self._duals[i], cg.base_off[i], lb + gap,
                                           cg.type_max[i], lam, cap=room + 1)
            if not complete or len(paths) > room:
                return None
            out.extend((i, tuple(int(a) for a in row)) for row in paths)
        return out

    # ---- the MIP ---------------------------------------------------------------------------
    def solve(self, cols: list[tuple[int, tuple[int, ...]]], time_limit: float,
              running: list | None = None) -> LevelResult:
        """The best roster made of ``cols`` (SCIP; one boolean per schedule, integer cover
        shortfalls and surpluses, which SCIP then branches on: Instance5's last level took
        21 s this way against 30 s with them continuous). ``running``: the solver is kept
        there while it runs, so that a cancellation can interrupt it."""
        t0 = time.monotonic()
        cg, p = self.cg, self.c.problem
        mip = pywraplp.Solver.CreateSolver("SCIP")
        if mip is None:
            return LevelResult(None, None, -math.inf, False, len(cols), 0.0)
        obj = mip.Objective()
        person_rows = [mip.Constraint(1.0, 1.0) for _ in range(self.c.P)]
        cover_rows = [mip.Constraint(float(cv.target), float(cv.target)) for cv in p.covers]
        min_rows = {ci: mip.Constraint(float(cv.minimum), mip.infinity())
                    for ci, cv in enumerate(p.covers) if cv.minimum > 0}
        xs = []
        for i, path in cols:
            x = mip.BoolVar("")
            xs.append(x)
            obj.SetCoefficient(x, cg.path_cost(i, path))
            person_rows[i].SetCoefficient(x, 1.0)
            for ci in cg.column_covers(i, path):
                cover_rows[ci].SetCoefficient(x, 1.0)
                if ci in min_rows:
                    min_rows[ci].SetCoefficient(x, 1.0)
        for ci, cv in enumerate(p.covers):
            u, o = mip.IntVar(0.0, mip.infinity(), ""), mip.IntVar(0.0, mip.infinity(), "")
            cover_rows[ci].SetCoefficient(u, 1.0)
            cover_rows[ci].SetCoefficient(o, -1.0)
            obj.SetCoefficient(u, float(cv.weight_under))
            obj.SetCoefficient(o, float(cv.weight_over))
            if ci in min_rows:
                h = mip.IntVar(0.0, mip.infinity(), "")
                min_rows[ci].SetCoefficient(h, 1.0)
                obj.SetCoefficient(h, float(HARD_COVER_PENALTY))
        obj.SetMinimization()
        mip.SetTimeLimit(max(1, int(1000 * time_limit)))
        params = pywraplp.MPSolverParameters()
        params.SetDoubleParam(pywraplp.MPSolverParameters.RELATIVE_MIP_GAP, 0.0)
        if running is not None:
            running.append(mip)
        try:
            status = mip.Solve(params)
        finally:
            if running is not None:
                running.remove(mip)
        seconds = time.monotonic() - t0
        if status == pywraplp.Solver.INFEASIBLE:  # a person with no schedule in the lists
            return LevelResult(None, None, math.inf, True, len(cols), seconds)
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return LevelResult(None, None, -math.inf, False, len(cols), seconds)
        chosen = {}
        for (i, path), x in zip(cols, xs):
            if x.solution_value() > 0.5:
                chosen[i] = path
        roster = {person.id: cg._row(chosen[i]) for i, person in enumerate(p.people)}
        finished = status == pywraplp.Solver.OPTIMAL
        bound = obj.Value() if finished else obj.BestBound()
        return LevelResult(roster, obj.Value(), bound, finished, len(cols), seconds)
