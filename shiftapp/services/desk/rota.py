"""The rota grid (people by days, paged on the server, with cover rows), editing a duty with its
findings shown first, abstractions, and drafting and publishing a period (POL-03)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, func, select

from ...db import service
from ...engine import cover as cv
from ...engine.fill import Agreement, describe_agreement, outside_agreement
from ...engine.patterns import expand as expand_pattern
from ...engine.rules import RulesInputError, check_publication
from ...engine.timeutil import shift_interval, utc_to_local
from ...models import Duty, Pattern, PatternAssignment, Person, PersonSkill, RosterPeriod, ShiftType, Unit
from ...models.base import utcnow
from .. import audit
from ..actor import Actor
from ..duties import change_duty
from ..errors import Conflict, InvalidInput, NotFound
from ..rules_bridge import DutyFacts, findings_for
from .gaps import added_findings
from . import common as c

MAX_PAGE = 50
EDIT_KINDS = ("shift", "rest_day", "annual_leave", "toil", "rdil", "special_leave", "public_holiday", "sickness",
              "training", "court", "secondment", "free_day")
REASON_CODES = ("exigency", "officer_request", "jbb_agreed")


@dataclass(frozen=True)
class RotaPage:
    unit_id: int
    start: str
    days: list[dict[str, str]]
    rows: list[dict]
    cover: list[dict]
    total: int
    page: int
    page_size: int
    teams: list[dict[str, str]]
    skills: list[dict[str, str]]
    ranks: list[str]
    shifts: list[dict[str, str]]
    drafts: int


def _cell(d: Duty | None, extra: Duty | None, st: dict[int, ShiftType], agreement: Agreement | None = None
          ) -> dict[str, str]:
    if d is None:
        return {"id": "", "code": "", "colour": "gray", "kind": "", "title": "No duty", "status": "", "version": "0",
                "extra": "", "flex": ""}
    s = st.get(d.shift_type_id) if d.shift_type_id else None
    code = s.code if (s and d.kind == "shift") else c.KIND_CODES.get(d.kind, d.kind[:3].upper())
    colour = (s.colour if s and d.kind == "shift" else c.KIND_COLOURS.get(d.kind, "gray"))
    title = d.kind.replace("_", " ")
    if d.start_utc and d.end_utc:
        title += f" {utc_to_local(d.start_utc):%H:%M}–{utc_to_local(d.end_utc):%H:%M}"
    if extra is not None:
        es = st.get(extra.shift_type_id) if extra.shift_type_id else None
        title += f"; + overtime {es.code if es else ''}"
    # a shift outside the days and hours agreed under flexible working: for the planner to re-roster
    outside = outside_agreement(agreement, utc_to_local(d.start_utc), utc_to_local(d.end_utc)) \
        if d.kind == "shift" and d.start_utc and d.end_utc else None
    if outside:
        title += f"; {outside}"
    return {"id": str(d.id), "code": code, "colour": colour, "kind": d.kind, "title": title, "status": d.status,
            "version": str(d.version), "extra": ("+" + (es.code if es else "OT")) if extra is not None else "",
            "flex": "outside" if outside else ""}


@service
def rota_grid(s: Session, actor: Actor, unit_id: int, start: date, weeks: int = 4, *, team_id: int | None = None,
              skill_id: int | None = None, rank: str = "", page: int = 0, page_size: int = 25) -> RotaPage:
    unit = c.check_unit(s, actor, unit_id, "see the rota")
    if not 1 <= weeks <= 13:
        raise InvalidInput("Show between 1 and 13 weeks.")
    if not 1 <= page_size <= MAX_PAGE or page < 0:
        raise InvalidInput(f"Page size must be between 1 and {MAX_PAGE}.")
    end = start + timedelta(days=weeks * 7 - 1)
    units = c.subtree(s, unit.id)
    people_units = units if team_id is None else (c.subtree(s, team_id) & units)
    if team_id is not None and not people_units:
        raise InvalidInput("That team isn't part of this unit.")
    q = select(Person).where(Person.unit_id.in_(people_units), Person.active)
    if skill_id:
        q = q.where(Person.id.in_(select(PersonSkill.person_id).where(PersonSkill.skill_id == skill_id)))
    if rank:
        q = q.where(Person.rank == rank)
    total = s.exec(select(func.count()).select_from(q.subquery())).one()
    people = s.exec(q.order_by(Person.unit_id, Person.family_name, Person.given_name, Person.id)
                    .offset(page * page_size).limit(page_size)).all()
    st = c.shift_types(s, units)
    duties: dict[tuple[int, date], dict[str, Duty]] = defaultdict(dict)
    if people:
        for d in s.exec(select(Duty).where(Duty.person_id.in_([p.id for p in people]), Duty.date >= start,
                                           Duty.date <= end)).all():
            duties[(d.person_id, d.date)][d.line] = d
    names = dict(s.exec(select(Unit.id, Unit.name).where(Unit.id.in_(units))).all())
    days = cv.dates(start, end)
    agreed = c.agreements(s, [p.id for p in people], end)
    rows = []
    for p in people:
        cells = []
        for d in days:
            lines = duties.get((p.id, d), {})
            cells.append(_cell(lines.get("main"), lines.get("extra"), st, agreed.get(p.id)))
        rows.append({"id": str(p.id), "name": p.display_name, "rank": p.rank or p.job_title, "team": names.get(p.unit_id, ""),
                     "flex": describe_agreement(agreed[p.id]) if p.id in agreed else "", "cells": cells})
    cells, _ = c.cover_cells(s, unit.id, start, end)
    specs, skills = c.shift_specs(s, units), c.skill_names(s)
    cover_rows: dict[tuple, dict] = {}
    events = {}
    for cell in cells:
        k = (cell.unit_id, cell.shift_type_id, cell.skill_id or 0, cell.event_id or 0)
        if k not in cover_rows:
            cover_rows[k] = {"label": c.cell_label(cell, specs, skills, events), "cells": {}}
        cover_rows[k]["cells"][cell.date] = {"text": f"{cell.actual}/{cell.minimum}", "status": cell.status,
                                             "title": f"{cell.actual} on, minimum {cell.minimum}, target {cell.target}"}
    cover = [{"label": r["label"], "cells": [r["cells"].get(d, {"text": "", "status": "none", "title": ""}) for d in days]}
             for _, r in sorted(cover_rows.items(), key=lambda kv: (kv[0][3], kv[0][1], kv[0][2]))]
    teams = s.exec(select(Unit).where(Unit.id.in_(units), Unit.id != unit.id).order_by(Unit.code)).all()
    from ...models import Skill
    skill_rows = s.exec(select(Skill).order_by(Skill.name)).all()
    ranks = sorted(r for r in s.exec(select(Person.rank).where(Person.unit_id.in_(units)).distinct()).all() if r)
    drafts = s.exec(select(func.count()).select_from(Duty).where(Duty.unit_id.in_(units), Duty.status == "draft")).one()
    return RotaPage(
        unit.id, start.isoformat(),
        [{"date": d.isoformat(), "dow": f"{d:%a}", "dom": f"{d:%d}", "weekend": "y" if d.weekday() >= 5 else ""}
         for d in days],
        rows, cover, total, page, page_size,
        [{"id": str(t.id), "name": t.name} for t in teams],
        [{"id": str(k.id), "name": k.name} for k in skill_rows], ranks,
        [{"id": str(x.id), "name": f"{x.code} {x.name}"} for x in st.values()], drafts)


def duty_values(s: Session, duty: Duty, kind: str, shift_type_id: int | None) -> dict:
    """The fields a duty of ``kind`` (and shift type) takes on its date."""
    if kind not in EDIT_KINDS:
        raise InvalidInput("Choose a duty kind from the list.")
    if kind == "shift":
        st = s.get(ShiftType, shift_type_id) if shift_type_id else None
        if st is None:
            raise InvalidInput("Choose the shift.")
        a, b = shift_interval(duty.date, st.start_time, st.end_time)
        return dict(kind="shift", shift_type_id=st.id, start_utc=a, end_utc=b, break_minutes=st.break_minutes)
    return dict(kind=kind, shift_type_id=None, start_utc=None, end_utc=None, break_minutes=0)


def _duty_in_scope(s: Session, actor: Actor, duty_id: int, what: str) -> Duty:
    duty = s.get(Duty, duty_id)
    if duty is None:
        raise NotFound("That duty doesn't exist any more.")
    actor.require("planner", what=what)
    actor.require_unit(duty.unit_id, what=what)
    return duty


@service
def duty_for_edit(s: Session, actor: Actor, duty_id: int) -> dict:
    """A duty as the rota editor opens it: the kind to edit (a kind the editor does not offer shows as a
    shift), its shift type, and the version and status the save will be checked against."""
    duty = _duty_in_scope(s, actor, duty_id, "edit the rota")
    return {"kind": duty.kind if duty.kind in EDIT_KINDS else "shift", "shift_type_id": duty.shift_type_id,
            "version": duty.version, "status": duty.status}


@service
def duty_preview(s: Session, actor: Actor, duty_id: int, kind: str, shift_type_id: int | None = None) -> dict:
    """What saving this edit would add: rule findings for the person, before anything is written."""
    duty = _duty_in_scope(s, actor, duty_id, "edit the rota")
    new = duty_values(s, duty, kind, shift_type_id)
    person = s.get(Person, duty.person_id)
    window = (duty.date - timedelta(days=1), duty.date + timedelta(days=1))
    before = findings_for(s, person, window)
    after = findings_for(s, person, window, replace=[DutyFacts(duty.date, new["kind"], new["start_utc"], new["end_utc"],
                                                               new["break_minutes"], duty.line)])
    found = added_findings(before, after)
    added = [f"{f.rule} ({f.severity}): {f.message}" for f in found]
    added += [f"{rule} (warn): {m}" for rule, m in c.agreement_findings(
        s, person, duty, new["kind"], new["start_utc"], new["end_utc"], new["shift_type_id"])]
    return {"person": person.display_name, "date": f"{duty.date:%a %d %b %Y}", "version": duty.version,
            "status": duty.status, "findings": added,
            "blocks": sum(f.severity == "block" and not f.override_allowed for f in found)}


@service
def save_duty(s: Session, actor: Actor, duty_id: int, kind: str, shift_type_id: int | None, *, expected_version: int,
              reason_code: str = "exigency", reason: str = "", override: bool = False) -> dict:
    duty = _duty_in_scope(s, actor, duty_id, "edit the rota")
    if duty.status != "draft" and reason_code not in REASON_CODES:
        raise InvalidInput("A change to a published duty needs a reason: exigency of duty, officer's request or JBB agreed (POL-03).")
    preview = duty_preview(actor, duty_id, kind, shift_type_id, session=s)
    if preview["blocks"] and not override:
        raise InvalidInput("This change breaks a working-time rule that can't be overridden: "
                           + "; ".join(preview["findings"]))
    new = duty_values(s, duty, kind, shift_type_id)
    res = change_duty(s, actor, duty, new, reason_code=reason_code, reason=reason, expected_version=expected_version)
    return {"version": res.duty.version, "findings": preview["findings"],
            "clear_days": res.change.clear_days_notice if res.change else None}


@service
def record_abstraction(s: Session, actor: Actor, person_id: int, kind: str, start: date, end: date,
                       reason: str = "") -> int:
    """Sickness, training, court, secondment or special leave over [start, end]. Working days become the
    abstraction (rest days stay rest days, except a secondment, which takes every day). Returns days changed."""
    if kind not in c.ABSTRACTION_KINDS:
        raise InvalidInput("Choose sickness, training, court, secondment or special leave.")
    c.check_dates(start, end, 366)
    person = s.get(Person, person_id)
    if person is None:
        raise NotFound("That person doesn't exist.")
    actor.require("planner", what="record an abstraction")
    actor.require_unit(person.unit_id, what="record an abstraction")
    rows = s.exec(select(Duty).where(Duty.person_id == person_id, Duty.date >= start, Duty.date <= end,
                                     Duty.line == "main").order_by(Duty.date)).all()
    n = 0
    for d in rows:
        if d.kind == kind or (kind != "secondment" and d.kind not in ("shift", "event", "training", "court")):
            continue
        keep_times = kind in ("training", "court") and d.start_utc is not None
        new = dict(kind=kind, event_id=None)
        if not keep_times:
            new.update(shift_type_id=None, start_utc=None, end_utc=None, break_minutes=0)
        change_duty(s, actor, d, new, reason_code=kind, reason=reason, notify=False)
        n += 1
    if not n:
        raise InvalidInput(f"{person.display_name} has no working duties to change between {start:%d %b} and {end:%d %b}.")
    audit.notify_people(s, [person_id], "duty_changed", f"Recorded: {kind.replace('_', ' ')} {start:%d %b}–{end:%d %b}",
                        f"{n} duties changed. {reason}".strip(), link="/me")
    audit.record(s, actor, "abstraction_recorded", "person", person_id,
                 f"{person.display_name}: {kind} {start}–{end} ({n} days)", unit_id=person.unit_id)
    return n


@dataclass(frozen=True)
class PeriodInfo:
    start: str
    end: str
    drafts: int
    published_until: str
    findings: list[str]


def _published_until(s: Session, units: set[int]) -> date | None:
    return s.exec(select(func.max(Duty.date)).where(Duty.unit_id.in_(units), Duty.status != "draft")).one()


@service
def next_period(s: Session, actor: Actor, unit_id: int, today: date | None = None) -> PeriodInfo:
    """The period after the last published date (3 months, POL-03), with its draft count and findings."""
    unit = c.check_unit(s, actor, unit_id, "publish a rota")
    today = today or date.today()
    units = c.subtree(s, unit.id)
    last = _published_until(s, units) or today
    start = last + timedelta(days=1)
    from ...engine.rules.timeutil import add_months
    end = add_months(start, 3) - timedelta(days=1)
    drafts = s.exec(select(func.count()).select_from(Duty).where(Duty.unit_id.in_(units), Duty.status == "draft",
                                                                  Duty.date >= start, Duty.date <= end)).one()
    return PeriodInfo(start.isoformat(), end.isoformat(), drafts, last.isoformat(),
                      _publication_findings(unit, start, end, today))


def _publication_findings(unit: Unit, start: date, end: date, today: date) -> list[str]:
    try:
        return [f.message for f in check_publication(unit.rule_pack, start, end, today)]
    except RulesInputError:  # packs without POL-03 (council): no publication rule
        return []


def _recent_codes(s: Session, person_ids: list[int], before: date) -> dict[int, dict[date, str]]:
    out: dict[int, dict[date, str]] = defaultdict(dict)
    rows = s.exec(select(Duty.person_id, Duty.date, Duty.kind, ShiftType.code)
                  .join(ShiftType, Duty.shift_type_id == ShiftType.id, isouter=True)
                  .where(Duty.person_id.in_(person_ids), Duty.line == "main", Duty.source == "pattern",
                         Duty.date < before, Duty.date >= before - timedelta(days=70))).all()
    for pid, d, kind, code in rows:
        out[pid][d] = code if kind == "shift" and code else ("R" if kind == "rest_day" else "?")
    return out


def _phase(steps: list[str], ref: date, seen: dict[date, str], default: int) -> int:
    """The pattern offset that continues what the person actually worked (their last ten weeks of pattern
    duties): the seed and imports don't all anchor the cycle on the assignment's start date."""
    if not seen:
        return default
    n = len(steps)
    norm = ["R" if x in ("", "R", "-") else x for x in steps]
    best, best_hits = default, -1
    for k in [default] + [i for i in range(n) if i != default]:
        hits = sum(norm[((d - ref).days + k) % n] == code for d, code in seen.items())
        if hits > best_hits:
            best, best_hits = k, hits
    return best


@service
def draft_period(s: Session, actor: Actor, unit_id: int, start: date, end: date) -> int:
    """Draft duties from everyone's pattern for [start, end] where they have no duty yet. Returns how many."""
    unit = c.check_unit(s, actor, unit_id, "draft a rota")
    c.check_dates(start, end, 200)
    units = c.subtree(s, unit.id)
    people = s.exec(select(Person.id, Person.unit_id).where(Person.unit_id.in_(units), Person.active)).all()
    n = draft_people(s, dict(people), start, end)
    audit.record(s, actor, "rota_drafted", "unit", unit.id, f"{unit.name}: {n} draft duties {start}–{end}",
                 unit_id=unit.id)
    return n


