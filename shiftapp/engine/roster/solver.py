"""Solve a RosterProblem: constructive start, exact CP-SAT for small problems, then a large
neighbourhood search (LNS) that we drive ourselves.

Phases
1. Construction. For problems column generation models (``colgen.supports``) and no hint:
   exact one-person moves with the pricing DP (``construct_dp``), then column generation,
   its LP rounding and dives (whole dives, or window dives on long horizons) before the
   steps below. Otherwise, starting from the hint (or an empty roster), re-optimise one person at a
   time with everyone else fixed. Every hard rule of the benchmark family is per person, so
   after one pass the roster is feasible; each step is a small exact CP-SAT solve of that
   person's best contribution to cover and requests (or, when that finds nothing in its
   time or 40 % of the limit has gone, the person's first feasible row). With a hint
   (re-planning), only the people whose own rules the hint breaks are re-solved. Problems
   with fairness shares, no hint and too large for the exact phase first solve the problem
   without the shares for half the time (``relaxed_start``): its roster is the hint.
   Where the root LP settled, the enumeration (``enumeration.py``): every schedule a roster
   of objective ≤ T can use and a MIP over them, for T from the bound up; it finds the
   optimum or raises the bound, beside the exact phase below (one worker each).
2. Search, in two threads (CP-SAT releases the GIL):
   - LNS: repeatedly free a neighbourhood — a few people over the whole horizon (random, or
     a person and those allowed the same shifts), every person over a window of days, more
     people over a shorter window, or the people able to fill a costly cover gap — fix the
     rest, and re-optimise it with CP-SAT (linearization level 2, hinted with the incumbent,
     an objective cutoff asking for a strictly better roster, stopped after a grace period
     without further improvement). Neighbourhood sizes adapt (grow when a sub-problem is
     settled, shrink when it times out); operators are picked by recent success.
     Once the search stalls, some sub-solves make sideways moves instead: a different
     roster of equal cost (crossing the plateaus that strict improvement cannot).
   - Before it, for small models (≤ EXACT_MAX_SIZE person × day × shift cells), CP-SAT on
     the whole model (hinted; two workers, LP-heavy and core-based) for 60 % of the time;
     its solutions are offered as they come and a proof of optimality ends the solve.
   A candidate replaces the incumbent only after the independent evaluator has re-scored it.

Every objective reported comes from ``evaluator.evaluate``.
"""
from __future__ import annotations

import math
import random
from dataclasses import replace
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Protocol

from ortools.sat.python import cp_model

from . import colgen, enumeration, horizon
from .constraints import Compiled, RosterModel, compile_problem
from .domain import HARD_COVER_PENALTY, OFF, RosterProblem, Roster
from .evaluator import Evaluation, evaluate


#: models up to this many person × day × shift-type cells get an exact CP-SAT thread
EXACT_MAX_SIZE = 2500
#: the exact phase's share of the time limit. At 0.3, Instances 6 and 7 at 60 s ended at
#: 1951 and 1057; at 600 s the same phase found 1950 on 6 after 22 s of CP-SAT and proved it.
#: At 0.6: 1950 (proven, 21 s) and 1056; 5 and 8 unchanged (1145, 1304); at 0.85, 8 gave 1303
EXACT_SHARE = 0.6
#: past this share of the time limit, construction takes each person's first feasible row
CONSTRUCT_SHARE = 0.4
#: the pricing-DP construction stops its improving passes at this share of the time limit
CONSTRUCT_DP_SHARE = 0.05
#: ... and polishing a rounded LP at this share
POLISH_SHARE = 0.03
#: column generation: the root LP may use up to this share of the time limit, the dive up to
#: the second share (both stop early when done)
CG_ROOT_SHARE = 0.3
CG_DIVE_SHARE = 0.7
#: ... except the first dive, which may run to this share: on large rosters it is what finds
#: the good roster (Instance12: root 7–9 s, dive 33 s; cut off at 42 s it rounds to 6469)
CG_FIRST_DIVE_SHARE = 0.9
#: column-generation rounds between fixings in the first dive (Instance12: 10 took 43.6 s and
#: was cut off at 90 % of 60 s, 5 took 31.8 s and reached 4041)
FIRST_DIVE_STEP = 5
#: reduced-cost fixing is skipped when it would take more than FIXING_SHARE of the time limit,
#: at FIXING_ROUNDS pricing runs a person (Instance20: 0.09 s against 0.007 s) ...
FIXING_SHARE = 0.05
FIXING_ROUNDS = 15
#: ... or, with no measured pricing speed, above this much DP work (all people together)
FIXING_MAX_CELLS = 100_000_000
#: column generation only when one pricing round (all people) takes at most this share of the
#: time limit (measured while constructing) ...
CG_ROUND_SHARE = 0.01
#: ... or, unmeasured, is at most this many DP cells per second of it (a worst-case count)
CG_CELLS_PER_SECOND = 25_000_000
#: long horizons (at least LONG_DAYS): window sweeps (``horizon.improve_window``) to this
#: share of the time, each window given at most WINDOW_SHARE of it; windows of WINDOW_DAYS
#: days, half a window apart, growing by half a window after a sweep without a gain
LONG_DAYS = 84
WINDOW_SWEEP_SHARE = 0.9
WINDOW_SHARE = 0.2
WINDOW_DAYS = 56
#: a sweep that takes less than this share off the objective counts as a sweep without a
#: gain: the windows then grow and are re-planned carefully (``improve_window(careful=True)``:
#: the LP settled, a slower dive). Instance20 at 600 s: 4,862 with quick windows throughout
#: (tiny gains kept them at 56 days until 316 s), 4,833 with this rule
SWEEP_GAIN = 0.002
#: long horizons whose time limit allows it: the whole-horizon root first, to this share of
#: the time, when LONG_ROOT_ROUNDS pricing rounds (as the construction timed one) fit in that
#: share. Instance20's root settles in 118 iterations, 105 s: 270 of its 0.39 s pricing
#: rounds (the master LP takes longer than the pricing), so it is tried from about 470 s on
LONG_ROOT_SHARE = 0.25
LONG_ROOT_ROUNDS = 300
#: ... and stops once its bound is within this share of the LP (the LP has stopped moving;
#: Instance20 spent 80 of its 180 s on the last 0.15 % of the proof)
LONG_ROOT_TAIL = 5e-3
#: exact search over enumerated schedules (``enumeration.py``) after the first dive, while
#: the lists of schedules a better roster could use stay below ENUM_MAX_COLUMNS in all, to
#: this share of the time. Instance5 at 60 s: 1,143 proven optimal at 23-26 s (levels of 1,708
#: and 22,224 schedules), where every other phase ends at 1,145; Instance6's first level
#: (35,310) proves 1,950 beside the exact phase that finds it; Instance7's first has 49,162
ENUM_SHARE = 0.6
ENUM_MAX_COLUMNS = 40_000
#: a level that takes less than this share of the phase's time left doubles the step to the
#: next level's T (Instance5: T = 1,141 in 1.2 s, then straight to 1,143)
ENUM_QUICK_LEVEL = 0.1
#: problems with fairness shares, too large for the exact phase and solved without a hint: a
#: first stage solves them without the shares for this share of the time, and the search
#: goes on from its roster with them. The 13-week response team at 60 s: 516-791 in twelve
#: runs (median 572) against 637-892 for the whole model from the start; 587 and 665 at a third
RELAXED_SHARE = 0.5
#: neighbourhood dives stop after this many in a row without an improvement
DIVE_STALL = 15
#: share of LNS sub-solves that look for a different roster of equal cost (sideways move)
SIDEWAYS = 0.3
#: ... once this many sub-solves in a row have not improved the incumbent
SIDEWAYS_AFTER = 12


