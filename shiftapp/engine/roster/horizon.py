"""A stretch of days of a long roster as a problem of its own.

Long horizons (Instance20: 50 people, 182 days) are slow to price whole: every column is a
person's whole half-year, and the whole-horizon master LP takes minutes to settle.
Re-planning a few weeks at a time, the rest of the roster kept, on a problem that *is*
those weeks makes each pricing run and each master LP a fraction of the size
(Instance20: a 56-day window's LP settles in 2-5 s). ``window_problem`` builds that
problem:

- the free days, with forced days either side (``context_days``: long enough for every
  run rule to see across the seam, and widened to week boundaries so that no weekend is
  split), the forced days locked to the roster's duties;
- each person's budgets (minutes, worked weekends, shifts per type) less what the roster
  spends outside the stretch, and the minutes outside added to those before the
  working-time block;
- the shift worked the day before and the run it ended, as history;
- the covers, requests, published duties and notice of the stretch, moved to day 0.

Nothing here is trusted: a roster with a window put in is scored by the independent
evaluator on the whole problem before it is used.
"""
from __future__ import annotations

import time
from dataclasses import replace

from .colgen import ColumnGeneration
from .constraints import compile_problem
from .domain import OFF, Roster, RosterProblem, Stability


def context_days(problem: RosterProblem) -> int:
    """Forced days either side of a stretch: enough for the longest run rule to see across
    the seam (the longest run of work plus one, the minimum run of work or of days off)."""
    need = 1
    for p in problem.people:
        for v in (p.max_consecutive and p.max_consecutive + 1, p.min_consecutive, p.min_days_off):
            if v:
                need = max(need, v)
    return need


def bounds(problem: RosterProblem, lo: int, hi: int) -> tuple[int, int]:
    """The days [s0, s1) of the sub-problem for free days [lo, hi): ``context_days`` more
    either side, widened to start on a Monday and end on a Sunday (or at the horizon's
    ends), so that every weekend is wholly in or wholly out."""
    H, fw, ctx = problem.horizon, problem.first_weekday, context_days(problem)
    s0 = max(0, lo - ctx)
    while s0 > 0 and (fw + s0) % 7 != 0:
        s0 -= 1
    s1 = min(H, hi + ctx)
    while s1 < H and (fw + s1) % 7 != 0:
        s1 += 1
    return s0, s1


def independent(problem: RosterProblem, w1: tuple[int, int], w2: tuple[int, int]) -> bool:
    """Whether windows ``w1`` and ``w2`` (free days [lo, hi)) can be re-planned at once and
    their rosters joined: the free days of each lie outside the other's sub-problem, so each
    sees the other's days as the roster has them, and no run or weekend spans both."""
    (a1, b1), (a2, b2) = w1, w2
    s1, e1 = bounds(problem, a1, b1)
    s2, e2 = bounds(problem, a2, b2)
    return (b2 <= s1 or a2 >= e1) and (b1 <= s2 or a1 >= e2)


def _budget(limit: int | None, out: int, total: int, share: float, upper: bool) -> int | None:
    """A person's budget in a window: the whole limit less what the roster spends outside
    the window (``out`` of ``total``); with ``share`` below 1, what it spends inside plus
    that share of the slack only (the limit less the total, or the total less a lower
    limit), so that windows re-planned at once, their shares summing to 1, can be joined
    within the limit. A limit the roster already breaks is not shared."""
    if limit is None:
        return None
    inside = total - out
    slack = limit - total if upper else total - limit
    if share >= 1 or slack < 0:
        return limit - out if upper else max(0, limit - out)
    part = int(share * slack)
    return inside + part if upper else max(0, inside - part)


