"""Impact of a request before a planner decides it: cover before and after on every affected shift
against minimum and target, rule findings for the people involved, and the cost (an estimate of the
cheapest way to fill any new gap). Used by the approvals inbox for leave and swaps."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from ...db import service
from ...engine import cover as cv
from ...engine.fill import WORKING, FillContext, options_for_gap
from ...models import Duty, LeaveRequest, Person, SwapRequest
from ..actor import Actor
from ..errors import NotFound
from ..rules_bridge import DutyFacts, findings_for
from . import common as c
from .gaps import added_findings


@dataclass(frozen=True)
class Impact:
    cover: list[dict[str, str]]
    findings: list[dict[str, str]]
    cost: str
    cost_pence: int
    summary: str
    new_gaps: int = 0
    notes: list[str] = field(default_factory=list)


def _cover_change(s: Session, unit_id: int, moves: dict[tuple[int, date], int | None], now) -> tuple[list[dict], int, int, list[str]]:
    """``moves``: (person, date) -> the shift type they will be on (None: off). Returns rows, new gaps,
    estimated backfill pence and notes."""
    if not moves:
        return [], 0, 0, []
    days = sorted({d for _, d in moves})
    needs, on, units = c.on_duty(s, unit_id, days[0], days[-1])
    needs = [n for n in needs if n.date in set(days)]
    before = cv.cover(needs, on)
    by_person = {}
    for o in on:
        by_person.setdefault((o.person_id, o.date), o)
    template = {pid: o for (pid, _), o in by_person.items()}
    after_on = [o for o in on if (o.person_id, o.date) not in moves]
    skills = c.person_skills(s, {pid for pid, _ in moves})
    parent = c.parents(s)
    units_of = dict(s.exec(select(Person.id, Person.unit_id).where(Person.id.in_({pid for pid, _ in moves}))).all())
    for (pid, d), st in moves.items():
        if st is None:
            continue
        t = template.get(pid)
        after_on.append(cv.OnDuty(pid, d, st, "shift", t.unit_ids if t else c.ancestors(parent, units_of[pid]),
                                  skills.get(pid, frozenset())))
    after = cv.cover(needs, after_on)
    specs, names = c.shift_specs(s, units), c.skill_names(s)
    rows, new_gaps, cost, notes = [], 0, 0, []
    ctx = None
    for b, a in zip(before, after):
        if b.actual == a.actual:
            continue
        rows.append({"day": f"{a.date:%a %d %b}", "label": c.cell_label(a, specs, names, {}), "before": str(b.actual),
                     "after": str(a.actual), "minimum": str(a.minimum), "target": str(a.target),
                     "status": a.status, "change": f"{a.actual - b.actual:+d}"})
        if a.actual < a.minimum <= b.actual or (a.actual < b.actual and a.actual < a.minimum):
            new_gaps += 1
            if a.skill_id is None:  # cost the whole-shift gap once; skill gaps usually go with it
                ctx = ctx or FillContext(specs, now, after)
                opts = options_for_gap(a, c.candidates(s, units, a.date, shift_type_id=a.shift_type_id), ctx, limit=1)
                if opts:
                    cost += opts[0].cost_pence
                    notes.append(f"{a.date:%a %d %b} {specs[a.shift_type_id].code}: cheapest cover is "
                                 f"{opts[0].label.lower()} ({opts[0].name}, £{opts[0].cost_pence / 100:,.2f})")
                else:
                    notes.append(f"{a.date:%a %d %b} {specs[a.shift_type_id].code}: nobody eligible is free to cover")
    return rows, new_gaps, cost, notes


def _findings(s: Session, person: Person, replace_facts: list[DutyFacts]) -> list[dict[str, str]]:
    if not replace_facts:
        return []
    lo, hi = min(f.date for f in replace_facts), max(f.date for f in replace_facts)
    before = findings_for(s, person, (lo, hi))
    after = findings_for(s, person, (lo, hi), replace=replace_facts)
    return [{"person": person.display_name, "rule": f.rule, "severity": f.severity, "message": f.message}
            for f in added_findings(before, after)]


def _impact(rows, gaps_, cost, notes, findings, what: str) -> Impact:
    summary = (f"{what}: {gaps_} shift{'s' if gaps_ != 1 else ''} would fall below minimum"
               if gaps_ else f"{what}: every affected shift stays at or above its minimum")
    return Impact(rows, findings, f"£{cost / 100:,.2f}" if cost else "£0.00", cost, summary, gaps_, notes)


@service
def leave_impact(s: Session, actor: Actor, request_id: int) -> Impact:
    req = s.get(LeaveRequest, request_id)
    if req is None:
        raise NotFound("That leave request doesn't exist.")
    person = s.get(Person, req.person_id)
    c.check_unit(s, actor, person.unit_id, "see the impact of a request")
    duties = s.exec(select(Duty).where(Duty.person_id == person.id, Duty.date >= req.start_date,
                                       Duty.date <= req.end_date, Duty.line == "main")).all()
    working = [d for d in duties if d.kind in WORKING and d.shift_type_id]
    moves = {(person.id, d.date): None for d in working}
    kind = {"annual": "annual_leave", "toil": "toil", "rdil": "rdil", "special": "special_leave"}.get(req.kind, "annual_leave")
    rows, gaps_, cost, notes = _cover_change(s, c.requirement_unit(s, person.unit_id), moves, c.now_local())
    facts = [DutyFacts(d.date, kind) for d in working]
    return _impact(rows, gaps_, cost, notes, _findings(s, person, facts),
                   f"{person.display_name} off {len(working)} working day{'s' if len(working) != 1 else ''}")


@service
def swap_impact(s: Session, actor: Actor, swap_id: int) -> Impact:
    row = s.get(SwapRequest, swap_id)
    if row is None:
        raise NotFound("That swap doesn't exist.")
    a, b = s.get(Person, row.requester_id), s.get(Person, row.counterpart_id) if row.counterpart_id else None
    c.check_unit(s, actor, a.unit_id, "see the impact of a request")
    if b is None or row.counterpart_duty_id is None:
        return Impact([], [], "£0.00", 0, "Open offer: nobody has taken it yet.")
    d1, d2 = s.get(Duty, row.requester_duty_id), s.get(Duty, row.counterpart_duty_id)
    days = sorted({d1.date, d2.date})
    mains = {(d.person_id, d.date): d for d in s.exec(select(Duty).where(
        Duty.person_id.in_((a.id, b.id)), Duty.date.in_(days), Duty.line == "main")).all()}
    moves, fa, fb, flex = {}, [], [], []
    for day in days:
        da, db = mains.get((a.id, day)), mains.get((b.id, day))
        if da is None or db is None:
            continue
        st_a = db.shift_type_id if db.kind in WORKING else None
        st_b = da.shift_type_id if da.kind in WORKING else None
        moves[(a.id, day)], moves[(b.id, day)] = st_a, st_b
        fa.append(DutyFacts(day, db.kind, db.start_utc, db.end_utc, db.break_minutes))
        fb.append(DutyFacts(day, da.kind, da.start_utc, da.end_utc, da.break_minutes))
        # what either would give up of their flexible working agreed (they asked, but it is part of their terms)
        for p, mine, taken in ((a, da, db), (b, db, da)):
            flex += [{"person": p.display_name, "rule": rule, "severity": "warn", "message": m}
                     for rule, m in c.agreement_findings(s, p, mine, taken.kind, taken.start_utc, taken.end_utc,
                                                         taken.shift_type_id)]
    rows, gaps_, cost, notes = _cover_change(s, c.requirement_unit(s, a.unit_id), moves, c.now_local())
    return _impact(rows, gaps_, cost, notes, _findings(s, a, fa) + _findings(s, b, fb) + flex,
                   f"{a.display_name} and {b.display_name} exchange {len(days)} day{'s' if len(days) != 1 else ''}")


FLEX_WEEKS = 4


@service
def flex_impact(s: Session, actor: Actor, request_id: int) -> Impact:
    """Cover over the first four weeks of a proposed pattern (or days and hours) against the person's
    current rota. Hours that match no shift type count as off the unit's shifts (they cover nothing)."""
    from ...engine.patterns import expand as expand_pattern
    from ...models import FlexRequest, Pattern, ShiftType
    req = s.get(FlexRequest, request_id)
    if req is None:
        raise NotFound("That request doesn't exist.")
    person = s.get(Person, req.person_id)
    c.check_unit(s, actor, person.unit_id, "see the impact of a request")
    start = req.effective_from - timedelta(days=req.effective_from.weekday())
    end = start + timedelta(days=FLEX_WEEKS * 7 - 1)
    current = {d.date: d for d in s.exec(select(Duty).where(Duty.person_id == person.id, Duty.date >= start,
                                                            Duty.date <= end, Duty.line == "main")).all()}
    proposed: dict[date, int | None] = {}
    if req.proposed_pattern_id:
        pat = s.get(Pattern, req.proposed_pattern_id)
        sts = {st.code: st.id for st in s.exec(select(ShiftType).where(ShiftType.unit_id == pat.unit_id)).all()}
        for pd in expand_pattern(pat.steps, start, 0, start, end):
            proposed[pd.day] = None if pd.is_rest else sts.get(pd.code)
    elif req.proposed_days:
        unit_sts = s.exec(select(ShiftType).where(ShiftType.unit_id.in_(
            c.ancestors(c.parents(s), person.unit_id) | c.subtree(s, person.unit_id)))).all()
        by_hours = {f"{st.start_time:%H:%M}-{st.end_time:%H:%M}": st.id for st in unit_sts}
        days = {str(k).lower()[:3]: str(v or "").replace("–", "-").replace(" ", "") for k, v in req.proposed_days.items()}
        names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        for i in range((end - start).days + 1):
            d = start + timedelta(days=i)
            hours = days.get(names[d.weekday()], "")
            proposed[d] = by_hours.get(hours) if hours else None
    else:
        return Impact([], [], "£0.00", 0, "No proposed pattern or hours to assess.")
    moves = {}
    for d, st in proposed.items():
        cur = current.get(d)
        cur_st = cur.shift_type_id if cur is not None and cur.kind in WORKING else None
        if cur_st != st and (cur is None or cur.kind in WORKING or cur.kind == "rest_day"):
            moves[(person.id, d)] = st
    rows, gaps_, cost, notes = _cover_change(s, c.requirement_unit(s, person.unit_id), moves, c.now_local())
    return _impact(rows, gaps_, cost, notes, [],
                   f"{person.display_name}'s proposal over {FLEX_WEEKS} weeks from {start:%d %b}")