class CancelToken(Protocol):
    def is_set(self) -> bool: ...


@dataclass
class Progress:
    seconds: float
    objective: int | None  # evaluator objective of the incumbent (None before the first)
    bound: int | None
    phase: str
    iterations: int


@dataclass
class SolveResult:
    roster: Roster
    evaluation: Evaluation
    objective: int
    feasible: bool
    optimal: bool  # proven optimal by CP-SAT on the full model
    bound: int | None
    seconds: float
    status: str  # "optimal" | "feasible" | "infeasible" | "cancelled"
    iterations: int = 0
    history: list[tuple[float, int]] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def score(ev: Evaluation) -> int:
    """Internal score: evaluator objective plus a large penalty per hard violation (a hard
    cover minimum costs HARD_COVER_PENALTY per missing person, like the model; any other
    broken hard rule ten times that)."""
    pen = 0
    for v in ev.hard:
        pen += HARD_COVER_PENALTY * v.amount if v.rule == "cover_minimum" else HARD_COVER_PENALTY * 10
    return ev.objective + pen


def _cp_solver(limit: float, workers: int, seed: int, params: dict) -> cp_model.CpSolver:
    """A CP-SAT solver with a time limit, workers, a seed and further parameters (``subsolvers``
    as a list, the rest by name)."""
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = limit
    s.parameters.num_workers = workers
    s.parameters.random_seed = seed
    for k, v in params.items():
        if k == "subsolvers":
            s.parameters.subsolvers.extend(v)
        else:
            setattr(s.parameters, k, v)
    return s


# ---- neighbourhood operators ----------------------------------------------------------------

class _Op:
    def __init__(self, name: str, lo: float, hi: float, start: float):
        self.name = name
        self.lo, self.hi = lo, hi
        self.size = start  # real-valued size parameter
        self.weight = 1.0
        self.calls = 0
        self.wins = 0
        self.optimal = 0
        self.time = 0.0

    def feedback(self, solved_optimally: bool, improved: bool, dt: float) -> None:
        self.calls += 1
        self.time += dt
        self.optimal += int(solved_optimally)
        if improved:
            self.wins += 1
        if solved_optimally:
            self.size = min(self.hi, self.size * 1.08 + 0.05)
        else:
            self.size = max(self.lo, self.size / 1.15)
        reward = (1.0 if improved else 0.0) / max(dt, 0.05)
        self.weight = 0.9 * self.weight + 0.1 * (reward + 0.05)