def window_problem(problem: RosterProblem, roster: Roster, lo: int, hi: int,
                   share: float = 1.0) -> tuple[RosterProblem, int]:
    """The sub-problem in which only days [lo, hi) may change (see the module text), and the
    day of the whole horizon its day 0 is. ``roster`` gives the duties outside [lo, hi).
    ``share``: the part of each person's slack in each budget this window may use
    (``_budget``), for windows re-planned at once."""
    if problem.fairness:
        raise ValueError("fairness shares span the horizon: a window of it is not the same problem")
    s0, s1 = bounds(problem, lo, hi)
    H = problem.horizon
    minutes = {s.id: s.minutes for s in problem.shift_types}
    outside = [d for d in range(H) if not s0 <= d < s1]
    weekends = problem.weekends()
    out_weekends = [w for w in weekends if not s0 <= w[0] < s1]
    people = []
    for p in problem.people:
        row = roster[p.id]
        out_min = sum(minutes[row[d]] for d in outside if row[d] != OFF)
        all_min = sum(minutes[c] for c in row if c != OFF)
        out_wk = sum(1 for w in out_weekends if any(row[d] != OFF for d in w))
        all_wk = sum(1 for w in weekends if any(row[d] != OFF for d in w))
        counts: dict[str, int] = {}
        for d in outside:
            if row[d] != OFF:
                counts[row[d]] = counts.get(row[d], 0) + 1
        shift_before, run_before = p.shift_before, p.run_before
        if s0 > 0:
            shift_before = row[s0 - 1] or None
            run_before = 0
            d = s0 - 1
            while d >= 0 and row[d] != OFF:
                run_before += 1
                d -= 1
            if d < 0 and p.shift_before is not None:
                run_before += p.run_before
        people.append(replace(
            p,
            max_shifts={s: max(0, _budget(m, counts.get(s, 0), row.count(s), share, True))
                        for s, m in p.max_shifts.items()},
            max_minutes=_budget(p.max_minutes, out_min, all_min, share, True),
            min_minutes=_budget(p.min_minutes, out_min, all_min, share, False),
            max_weekends=_budget(p.max_weekends, out_wk, all_wk, share, True),
            shift_before=shift_before, run_before=run_before,
            prior_minutes=p.prior_minutes + out_min))
    locked = {(pid, d - s0): code for (pid, d), code in problem.locked.items() if s0 <= d < s1}
    for p in problem.people:
        for d in range(s0, s1):
            if not lo <= d < hi:
                locked[(p.id, d - s0)] = roster[p.id][d]
    published = None
    if problem.published is not None:
        published = {pid: list(row[s0:s1]) for pid, row in problem.published.items()}
    st = problem.stability
    sub = replace(
        problem, name=f"{problem.name}[{s0}:{s1}]", horizon=s1 - s0, people=people,
        covers=[replace(c, day=c.day - s0) for c in problem.covers if s0 <= c.day < s1],
        requests=[replace(r, day=r.day - s0) for r in problem.requests if s0 <= r.day < s1],
        unavailable={(pid, d - s0): why for (pid, d), why in problem.unavailable.items() if lo <= d < hi},
        locked=locked,
        restricted={(pid, d - s0): r for (pid, d), r in problem.restricted.items() if lo <= d < hi},
        first_weekday=(problem.first_weekday + s0) % 7,
        published=published,
        stability=Stability(st.base, st.per_day_closer, st.notice_days - s0),
        public_holidays=tuple(d - s0 for d in problem.public_holidays if s0 <= d < s1),
    )
    return sub, s0


def splice(roster: Roster, part: Roster, s0: int) -> Roster:
    """``roster`` with the days of ``part`` (a sub-problem's roster from day ``s0``) put in."""
    out = {}
    for pid, row in roster.items():
        new = list(row)
        sub = part.get(pid)
        if sub is not None:
            new[s0:s0 + len(sub)] = sub
        out[pid] = new
    return out


def improve_window(problem: RosterProblem, roster: Roster, lo: int, hi: int, deadline: float, *,
                   threads: int = 2, should_stop=lambda: False, rng=None,
                   tail_gap: float | None = 5e-3, polish_seconds: float = 1.0,
                   careful: bool = False, share: float = 1.0) -> Roster | None:
    """Re-plan everyone on days [lo, hi) of ``roster``, the rest kept: column generation and
    a dive on the window's own problem (``window_problem``), half the time each, then exact
    one-person moves inside it. Returns the whole roster with the window put in (for the
    caller to score), or None if the dive gave up. ``careful``: the LP settled to the end
    and a slower dive (more rounds between fixings, fewer people fixed at once)."""
    sub, s0 = window_problem(problem, roster, lo, hi, share)
    cg = ColumnGeneration(compile_problem(sub), threads=threads)
    cg.add_roster({pid: row[s0:s0 + sub.horizon] for pid, row in roster.items()})
    now = time.monotonic()
    cg.run(now + 0.5 * (deadline - now), should_stop=should_stop, tail_gap=None if careful else tail_gap)
    # by default a quick dive: few rounds between fixings, a fifth of the people fixed at once
    # when none is integral (Instance20's 77-day windows: 3-4 s instead of 8-10 s, as good);
    # careful: the first dive's 25 rounds and a twentieth
    steps, share = (25, 20) if careful else (5, 5)
    part = cg.dive(deadline, step_iterations=steps, fix_share=share, should_stop=should_stop, rng=rng)
    if part is None:
        return None
    polished = cg.greedy(time.monotonic() + polish_seconds, passes=20, start=part)
    return splice(roster, polished or part, s0)
