"""Shared loading for the planner desk: scope, shift types, requirements, cover, fill candidates.

Everything here runs inside the caller's transaction and returns engine dataclasses."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlmodel import Session, func, select

from ...db import service
from ...engine import cover as cv
from ...engine.timeutil import utc_to_local
from ...engine.fill import LONDON, REST_KINDS, Agreement, Candidate, DayDuty, ShiftSpec, agreement_effects
from ...models import Duty, DutyChange, Event, FlexRequest, Person, PersonSkill, Requirement, ShiftType, Skill, Unit
from ...models.base import utcnow
from ..actor import Actor
from ..errors import InvalidInput, NotFound
from ..requests.flex import WEEKDAYS, is_policy

# Hourly pay used to cost overtime (uk-rules POL-15 is [U]: the Annex M/G/H derivation is to be
# confirmed). Values are illustrative 2025/26 figures in pence per hour, by rank; police staff and
# council staff use the default. A real force loads these from payroll.
HOURLY_PENCE = {"constable": 2300, "sergeant": 2750, "inspector": 3250, "chief inspector": 3500}
DEFAULT_HOURLY_PENCE = 1800
ASKED_WINDOW_DAYS = 28
ASK_REASONS = ("exigency", "recall")

KIND_CODES = {
    "rest_day": "R", "free_day": "F", "annual_leave": "AL", "toil": "TOIL", "rdil": "RDIL", "special_leave": "SL",
    "public_holiday": "PH", "sickness": "S", "training": "TR", "court": "CT", "secondment": "SEC",
    "overtime": "OT", "event": "EV",
}
KIND_COLOURS = {
    "rest_day": "gray", "free_day": "gray", "annual_leave": "green", "toil": "teal", "rdil": "teal",
    "special_leave": "teal", "public_holiday": "gray", "sickness": "red", "training": "purple", "court": "orange",
    "secondment": "brown", "overtime": "pink", "event": "cyan",
}
ABSTRACTION_KINDS = ("sickness", "training", "court", "secondment", "special_leave")


def hourly_pence(p: Person) -> int:
    return HOURLY_PENCE.get((p.rank or "").strip().lower(), DEFAULT_HOURLY_PENCE)


def planner_units(s: Session, actor: Actor) -> list[Unit]:
    """The units a planner may pick: their scope (admins: every unit), roots first."""
    actor.require("planner", what="open the planner desk")
    q = select(Unit).order_by(Unit.code)
    if "admin" not in actor.roles:
        q = q.where(Unit.id.in_(actor.unit_ids or {-1}))
    return list(s.exec(q).all())


def default_unit(s: Session, actor: Actor) -> int:
    units = planner_units(s, actor)
    if not units:
        raise NotFound("You don't plan any units yet.")
    ids = {u.id for u in units}
    roots = [u for u in units if u.parent_id not in ids]
    with_reqs = set(s.exec(select(Requirement.unit_id).distinct()).all())
    for u in roots:
        if u.id in with_reqs:
            return u.id
    return roots[0].id


@service
def desk_units(s: Session, actor: Actor) -> tuple[list[dict[str, str]], int]:
    """The units a planner may pick (id and name) and the one the desk opens on."""
    units = [{"id": str(u.id), "name": u.name} for u in planner_units(s, actor)]
    return units, default_unit(s, actor)


def subtree(s: Session, unit_id: int) -> set[int]:
    from ..actor import unit_subtree
    return unit_subtree(s, {unit_id})


def parents(s: Session) -> dict[int, int | None]:
    return dict(s.exec(select(Unit.id, Unit.parent_id)).all())


def ancestors(parent: dict[int, int | None], unit_id: int) -> frozenset[int]:
    out, u = set(), unit_id
    while u is not None and u not in out:
        out.add(u)
        u = parent.get(u)
    return frozenset(out)


def check_unit(s: Session, actor: Actor, unit_id: int, what: str) -> Unit:
    actor.require("planner", what=what)
    actor.require_unit(unit_id, what=what)
    unit = s.get(Unit, unit_id)
    if unit is None:
        raise NotFound("That unit doesn't exist.")
    return unit


def check_dates(start: date, end: date, max_days: int = 13 * 7) -> None:
    if end < start:
        raise InvalidInput("The end date is before the start date.")
    if (end - start).days + 1 > max_days:
        raise InvalidInput(f"Choose at most {max_days // 7} weeks.")


def shift_specs(s: Session, unit_ids: set[int]) -> dict[int, ShiftSpec]:
    rows = s.exec(select(ShiftType).where(ShiftType.unit_id.in_(unit_ids))).all()
    return {st.id: ShiftSpec(st.id, st.code, st.name, st.start_time, st.end_time, st.break_minutes) for st in rows}


def shift_types(s: Session, unit_ids: set[int]) -> dict[int, ShiftType]:
    return {st.id: st for st in s.exec(select(ShiftType).where(ShiftType.unit_id.in_(unit_ids))).all()}


def skill_names(s: Session) -> dict[int, str]:
    return dict(s.exec(select(Skill.id, Skill.name)).all())


def rules_for(s: Session, unit_ids: set[int]) -> list[cv.Rule]:
    rows = s.exec(select(Requirement, Event).join(Event, Requirement.event_id == Event.id, isouter=True)
                  .where(Requirement.unit_id.in_(unit_ids), Requirement.shift_type_id.is_not(None))).all()
    out = []
    for r, ev in rows:
        if ev is not None and ev.status == "cancelled":
            continue
        out.append(cv.Rule(r.unit_id, r.shift_type_id, r.skill_id, r.minimum, r.target, r.weekday, r.on_date,
                           r.event_id, ev.start_date if ev else None, ev.end_date if ev else None))
    return out


def person_skills(s: Session, person_ids) -> dict[int, frozenset[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    ids = list(person_ids)
    for i in range(0, len(ids), 900):
        for pid, sid in s.exec(select(PersonSkill.person_id, PersonSkill.skill_id)
                               .where(PersonSkill.person_id.in_(ids[i:i + 900]))).all():
            out[pid].add(sid)
    return {k: frozenset(v) for k, v in out.items()}


def on_duty(s: Session, unit_id: int, start: date, end: date) -> tuple[list[cv.Need], list[cv.OnDuty], set[int]]:
    """Requirements of ``unit_id`` and the units below it on each date, and who is on which shift."""
    units = subtree(s, unit_id)
    parent = parents(s)
    needs = cv.expand(rules_for(s, units), start, end)
    rows = s.exec(select(Duty.person_id, Duty.date, Duty.shift_type_id, Duty.kind, Duty.unit_id, Duty.event_id)
                  .where(Duty.unit_id.in_(units), Duty.date >= start, Duty.date <= end,
                         Duty.kind.in_(tuple(cv.COUNTED_KINDS)), Duty.shift_type_id.is_not(None))).all()
    skills = person_skills(s, {r[0] for r in rows})
    anc: dict[int, frozenset[int]] = {}
    on = []
    for pid, d, st, kind, uid, ev in rows:
        if uid not in anc:
            anc[uid] = ancestors(parent, uid)
        on.append(cv.OnDuty(pid, d, st, kind, anc[uid], skills.get(pid, frozenset()), ev))
    return needs, on, units


def cover_cells(s: Session, unit_id: int, start: date, end: date) -> tuple[list[cv.CoverCell], set[int]]:
    """Cover for every requirement of ``unit_id`` and the units below it, on each date."""
    needs, on, units = on_duty(s, unit_id, start, end)
    return cv.cover(needs, on), units


def nearest_unit(s: Session, unit_id: int, having: set[int]) -> int | None:
    """The nearest unit at or above ``unit_id`` that is in ``having``, or None."""
    parent = parents(s)
    u = unit_id
    while u is not None:
        if u in having:
            return u
        u = parent.get(u)
    return None


def requirement_unit(s: Session, unit_id: int) -> int:
    """The nearest unit at or above ``unit_id`` that has requirements (police teams: their area)."""
    found = nearest_unit(s, unit_id, set(s.exec(select(Requirement.unit_id).distinct()).all()))
    return unit_id if found is None else found


def asked_counts(s: Session, person_ids) -> dict[int, int]:
    """Times each person was asked to change a published duty for the service (exigency, recall) lately."""
    since = utcnow() - timedelta(days=ASKED_WINDOW_DAYS)
    rows = s.exec(select(DutyChange.person_id, func.count()).where(
        DutyChange.person_id.in_(list(person_ids)), DutyChange.reason_code.in_(ASK_REASONS),
        DutyChange.created_at >= since).group_by(DutyChange.person_id)).all()
    return dict(rows)


def day_duty(d: Duty) -> DayDuty:
    start = utc_to_local(d.start_utc) if d.start_utc else None
    end = utc_to_local(d.end_utc) if d.end_utc else None
    return DayDuty(d.date, d.kind, d.line, d.shift_type_id, start, end, d.id, d.version, d.event_id)


def candidates(s: Session, units: set[int], day: date, person_ids: set[int] | None = None,
               shift_type_id: int | None = None) -> list[Candidate]:
    """Everyone active in ``units`` with their duties a week either side of ``day``; with ``shift_type_id``,
    only people who work shifts of that shift type's unit (its family: response, control room…)."""
    parent = parents(s)
    q = select(Person).where(Person.unit_id.in_(units), Person.active)
    if person_ids is not None:
        q = q.where(Person.id.in_(person_ids))
    people = s.exec(q.order_by(Person.family_name, Person.given_name, Person.id)).all()
    ids = [p.id for p in people]
    duties: dict[int, list[DayDuty]] = defaultdict(list)
    for d in s.exec(select(Duty).where(Duty.person_id.in_(ids), Duty.date >= day - timedelta(days=7),
                                       Duty.date <= day + timedelta(days=7))).all():
        duties[d.person_id].append(day_duty(d))
    skills = person_skills(s, ids)
    if shift_type_id is not None:
        family = s.get(ShiftType, shift_type_id).unit_id
        same = set(s.exec(select(ShiftType.id).where(ShiftType.unit_id == family)).all())
        people = [p for p in people if any(x.shift_type_id in same for x in duties.get(p.id, ()))]
    asked = asked_counts(s, ids)
    agreed = agreements(s, ids, day)
    return [Candidate(p.id, p.display_name, p.rank, p.rule_pack, ancestors(parent, p.unit_id),
                      skills.get(p.id, frozenset()), hourly_pence(p), asked.get(p.id, 0),
                      tuple(sorted(duties.get(p.id, []), key=lambda x: (x.date, x.line))), agreed.get(p.id))
            for p in people]


