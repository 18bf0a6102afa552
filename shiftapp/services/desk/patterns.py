"""Shift patterns on the desk: the unit's rotating patterns with their check (POL-02 averages and the
working-time findings when the pattern is repeated, from the rules engine); building a new one from shift
codes, checked before it is saved; and putting someone on a pattern from a date (``assign_pattern``: their
draft duties are drawn again, their published ones left, or changed too when they asked for it). Drafting a
period from everyone's patterns is ``rota.draft_period``."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, func, select

from ...db import service
from ...engine import rules
from ...engine.patterns import REST_CODES
from ...engine.patterns import expand as expand_pattern
from ...models import Duty, DutyChange, Pattern, PatternAssignment, Person, ShiftType, SwapRequest, Unit
from .. import audit
from ..actor import Actor
from ..duties import change_duty
from ..errors import Conflict, InvalidInput, NotFound
from ..rules_bridge import pattern_shifts
from . import common as c
from .rota import draft_people, duty_values

MAX_CYCLE_DAYS = 13 * 7
REST = "R"


@dataclass(frozen=True)
class PatternCheck:
    cycle_days: int
    weekly_hours: str  # "40 h", "37 h 30 min"
    rest_days_per_week: str  # "2", "2.5"
    findings: list[dict[str, str]] = field(default_factory=list)  # rule, severity, message, times ("" once)
    weeks: list[list[str]] = field(default_factory=list)  # the cycle a week to a row, "R" for rest


@dataclass(frozen=True)
class PatternRow:
    id: int
    name: str
    unit: str
    steps: str
    people: int  # on it today
    joining: int  # put on it from a later date
    check: PatternCheck


def _types_unit(s: Session, unit_id: int) -> int:
    """The nearest unit at or above ``unit_id`` that has shift types (police teams: their area)."""
    found = c.nearest_unit(s, unit_id, set(s.exec(select(ShiftType.unit_id).distinct()).all()))
    if found is None:
        raise InvalidInput("This unit has no shift types to build a pattern from.")
    return found


def _types(s: Session, unit_id: int) -> dict[str, ShiftType]:
    return {st.code: st for st in s.exec(select(ShiftType).where(ShiftType.unit_id == unit_id)
                                         .order_by(ShiftType.start_time)).all()}


def parse_steps(text: str, codes: dict[str, ShiftType]) -> list[str]:
    """Shift codes separated by spaces or commas, R (or -) for a rest day: ``E E L L N N R R``."""
    steps = [t.upper() for t in re.split(r"[\s,]+", text.strip()) if t]
    if not steps:
        raise InvalidInput("Type the pattern's days as shift codes, e.g. E E L L N N R R R R.")
    if len(steps) > MAX_CYCLE_DAYS:
        raise InvalidInput(f"A pattern's cycle can be at most {MAX_CYCLE_DAYS} days ({len(steps)} given).")
    by_upper = {k.upper(): k for k in codes}
    unknown = sorted({t for t in steps if t not in by_upper and t not in REST_CODES}, key=steps.index)
    if unknown:
        raise InvalidInput(f"Unknown shift code {', '.join(unknown)}: this unit's codes are "
                           f"{', '.join(codes)}, and R for a rest day.")
    return [REST if t in REST_CODES else by_upper[t] for t in steps]


def in_force(on: date) -> tuple:
    """The conditions for a pattern assignment in force on ``on`` (started, not yet ended)."""
    return (PatternAssignment.start_date <= on,
            or_(PatternAssignment.end_date.is_(None), PatternAssignment.end_date >= on))


def _hours(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    return f"{h} h" + (f" {m} min" if m else "")


def _check(steps: list[str], codes: dict[str, ShiftType], pack: str, start: date) -> PatternCheck:
    report = rules.check_pattern(pack, pattern_shifts(steps, codes), start)
    first: dict[tuple[str, str], dict[str, str]] = {}
    times: Counter = Counter()
    for f in sorted(report.findings, key=lambda f: (f.severity != "block", f.rule)):
        # the cycle's own findings (POL-02) each; of the repeated pattern's, the first of each rule and how often
        key = (f.rule, f.message if f.rule == "POL-02" else "")
        first.setdefault(key, {"rule": f.rule, "severity": f.severity, "message": f.message})
        times[key] += 1
    findings = [dict(x, times=f"{times[k]} times" if times[k] > 1 else "") for k, x in first.items()]
    return PatternCheck(len(steps), _hours(report.average_weekly_minutes), f"{report.rest_days_per_week:.2g}",
                        findings, [steps[i:i + 7] for i in range(0, len(steps), 7)])


def _monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


@service
def list_patterns(s: Session, actor: Actor, unit_id: int, today: date | None = None) -> list[PatternRow]:
    """The patterns of the unit, the units below it and the unit whose shift types it uses, each checked."""
    unit = c.check_unit(s, actor, unit_id, "see shift patterns")
    units = c.subtree(s, unit.id) | c.ancestors(c.parents(s), unit.id)
    today = today or date.today()
    names = dict(s.exec(select(Unit.id, Unit.name).where(Unit.id.in_(units))).all())
    packs = dict(s.exec(select(Unit.id, Unit.rule_pack).where(Unit.id.in_(units))).all())
    people = dict(s.exec(select(PatternAssignment.pattern_id, func.count(PatternAssignment.id))
                         .where(*in_force(today)).group_by(PatternAssignment.pattern_id)).all())
    joining = dict(s.exec(select(PatternAssignment.pattern_id, func.count(PatternAssignment.id))
                          .where(PatternAssignment.start_date > today).group_by(PatternAssignment.pattern_id)).all())
    out = []
    pats = s.exec(select(Pattern).where(Pattern.unit_id.in_(units)).order_by(Pattern.name, Pattern.id)).all()
    types = {u: _types(s, u) for u in {pat.unit_id for pat in pats}}  # one look-up a unit, not a pattern
    for pat in pats:
        codes = types[pat.unit_id]
        steps = [REST if (x in REST_CODES or x not in codes) else x for x in pat.steps]
        out.append(PatternRow(pat.id, pat.name, names.get(pat.unit_id, ""), " ".join(steps), people.get(pat.id, 0),
                              joining.get(pat.id, 0),
                              _check(steps, codes, packs[pat.unit_id], _monday(today))))
    return out


@service
def shift_codes(s: Session, actor: Actor, unit_id: int) -> list[dict[str, str]]:
    """The codes a new pattern on this unit can use: code, name and times."""
    unit = c.check_unit(s, actor, unit_id, "build shift patterns")
    return [{"code": k, "name": st.name, "times": f"{st.start_time:%H:%M}–{st.end_time:%H:%M}"}
            for k, st in _types(s, _types_unit(s, unit.id)).items()]


@service
def check_steps(s: Session, actor: Actor, unit_id: int, text: str, today: date | None = None) -> PatternCheck:
    """What a pattern typed as codes would give, before anything is saved."""
    unit = c.check_unit(s, actor, unit_id, "check shift patterns")
    home = s.get(Unit, _types_unit(s, unit.id))
    codes = _types(s, home.id)
    return _check(parse_steps(text, codes), codes, home.rule_pack, _monday(today or date.today()))


@service
def create_pattern(s: Session, actor: Actor, unit_id: int, name: str, text: str) -> int:
    """Save a new pattern on the unit that holds its shift types (checked as :func:`check_steps` shows it)."""
    unit = c.check_unit(s, actor, unit_id, "build shift patterns")
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Give the pattern a name.")
    if len(name) > 80:
        raise InvalidInput("A pattern's name can be at most 80 characters.")
    home = s.get(Unit, _types_unit(s, unit.id))
    steps = parse_steps(text, _types(s, home.id))
    if s.exec(select(Pattern.id).where(Pattern.unit_id == home.id, func.lower(Pattern.name) == name.lower())).first():
        raise Conflict(f"{home.name} already has a pattern called {name}.")
    pat = Pattern(unit_id=home.id, name=name, cycle_days=len(steps), steps=steps)
    s.add(pat)
    s.flush()
    audit.record(s, actor, "pattern_created", "pattern", pat.id, f"{name}: {len(steps)}-day cycle {' '.join(steps)}",
                 unit_id=home.id)
    return pat.id


@dataclass(frozen=True)
class Assigned:
    person: str
    pattern: str
    start: date
    redrafted: int  # draft duties from ``start`` drafted again from the new pattern
    published_changed: int  # published shifts and rest days changed to the new pattern (at the person's request)
    published_left: int  # published duties from ``start`` the change leaves (with ``published_too``: absences)
    at_request: bool = False  # ``published_too``


@service
def pattern_people(s: Session, actor: Actor, unit_id: int, today: date | None = None) -> list[dict[str, str]]:
    """Who in the unit (and below) can be put on a pattern, with the pattern they are on now."""
    unit = c.check_unit(s, actor, unit_id, "change people's patterns")
    today = today or date.today()
    people = s.exec(select(Person).where(Person.unit_id.in_(c.subtree(s, unit.id)), Person.active)
                    .order_by(Person.family_name, Person.given_name)).all()
    now = dict(s.exec(select(PatternAssignment.person_id, Pattern.name)
                      .join(Pattern, PatternAssignment.pattern_id == Pattern.id)
                      .where(PatternAssignment.person_id.in_([x.id for x in people]), *in_force(today))).all())
    return [{"id": str(x.id), "name": f"{x.display_name} ({now.get(x.id, 'no pattern')})"} for x in people]


@service
def assign_pattern(s: Session, actor: Actor, person_id: int, pattern_id: int, start: date, step: int = 1,
                   today: date | None = None, published_too: bool = False) -> Assigned:
    """Put a person on a pattern from ``start`` (a future date), ``start`` being day ``step`` of its cycle.
    The assignment they were on ends the day before (one that would have begun later is replaced); their
    draft duties from ``start`` are drafted again from the new pattern. Published duties are a published rota
    (POL-03): left as they are and counted, or, with ``published_too`` (the person asked for the change, e.g.
    flexible working agreed), their published shifts and rest days from ``start`` follow the new pattern as
    changes at the officer's request, each recorded with its notice; leave, sickness and other absences stay."""
    # Written first, before anything is read: a write that changes nothing takes the person's row lock on
    # PostgreSQL and the write lock on SQLite, so of two planners putting someone on a pattern at once the
    # second waits, then reads the first's assignment and replaces it: never two at once
    s.execute(update(Person).where(Person.id == person_id).values(active=Person.active))
    person = s.get(Person, person_id)
    if person is None:
        raise NotFound("That person doesn't exist.")
    c.check_unit(s, actor, person.unit_id, "change people's patterns")
    pat = s.get(Pattern, pattern_id)
    if pat is None:
        raise NotFound("That pattern doesn't exist.")
    if pat.unit_id not in c.ancestors(c.parents(s), person.unit_id):
        raise InvalidInput(f"{pat.name} belongs to another unit: {person.display_name} can't work it.")
    if not 1 <= step <= pat.cycle_days:
        raise InvalidInput(f"Start at a day of the cycle from 1 to {pat.cycle_days}.")
    if start <= (today or date.today()):
        raise InvalidInput("Choose a date after today: duties already worked don't change.")
    for pa in s.exec(select(PatternAssignment).where(PatternAssignment.person_id == person.id)).all():
        if pa.start_date >= start:
            s.delete(pa)
        elif pa.end_date is None or pa.end_date >= start:
            pa.end_date = start - timedelta(days=1)
            s.add(pa)
    s.add(PatternAssignment(person_id=person.id, pattern_id=pat.id, offset_days=step - 1, start_date=start))
    s.flush()
    mine = (Duty.person_id == person.id, Duty.date >= start, Duty.line == "main")
    drafts = s.exec(select(Duty).where(*mine, Duty.status == "draft", Duty.source == "pattern")).all()
    ids = [d.id for d in drafts]
    held = set(s.exec(select(DutyChange.duty_id).where(DutyChange.duty_id.in_(ids))).all()) | set(
        s.exec(select(SwapRequest.requester_duty_id).where(SwapRequest.requester_duty_id.in_(ids))).all()) | set(
        s.exec(select(SwapRequest.counterpart_duty_id).where(SwapRequest.counterpart_duty_id.in_(ids))).all())
    drafts = [d for d in drafts if d.id not in held]  # a draft something points at stays as it is
    last = max((d.date for d in drafts), default=None)
    for d in drafts:
        s.delete(d)
    s.flush()
    redrafted = draft_people(s, {person.id: person.unit_id}, start, last) if last else 0
    changed = _follow_pattern(s, actor, pat, start, step, list(s.exec(select(Duty).where(
        *mine, Duty.status == "published", Duty.kind.in_(("shift", "rest_day"))).order_by(Duty.date)).all())) \
        if published_too else 0
    left = [Duty.status == "published"] + ([Duty.kind.not_in(("shift", "rest_day"))] if published_too else [])
    published = s.exec(select(func.count(Duty.id)).where(*mine, *left)).one()
    audit.record(s, actor, "pattern_assigned", "person", person.id,
                 f"{person.display_name}: {pat.name} from {start} (day {step}); {redrafted} draft duties redrawn, "
                 f"{changed} published changed at their request, {published} published left", unit_id=person.unit_id)
    audit.notify_people(s, [person.id], "pattern_changed", f"Your rota pattern changes from {start:%a %d %b %Y}",
                        f"{pat.name}, starting on day {step} of its {pat.cycle_days}-day cycle. "
                        + (f"{changed} published duties from then have changed to it, as you asked; leave and other "
                           "absences stay as they are." if changed else
                           "Duties already published stay as they are unless your planner changes them."), link="/me")
    return Assigned(person.display_name, pat.name, start, redrafted, changed, published, published_too)