def draft_people(s: Session, unit_of: dict[int, int], start: date, end: date) -> int:
    """Draft duties from the patterns of these people (id → unit) for [start, end] where they have no duty
    yet, each assignment over its own dates. Returns how many were written."""
    have = {(pid, d) for pid, d in s.exec(select(Duty.person_id, Duty.date).where(
        Duty.person_id.in_(list(unit_of)), Duty.date >= start, Duty.date <= end, Duty.line == "main")).all()}
    rows = []
    history = _recent_codes(s, list(unit_of), start)
    for pa, pat in s.exec(select(PatternAssignment, Pattern).join(Pattern, PatternAssignment.pattern_id == Pattern.id)
                          .where(PatternAssignment.person_id.in_(list(unit_of)))).all():
        lo = max(start, pa.start_date)
        hi = min(end, pa.end_date) if pa.end_date else end
        if hi < lo:
            continue
        sts = {st.code: st for st in s.exec(select(ShiftType).where(ShiftType.unit_id == pat.unit_id)).all()}
        # only what was worked on this assignment tells its phase (not the pattern before it)
        seen = {d: code for d, code in history.get(pa.person_id, {}).items() if d >= pa.start_date}
        offset = _phase(pat.steps, pa.start_date, seen, pa.offset_days)
        for pd in expand_pattern(pat.steps, pa.start_date, offset, lo, hi):
            if (pa.person_id, pd.day) in have:
                continue
            have.add((pa.person_id, pd.day))
            base = dict(person_id=pa.person_id, unit_id=unit_of[pa.person_id], date=pd.day, line="main",
                        status="draft", source="pattern", role_note="", version=1, updated_at=utcnow())
            if pd.is_rest or pd.code not in sts:
                rows.append(dict(base, kind="rest_day", shift_type_id=None, start_utc=None, end_utc=None,
                                 break_minutes=0))
            else:
                st = sts[pd.code]
                a, b = shift_interval(pd.day, st.start_time, st.end_time)
                rows.append(dict(base, kind="shift", shift_type_id=st.id, start_utc=a, end_utc=b,
                                 break_minutes=st.break_minutes))
    if rows:
        from sqlalchemy import insert
        for i in range(0, len(rows), 5000):
            s.execute(insert(Duty), rows[i:i + 5000])
    return len(rows)


