"""The CP-SAT model of a RosterProblem, one named function per constraint.

The builder can model the whole problem or only a *neighbourhood*: a set of free
(person, day) cells, every other cell being fixed to a base roster. Fixed cells become
integer constants, so a constraint that only touches fixed cells disappears and the
objective keeps their cost as a constant: the model's objective is always the objective of
the whole roster (plus ``HARD_COVER_PENALTY`` per person missing from a hard minimum). This
is what the large neighbourhood search in ``solver.py`` re-optimises.

Formulation notes
- one boolean ``x[i][d][k]`` per person, day and allowed shift type plus a ``work`` literal
  with ``exactly_one(x..., not work)``; cells with one possible shift alias it to ``work``;
- forbidden successions aggregated per first shift (``x[d][a] + Σ_{b∉after a} x[d+1][b] ≤ 1``),
  tighter than pairwise clauses;
- min runs (shifts or days off) as 3-literal clauses on run starts, which is exactly the
  benchmark's semantics (runs touching the horizon edges are exempt);
- max runs as sliding-window sums, history before day 0 included;
- cover as ``n + under − over = target`` with bounded slack variables.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .domain import HARD_COVER_PENALTY, OFF, RosterProblem, Roster


@dataclass
class Compiled:
    """Static look-ups derived once per problem (indices instead of ids)."""

    problem: RosterProblem
    P: int
    H: int
    K: int
    sid: list[str]
    sidx: dict[str, int]
    pidx: dict[str, int]
    minutes: list[int]
    allowed: list[list[tuple[int, ...]]]  # [i][d] -> shift indices possible (locks applied)
    after: list[tuple[int, ...]]  # [a] -> shift indices forbidden the day after a
    cover_people: list[list[int]]  # [c] -> person indices who count for cover c
    cover_shifts: list[tuple[int, ...]]
    requests_by_person: list[list] = field(default_factory=list)
    weekends: list[tuple[int, ...]] = field(default_factory=list)


def compile_problem(problem: RosterProblem) -> Compiled:
    sid = [s.id for s in problem.shift_types]
    sidx = {s: k for k, s in enumerate(sid)}
    pidx = {p.id: i for i, p in enumerate(problem.people)}
    H, K = problem.horizon, len(sid)
    allowed = []
    for p in problem.people:
        never = {sidx[s] for s, m in p.max_shifts.items() if m == 0 and s in sidx}
        row = []
        for d in range(H):
            lock = problem.locked.get((p.id, d))
            if lock is not None:
                row.append(() if lock == OFF else (sidx[lock],))
            elif (p.id, d) in problem.unavailable:
                row.append(())
            else:
                only = problem.restricted.get((p.id, d))
                row.append(tuple(k for k in range(K) if k not in never
                                 and (only is None or sid[k] in only.shifts)))
        allowed.append(row)
    pairs = problem.forbidden_pairs()
    after = [tuple(sorted(sidx[b] for (a, b) in pairs if a == s)) for s in sid]
    cover_people, cover_shifts = [], []
    for c in problem.covers:
        cover_people.append([i for i, p in enumerate(problem.people) if c.skill is None or c.skill in p.skills])
        cover_shifts.append(tuple(sidx[s] for s in c.shifts))
    reqs = [[] for _ in problem.people]
    for r in problem.requests:
        reqs[pidx[r.person]].append(r)
    return Compiled(problem, len(problem.people), H, K, sid, sidx, pidx,
                    [s.minutes for s in problem.shift_types], allowed, after,
                    cover_people, cover_shifts, reqs, problem.weekends())


class RosterModel:
    """CP-SAT model of the problem with ``free`` cells open and the rest fixed to ``base``."""

    def __init__(self, comp: Compiled, base: Roster | None = None, free: set[tuple[int, int]] | None = None,
                 strict_minimum: bool = False):
        self.c = comp
        self.p = comp.problem
        self.model = cp_model.CpModel()
        self.strict_minimum = strict_minimum
        self.obj_vars: list = []
        self.obj_coefs: list[int] = []
        self.obj_const = 0
        self.base = base
        P, H = comp.P, comp.H
        if free is None:
            free = {(i, d) for i in range(P) for d in range(H)}
        self.free = free
        self.active = sorted({i for (i, _d) in free})
        base_idx = None
        if base is not None:
            base_idx = [[(comp.sidx[c] if c != OFF else -1) for c in base[p.id]] for p in self.p.people]
        elif len(free) != P * H:
            raise ValueError("a neighbourhood needs a base roster")
        self.base_idx = base_idx
        # x[i][d] : dict k -> var or int;  w[i][d]: var or 0/1
        self.x: list[list[dict]] = [[None] * H for _ in range(P)]
        self.w: list[list] = [[0] * H for _ in range(P)]
        self._variables()
        add_all_constraints(self)

    # ---- helpers ----------------------------------------------------------------------------
    def cost(self, coef: int, term) -> None:
        if isinstance(term, int):
            self.obj_const += coef * term
        else:
            self.obj_vars.append(term)
            self.obj_coefs.append(coef)

    def cost_not(self, coef: int, term) -> None:
        """coef × (1 − term)."""
        if isinstance(term, int):
            self.obj_const += coef * (1 - term)
        else:
            self.obj_const += coef
            self.obj_vars.append(term)
            self.obj_coefs.append(-coef)

    def add_le(self, terms: list, ub: int) -> None:
        const = 0
        vs = []
        for t in terms:
            if isinstance(t, int):
                const += t
            else:
                vs.append(t)
        if vs:
            self.model.add(sum(vs) <= ub - const)

    def add_clause(self, lits: list[tuple[object, bool]]) -> None:
        """OR over (literal, positive) pairs; constants are folded."""
        out = []
        for v, pos in lits:
            if isinstance(v, int):
                if (v == 1) == pos:
                    return
                continue
            out.append(v if pos else v.Not())
        if out:
            self.model.add_bool_or(out)

    def _variables(self) -> None:
        c, m = self.c, self.model
        for i in range(c.P):
            for d in range(c.H):
                if (i, d) in self.free:
                    opts = c.allowed[i][d]
                    if not opts:
                        self.x[i][d] = {}
                        self.w[i][d] = 0
                        continue
                    wk = m.new_bool_var(f"w{i}_{d}")
                    if len(opts) == 1:
                        self.x[i][d] = {opts[0]: wk}
                        if self.p.locked.get((self.p.people[i].id, d)) is not None:
                            m.add(wk == 1)
                    else:
                        xs = {k: m.new_bool_var(f"x{i}_{d}_{k}") for k in opts}
                        m.add_exactly_one(list(xs.values()) + [wk.Not()])
                        self.x[i][d] = xs
                    self.w[i][d] = wk
                else:
                    k = self.base_idx[i][d]
                    self.x[i][d] = {k: 1} if k >= 0 else {}
                    self.w[i][d] = 1 if k >= 0 else 0

    def xv(self, i: int, d: int, k: int):
        return self.x[i][d].get(k, 0)

    def add_hint(self, roster: Roster) -> None:
        c = self.c
        for i in self.active:
            row = roster[self.p.people[i].id]
            for d in range(c.H):
                if (i, d) not in self.free:
                    continue
                k = c.sidx[row[d]] if row[d] != OFF else -1
                wk = self.w[i][d]
                if not isinstance(wk, int):
                    self.model.add_hint(wk, k >= 0 and k in self.x[i][d])
                xs = self.x[i][d]
                if len(xs) > 1:
                    for kk, v in xs.items():
                        self.model.add_hint(v, kk == k)

    def finish(self) -> None:
        self.objective = cp_model.LinearExpr.weighted_sum(self.obj_vars, self.obj_coefs) + self.obj_const
        self.model.minimize(self.objective)

    def extract(self, solver) -> Roster:
        """The roster of a solution (``solver``: a CpSolver or a solution callback)."""
        c = self.c
        out: Roster = {}
        active = set(self.active)
        for i, p in enumerate(self.p.people):
            if self.base is not None:
                row = list(self.base[p.id])
            else:
                row = [OFF] * c.H
            if i in active:
                for d in range(c.H):
                    if (i, d) not in self.free:
                        continue
                    code = OFF
                    for k, v in self.x[i][d].items():
                        if (v if isinstance(v, int) else solver.boolean_value(v)):
                            code = c.sid[k]
                    row[d] = code
            out[p.id] = row
        return out


# ---- constraints: one function each ---------------------------------------------------------

def add_max_shifts_per_type(rm: RosterModel) -> None:
    """Person.max_shifts: at most n shifts of a type over the horizon (0 handled by domains)."""
    c = rm.c
    for i in rm.active:
        for s, mx in rm.p.people[i].max_shifts.items():
            k = c.sidx.get(s)
            if k is None or mx == 0 or mx >= c.H:
                continue
            rm.add_le([rm.xv(i, d, k) for d in range(c.H)], mx)


def _minutes_terms(rm: RosterModel, i: int, days) -> list:
    c = rm.c
    out = []
    for d in days:
        for k, v in rm.x[i][d].items():
            out.append(c.minutes[k] * v)
    return out


def add_minutes_limits(rm: RosterModel) -> None:
    """Person.min_minutes / max_minutes: contract hours over the horizon."""
    c = rm.c
    for i in rm.active:
        p = rm.p.people[i]
        terms = _minutes_terms(rm, i, range(c.H))
        if p.max_minutes is not None:
            rm.add_le(terms, p.max_minutes)
        if p.min_minutes is not None:
            rm.add_le([-t for t in terms], -p.min_minutes)


def add_working_time_average(rm: RosterModel) -> None:
    """WTR-02 style average: prior minutes + rostered minutes within the fixed block (or
    every rolling reference window when the horizon is longer than it)."""
    c, prob = rm.c, rm.p
    limit = prob.avg_limit_minutes()
    if limit is None:
        return
    R = prob.reference_days
    for i in rm.active:
        p = prob.people[i]
        if c.H >= R:
            for s0 in range(0, c.H - R + 1):
                rm.add_le(_minutes_terms(rm, i, range(s0, s0 + R)), limit)
        else:
            rm.add_le(_minutes_terms(rm, i, range(c.H)), limit - p.prior_minutes)


def add_forbidden_successions(rm: RosterModel) -> None:
    """No shift b the day after a when (a, b) is forbidden (explicit or from minimum rest)."""
    c = rm.c
    for i in rm.active:
        p = rm.p.people[i]
        if p.shift_before is not None and p.shift_before in c.sidx:
            a = c.sidx[p.shift_before]
            for b in c.after[a]:
                rm.add_le([rm.xv(i, 0, b)], 0)
        for d in range(c.H - 1):
            if (i, d) not in rm.free and (i, d + 1) not in rm.free:
                continue
            for a, xa in rm.x[i][d].items():
                nxt = [rm.x[i][d + 1][b] for b in c.after[a] if b in rm.x[i][d + 1]]
                if nxt:
                    rm.add_le([xa] + nxt, 1)


def add_max_consecutive(rm: RosterModel) -> None:
    """Person.max_consecutive: every window of M+1 days has a day off (history counted)."""
    c = rm.c
    for i in rm.active:
        p = rm.p.people[i]
        M = p.max_consecutive
        if M is None or M >= c.H + p.run_before:
            continue
        w = rm.w[i]
        start = -min(p.run_before, M)
        for s0 in range(start, c.H - M):
            days = range(s0, s0 + M + 1)
            if not any((i, d) in rm.free for d in days if d >= 0):
                continue
            rm.add_le([(w[d] if d >= 0 else 1) for d in days], M)


def add_min_consecutive_shifts(rm: RosterModel) -> None:
    """Person.min_consecutive: a run of work starting at d (d-1 off) continues to d+j for
    j < m, unless it would reach the last day (runs touching an edge are exempt)."""
    _add_min_run(rm, "min_consecutive", working=True)


def add_min_days_off(rm: RosterModel) -> None:
    """Person.min_days_off: same as min consecutive shifts, for runs of days off."""
    _add_min_run(rm, "min_days_off", working=False)


def _add_min_run(rm: RosterModel, attr: str, working: bool) -> None:
    """A run of working (or, with ``working=False``, off) days that starts at d lasts at least
    ``Person.<attr>`` days, unless it would reach the last day of the horizon."""
    c = rm.c
    for i in rm.active:
        m = getattr(rm.p.people[i], attr)
        if not m or m <= 1:
            continue
        w = rm.w[i]
        for d in range(1, c.H):
            for j in range(1, m):
                if d + j > c.H - 1:
                    break
                if (i, d - 1) not in rm.free and (i, d) not in rm.free and (i, d + j) not in rm.free:
                    continue
                rm.add_clause([(w[d - 1], working), (w[d], not working), (w[d + j], working)])


def add_max_weekends(rm: RosterModel) -> None:
    """Person.max_weekends: a weekend counts if Saturday or Sunday is worked."""
    c = rm.c
    for i in rm.active:
        mx = rm.p.people[i].max_weekends
        if mx is None or mx >= len(c.weekends):
            continue
        terms = []
        for days in c.weekends:
            lits = [rm.w[i][d] for d in days]
            if all(isinstance(v, int) for v in lits):
                terms.append(max(lits))
                continue
            if any(v == 1 for v in lits if isinstance(v, int)):
                terms.append(1)
                continue
            vs = [v for v in lits if not isinstance(v, int)]
            if len(vs) == 1:
                terms.append(vs[0])
                continue
            we = rm.model.new_bool_var(f"we{i}_{days[0]}")
            for v in vs:
                rm.model.add_implication(v, we)
            rm.model.add_bool_or([v for v in vs] + [we.Not()])
            terms.append(we)
        rm.add_le(terms, mx)


def add_cover(rm: RosterModel) -> None:
    """Cover: soft target with under/over weights; the hard minimum with an elastic slack
    costing HARD_COVER_PENALTY each (or as a hard constraint when ``strict_minimum``)."""
    c, m = rm.c, rm.model
    for ci, cov in enumerate(rm.p.covers):
        d = cov.day
        const = 0
        vs = []
        for i in c.cover_people[ci]:
            xd = rm.x[i][d]
            for k in c.cover_shifts[ci]:
                v = xd.get(k)
                if v is None:
                    continue
                if isinstance(v, int):
                    const += v
                else:
                    vs.append(v)
        if not vs:
            n = const
            if n < cov.target:
                rm.obj_const += (cov.target - n) * cov.weight_under
            elif n > cov.target:
                rm.obj_const += (n - cov.target) * cov.weight_over
            if n < cov.minimum:
                rm.obj_const += (cov.minimum - n) * HARD_COVER_PENALTY
            continue
        n = sum(vs) + const
        hi = const + len(vs)
        lo = const
        if cov.weight_under or cov.weight_over:
            under_ub = max(0, cov.target - lo)
            over_ub = max(0, hi - cov.target)
            terms = n
            if under_ub:
                u = m.new_int_var(0, under_ub, f"u{ci}")
                terms = terms + u
                rm.cost(cov.weight_under, u)
            if over_ub:
                o = m.new_int_var(0, over_ub, f"o{ci}")
                terms = terms - o
                rm.cost(cov.weight_over, o)
            if under_ub and over_ub:
                m.add(terms == cov.target)
            elif under_ub:
                m.add(terms >= cov.target)
                if not cov.weight_over:
                    pass
            elif over_ub:
                m.add(terms <= cov.target)
        if cov.minimum > lo:
            if rm.strict_minimum:
                m.add(n >= cov.minimum)
            else:
                h = m.new_int_var(0, cov.minimum - lo, f"h{ci}")
                m.add(n + h >= cov.minimum)
                rm.cost(HARD_COVER_PENALTY, h)


def add_requests(rm: RosterModel) -> None:
    """Requests: pay the weight when an 'on' request is not met or an 'off' one is hit."""
    c = rm.c
    for i, reqs in enumerate(c.requests_by_person):
        for r in reqs:
            if r.shift is None:
                v = rm.w[i][r.day]
            else:
                v = rm.x[i][r.day].get(c.sidx[r.shift], 0)
            if r.on:
                rm.cost_not(r.weight, v)
            else:
                rm.cost(r.weight, v)


def add_fairness(rm: RosterModel) -> None:
    """Fairness: weight × each person's distance from their fair share (demand split by
    availability), outside the share's floor..ceil band."""
    c, prob = rm.c, rm.p
    for fi, f in enumerate(prob.fairness):
        days = list(f.days) if f.days is not None else list(range(c.H))
        ks = set(c.sidx[s] for s in f.shifts) if f.shifts is not None else set(range(c.K))
        if f.people is not None:
            group = [c.pidx[p] for p in f.people]
        else:
            group = [i for i in range(c.P)
                     if any(k in ks and prob.people[i].max_shifts.get(c.sid[k], 1) != 0 for k in range(c.K))]
        dayset = set(days)
        demand = f.total if f.total is not None else sum(
            cov.target for ci, cov in enumerate(prob.covers)
            if cov.skill is None and len(cov.shifts) == 1 and cov.day in dayset and c.cover_shifts[ci][0] in ks)
        avail = {i: sum(1 for d in days if (prob.people[i].id, d) not in prob.unavailable) for i in group}
        den = max(1, sum(avail.values()))
        carried = dict(f.carried)
        for i in group:
            num = max(0, demand * avail[i] - carried.get(prob.people[i].id, 0) * den)
            lo, hi = num // den, -(-num // den)
            terms = [v for d in days for k, v in rm.x[i][d].items() if k in ks]
            const = sum(t for t in terms if isinstance(t, int))
            vs = [t for t in terms if not isinstance(t, int)]
            if not vs:
                rm.obj_const += f.weight * (max(0, const - hi) + max(0, lo - const))
                continue
            n = sum(vs) + const
            if const + len(vs) > hi:
                up = rm.model.new_int_var(0, const + len(vs) - hi, f"fu{fi}_{i}")
                rm.model.add(n - up <= hi)
                rm.cost(f.weight, up)
            if const < lo:
                down = rm.model.new_int_var(0, lo - const, f"fd{fi}_{i}")
                rm.model.add(n + down >= lo)
                rm.cost(f.weight, down)


def add_stability(rm: RosterModel) -> None:
    """Changing a published duty costs Stability.cost(day)."""
    c, prob = rm.c, rm.p
    if prob.published is None:
        return
    for pid, row in prob.published.items():
        i = c.pidx.get(pid)
        if i is None:
            continue
        for d, code in enumerate(row[:c.H]):
            cost = prob.stability.cost(d)
            if code == OFF:
                rm.cost(cost, rm.w[i][d])
            else:
                rm.cost_not(cost, rm.x[i][d].get(c.sidx[code], 0))


CONSTRAINTS = [
    add_max_shifts_per_type, add_minutes_limits, add_working_time_average,
    add_forbidden_successions, add_max_consecutive, add_min_consecutive_shifts,
    add_min_days_off, add_max_weekends, add_cover, add_requests, add_fairness, add_stability,
]


def add_all_constraints(rm: RosterModel) -> None:
    for fn in CONSTRAINTS:
        fn(rm)
    rm.finish()