def aligned_step(cycle_days: int, start: date) -> int:
    """The day of a cycle that ``start`` is when the cycle runs from a Monday (cycles of whole weeks, as the
    builder lays them out); day 1 for any other cycle."""
    return start.weekday() % cycle_days + 1 if cycle_days % 7 == 0 else 1


def _follow_pattern(s: Session, actor: Actor, pat: Pattern, start: date, step: int, duties: list[Duty]) -> int:
    """Published shifts and rest days changed to what the pattern gives on their dates (POL-03: at the
    officer's request, so without compensation; each change recorded with its notice). Returns how many."""
    if not duties:
        return 0
    codes = {pd.day: pd.code for pd in expand_pattern(pat.steps, start, step - 1, start, duties[-1].date)}
    types = _types(s, pat.unit_id)
    changed = 0
    for duty in duties:
        code = codes.get(duty.date, "")
        st = types.get(code)
        kind, shift_id = ("shift", st.id) if st else ("rest_day", None)
        if (duty.kind, duty.shift_type_id) == (kind, shift_id):
            continue
        change_duty(s, actor, duty, duty_values(s, duty, kind, shift_id), reason_code="officer_request",
                    reason=f"New pattern: {pat.name}", notify=False)  # one message for the lot, below
        changed += 1
    return changed
