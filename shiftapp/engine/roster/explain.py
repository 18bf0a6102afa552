"""Plain-English explanations of cover the roster cannot meet.

For every requirement short of its hard minimum (and, if asked, of its soft target), look at
each person on that day and say what stood in the way: not qualified, on leave, already on
another duty, or which rule working that shift would break. Like the evaluator, this module
re-derives the rules itself from the problem's fields.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from .domain import OFF, Cover, RosterProblem, Roster

DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@dataclass
class CoverGap:
    day: int
    requirement: str
    required: int
    rostered: int
    hard: bool
    #: reason -> people it applies to, most common first
    obstacles: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""


def _day_label(problem: RosterProblem, day: int) -> str:
    return f"{DAY_NAMES[(problem.first_weekday + day) % 7]} day {day}"


def _forbidden(problem: RosterProblem) -> dict[tuple[str, str], str]:
    """(a, b) -> reason text."""
    out = {}
    for s in problem.shift_types:
        for n in s.forbidden_next:
            out[(s.id, n)] = f"{n} may not follow {s.id}"
    if problem.min_rest_minutes is not None:
        hours = f"{problem.min_rest_minutes / 60:g}-hour rest"
        for a in problem.shift_types:
            for b in problem.shift_types:
                if a.start is None or a.end is None or b.start is None:
                    continue
                end_a = a.end if a.end > a.start else a.end + 1440
                if 1440 - end_a + b.start < problem.min_rest_minutes:
                    out[(a.id, b.id)] = f"would break the {hours}"
    return out


def _why_not(problem: RosterProblem, roster: Roster, cover: Cover, pid: str, forbidden) -> str | None:
    """Why ``pid`` is not counted for ``cover`` (None: they are, or nothing stops them)."""
    p = problem.person(pid)
    d = cover.day
    row = roster[pid]
    if cover.skill is not None and cover.skill not in p.skills:
        return None  # not counted at all; reported as a headcount
    if row[d] in cover.shifts:
        return None
    why = problem.unavailable.get((pid, d))
    if why:
        return f"on {why}" if not why.startswith("on ") else why
    lock = problem.locked.get((pid, d))
    if lock is not None:
        return f"locked to {lock or 'a rest day'}"
    if row[d] != OFF:
        return f"working {row[d]}"
    # would putting them on one of the cover's shifts break a rule?
    reasons = []
    for sid in cover.shifts:
        r = _rule_broken(problem, roster, p, d, sid, forbidden)
        if r is None:
            return "free but not rostered (other costs were higher)"
        reasons.append(r)
    return reasons[0]


def _rule_broken(problem: RosterProblem, roster: Roster, p, d: int, sid: str, forbidden) -> str | None:
    H = problem.horizon
    row = list(roster[p.id])
    if p.max_shifts.get(sid) == 0:
        return f"does not work {sid}"
    only = problem.restricted.get((p.id, d))
    if only is not None and sid not in only.shifts:
        return f"outside their {only.reason}"
    prev = row[d - 1] if d > 0 else (p.shift_before or OFF)
    if prev and (prev, sid) in forbidden:
        return forbidden[(prev, sid)] + (f" after {prev}" if "rest" in forbidden[(prev, sid)] else "")
    nxt = row[d + 1] if d + 1 < H else OFF
    if nxt and (sid, nxt) in forbidden:
        return forbidden[(sid, nxt)] + (f" before {nxt}" if "rest" in forbidden[(sid, nxt)] else "")
    row[d] = sid
    if p.max_consecutive is not None:
        a = d
        while a > 0 and row[a - 1] != OFF:
            a -= 1
        b = d
        while b + 1 < H and row[b + 1] != OFF:
            b += 1
        run = b - a + 1 + (p.run_before if a == 0 else 0)
        if run > p.max_consecutive:
            return f"would work more than {p.max_consecutive} days in a row"
    if sid in p.max_shifts and sum(1 for c in row if c == sid) > p.max_shifts[sid]:
        return f"already at the most {sid} shifts ({p.max_shifts[sid]})"
    mins = sum(problem.shift(c).minutes for c in row if c != OFF)
    if p.max_minutes is not None and mins > p.max_minutes:
        return "would exceed contracted hours"
    if problem.avg_week_minutes is not None:
        limit = problem.avg_week_minutes * max(problem.reference_days, H) // 7
        if p.prior_minutes + mins > limit:
            return f"would exceed the {problem.avg_week_minutes / 60:g}-hour average week"
    if p.max_weekends is not None and problem.is_weekend(d):
        n = 0
        for days in problem.weekends():
            if any(row[x] != OFF for x in days):
                n += 1
        if n > p.max_weekends:
            return f"would work more than {p.max_weekends} weekends"
    if p.min_days_off and d > 0 and d + 1 < H:
        # breaking up a short rest period
        a = d - 1
        while a >= 0 and row[a] == OFF:
            a -= 1
        b = d + 1
        while b < H and row[b] == OFF:
            b += 1
        left, right = d - 1 - a, b - d - 1
        if (0 < left < p.min_days_off and a >= 0) or (0 < right < p.min_days_off and b < H):
            return f"would leave fewer than {p.min_days_off} days off in a row"
    return None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}"


def explain(problem: RosterProblem, roster: Roster, include_soft: bool = False) -> list[CoverGap]:
    """Every cover requirement short of its hard minimum (and of its soft target when
    ``include_soft``), with the reasons, in day order."""
    forbidden = _forbidden(problem)
    gaps = []
    for cov in problem.covers:
        counted = [p for p in problem.people if cov.skill is None or cov.skill in p.skills]
        n = sum(1 for p in counted if roster[p.id][cov.day] in cov.shifts)
        hard = n < cov.minimum
        if not hard and not (include_soft and n < cov.target):
            continue
        need = cov.minimum if hard else cov.target
        obstacles: dict[str, list[str]] = {}
        for p in counted:
            why = _why_not(problem, roster, cov, p.id, forbidden)
            if why:
                obstacles.setdefault(why, []).append(p.id)
        ordered = OrderedDict(sorted(obstacles.items(), key=lambda kv: -len(kv[1])))
        who = f"with {cov.skill} skill " if cov.skill else ""
        what = cov.label or "/".join(cov.shifts)
        head = (f"{_day_label(problem, cov.day)}, {what}{' (' + cov.skill + ')' if cov.skill else ''}: "
                f"{n} rostered, {'minimum' if hard else 'target'} {need}.")
        if not counted:
            body = f"No one has the {cov.skill} skill."
        else:
            free_left = [p for reason, ps in ordered.items() if reason.startswith("free") for p in ps]
            parts = [f"{len(ps)} {reason}" for reason, ps in ordered.items() if not reason.startswith("free")]
            if free_left:
                lead = f"{len(free_left)} {who}free but not rostered (other costs were higher)"
                body = lead + ("; " + ", ".join(parts) if parts else "") + "."
            else:
                body = f"No one {who}free: " + (", ".join(parts) if parts else f"only {len(counted)} {who}in the team") + "."
        gaps.append(CoverGap(cov.day, f"{what}{' with ' + cov.skill if cov.skill else ''}", need, n, hard,
                             dict(ordered), f"{head} {body}"))
    gaps.sort(key=lambda g: (g.day, g.requirement))
    return gaps


def explain_text(problem: RosterProblem, roster: Roster, include_soft: bool = False) -> str:
    gaps = explain(problem, roster, include_soft)
    if not gaps:
        return "Every cover requirement is met."
    return "\n".join(g.text for g in gaps)
