"""Column generation: a covering LP over whole-horizon schedules (one per person), priced by
the per-person dynamic programme of ``pricing.py``, and a diving heuristic that turns the LP
into a roster (fix the people whose schedule is integral, re-generate columns, repeat).

Master LP (GLOP)::

    min  Σ cost(s)·x[i,s] + Σ_c (w_under·u_c + w_over·o_c + HARD·h_c)
    s.t. Σ_s x[i,s] = 1                                  for each person i
         Σ a[c,s]·x[i,s] + u_c − o_c = target_c          for each cover c
         Σ a[c,s]·x[i,s] + h_c ≥ minimum_c               for each hard minimum
         x, u, o, h ≥ 0

Measured on the Curtois–Qu family: the LP bound is within 0.5 % of the best known on
instances 7–12 (equal on 10–12) and the dive lands on or near it; choosing among the
generated columns with a MIP or CP-SAT instead was far worse (the pool rarely holds a good
integer combination), so that was dropped.

``cost(s)`` holds the person's own soft terms (requests, changes to published duties); every
hard rule of the person is inside the pricing problem, so each column is a schedule that
keeps them. The LP bound plus each person's best reduced cost is a valid lower bound on the
whole problem (Lagrangian bound), which is how the solver proves small instances optimal
without branching.

Problems with terms that are not a sum over people's own schedules and single-day covers
(fairness shares, rolling working-time windows) are not handled here; ``supports()`` says
so and the solver then goes straight to its neighbourhood search.
"""
from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from .constraints import Compiled
from .domain import HARD_COVER_PENALTY, OFF, Roster, RosterProblem
from .pricing import PersonRules, Pricer

INF = np.inf
#: a column must improve the LP by more than this to be added
RC_EPS = 1e-6
#: a per-type maximum below this is counted exactly by the pricing DP once it is broken (a
#: resource of that many + 1 values); larger ones stay Lagrange-priced (counting L ≤ 21 on
#: Instance14 made its root LP about twice as slow)
MAX_TRACKED = 8
#: dual smoothing (Wentges): price at this mix of the best-bound prices so far and the LP's
#: own duals, falling back to the LP's when that yields no improving column
SMOOTHING = 0.8
#: GLOP parameters for the master LP
LP_PARAMS = ""
#: the master LP's solver (an OR-Tools linear solver name)
LP_SOLVER = "GLOP"
#: column pool: past this many active columns per person, the non-basic columns with the
#: largest reduced costs are bounded to 0 (inactive) until about half remain; pricing wakes
#: one up when it finds it again. GLOP's re-solves slow down with every column it carries
#: (Instance20: 0.3 s at 2,000, 1.7 s at 7,000) but hardly with columns fixed at 0: its root
#: LP after 60 s went from 5,054 (43 rounds) to 4,782 (93 rounds)
ACTIVE_PER_PERSON = 20
#: DP work (states × resources × days × actions) above which a person is too big to price
#: within a request: the solver then skips column generation
MAX_PRICER_CELLS = 400_000_000


def supports(problem: RosterProblem) -> bool:
    """True when every objective term is per person or per single-day cover."""
    if problem.fairness:
        return False
    if problem.avg_week_minutes is not None and problem.horizon >= problem.reference_days:
        return False
    return True


@dataclass
class Column:
    person: int
    path: tuple[int, ...]  # shift index per day, -1 = off
    cost: float
    var: object = None


@dataclass
class CGResult:
    lp: float  # value of the last master LP
    bound: float  # Lagrangian lower bound (−inf if never computed)
    iterations: int
    columns: int
    converged: bool
    seconds: float
    history: list[tuple[float, float, float]] = field(default_factory=list)  # (t, lp, bound)
    #: the LP has settled for the roster's purposes: converged, or the bound rounded up to an
    #: integer (every weight is one) meets the LP, or (with ``tail_gap``) it is that close
    settled: bool = False