@service
def publish_period(s: Session, actor: Actor, unit_id: int, start: date, end: date, today: date | None = None) -> int:
    """Publish every draft duty of the unit in [start, end]. POL-03: at least a month's notice and at
    least 3 months' cover, else nothing is published. Everyone affected is told. Returns duties published."""
    unit = c.check_unit(s, actor, unit_id, "publish a rota")
    if end < start:
        raise InvalidInput("The end date is before the start date.")
    today = today or date.today()
    problems = _publication_findings(unit, start, end, today)
    if problems:
        raise InvalidInput("Can't publish: " + "; ".join(problems) + " (POL-03).")
    units = c.subtree(s, unit.id)
    people = sorted(set(s.exec(select(Duty.person_id).where(Duty.unit_id.in_(units), Duty.status == "draft",
                                                             Duty.date >= start, Duty.date <= end)).all()))
    if not people:
        raise Conflict("There are no draft duties to publish in that period (already published?).")
    n = s.execute(update(Duty).where(Duty.unit_id.in_(units), Duty.status == "draft", Duty.date >= start,
                                     Duty.date <= end).values(status="published", version=Duty.version + 1,
                                                              updated_at=utcnow())).rowcount
    now = utcnow()
    for uid in sorted(units):
        s.add(RosterPeriod(unit_id=uid, start_date=start, end_date=end, published_at=now,
                           published_by_user_id=actor.user_id))
    audit.notify_people(s, people, "rota_published", f"Your rota for {start:%d %b} – {end:%d %b %Y} is published",
                        f"{unit.name} has published duties from {start:%d %b} to {end:%d %b %Y}.", link="/me")
    audit.record(s, actor, "rota_published", "unit", unit.id,
                 f"{unit.name}: {n} duties {start}–{end}, {len(people)} people told", unit_id=unit.id)
    return n