class Solver:
    def __init__(self, problem: RosterProblem, time_limit: float = 60.0, *, hint: Roster | None = None,
                 progress: Callable[[Progress], None] | None = None, cancel: CancelToken | None = None,
                 seed: int = 0, threads: int = 2, movable: set[tuple[str, int]] | None = None,
                 log: bool = False):
        self.p = problem
        self.comp: Compiled = compile_problem(problem)
        self.time_limit = time_limit
        self.hint = hint
        self.progress_cb = progress
        self.cancel = cancel
        self.rng = random.Random(seed)
        self.seed = seed
        self.threads = max(1, threads)
        self.log = log
        self.t0 = time.monotonic()
        self.lock = threading.Lock()
        self.best: Roster | None = None
        self.best_eval: Evaluation | None = None
        self.best_score: int | None = None
        self.version = 0
        self.bound: int | None = None
        self.optimal = False
        self.iterations = 0
        self.sideways = 0
        self.last_improve_iter = 0
        self.history: list[tuple[float, int]] = []
        self._active: list[cp_model.CpSolver] = []
        self._mips: list = []  # MIP solvers running (enumeration), interrupted on cancellation
        self._stop = False
        self.errors: list[str] = []
        self.cg_stats: dict = {}
        self._cg: colgen.ColumnGeneration | None = None  # kept after the first dive
        self._cg_start: colgen.ColumnGeneration | None = None  # built by construct_dp
        self._deadline: dict[int, tuple] = {}
        self.mode_weight = {"first": 1.0, "grace": 1.0}
        c = self.comp
        self.allowed_sets = [set(k for a in c.allowed[i] for k in a) for i in range(c.P)]
        if movable is not None:
            self.movable_cells = {(c.pidx[p], d) for (p, d) in movable}
        else:
            self.movable_cells = None
        P, H = c.P, c.H
        self.ops = [
            _Op("people", 1, max(1, P), min(3.0, P)),
            _Op("window", 2, H, min(7.0, H)),
            _Op("people_window", 2, max(2, P), min(8.0, P)),
            _Op("gap", 1, max(1, P), min(4.0, P)),
        ]

    # ---- bookkeeping -------------------------------------------------------------------
    def elapsed(self) -> float:
        return time.monotonic() - self.t0

    def remaining(self) -> float:
        return self.time_limit - self.elapsed()

    def stopped(self) -> bool:
        if self._stop:
            return True
        if self.bound is not None and self.best_score is not None and self.best_score <= self.bound:
            self.optimal = True  # the incumbent meets a proven lower bound
            self._stop = True
            return True
        if self.cancel is not None and self.cancel.is_set():
            self._stop = True
            return True
        return self.remaining() <= 0

    def _report(self, phase: str) -> None:
        obj = self.best_eval.objective if self.best_eval is not None else None
        self._emit(Progress(self.elapsed(), obj, self.bound, phase, self.iterations))

    def _emit(self, p: Progress) -> None:
        if self.progress_cb is not None:
            try:
                self.progress_cb(p)
            except Exception:  # a broken callback must not kill the solve
                pass

    def offer(self, roster: Roster, phase: str, base_version: int | None = None) -> bool:
        """Accept ``roster`` if the evaluator says it is no worse than the incumbent."""
        ev = evaluate(self.p, roster)
        sc = score(ev)
        with self.lock:
            if self.best_score is not None and sc > self.best_score:
                return False
            strictly = self.best_score is None or sc < self.best_score
            if not strictly and base_version is not None and base_version != self.version:
                return False
            self.best, self.best_eval, self.best_score = roster, ev, sc
            self.version += 1
            if strictly:
                self.last_improve_iter = self.iterations
                self.history.append((round(self.elapsed(), 2), ev.objective))
                if self.log:
                    print(f"  {self.elapsed():6.1f}s {phase:14s} {ev.objective} (score {sc})", flush=True)
        if strictly:
            self._report(phase)
        return strictly

    # ---- CP-SAT --------------------------------------------------------------------------
    def _cp_solve(self, rm: RosterModel, limit: float, workers: int = 1, grace: bool = False,
                  **params) -> tuple[cp_model.CpSolver, int]:
        """Solve a (sub-)model. With ``grace``, stop once no better solution has come for a
        while after the first one (half the time it took to find, at least 50 ms): the
        first-improvement steps are small, waiting for proofs of optimality is slow."""
        s = _cp_solver(max(0.01, limit), workers, self.rng.randrange(1 << 30), params)
        cb = None
        if grace:
            t_start = time.monotonic()
            outer = self

            class _Grace(cp_model.CpSolverSolutionCallback):
                def on_solution_callback(cb_self):
                    now = time.monotonic()
                    outer._deadline[id(s)] = (s, now + max(0.05, 0.5 * (now - t_start)))
            cb = _Grace()
        try:
            with self._running(s):
                st = s.solve(rm.model, cb) if cb is not None else s.solve(rm.model)
        finally:
            self._deadline.pop(id(s), None)
        return s, st

    @contextmanager
    def _running(self, s: cp_model.CpSolver):
        """``s`` solving: the watcher stops it once the run is over (``_watch``)."""
        with self.lock:
            self._active.append(s)
        try:
            yield s
        finally:
            with self.lock:
                self._active.remove(s)

    def _free_cells(self, people: list[int], days: range) -> set[tuple[int, int]]:
        cells = {(i, d) for i in people for d in days}
        if self.movable_cells is not None:
            cells &= self.movable_cells
        return cells

    # ---- phases --------------------------------------------------------------------------
    def relaxed_start(self) -> None:
        """Fairness shares make the search slow to fill cover: every swap of nights or
        weekends between two people moves both their shares, so the LNS spends its time on
        fair rosters with gaps (the response team: 637-892 at 60 s, cover under 439-496
        of it). Without them the same search fills the cover far better, and putting the
        shares right afterwards costs less than it gains (median 572). So: a solve of the problem
        without fairness for RELAXED_SHARE of the time, whose roster becomes the hint the
        construction starts from. Only without a hint of our own (a published rota is
        already shaped by its shares) and on models too large for the exact phase."""
        inner = Solver(replace(self.p, fairness=[]), RELAXED_SHARE * self.time_limit,
                       progress=self._relaxed_progress, cancel=self.cancel, seed=self.seed,
                       threads=self.threads, log=self.log)
        res = inner.run()
        self.errors.extend(inner.errors)
        self.cg_stats["relaxed"] = {"objective": res.objective, "seconds": res.seconds,
                                    "with_fairness": evaluate(self.p, res.roster).objective}
        self.hint = res.roster

    def _relaxes(self, small: bool) -> bool:
        """Whether the solve starts with the relaxed stage (``relaxed_start``)."""
        return bool(self.p.fairness) and self.hint is None and self.movable_cells is None and not small

    def _relaxed_progress(self, p: Progress) -> None:
        """The relaxed stage's progress, reported as this solve's: its objective leaves the
        shares out, so none is given."""
        self._emit(Progress(self.elapsed(), None, None, "without fairness", p.iterations))

    def construct(self) -> None:
        if self.hint is None and self.movable_cells is None and colgen.supports(self.p):
            if self.construct_dp():
                return
        c = self.comp
        base = self.hint if self.hint is not None else self.p.empty_roster()
        base = {k: list(v) for k, v in base.items()}
        for pid in (p.id for p in self.p.people):
            base.setdefault(pid, [OFF] * c.H)
        # cells that may not hold what the hint says (leave, never-worked types) start off
        for i, p in enumerate(self.p.people):
            for d in range(c.H):
                code = base[p.id][d]
                if code != OFF and (code not in c.sidx or c.sidx[code] not in c.allowed[i][d]):
                    base[p.id][d] = OFF
                lock = self.p.locked.get((p.id, d))
                if lock is not None:
                    base[p.id][d] = lock
        self.offer(base, "start")
        order = list(range(c.P))
        if self.hint is not None:
            # keep the hint: re-solve only the people whose own rules it breaks
            bad = {v.person for v in self.best_eval.hard if v.person is not None}
            order = [i for i in order if self.p.people[i].id in bad]
        # people with the fewest options first
        order.sort(key=lambda i: sum(len(a) for a in c.allowed[i]))
        per = max(0.05, min(2.0, 0.25 * self.time_limit / max(1, c.P)))
        cur = base
        for i in order:
            if self.stopped():
                break
            free = self._free_cells([i], range(c.H))
            if not free:
                continue
            rm = RosterModel(c, cur, free)
            rm.add_hint(cur)
            if self.elapsed() > CONSTRUCT_SHARE * self.time_limit:
                # running late (long horizon, loaded machine): a feasible roster first,
                # the LNS improves it
                s, st = self._cp_solve(rm, max(2.0, 8 * per), linearization_level=2,
                                       stop_after_first_solution=True)
            else:
                s, st = self._cp_solve(rm, per, linearization_level=2)
            if st == cp_model.UNKNOWN and not self.stopped():
                # a feasible start matters more than the time: try once more, longer, and take
                # the first roster that keeps this person's rules (the LNS improves it later;
                # measured: on Instance20 under load the plain retry ran the construction past
                # 60 s and the roster came back infeasible)
                s, st = self._cp_solve(rm, max(2.0, 8 * per), linearization_level=2,
                                       stop_after_first_solution=True)
            if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                cur = rm.extract(s)
        self.offer(cur, "construct")
        # if someone's own rules cannot be met, keep the best we have
        return

    def construct_dp(self) -> bool:
        """The start for problems column generation models: exact one-person moves with the
        pricing DP (``ColumnGeneration.greedy``), far quicker than a CP-SAT solve per person
        on long horizons (Instance20: 4 s against 33 s, and a better roster). The model is
        kept for column generation, which also learns from it how long a pricing round
        takes. False (nothing changed) if someone has no schedule keeping their rules."""
        t = time.monotonic()
        cg = colgen.ColumnGeneration(self.comp, threads=self.threads)
        order = sorted(range(self.comp.P), key=lambda i: sum(len(a) for a in self.comp.allowed[i]))
        roster = cg.greedy(self.t0 + CONSTRUCT_DP_SHARE * self.time_limit, order=order)
        if roster is None:
            return False
        self.cg_stats["greedy_seconds"] = round(time.monotonic() - t, 2)
        self._cg_start = cg
        self.offer(roster, "construct_dp")
        return True

    def column_generation(self) -> None:
        """Lower bound from the column-generation LP, then a dive for a roster near it (see
        colgen.py). Skipped for problems it does not model (fairness, rolling averages), for
        re-planning a few movable cells, and for people too large to price."""
        if self.movable_cells is not None or not colgen.supports(self.p) or self.best is None:
            return
        cg = self._cg_start or colgen.ColumnGeneration(self.comp, threads=self.threads)
        self._cg_start = None
        # a pricing round must be a small part of the time: as measured by the construction,
        # else as estimated from the DP's size
        if cg.round_seconds is not None:
            slow = cg.round_seconds > CG_ROUND_SHARE * self.time_limit
        else:
            slow = cg.round_cells() > CG_CELLS_PER_SECOND * self.time_limit
        if cg.too_big() or slow:
            self.cg_stats["skipped"] = (f"{cg.round_cells():.2g} DP cells a round" if cg.round_seconds is None
                                        else f"a pricing round takes {cg.round_seconds:.2f} s")
            return
        if self.comp.H >= LONG_DAYS:
            self.long_horizon(cg)
            return
        cg.add_roster(self.best)
        root = cg.run(self.t0 + CG_ROOT_SHARE * self.time_limit, stop_at=self.best_score,
                      should_stop=self.stopped)
        self._take_root(root)
        if self.stopped():
            return
        self._round_and_polish(cg)
        t = time.monotonic()
        roster = cg.dive(self.t0 + CG_FIRST_DIVE_SHARE * self.time_limit, step_iterations=FIRST_DIVE_STEP,
                         fix_share=20, should_stop=self.stopped)
        self.cg_stats["dive_seconds"] = round(time.monotonic() - t, 2)
        self.cg_stats["columns"] = len(cg.columns)
        if roster is not None:
            self.offer(roster, "dive")
            self._polish(cg, roster, "dive_polish")
        self._cg = cg

    def _enumeration_applies(self) -> bool:
        cg = self._cg
        return cg is not None and cg.root_prices is not None and self.best_score is not None

    def enumerate_schedules(self) -> None:
        """Exact search over enumerated schedules (``enumeration.py``): for T from the root's
        bound up, every schedule a roster of objective ≤ T can use, and a MIP over them; it
        either finds the optimum or proves that no roster is ≤ T. Stops when the lists grow
        past ENUM_MAX_COLUMNS, a MIP runs out of time, or the incumbent is proven."""
        cg = self._cg
        if not self._enumeration_applies():
            return
        deadline = self.t0 + ENUM_SHARE * self.time_limit
        en = enumeration.Enumeration(cg)
        L = en.prepare(deadline)
        if L is None:
            return
        T = int(math.ceil(L - 1e-6))
        if self.bound is not None:
            T = max(T, self.bound)
        levels = []
        step = 1
        while T < self.best_score and not self.stopped() and time.monotonic() < deadline:
            cols = en.columns(T, ENUM_MAX_COLUMNS, deadline)
            if cols is None:
                break
            res = en.solve(cols, deadline - time.monotonic(), self._mips)
            levels.append((T, res.columns, round(res.seconds, 1)))
            if res.roster is not None:
                self.offer(res.roster, "enumeration")
            # every roster of objective <= T is in the lists: none is below their bound
            if res.bound > -math.inf:
                self._raise_bound(T + 1 if res.bound == math.inf else min(T + 1, int(math.ceil(res.bound - 1e-6))))
            if self.log:
                print(f"  {self.elapsed():6.1f}s enumeration  T {T}: {res.columns} schedules, "
                      f"{'finished' if res.finished else 'cut off'} in {res.seconds:.1f}s, "
                      f"best {res.value}, bound {self.bound}", flush=True)
            if not res.finished:
                break
            # every roster of objective <= T is in a level's lists, so levels may skip values
            # of T: the step doubles while a level takes a small part of what is left
            quick = res.seconds < ENUM_QUICK_LEVEL * max(0.0, deadline - time.monotonic())
            step = 2 * step if quick else 1
            T = min(T + step, self.best_score - 1)
        self.cg_stats["enumeration"] = {"L": round(L, 2), "levels": levels}

    def _raise_bound(self, b: int) -> None:
        """A proven lower bound (the enumeration and the exact phase prove them side by side)."""
        with self.lock:
            self.bound = b if self.bound is None else max(self.bound, b)

    def _take_root(self, root: "colgen.CGResult") -> None:
        """Record a root LP: its figures in the stats, and its Lagrangian bound (valid whether
        or not the LP has settled) as the proven lower bound."""
        self.cg_stats.update(root_lp=round(root.lp, 2), root_bound=round(root.bound, 2),
                             root_iterations=root.iterations, root_seconds=root.seconds,
                             converged=root.converged, root_settled=root.settled)
        if math.isfinite(root.bound):
            self._raise_bound(int(math.ceil(root.bound - 1e-6)))
        if self.log:
            print(f"  {self.elapsed():6.1f}s cg root       lp {root.lp:.2f} bound {self.bound} "
                  f"({root.iterations} it, {root.columns} columns, settled: {root.settled})", flush=True)

    def long_horizon(self, cg: "colgen.ColumnGeneration") -> None:
        """A long horizon (at least LONG_DAYS days). Its whole-horizon root LP takes minutes
        to settle (Instance20: 105 s) and whole dives far longer, so window sweeps do the
        work (see ``window_sweeps``). Where the time limit leaves room for the root
        (LONG_ROOT_ROUNDS pricing rounds within LONG_ROOT_SHARE of it), the root comes first
        and its LP, rounded and polished, is where the sweeps start; they stop at the first
        sweep without a gain and the LNS takes over. A roster whose shape the whole horizon
        set is one the windows and the LNS can finish: Instance20 at 600 s, 6,094 from the
        root at 107 s, 4,807 after the sweeps at 197 s, 4,790-4,795 at the end, where sweeps from
        the construction stall at 4,882 (at 200 s) and end at 4,828-4,851."""
        settled = False
        if (cg.round_seconds is not None
                and LONG_ROOT_ROUNDS * cg.round_seconds <= LONG_ROOT_SHARE * self.time_limit):
            cg.add_roster(self.best)
            root = cg.run(self.t0 + LONG_ROOT_SHARE * self.time_limit, stop_at=self.best_score,
                          should_stop=self.stopped, tail_gap=LONG_ROOT_TAIL)
            self._take_root(root)
            if self.stopped():
                return
            self._round_and_polish(cg)
            settled = root.settled
        # an unsettled root still leaves a better start than the construction's; its sweeps
        # then grow and turn careful as they would from the construction
        self.window_sweeps(self.t0 + WINDOW_SWEEP_SHARE * self.time_limit, grow=not settled)

    def _polish(self, cg: "colgen.ColumnGeneration", roster: Roster, phase: str) -> bool:
        """Exact one-person moves from ``roster`` (a dive cut off by its deadline rounds
        everyone left to their largest LP schedule, which this repairs: Instance12 cut off
        at 54 s came back at 4,682)."""
        polished = cg.greedy(time.monotonic() + POLISH_SHARE * self.time_limit, passes=20, start=roster)
        return polished is not None and self.offer(polished, phase)

    def _round_and_polish(self, cg: "colgen.ColumnGeneration") -> None:
        """A quick candidate from the LP: each person's largest schedule in it, then exact
        one-person moves from there (Instance20 at 60 s: from an LP at 6,890, far from
        settled, 8.0k where the construction had 12.8k)."""
        rounded = cg.lp_rounding()
        if rounded is None:
            return
        self.offer(rounded, "lp_round")
        self._polish(cg, rounded, "lp_round_polish")

    def window_sweeps(self, deadline: float, grow: bool = True) -> None:
        """Re-plan everyone on one window of days at a time, the incumbent kept elsewhere,
        each window as a problem of its own (``horizon.improve_window``: its pricing and
        master are a window's size, not the horizon's). Windows of WINDOW_DAYS sweep the
        horizon (``_sweep_windows``: side by side the first time, far-apart ones two at once
        (``_batches``, ``_improve_windows``); then as long ones centred on that sweep's seams,
        also two at once where far apart;
        then half a window apart from a random offset); after a sweep without a gain the windows grow by half a
        window (a longer stretch can move work between weeks that a shorter one must leave
        where it is) and are re-planned carefully from then on,
        until the deadline or a sweep of the whole horizon brings nothing. A sweep gaining
        less than SWEEP_GAIN of the objective counts as one without a gain. Without ``grow``
        (the start is a settled root's rounded LP) every sweep overlaps and they end at the
        first one without a gain."""
        H = self.comp.H
        W = min(H, WINDOW_DAYS)
        dives = wins = 0
        careful = False
        # side by side first only from a poor start: after a settled root (no ``grow``),
        # overlapping windows from the start measured better (Instance20 at 600 s: 4,794 and
        # 4,795 against 4,808)
        first = grow
        seams: list[int] = []
        while not self.stopped() and time.monotonic() < deadline:
            with self.lock:
                start = self.best_score
            # the first sweep's windows, and those centred on its seams, are side by side:
            # far-apart ones go two at once
            paired = first or bool(seams)
            windows = self._sweep_windows(W, first, seams)
            seams = sorted(b for _, b in windows if b < H) if first else []
            for batch in (self._batches(windows) if paired else [[w] for w in windows]):
                if self.stopped() or time.monotonic() >= deadline:
                    break
                # a window started before the deadline may run past it (not past the
                # time limit, less its polish): one cut short rounds everyone left and
                # is wasted (Instance20 at 60 s: the last window cut at 8 s gained nothing,
                # at 11 s 46 points, where the search after it gains a few)
                cap = min(self.t0 + (1 - POLISH_SHARE) * self.time_limit,
                          time.monotonic() + WINDOW_SHARE * self.time_limit)
                won = self._improve_windows(batch, cap, careful)
                dives += len(batch)
                wins += won
            first = False
            with self.lock:
                won = self.best_score < (1 - SWEEP_GAIN) * start
            if not won:
                if W >= H or not grow:
                    break
                W = min(H, W + WINDOW_DAYS // 2)
                careful = True
        self.cg_stats.update(window_dives=dives, window_wins=wins, window_days=W)

    def _batches(self, windows: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """The windows of a sweep in batches to re-plan at once: with two threads, each window
        with the next one after it that is ``horizon.independent`` of it (Instance20's first
        sweep: days 0-44 with 91-135, then 45-90 with 136-181), else alone."""
        if self.threads < 2:
            return [[w] for w in windows]
        left, out = list(windows), []
        while left:
            w = left.pop(0)
            mate = next((v for v in left if horizon.independent(self.p, w, v)), None)
            if mate is None:
                out.append([w])
            else:
                left.remove(mate)
                out.append([w, mate])
        return out

    def _improve_windows(self, batch: list[tuple[int, int]], cap: float, careful: bool) -> int:
        """Re-plan the windows of ``batch`` from the incumbent, at once (a thread each: a
        window's master LP and pricing release the GIL), each with an equal share of every
        person's budget slack so that their rosters can be joined; offer the best of the
        joined roster and each window's own. Returns 1 if the incumbent improved."""
        with self.lock:
            cur = self.best
        share = 1.0 / len(batch)
        seeds = [self.rng.randrange(1 << 30) for _ in batch]

        def one(i: int) -> Roster | None:
            a, b = batch[i]
            return horizon.improve_window(self.p, cur, a, b, cap, threads=max(1, self.threads // len(batch)),
                                          should_stop=self.stopped, rng=random.Random(seeds[i]),
                                          polish_seconds=POLISH_SHARE * self.time_limit,
                                          careful=careful, share=share)
        if len(batch) == 1:
            found = [one(0)]
        else:
            with ThreadPoolExecutor(len(batch)) as pool:
                found = list(pool.map(one, range(len(batch))))
        candidates = [r for r in found if r is not None]
        if len(candidates) > 1:
            joined = cur
            for (a, b), r in zip(batch, found):
                if r is not None:
                    joined = horizon.splice(joined, {pid: row[a:b] for pid, row in r.items()}, a)
            candidates.insert(0, joined)
        if not candidates:
            return 0
        best = min(candidates, key=lambda r: score(evaluate(self.p, r)))
        return int(self.offer(best, "window_sweep"))

    def _sweep_windows(self, W: int, first: bool, seams: list[int] = ()) -> list[tuple[int, int]]:
        """The windows [a, b) of one sweep with windows of up to W days.

        ``first``: each day once, side by side in windows of equal length (the start is poor
        everywhere and a day visited twice costs a window's time: Instance20 at 60 s, 5,350
        where half-overlapping windows reached 6,064), in the order ``_batches`` pairs them.
        ``seams`` (those of a first sweep): a window as long as the first sweep's centred on
        each, where two windows were each planned beside days that have changed since; these
        are side by side again, so ``_batches`` pairs the far-apart ones. (Instance20 at 60 s,
        seeds 0-7: 4,985-5,186, mean 5,067, where windows of W days centred on the seams, one at
        a time, gave 5,098-5,383, mean 5,225: three of eight over 10 %.) Otherwise: windows
        half a window apart from a random offset, so that every seam of the last sweep falls
        inside a window of this one."""
        H = self.comp.H
        if W >= H:
            return [(0, H)]
        n = -(-H // W)
        if first:
            side = [(i * H // n, (i + 1) * H // n) for i in range(n)]
            # interleaved (0, n/2, 1, n/2 + 1, ...) so that ``_batches`` pairs windows far apart
            half = -(-n // 2)
            return [side[j] for i in range(half) for j in (i, i + half) if j < n]
        if seams:
            w = -(-H // n)
            starts = (min(max(0, x - w // 2), H - w) for x in seams)
            return [(a, a + w) for a in starts]
        step = max(1, W // 2)
        out = []
        for lo in range(-self.rng.randrange(step), H, step):
            a, b = max(0, lo), min(H, lo + W)
            if b - a < step:
                continue
            out.append((a, b))
            if b >= H:
                break
        return out

    def neighbourhood_dives(self) -> None:
        """More dives, until the share of the time is used or DIVE_STALL dives in a row have
        not improved the incumbent: mostly neighbourhood dives (keep most people's schedules,
        re-plan a quarter to a half of them by diving), and, where a whole dive is quick,
        whole dives with random tie-breaks and step lengths (their results spread widely)."""
        cg = self._cg
        if cg is None:
            return
        c, rng = self.comp, self.rng
        quick = self.cg_stats.get("dive_seconds", self.time_limit) < 0.05 * self.time_limit
        dives = wins = stall = 0
        deadline = self.t0 + CG_DIVE_SHARE * self.time_limit
        while not self.stopped() and time.monotonic() < deadline and stall < DIVE_STALL:
            with self.lock:
                cur = self.best
            if quick and rng.random() < 0.25:
                roster = cg.dive(deadline, step_iterations=rng.choice((5, 10, 25)),
                                 fix_share=rng.choice((20, 1000)), should_stop=self.stopped, rng=rng,
                                 prune_at=self.best_score)
                phase = "dive_restart"
            else:
                free = min(c.P, max(2, int(c.P * rng.uniform(0.25, 0.5))))
                chosen = set(rng.sample(range(c.P), free))
                keep = {pp.id: cur[pp.id] for i, pp in enumerate(self.p.people) if i not in chosen}
                roster = cg.dive(deadline, step_iterations=25, should_stop=self.stopped, keep=keep, rng=rng,
                                 prune_at=self.best_score)
                phase = "dive_lns"
            dives += 1
            improved = roster is not None and self.offer(roster, phase)
            if (roster is not None and self._polish(cg, roster, phase + "_polish")) or improved:
                wins += 1
                stall = 0
            else:
                stall += 1
        self.cg_stats.update(neighbourhood_dives=dives, dive_wins=wins, dives_pruned=cg.pruned)
        self._fix_by_reduced_cost(cg)

    def _fix_by_reduced_cost(self, cg: "colgen.ColumnGeneration") -> None:
        """Shrink every person's possible shifts to those a roster at least as good as the
        incumbent can use (LP reduced costs); the search then works on a smaller model."""
        if self.stopped() or self.best_score is None or self.best_score >= HARD_COVER_PENALTY:
            return
        # two full DP passes per person: skip it where that would eat the search's time
        if cg.round_seconds is not None:
            # measured: the two passes and the join cost about FIXING_ROUNDS pricing runs
            slow = cg.round_seconds * cg.threads * FIXING_ROUNDS > FIXING_SHARE * self.time_limit
        else:
            slow = sum(pr.cells for pr in cg.pricers) > FIXING_MAX_CELLS
        if slow or self.remaining() < 0.25 * self.time_limit:
            return
        allowed = cg.reduced_domains(self.best_score)
        if allowed is None:
            return
        before = sum(len(a) for row in self.comp.allowed for a in row)
        after = sum(len(a) for row in allowed for a in row)
        self.comp = replace(self.comp, allowed=allowed)
        self.cg_stats.update(cells_before=before, cells_after=after)
        if self.log:
            print(f"  {self.elapsed():6.1f}s reduced-cost fixing: {before} -> {after} person-day-shift cells", flush=True)

    def exact(self, limit: float, workers: int = 2) -> None:
        """CP-SAT on the whole model, hinted with the incumbent; improving solutions are
        offered as they come, a proof of optimality ends the solve."""
        rm = RosterModel(self.comp)
        if self.best is not None:
            rm.add_hint(self.best)
        solver = self

        class _CB(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(cb):
                if cb.objective_value < (solver.best_score or 0) + 0.5 or solver.best_score is None:
                    solver.offer(rm.extract(cb), "exact")

        params = {"linearization_level": 2} if workers == 1 else {"subsolvers": ["max_lp", "core"]}
        s = _cp_solver(max(0.05, limit), workers, self.seed, params)
        with self._running(s):
            st = s.solve(rm.model, _CB())
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.offer(rm.extract(s), "exact")
            self._raise_bound(int(math.ceil(s.best_objective_bound - 1e-6)))
            if st == cp_model.OPTIMAL:
                self.optimal = True
                self._stop = True  # proven: the LNS threads can stop

    def _neighbourhood(self, op: _Op, cur: Roster, ev: Evaluation) -> set[tuple[int, int]]:
        c, rng = self.comp, self.rng
        P, H = c.P, c.H
        if op.name == "people":
            k = max(1, min(P, int(round(op.size))))
            if rng.random() < 0.5:
                return self._free_cells(rng.sample(range(P), k), range(H))
            # a person and those most able to swap with them (same shifts allowed)
            i0 = rng.randrange(P)
            sim = sorted(range(P), key=lambda j: (-len(self.allowed_sets[i0] & self.allowed_sets[j]), rng.random()))
            return self._free_cells(sim[:k], range(H))
        if op.name == "window":
            L = max(1, min(H, int(round(op.size))))
            s0 = rng.randrange(0, H - L + 1)
            return self._free_cells(list(range(P)), range(s0, s0 + L))
        if op.name == "people_window":
            k = max(1, min(P, int(round(op.size))))
            L = max(3, min(H, int(round(H * min(1.0, 4.0 / max(1.0, op.size))) + 4)))
            s0 = rng.randrange(0, H - L + 1)
            return self._free_cells(rng.sample(range(P), k), range(s0, s0 + L))
        # gap: people who could fill (or leave) a costly cover cell, plus people with
        # unmet requests, over the whole horizon
        k = max(1, min(P, int(round(op.size))))
        bad = [v for v in ev.violations if v.day is not None and v.rule in ("cover_under", "cover_over", "cover_minimum", "request_on", "request_off")]
        if not bad:
            return self._free_cells(rng.sample(range(P), k), range(H))
        v = rng.choice(bad)
        if v.person is not None:
            seed_people = [c.pidx[v.person]]
        else:
            seed_people = []
        day = v.day
        # people who could work that day (fill it, or leave it for someone else), over the
        # whole horizon or, with twice as many people, over two weeks around the day
        cands = [i for i in range(P) if i not in seed_people and c.allowed[i][day]]
        rng.shuffle(cands)
        if rng.random() < 0.5:
            return self._free_cells((seed_people + cands)[:k], range(H))
        lo = max(0, day - 7)
        return self._free_cells((seed_people + cands)[:2 * k], range(lo, min(H, lo + 14)))

    def _differs(self, rm: RosterModel, cur: Roster) -> list:
        """Literals true when a free cell differs from ``cur``."""
        c = self.comp
        out = []
        for (i, d) in rm.free:
            code = cur[self.p.people[i].id][d]
            if code == OFF:
                w = rm.w[i][d]
                if not isinstance(w, int):
                    out.append(w)
            else:
                v = rm.x[i][d].get(c.sidx[code])
                if v is not None and not isinstance(v, int):
                    out.append(v.Not())
        return out

    def _guarded(self, work: Callable, *args) -> None:
        """A thread's work (an LNS worker, the enumeration beside the exact phase)."""
        try:
            work(*args)
        except Exception as exc:  # never lose the incumbent to a bug in one thread
            self.errors.append(repr(exc))
            if self.log:
                import traceback
                traceback.print_exc()

    def _lns_loop(self, wid: int, sub_limit: float) -> None:
        rng = random.Random(self.seed * 1000 + wid)
        c = self.comp
        while not self.stopped():
            with self.lock:
                cur, ev, version = self.best, self.best_eval, self.version
            weights = [op.weight for op in self.ops]
            op = rng.choices(self.ops, weights=weights)[0]
            free = self._neighbourhood(op, cur, ev)
            if not free:
                continue
            t = time.monotonic()
            rm = RosterModel(c, cur, free)
            rm.add_hint(cur)
            limit = min(sub_limit, max(0.05, self.remaining()))
            before = self.best_score
            # sideways moves only once the search stalls: in a paired run with them from the
            # start (30 s, heavy load) they lost on 8, 9 and 14, where the time goes into the
            # climb, and won on 5, 6, 7 and 12, which reach a plateau
            stalled = self.iterations - self.last_improve_iter >= SIDEWAYS_AFTER
            side = stalled and rng.random() < SIDEWAYS
            if side:
                # a sideways move: any *different* roster at least as good (plateaus of equal
                # cost are wide here — over-cover weight 1, requests — and strict improvement
                # alone stalls in them)
                rm.model.add(rm.objective <= self.best_score)
                diff = self._differs(rm, cur)
                if not diff:
                    continue
                rm.model.add_bool_or(diff)
                mode = "side"
                s, st = self._cp_solve(rm, limit, linearization_level=2, stop_after_first_solution=True)
            else:
                # first improvement: ask only for a strictly better roster and stop at the first
                # one (measured: about twice the iterations and better results than optimising
                # each neighbourhood to the end)
                rm.model.add(rm.objective <= self.best_score - 1)
                # how to stop a sub-solve: at the first improvement (many small steps) or after a
                # grace period without a further one (fewer, bigger steps). Neither won on every
                # instance in our measurements, so a small bandit learns which pays more per second.
                mode = "first" if rng.random() < self.mode_weight["first"] / sum(self.mode_weight.values()) else "grace"
                if mode == "first":
                    s, st = self._cp_solve(rm, limit, linearization_level=2, stop_after_first_solution=True)
                else:
                    s, st = self._cp_solve(rm, limit, grace=True, linearization_level=2)
            dt = time.monotonic() - t
            improved = False
            if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                new_obj = s.objective_value
                # the model objective is the whole roster's objective (fixed part constant)
                if new_obj < self.best_score + 0.5:
                    cand = rm.extract(s)
                    if cand != cur:
                        improved = self.offer(cand, op.name, base_version=version)
            if side:
                with self.lock:
                    self.iterations += 1
                    self.sideways += int(st in (cp_model.OPTIMAL, cp_model.FEASIBLE))
                continue
            with self.lock:
                self.iterations += 1
                op.feedback(st in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or improved, improved, dt)
                gain = max(0, before - self.best_score) if improved else 0
                rate = math.log1p(gain) / max(dt, 0.05)
                self.mode_weight[mode] = max(0.2, 0.9 * self.mode_weight[mode] + 0.1 * (rate + 0.2))

    def lns(self, with_exact: bool = False) -> None:
        """LNS threads (and, for small models, one exact thread beside them)."""
        if self.best is None:
            return
        # sub-problem time: short for quick turnover, longer for big horizons
        sub_limit = max(0.3, min(3.0, self.time_limit / 40.0))
        n_lns = max(1, self.threads - 1 if with_exact else self.threads)
        ts = [threading.Thread(target=self._guarded, args=(self._lns_loop, w, sub_limit), daemon=True) for w in range(n_lns)]
        if with_exact:
            ts.append(threading.Thread(target=self.exact, args=(max(0.05, self.remaining()), 1), daemon=True))
        for t in ts:
            t.start()
        last = 0.0
        while any(t.is_alive() for t in ts):
            for t in ts:
                t.join(timeout=0.02)
            now = time.monotonic()
            for key, (sv, dl) in list(self._deadline.items()):
                if now > dl:
                    sv.stop_search()
                    self._deadline.pop(key, None)
            if self.elapsed() - last > 1.0:
                last = self.elapsed()
                self._report("lns")

    def _watch(self, done: threading.Event) -> None:
        """Stop every running CP-SAT and MIP solve once the solve is over: cancelled, out of
        time, or the incumbent proven optimal (by one phase while another runs beside it).
        It goes on until the run ends, so that a solve registered after the first pass (a
        level's MIP built while the cancellation came) is stopped too: a CI run saw a
        cancelled solve return 8 s late when the watcher stopped after one pass."""
        while not done.wait(0.1):
            if self.stopped():
                with self.lock:
                    for s in self._active:
                        s.stop_search()
                    for m in list(self._mips):
                        m.InterruptSolve()

    def run(self) -> SolveResult:
        done = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(done,), daemon=True)
        watcher.start()
        c = self.comp
        size = sum(len(a) for row in c.allowed for a in row)
        small = size <= EXACT_MAX_SIZE and self.movable_cells is None
        try:
            if self._relaxes(small):
                self.relaxed_start()
            self.construct()
            if not self.stopped():
                self.column_generation()
            limit = max(0.5, min(self.remaining(), EXACT_SHARE * self.time_limit))
            if self._enumeration_applies() and not self.stopped():
                if small and self.threads > 1:
                    # the MIP beside a one-worker exact phase: each proves what the other
                    # cannot (Instance5: the MIP, 1,143; Instance6: CP-SAT finds 1,950, the
                    # MIP's first level proves it)
                    side = threading.Thread(target=self._guarded, args=(self.enumerate_schedules,), daemon=True)
                    side.start()
                    self.exact(limit, workers=1)
                    side.join()
                else:
                    self.enumerate_schedules()
            elif small and not self.stopped():
                # measured: an exact phase first (two workers: LP-heavy + core) beats an exact
                # thread beside the LNS on the small instances (Curtois 3 proved in 4 s, not 38 s)
                self.exact(limit, workers=min(2, self.threads))
            if not self.stopped():
                self.neighbourhood_dives()
            if not self.optimal and not self.stopped():
                self.lns()
        finally:
            done.set()
        ev = self.best_eval
        cancelled = self.cancel is not None and self.cancel.is_set()
        # "infeasible": the roster breaks a hard rule (a hard cover minimum that cannot be
        # met); it is still the best partial roster found, and explain.py says why
        if not ev.feasible:
            status = "infeasible"
        elif self.optimal:
            status = "optimal"
        else:
            status = "cancelled" if cancelled else "feasible"
        self._report("done")
        return SolveResult(
            roster=self.best, evaluation=ev, objective=ev.objective, feasible=ev.feasible,
            optimal=self.optimal, bound=self.bound, seconds=round(self.elapsed(), 2), status=status,
            iterations=self.iterations, history=self.history,
            stats={"sideways": self.sideways, **self.cg_stats, **{op.name: {"calls": op.calls, "wins": op.wins, "opt": op.optimal, "t": round(op.time / max(1, op.calls), 2), "size": round(op.size, 1)} for op in self.ops}},
        )


def solve(problem: RosterProblem, time_limit: float = 60.0, *, hint: Roster | None = None,
          progress: Callable[[Progress], None] | None = None, cancel: CancelToken | None = None,
          seed: int = 0, threads: int = 2, movable: set[tuple[str, int]] | None = None,
          log: bool = False) -> SolveResult:
    """Best roster found within ``time_limit`` seconds.

    ``hint``: a starting roster (e.g. the published one); ``movable``: if given, only these
    (person, day) cells may change; ``cancel``: anything with ``is_set()`` (threading or
    multiprocessing Event); ``progress``: called with a Progress on each improvement and
    about once a second.
    """
    return Solver(problem, time_limit, hint=hint, progress=progress, cancel=cancel, seed=seed,
                  threads=threads, movable=movable, log=log).run()