class ColumnGeneration:
    def __init__(self, comp: Compiled, threads: int = 2):
        self.c = comp
        p = self.p = comp.problem
        P, H, K = comp.P, comp.H, comp.K
        self.threads = max(1, threads)
        # ---- per-person costs that do not depend on the duals ---------------------------
        self.base = np.zeros((P, H, K))
        self.base_off = np.zeros((P, H))
        self.const = 0.0
        for i, reqs in enumerate(comp.requests_by_person):
            for r in reqs:
                d = r.day
                if r.shift is None:
                    if r.on:
                        self.base_off[i, d] += r.weight
                    else:
                        self.base[i, d, :] += r.weight
                else:
                    k = comp.sidx[r.shift]
                    if r.on:
                        self.base_off[i, d] += r.weight
                        self.base[i, d, :] += r.weight
                        self.base[i, d, k] -= r.weight
                    else:
                        self.base[i, d, k] += r.weight
        if p.published is not None:
            for pid, row in p.published.items():
                i = comp.pidx.get(pid)
                if i is None:
                    continue
                for d, code in enumerate(row[:H]):
                    st = p.stability.cost(d)
                    if code == OFF:
                        self.base[i, d, :] += st
                    else:
                        k = comp.sidx[code]
                        self.base_off[i, d] += st
                        self.base[i, d, :] += st
                        self.base[i, d, k] -= st
        # disallowed cells (leave, never-worked types, locks) cost infinity
        self.allowed_mask = np.zeros((P, H, K), dtype=bool)
        self.off_ok = np.ones((P, H), dtype=bool)
        for i in range(P):
            for d in range(H):
                for k in comp.allowed[i][d]:
                    self.allowed_mask[i, d, k] = True
                lock = p.locked.get((p.people[i].id, d))
                if lock is not None and lock != OFF:
                    self.off_ok[i, d] = False
        self.base[~self.allowed_mask] = INF
        self.base_off[~self.off_ok] = INF

        # per-type maximums below the horizon: Lagrange-priced
        self.type_max = np.full((P, K), H + 1, dtype=np.int64)
        for i, person in enumerate(p.people):
            for s, mx in person.max_shifts.items():
                k = comp.sidx.get(s)
                if k is not None and 0 < mx < H:
                    self.type_max[i, k] = mx
        self.lam = np.zeros((P, K))
        # ---- pricing graphs --------------------------------------------------------------
        avg = p.avg_limit_minutes()
        self.pricers: list[Pricer] = []
        for i, person in enumerate(p.people):
            mx = person.max_minutes
            if avg is not None:
                lim = avg - person.prior_minutes
                mx = lim if mx is None else min(mx, lim)
            sb = comp.sidx.get(person.shift_before) if person.shift_before else None
            self.pricers.append(Pricer(PersonRules(
                H=H, K=K, minutes=comp.minutes, forbidden=comp.after,
                max_consecutive=person.max_consecutive, min_consecutive=person.min_consecutive,
                min_days_off=person.min_days_off, max_minutes=mx, min_minutes=person.min_minutes,
                max_weekends=person.max_weekends, weekends=comp.weekends,
                shift_before=sb, run_before=person.run_before if sb is not None else 0)))
        # ---- covers ------------------------------------------------------------------------
        self.cov_day = [cv.day for cv in p.covers]
        self.cov_shifts = comp.cover_shifts
        self.cov_people = [set(ps) for ps in comp.cover_people]
        # covers by (day, shift) for the column coefficients
        self.cell_covers: dict[tuple[int, int], list[int]] = {}
        for ci, cv in enumerate(p.covers):
            for k in comp.cover_shifts[ci]:
                self.cell_covers.setdefault((cv.day, k), []).append(ci)
        skills = sorted({cv.skill for cv in p.covers if cv.skill is not None})
        self.person_skills = [[s for s in skills if s in person.skills] for person in p.people]
        self._person_models: dict = {}
        self.lp_params = LP_PARAMS
        self.fixed: dict[int, int] = {}  # person -> column index (diving)
        self.columns: list[Column] = []
        self.keys: dict[tuple[int, tuple[int, ...]], int] = {}  # (person, path) -> column
        self.active_per_person = ACTIVE_PER_PERSON
        self.retired = 0  # columns bounded to 0 by the pool, all told
        self.pruned = 0  # dives given up on their bound (``dive(prune_at=...)``)
        self.inactive: set[int] = set()  # columns the pool has bounded to 0 (see ACTIVE_PER_PERSON)
        self.round_seconds: float | None = None  # a pricing round over everyone, measured
        self.smoothing = SMOOTHING
        self._center = None  # (prices, bound) kept between runs on the same (whole) problem
        self.root_prices: tuple | None = None  # the LP duals (y, z, mu) at a converged root
        #: ... and the prices of its best Lagrangian bound (the smoothing's centre), which on a
        #: degenerate LP can bound far better than its last duals (Instance6: 1,949 against 1,944)
        self.root_center: tuple | None = None
        self._build_master()

    # ---- the pricer's size ---------------------------------------------------------------
    def too_big(self) -> bool:
        return max((pr.cells for pr in self.pricers), default=0) > MAX_PRICER_CELLS

    def round_cells(self) -> int:
        """DP work of one pricing round over everyone (as the pricers stand)."""
        return sum(pr.cells for pr in self.pricers)

    # ---- master LP -------------------------------------------------------------------------
    def _build_master(self) -> None:
        p = self.p
        lp = self.lp = pywraplp.Solver.CreateSolver(LP_SOLVER)
        lp.SetSolverSpecificParametersAsString(self.lp_params)
        self.obj = lp.Objective()
        self.obj.SetMinimization()
        self.person_rows = [lp.Constraint(1.0, 1.0) for _ in range(self.c.P)]
        self.cover_rows, self.min_rows = [], []
        for ci, cv in enumerate(p.covers):
            row = lp.Constraint(float(cv.target), float(cv.target))
            u = lp.NumVar(0.0, lp.infinity(), "")
            o = lp.NumVar(0.0, lp.infinity(), "")
            row.SetCoefficient(u, 1.0)
            row.SetCoefficient(o, -1.0)
            self.obj.SetCoefficient(u, float(cv.weight_under))
            self.obj.SetCoefficient(o, float(cv.weight_over))
            self.cover_rows.append(row)
            if cv.minimum > 0:
                mrow = lp.Constraint(float(cv.minimum), lp.infinity())
                h = lp.NumVar(0.0, lp.infinity(), "")
                mrow.SetCoefficient(h, 1.0)
                self.obj.SetCoefficient(h, float(HARD_COVER_PENALTY))
                self.min_rows.append((ci, mrow))

    def _solve_lp(self) -> bool:
        """Solve the master LP (warm-started). GLOP now and then reports ABNORMAL on these
        masters once many columns are fixed (seen on Instance12 dives); the same LP then
        solves without presolve or without scaling, or else built anew."""
        if self.lp.Solve() == pywraplp.Solver.OPTIMAL:
            return True
        try:
            for params in ("use_preprocessing: false", "use_scaling: false"):
                self.lp.SetSolverSpecificParametersAsString(params)
                if self.lp.Solve() == pywraplp.Solver.OPTIMAL:
                    return True
        finally:
            self.lp.SetSolverSpecificParametersAsString(self.lp_params)
        bounds = [(col.var.lb(), col.var.ub()) for col in self.columns]
        self._build_master()
        for col, (lo, hi) in zip(self.columns, bounds):
            self._add_var(col)
            col.var.SetBounds(lo, hi)
        return self.lp.Solve() == pywraplp.Solver.OPTIMAL

    def _choose_retirements(self) -> list[int]:
        """Pool management, right after an LP solve (its reduced costs are still readable):
        past ACTIVE_PER_PERSON active columns per person, the non-basic ones with the largest
        positive reduced costs, down to half of that, for ``run`` to bound to 0 before its
        next solve (``_retire``). Basic columns stay, so the last basis stays feasible."""
        cap = self.active_per_person * self.c.P
        at_lower = pywraplp.Solver.AT_LOWER_BOUND
        active = 0
        cand = []
        for j, col in enumerate(self.columns):
            st = col.var.basis_status()
            if st == at_lower:
                active += 1
                rc = col.var.reduced_cost()
                if rc > RC_EPS:
                    cand.append((rc, j))
            elif st == pywraplp.Solver.BASIC:
                active += 1
        if active <= cap:
            return []
        cand.sort(reverse=True)
        return [j for _, j in cand[:active - cap // 2]]

    def _retire(self, chosen: list[int]) -> None:
        for j in chosen:
            self.columns[j].var.SetBounds(0.0, 0.0)
            self.inactive.add(j)
        self.retired += len(chosen)

    def column_covers(self, i: int, path) -> list[int]:
        out = []
        for d, k in enumerate(path):
            if k >= 0:
                for ci in self.cell_covers.get((d, k), ()):
                    if i in self.cov_people[ci]:
                        out.append(ci)
        return out

    def path_cost(self, i: int, path) -> float:
        """Person i's own cost of ``path`` (requests, stability): the base cost of each
        shift worked and of each day off (infinite through a disallowed cell)."""
        path = np.asarray(path)
        on = path >= 0
        days = np.arange(len(path))
        return float(self.base[i, days[on], path[on]].sum() + self.base_off[i, days[~on]].sum())

    def add_column(self, i: int, path) -> bool:
        key = (i, tuple(int(k) for k in path))
        j = self.keys.get(key)
        if j is not None:
            if j not in self.inactive:
                return False
            self.inactive.discard(j)  # priced again: back into the LP
            self.columns[j].var.SetBounds(0.0, self.lp.infinity())
            return True
        cost = self.path_cost(i, key[1])
        if not math.isfinite(cost):
            return False
        self.keys[key] = len(self.columns)
        col = Column(i, key[1], cost)
        self._add_var(col)
        self.columns.append(col)
        return True

    def _add_var(self, col: Column) -> None:
        v = col.var = self.lp.NumVar(0.0, self.lp.infinity(), "")
        self.obj.SetCoefficient(v, col.cost)
        self.person_rows[col.person].SetCoefficient(v, 1.0)
        mrow_of = dict(self.min_rows)
        for ci in self.column_covers(col.person, col.path):
            self.cover_rows[ci].SetCoefficient(v, 1.0)
            if ci in mrow_of:
                mrow_of[ci].SetCoefficient(v, 1.0)

    def add_roster(self, roster: Roster) -> None:
        c = self.c
        for i, person in enumerate(self.p.people):
            row = roster[person.id]
            self.add_column(i, tuple(c.sidx[x] if x != OFF else -1 for x in row))

    def _row_duals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The master's duals: cover rows (y), hard-minimum rows (z, by cover; 0 where a
        cover has no minimum) and person rows (mu)."""
        y = np.array([row.dual_value() for row in self.cover_rows])
        z = np.zeros(len(self.cover_rows))
        for ci, mrow in self.min_rows:
            z[ci] = mrow.dual_value()
        mu = np.array([row.dual_value() for row in self.person_rows])
        return y, z, mu

    def _dual_objective(self, y: np.ndarray, z: np.ndarray) -> float:
        """Σ target·y + Σ minimum·z: with Σ mu, the LP's value at its own duals."""
        return float(sum(cv.target * y[ci] + cv.minimum * z[ci] for ci, cv in enumerate(self.p.covers)))

    def _cell_duals(self, yz: np.ndarray) -> np.ndarray:
        """Per person, day and shift: the value of covering it at cover prices ``yz``."""
        c = self.c
        P, H, K = c.P, c.H, c.K
        groups: dict[str | None, np.ndarray] = {}
        for ci, cv in enumerate(self.p.covers):
            v = yz[ci]
            if v == 0.0:
                continue
            g = groups.setdefault(cv.skill, np.zeros((H, K)))
            for k in self.cov_shifts[ci]:
                g[cv.day, k] += v
        none = groups.get(None, np.zeros((H, K)))
        out = np.empty((P, H, K))
        for i in range(P):
            m = none.copy()
            for s in self.person_skills[i]:
                if s in groups:
                    m += groups[s]
            out[i] = m
        return out

    def _duals(self) -> np.ndarray:
        """Per person, day and shift: the value of covering it now."""
        y, z, _ = self._row_duals()
        return self._cell_duals(y + z)

    # ---- pricing -----------------------------------------------------------------------------
    def _multipliers(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Person i's Lagrange multiplier per shift type, and which types they apply to: those
        with a limit below the horizon that the DP does not count itself."""
        limited = self.type_max[i] <= self.c.H
        tracked = self.pricers[i].tracked
        if tracked is not None:
            limited = limited.copy()
            limited[tracked] = False
        return np.where(limited, self.lam[i], 0.0), limited

    def _tighten(self, i: int, over: np.ndarray) -> None:
        """Person i's schedule broke per-type limits by ``over``: count the worst type
        exactly from now on if its limit is small and none is counted yet, else raise the
        multipliers of the broken types."""
        pr, tmax = self.pricers[i], self.type_max[i]
        worst = int(np.argmax(over))
        if pr.tracked is None and tmax[worst] < MAX_TRACKED:
            pr.track(worst, int(tmax[worst]))
            return
        bump = np.maximum(1.0, 2.0 * self.lam[i])
        self.lam[i] = np.where(over > 0, self.lam[i] + bump, self.lam[i])

    def path_value(self, i: int, path: np.ndarray, value: np.ndarray) -> float:
        """Person i's own cost of ``path`` less what its cells are worth (``value``: per day
        and shift, e.g. the duals): its reduced cost before the person row's dual."""
        on = path >= 0
        return self.path_cost(i, path) - float(value[np.arange(len(path))[on], path[on]].sum())

    def _price(self, i: int, duals_i: np.ndarray, mu: float, ncols: int, eps: float = RC_EPS):
        """Columns for person i with negative reduced cost, and a lower bound on their best
        reduced cost (Lagrangian over the per-type maximums the DP does not count)."""
        pr = self.pricers[i]
        K = self.c.K
        tmax = self.type_max[i]
        cost_off = self.base_off[i]
        found = []
        lb = -INF
        for attempt in range(6):
            lam, limited = self._multipliers(i)
            cost = self.base[i] - duals_i + lam[None, :]
            sols = pr.best(cost, cost_off, ncols)
            if not sols:  # no schedule keeps this person's rules
                return [], INF
            v0 = sols[0][0]
            lb = max(lb, v0 - float(lam[limited] @ tmax[limited]) - mu)
            viol = None
            for v, path in sols:
                counts = np.bincount(path[path >= 0], minlength=K)
                over = counts - tmax
                if (over > 0).any():
                    if viol is None:
                        viol = over
                    continue
                rc = self.path_value(i, path, duals_i) - mu
                if rc < -eps:
                    found.append(path)
            if viol is None:
                # the best schedule kept the type limits: the multipliers can relax
                self.lam[i] *= 0.8
                break
            if found:
                break
            self._tighten(i, viol)
        if not found and lb < -eps:
            # the multipliers did not give a schedule within the type limits: ask CP-SAT for
            # the exact best one (it keeps every rule of the person's own model)
            path, proved = self._exact_price(i, self.base[i] - duals_i, cost_off)
            if path is not None:
                rc = self.path_value(i, path, duals_i) - mu
                if rc < -eps:
                    found.append(path)
                elif proved:
                    # optimal for the costs rounded to 1/1000: a bound up to that rounding
                    lb = max(lb, rc - self.c.H / 1000.0)
        return found, min(0.0, lb)

    def best_schedule(self, i: int, cost: np.ndarray) -> np.ndarray | None:
        """Person i's cheapest schedule for per-cell costs ``cost`` (off days cost their
        base), keeping every rule of theirs including the per-type maximums: the DP with
        Lagrange-priced (or counted) type limits, CP-SAT when those do not settle. None when
        the person has no schedule at all."""
        pr = self.pricers[i]
        tmax = self.type_max[i]
        for _ in range(6):
            lam, _limited = self._multipliers(i)
            sols = pr.best(cost + lam[None, :], self.base_off[i], 1)
            if not sols:
                return None
            path = sols[0][1]
            over = np.bincount(path[path >= 0], minlength=self.c.K) - tmax
            if not (over > 0).any():
                return path
            self._tighten(i, over)
        path, _ = self._exact_price(i, cost, self.base_off[i])
        return path

    def lp_rounding(self) -> Roster | None:
        """Each person's schedule with the largest value in the master LP's solution (the
        LP solved as it stands); None if it cannot be solved."""
        if not self._solve_lp():
            return None
        best = self._largest()
        return {p.id: self._row(self.columns[best[i][1]].path) for i, p in enumerate(self.p.people)}

    def _row(self, path) -> list[str]:
        """A column's path as a roster row."""
        return [self.c.sid[k] if k >= 0 else OFF for k in path]

    def _largest(self, rng=None) -> dict[int, tuple[float, int]]:
        """Per person not fixed by a dive: the value and index of their largest column in the
        LP solution (with ``rng``, near-ties broken at random)."""
        vals = self.lp_values()
        best: dict[int, tuple[float, int]] = {}
        for j, col in enumerate(self.columns):
            if col.person in self.fixed:
                continue
            v = vals[j]
            if rng is not None and v > 1e-6:
                v += 0.05 * rng.random()
            if col.person not in best or v > best[col.person][0]:
                best[col.person] = (v, j)
        return best

    def greedy(self, deadline: float, passes: int = 3, order: list[int] | None = None,
               start: Roster | None = None) -> Roster | None:
        """A roster by exact one-person moves (from ``start`` if given): each person in turn
        gets their best schedule
        given everyone already placed (what one more of them is worth to each cover: the
        hard-minimum penalty below the minimum, the under-cover weight below the target,
        minus the over-cover weight above it), then further passes re-plan each person
        against all the others until a pass changes nothing. Every schedule keeps its
        person's rules, so the roster breaks none of them. None if someone has no schedule
        that does (the caller then builds its start another way)."""
        c, p = self.c, self.p
        P, H, K = c.P, c.H, c.K
        covers = p.covers
        count = np.zeros(len(covers), dtype=np.int64)
        paths: list[np.ndarray | None] = [None] * P
        order = list(range(P)) if order is None else order
        if start is not None:  # improve this roster (its schedules keep their rules)
            for i, person in enumerate(p.people):
                paths[i] = np.array([c.sidx[x] if x != OFF else -1 for x in start[person.id]], dtype=np.int64)
                for ci in self.column_covers(i, paths[i]):
                    count[ci] += 1

        def apply(i, path, sign):
            for ci in self.column_covers(i, path):
                count[ci] += sign

        times: list[float] = []
        for it in range(passes):
            changed = False
            for i in order:
                if time.monotonic() >= deadline and all(x is not None for x in paths):
                    break
                if paths[i] is not None:
                    apply(i, paths[i], -1)
                value = np.zeros((H, K))
                for ci, cv in enumerate(covers):
                    if i not in self.cov_people[ci]:
                        continue
                    n = count[ci]
                    v = (HARD_COVER_PENALTY if n < cv.minimum else 0.0) + \
                        (cv.weight_under if n < cv.target else -cv.weight_over)
                    for k in self.cov_shifts[ci]:
                        value[cv.day, k] += v
                t = time.monotonic()
                path = self.best_schedule(i, self.base[i] - value)
                times.append(time.monotonic() - t)
                if path is None:
                    if paths[i] is None:
                        return None
                    path = paths[i]
                if paths[i] is None or not np.array_equal(path, paths[i]):
                    old = paths[i]
                    if old is not None:
                        if self.path_value(i, path, value) >= self.path_value(i, old, value) - 1e-9:
                            path = old  # no better: keep it (no cycling between ties)
                        else:
                            changed = True
                    else:
                        changed = True
                paths[i] = path
                apply(i, path, +1)
            if not changed or time.monotonic() >= deadline:
                break
        # measured pricing speed: what a round over everyone costs (the solver's gate; the
        # median, as the first call may include loading the compiled DP)
        self.round_seconds = float(np.median(times)) * P / self.threads if times else None
        for i, path in enumerate(paths):
            self.add_column(i, path)
        return {p.people[i].id: self._row(paths[i]) for i in range(P)}

    def _exact_price(self, i: int, cost: np.ndarray, cost_off: np.ndarray, scale: float = 1000.0):
        """Person i's best schedule by CP-SAT on their own rules (no covers), the objective
        being the given per-cell costs (scaled to integers)."""
        rm = self._person_models.get(i)
        if rm is None:
            rm = self._person_models[i] = _person_model(self.p, i)
        H = self.c.H
        terms, coefs = [], []
        const = 0
        for d in range(H):
            co = cost_off[d]
            off_c = int(round(scale * co)) if math.isfinite(co) else 0
            const += off_c
            for k, v in rm.x[0][d].items():
                if isinstance(v, int):
                    continue
                cc = cost[d, k]
                if not math.isfinite(cc):  # not a possible cell (the model has no variable for it)
                    continue
                terms.append(v)
                coefs.append(int(round(scale * cc)) - off_c)
        rm.model.minimize(cp_model.LinearExpr.weighted_sum(terms, coefs) + const)
        s = cp_model.CpSolver()
        s.parameters.max_time_in_seconds = 2.0
        s.parameters.num_workers = 1
        st = s.solve(rm.model)
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, False
        path = np.full(H, -1, dtype=np.int64)
        for d in range(H):
            for k, v in rm.x[0][d].items():
                if (v if isinstance(v, int) else s.boolean_value(v)):
                    path[d] = k
        return path, st == cp_model.OPTIMAL

    def run(self, deadline: float, ncols: int = 3, stop_at: float | None = None,
            should_stop=lambda: False, max_iterations: int | None = None,
            eps: float = RC_EPS, retire: bool = True, tail_gap: float | None = None) -> CGResult:
        """Generate columns until no schedule improves the LP by more than ``eps``, time runs
        out, the bound reaches ``stop_at`` (an incumbent's objective) or the LP has settled:
        every objective weight is an integer, so once the bound rounded up meets the LP no
        roster can be proved better by going on (Instance20: LP 4,769.00 and bound 4,766 after
        180 s, 4,768.3 after 300 s); with ``tail_gap``, also once the bound is within that
        share of the LP (the LP solution no longer moves; the proof may be left unfinished).
        ``retire``: manage the pool (ACTIVE_PER_PERSON)."""
        t0 = time.monotonic()
        it = 0
        lp_val, bound = INF, -INF
        if self.fixed:
            self._center = None
        center, center_bound = self._center or (None, -INF)  # stability centre of smoothing
        converged = settled = False
        chosen: list[int] = []  # columns to retire before the next solve
        hist = []
        pool = ThreadPoolExecutor(self.threads) if self.threads > 1 else None
        try:
            while time.monotonic() < deadline and not should_stop():
                if max_iterations is not None and it >= max_iterations:
                    break
                self._retire(chosen)
                if not self._solve_lp():
                    break
                it += 1
                lp_val = self.obj.Value()
                y, z, mu = self._row_duals()
                chosen = self._choose_retirements() if retire else []
                free = [i for i in range(self.c.P) if i not in self.fixed]
                smooth = self.smoothing > 0 and center is not None and not self.fixed
                lp_duals = None
                added = 0
                for point in (("smoothed", "lp") if smooth else ("lp",)):
                    if point == "smoothed":
                        a = self.smoothing
                        yt, zt, mut = (a * center[0] + (1 - a) * y, a * center[1] + (1 - a) * z,
                                       a * center[2] + (1 - a) * mu)
                    else:
                        yt, zt, mut = y, z, mu
                    duals = self._cell_duals(yt + zt)
                    if point == "lp":
                        lp_duals = duals
                    args = [(i, duals[i], mut[i], ncols, eps) for i in free]
                    if pool is not None:
                        res = list(pool.map(lambda a: self._price(*a), args))
                    else:
                        res = [self._price(*a) for a in args]
                    lb_sum = 0.0
                    improving = 0
                    if lp_duals is None:
                        lp_duals = self._cell_duals(y + z)
                    for (i, *_), (paths, lb) in zip(args, res):
                        lb_sum += lb
                        for path in paths:
                            if self.add_column(i, path):
                                added += 1
                                improving += self.path_value(i, path, lp_duals[i]) - mu[i] < -eps
                    # Lagrangian bound at the prices used (any convex combination of
                    # dual-feasible prices is one): dual objective + Σ (mu + best rc) over
                    # the free people + what a fixed person's schedule costs at these prices
                    L = self._dual_objective(yt, zt) + float(sum(mut[i] for i in free)) + lb_sum
                    for i, j in self.fixed.items():
                        L += self.path_value(i, np.asarray(self.columns[j].path), duals[i])
                    bound = max(bound, L)
                    if center is None or L > center_bound:
                        center, center_bound = (yt, zt, mut), L
                        self._center = (center, center_bound)
                    if improving:
                        break  # the LP will move: no need to price at its own duals
                hist.append((round(time.monotonic() - t0, 2), lp_val, bound))
                if not self.fixed and bound >= lp_val - eps:
                    converged = True  # the bound meets the LP: nothing can improve it
                elif improving == 0:
                    converged = all(lb > -eps for _, lb in res)
                if not self.fixed and math.isfinite(bound):
                    closed = math.ceil(bound - 1e-6) >= lp_val - 1e-6
                    tail = tail_gap is not None and lp_val - bound <= tail_gap * abs(lp_val)
                    settled = converged or closed or tail
                if converged or improving == 0 or settled:
                    if converged and not self.fixed:
                        bound = max(bound, lp_val)
                    if (converged or settled) and not self.fixed:
                        self.root_prices = (y, z, mu)
                        self.root_center = center
                    break
                if stop_at is not None and bound >= stop_at - 1 + 1e-6:
                    break
        finally:
            if pool is not None:
                pool.shutdown()
        return CGResult(lp_val, bound, it, len(self.columns), converged,
                        round(time.monotonic() - t0, 2), hist, settled or converged)

    def reduced_domains(self, ub: float) -> list[list[tuple[int, ...]]] | None:
        """Reduced-cost fixing. Each person's possible shifts per day, less those that no
        roster of objective ≤ ``ub`` can use: with the LP value z and duals, any roster costs
        at least z + Σ_i rc_i(schedule_i), and ``Pricer.cell_bounds`` bounds rc_i from below
        for the schedules through each cell. The prices are the converged root's when kept
        (the pool may have been cut back since), else the LP's as it stands. None if the LP
        cannot be solved."""
        c = self.c
        if self.root_prices is not None:
            y, zz, mus = self.root_prices
            z = self._dual_objective(y, zz) + float(mus.sum())
            duals = self._cell_duals(y + zz)
        else:
            if not self._solve_lp():
                return None
            z = self.obj.Value()
            duals = self._duals()
            mus = [row.dual_value() for row in self.person_rows]
        H = c.H
        bounds, lbs = [], []
        for i in range(c.P):
            pr = self.pricers[i]
            tmax = self.type_max[i]
            lam, limited = self._multipliers(i)
            L = pr.cell_bounds(self.base[i] - duals[i] + lam[None, :], self.base_off[i])
            L = L - float(lam[limited] @ tmax[limited]) - mus[i]
            bounds.append(L)
            lbs.append(min(0.0, float(L[0].min())) if np.isfinite(L[0].min()) else 0.0)
        total = sum(lbs)
        out = []
        for i in range(c.P):
            slack = ub - z - (total - lbs[i]) + 1e-4
            L = bounds[i]
            out.append([tuple(k for k in c.allowed[i][d] if L[d, k] <= slack) for d in range(H)])
        return out

    def lp_values(self) -> list[float]:
        return [col.var.solution_value() for col in self.columns]

    def _fix(self, i: int, j: int) -> None:
        self.fixed[i] = j
        self.inactive.discard(j)
        for jj, col in enumerate(self.columns):
            if col.person == i:
                col.var.SetBounds(1.0 if jj == j else 0.0, 1.0 if jj == j else 0.0)

    def _unfix(self) -> None:
        self._center = None
        for j, col in enumerate(self.columns):
            col.var.SetBounds(0.0, 0.0 if j in self.inactive else self.lp.infinity())
        self.fixed = {}

    def dive(self, deadline: float, step_iterations: int = 25, fix_share: int = 1000,
             should_stop=lambda: False, keep: Roster | None = None, rng=None,
             step_eps: float = RC_EPS, prune_at: float | None = None) -> Roster | None:
        """Depth-first rounding: solve the LP (generating columns), fix every person whose
        schedule is (nearly) integral — or the most integral one — and repeat until everyone
        has a schedule. The LP stays feasible throughout (cover slack), so a dive always ends
        with a roster: past ``deadline`` everyone left is rounded to their largest schedule.

        ``keep``: people whose schedules are fixed from the start (a neighbourhood dive: only
        the others are re-planned); ``rng``: break near-ties between people at random;
        ``step_eps``: between fixings, columns are added only while they improve the LP by
        more than this (a loose value saves time on large rosters); ``prune_at``: give up
        (None) as soon as the dive's bound shows it cannot end below this objective."""
        c, p = self.c, self.p
        # dives retire no more columns (through a pool managed as it goes, Instance10's first
        # dive landed at 4,661 instead of 4,631) but leave the retired ones out: waking them
        # all made Instance12's first dive take 48 s instead of 29 s, for the same roster
        try:
            if keep:
                for pid, row in keep.items():
                    i = c.pidx[pid]
                    path = tuple(c.sidx[x] if x != OFF else -1 for x in row)
                    self.add_column(i, path)
                    self._fix(i, self.keys[(i, path)])
            while len(self.fixed) < c.P:
                if should_stop():
                    return None
                late = time.monotonic() >= deadline
                if not late:
                    res = self.run(deadline, should_stop=should_stop, max_iterations=step_iterations,
                                   eps=step_eps, retire=False, stop_at=prune_at)
                    if prune_at is not None and math.ceil(res.bound - 1e-6) >= prune_at:
                        self.pruned += 1
                        return None
                if not self._solve_lp():  # columns added since the last solve
                    return None
                best = self._largest(rng)
                if not best:
                    break
                sure = [(i, j) for i, (v, j) in best.items() if v > 0.99]
                if late:  # out of time: round everyone left to their largest schedule
                    sure = [(i, j) for i, (v, j) in best.items()]
                if not sure:
                    # the most integral people (a few at once on large rosters)
                    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
                    sure = [(i, j) for i, (v, j) in ranked[:max(1, len(ranked) // fix_share)]]
                for i, j in sure:
                    self._fix(i, j)
            return {p.people[i].id: self._row(self.columns[j].path) for i, j in self.fixed.items()}
        finally:
            self._unfix()


def _person_model(problem: RosterProblem, i: int):
    """CP-SAT model of one person's own rules (the roster model on a one-person problem with
    no covers, requests or published roster)."""
    from dataclasses import replace

    from .constraints import RosterModel, compile_problem

    person = problem.people[i]
    sub = replace(problem, people=[person], covers=[], requests=[], fairness=[], published=None,
                  unavailable={k: v for k, v in problem.unavailable.items() if k[0] == person.id},
                  locked={k: v for k, v in problem.locked.items() if k[0] == person.id},
                  restricted={k: v for k, v in problem.restricted.items() if k[0] == person.id})
    return RosterModel(compile_problem(sub))
