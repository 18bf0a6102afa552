"""Shift patterns on the desk: the unit's rotating patterns with their check (POL-02 averages and the
working-time findings when the pattern is repeated, from the rules engine), and building a new one:
steps typed as shift codes, checked before it is saved. People are put on a pattern elsewhere
(``PatternAssignment``); drafting the rota from patterns is ``rota.draft_period``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_
from sqlmodel import Session, func, select

from ...db import service
from ...engine import rules
from ...engine.patterns import REST_CODES
from ...models import Pattern, PatternAssignment, ShiftType, Unit
from .. import audit
from ..actor import Actor
from ..errors import Conflict, InvalidInput
from . import common as c

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
    people: int
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


def _hours(minutes: float) -> str:
    h, m = divmod(round(minutes), 60)
    return f"{h} h" + (f" {m} min" if m else "")


def _check(steps: list[str], codes: dict[str, ShiftType], pack: str, start: date) -> PatternCheck:
    shifts = [None if code == REST else rules.PatternShift(f"{codes[code].start_time:%H:%M}",
                                                            f"{codes[code].end_time:%H:%M}", codes[code].break_minutes)
              for code in steps]
    report = rules.check_pattern(pack, shifts, start)
    times: dict[tuple[str, str], int] = {}
    findings = []
    for f in sorted(report.findings, key=lambda f: (f.severity != "block", f.rule)):
        # the cycle's own findings (POL-02) each; of the repeated pattern's, the first of each rule and how often
        key = (f.rule, f.message if f.rule == "POL-02" else "")
        if key not in times:
            findings.append({"rule": f.rule, "severity": f.severity, "message": f.message, "key": key})
        times[key] = times.get(key, 0) + 1
    for x in findings:
        n = times[x.pop("key")]
        x["times"] = f"{n} times" if n > 1 else ""
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
                         .where(PatternAssignment.start_date <= today,
                                or_(PatternAssignment.end_date.is_(None), PatternAssignment.end_date >= today))
                         .group_by(PatternAssignment.pattern_id)).all())
    out = []
    for pat in s.exec(select(Pattern).where(Pattern.unit_id.in_(units)).order_by(Pattern.name, Pattern.id)).all():
        codes = _types(s, pat.unit_id)
        steps = [REST if (x in REST_CODES or x not in codes) else x for x in pat.steps]
        out.append(PatternRow(pat.id, pat.name, names.get(pat.unit_id, ""), " ".join(steps), people.get(pat.id, 0),
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
