"""Independent evaluator: scores any roster against a RosterProblem with plain loops.

It shares no code with the CP-SAT model (``constraints.py``) on purpose: it reads the
problem's fields and the roster and re-derives every rule here, so a bug in the model shows
up as a disagreement. Every figure the product reports comes from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .domain import OFF, RosterProblem, Roster


@dataclass
class Violation:
    rule: str  # e.g. "max_consecutive", "cover_under"
    hard: bool
    message: str
    person: str | None = None
    day: int | None = None
    cost: int = 0  # soft penalty (0 for hard violations)
    amount: int = 1  # how much is missing/over (people short of a hard minimum, …)


@dataclass
class Evaluation:
    objective: int  # sum of soft penalties
    violations: list[Violation] = field(default_factory=list)

    @property
    def hard(self) -> list[Violation]:
        return [v for v in self.violations if v.hard]

    @property
    def feasible(self) -> bool:
        return not self.hard

    def by_rule(self) -> dict[str, int]:
        """Soft cost per rule (hard violations counted, not costed)."""
        out: dict[str, int] = {}
        for v in self.violations:
            out[v.rule] = out.get(v.rule, 0) + (v.cost if not v.hard else 1)
        return out


def _runs(flags: list[bool]) -> list[tuple[int, int, bool]]:
    """Maximal runs as (start, length, value)."""
    runs = []
    i = 0
    while i < len(flags):
        j = i
        while j < len(flags) and flags[j] == flags[i]:
            j += 1
        runs.append((i, j - i, flags[i]))
        i = j
    return runs


def evaluate(problem: RosterProblem, roster: Roster) -> Evaluation:
    H = problem.horizon
    shifts = {s.id: s for s in problem.shift_types}
    out: list[Violation] = []

    def hard(rule, msg, person=None, day=None):
        out.append(Violation(rule, True, msg, person, day))

    def soft(rule, cost, msg, person=None, day=None):
        if cost:
            out.append(Violation(rule, False, msg, person, day, cost))

    # ---- shape ---------------------------------------------------------------------------
    ids = [p.id for p in problem.people]
    for pid in ids:
        if pid not in roster or len(roster[pid]) != H:
            hard("shape", f"{pid}: roster must have {H} days", pid)
    for pid in roster:
        if pid not in ids:
            hard("shape", f"unknown person {pid}", pid)
    if any(v.rule == "shape" for v in out):
        return Evaluation(0, out)
    for pid in ids:
        for d, code in enumerate(roster[pid]):
            if code != OFF and code not in shifts:
                hard("shape", f"{pid} day {d}: unknown shift {code!r}", pid, d)
    if out:
        return Evaluation(0, out)

    # forbidden successions, recomputed here from the shift data
    forbidden = set()
    for s in problem.shift_types:
        for n in s.forbidden_next:
            forbidden.add((s.id, n))
    if problem.min_rest_minutes is not None:
        for a in problem.shift_types:
            for b in problem.shift_types:
                if a.start is None or a.end is None or b.start is None:
                    continue
                end_a = a.end if a.end > a.start else a.end + 24 * 60
                rest = 24 * 60 - end_a + b.start
                if rest < problem.min_rest_minutes:
                    forbidden.add((a.id, b.id))

    # ---- per person ----------------------------------------------------------------------
    for p in problem.people:
        row = roster[p.id]
        work = [c != OFF for c in row]
        for d in range(H):
            why = problem.unavailable.get((p.id, d))
            if why is not None and work[d]:
                hard("unavailable", f"{p.id} works day {d} but is unavailable ({why})", p.id, d)
            only = problem.restricted.get((p.id, d))
            if only is not None and work[d] and row[d] not in only.shifts:
                hard("restricted", f"{p.id} works {row[d]} on day {d}, allowed only "
                     f"{', '.join(sorted(only.shifts)) or 'off'} ({only.reason})", p.id, d)
            if (p.id, d) in problem.locked and row[d] != problem.locked[(p.id, d)]:
                hard("locked", f"{p.id} day {d}: locked duty {problem.locked[(p.id, d)]!r} changed to {row[d]!r}", p.id, d)
        # shifts per type
        for sid, mx in p.max_shifts.items():
            n = sum(1 for c in row if c == sid)
            if n > mx:
                hard("max_shifts", f"{p.id} works {n} × {sid}, at most {mx}", p.id)
        minutes = sum(shifts[c].minutes for c in row if c != OFF)
        if p.max_minutes is not None and minutes > p.max_minutes:
            hard("max_minutes", f"{p.id} works {minutes} min, at most {p.max_minutes}", p.id)
        if p.min_minutes is not None and minutes < p.min_minutes:
            hard("min_minutes", f"{p.id} works {minutes} min, at least {p.min_minutes}", p.id)
        limit = None
        if problem.avg_week_minutes is not None:
            limit = problem.avg_week_minutes * max(problem.reference_days, H) // 7
        if limit is not None:
            if H >= problem.reference_days:
                R = problem.reference_days
                for s0 in range(0, H - R + 1):
                    m = sum(shifts[c].minutes for c in row[s0:s0 + R] if c != OFF)
                    if m > limit:
                        hard("avg_hours", f"{p.id}: {m} min in days {s0}-{s0 + R - 1}, average limit {limit}", p.id, s0)
                        break
            elif p.prior_minutes + minutes > limit:
                hard("avg_hours", f"{p.id}: {p.prior_minutes} min before + {minutes} min rostered exceeds the average limit {limit}", p.id)
        # successions (including the day before the horizon)
        prev = p.shift_before
        for d in range(H):
            cur = row[d]
            if prev and cur and (prev, cur) in forbidden:
                hard("rest", f"{p.id}: {cur} on day {d} may not follow {prev}", p.id, d)
            prev = cur or None
        # runs
        for start, length, working in _runs(work):
            touches_first = start == 0
            touches_last = start + length == H
            if working:
                total = length + (p.run_before if touches_first else 0)
                if p.max_consecutive is not None and total > p.max_consecutive:
                    hard("max_consecutive", f"{p.id} works {total} days in a row from day {start}, at most {p.max_consecutive}", p.id, start)
                if p.min_consecutive is not None and length < p.min_consecutive and not touches_first and not touches_last:
                    hard("min_consecutive", f"{p.id} works only {length} day(s) from day {start}, at least {p.min_consecutive}", p.id, start)
            else:
                if p.min_days_off is not None and length < p.min_days_off and not touches_first and not touches_last:
                    hard("min_days_off", f"{p.id} has only {length} day(s) off from day {start}, at least {p.min_days_off}", p.id, start)
        if p.max_weekends is not None:
            n = 0
            for d in range(H):
                if (problem.first_weekday + d) % 7 == 5 or ((problem.first_weekday + d) % 7 == 6 and d == 0):
                    days = [d] if (problem.first_weekday + d) % 7 == 6 else [d, d + 1]
                    if any(x < H and work[x] for x in days):
                        n += 1
            if n > p.max_weekends:
                hard("max_weekends", f"{p.id} works {n} weekends, at most {p.max_weekends}", p.id)

    # ---- requests --------------------------------------------------------------------------
    for r in problem.requests:
        code = roster[r.person][r.day]
        hit = (code != OFF) if r.shift is None else (code == r.shift)
        what = r.shift or "any shift"
        if r.on and not hit:
            soft("request_on", r.weight, f"{r.person} asked to work {what} on day {r.day}", r.person, r.day)
        if not r.on and hit:
            soft("request_off", r.weight, f"{r.person} asked not to work {what} on day {r.day}", r.person, r.day)

    # ---- cover -----------------------------------------------------------------------------
    skills = {p.id: p.skills for p in problem.people}
    for c in problem.covers:
        n = 0
        for pid in ids:
            if roster[pid][c.day] in c.shifts and (c.skill is None or c.skill in skills[pid]):
                n += 1
        if n < c.minimum:
            hard("cover_minimum", f"day {c.day} {c.name()}: {n} rostered, minimum {c.minimum}", None, c.day)
            out[-1].amount = c.minimum - n
        if n < c.target:
            soft("cover_under", (c.target - n) * c.weight_under, f"day {c.day} {c.name()}: {n} of {c.target}", None, c.day)
        elif n > c.target:
            soft("cover_over", (n - c.target) * c.weight_over, f"day {c.day} {c.name()}: {n} for {c.target}", None, c.day)

    # ---- fairness: deviation from each person's fair share ---------------------------------
    for f in problem.fairness:
        days = list(f.days) if f.days is not None else list(range(H))
        dayset = set(days)
        if f.people is not None:
            group = list(f.people)
        else:
            group = []
            for p in problem.people:
                allowed = [s.id for s in problem.shift_types if p.max_shifts.get(s.id, 1) != 0]
                if any(f.shifts is None or s in f.shifts for s in allowed):
                    group.append(p.id)
        demand = 0
        for c in problem.covers:
            if c.skill is None and len(c.shifts) == 1 and c.day in dayset and (f.shifts is None or c.shifts[0] in f.shifts):
                demand += c.target
        if f.total is not None:  # a group sharing out a number of its own, not the covers' demand
            demand = f.total
        avail = {pid: sum(1 for d in days if (pid, d) not in problem.unavailable) for pid in group}
        total_avail = sum(avail.values())
        carried = dict(f.carried)
        for pid in group:
            k = 0
            for d in days:
                code = roster[pid][d]
                if code != OFF and (f.shifts is None or code in f.shifts):
                    k += 1
            den = max(1, total_avail)
            # the share less what they carry in from before the horizon, never below 0
            num = max(0, demand * avail[pid] - carried.get(pid, 0) * den)
            lo, hi = num // den, -(-num // den)
            dev = max(0, k - hi) + max(0, lo - k)
            soft("fairness", f.weight * dev, f"{f.name}: {pid} has {k}, fair share {num / den:.1f}", pid)

    # ---- stability -------------------------------------------------------------------------
    if problem.published is not None:
        for pid, row in problem.published.items():
            if pid not in roster:
                continue
            for d, code in enumerate(row[:H]):
                if roster[pid][d] != code:
                    soft("change", problem.stability.cost(d),
                         f"{pid} day {d}: published {code or 'off'} changed to {roster[pid][d] or 'off'}", pid, d)

    return Evaluation(sum(v.cost for v in out if not v.hard), out)