def agreements(s: Session, person_ids, end: date) -> dict[int, Agreement]:
    """Each person's flexible working agreed (approved, or on trial) from a date up to ``end``:
    their days off are protected from the first agreement's date, and the latest agreement's
    days and hours (if it gave them rather than a pattern) are the ones that stand."""
    rows = s.exec(select(FlexRequest).where(
        FlexRequest.person_id.in_(list(person_ids)), FlexRequest.status.in_(("approved", "trial")),
        FlexRequest.effective_from <= end).order_by(FlexRequest.effective_from, FlexRequest.id)).all()
    first: dict[int, date] = {}
    latest: dict[int, FlexRequest] = {}
    for r in rows:
        first.setdefault(r.person_id, r.effective_from)
        latest[r.person_id] = r
    return {pid: Agreement(first[pid], _agreed_hours(r.proposed_days) if r.proposed_days else None)
            for pid, r in latest.items()}


def agreement_findings(s: Session, person: Person, duty: Duty, kind: str, start_utc: datetime | None,
                       end_utc: datetime | None, shift_type_id: int | None) -> list[tuple[str, str]]:
    """(rule, message) for each way that making ``duty`` a ``kind`` duty (a shift: its type and
    times) would go against the person's flexible working agreed: FWR-01, or FWR-02 for officers
    (an agreed change is part of their terms). A warning for the planner, not a block."""
    if kind != "shift" or start_utc is None or end_utc is None or (
            duty.kind == "shift" and duty.shift_type_id == shift_type_id):
        return []
    agreement = agreements(s, [person.id], duty.date).get(person.id)
    how = "move" if duty.kind == "shift" else "cancel_rest_day" if duty.kind in REST_KINDS else "overtime"
    rule = "FWR-02" if is_policy(person) else "FWR-01"
    return [(rule, m) for m in agreement_effects(agreement, how, utc_to_local(start_utc), utc_to_local(end_utc))]


def _agreed_hours(days: dict[str, str]) -> tuple[tuple[int, int] | None, ...]:
    """``{"mon": "09:00-15:00", ...}`` -> per weekday (start, end) in minutes, None = not working."""
    out: list[tuple[int, int] | None] = []
    for k in WEEKDAYS:
        v = days.get(k)
        if not v:
            out.append(None)
            continue
        a, b = (int(x[:2]) * 60 + int(x[3:5]) for x in v.split("-"))
        out.append((a, b if b > a else b + 1440))
    return tuple(out)


def now_local() -> datetime:
    return utcnow().astimezone(LONDON)


def cell_label(cell: cv.CoverCell, specs: dict[int, ShiftSpec], skills: dict[int, str], events: dict[int, str]) -> str:
    spec = specs.get(cell.shift_type_id)
    text = f"{spec.name} ({spec.code})" if spec else "Shift"
    text += f" · {skills.get(cell.skill_id, 'skill')}" if cell.skill_id else " · all officers"
    if cell.event_id:
        text = f"{events.get(cell.event_id, 'Event')}: " + text
    return text
