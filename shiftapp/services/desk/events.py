"""Events and operations: their requirements (skills × shifts × numbers) and staffing them by hand."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ...db import service
from ...engine.fill import NOT_OFFERED, main_duty, person_options
from ...models import Duty, Event, Person, Requirement
from .. import audit
from ..actor import Actor
from ..duties import change_duty
from ..errors import Conflict, InvalidInput, NotFound
from . import common as c
from .gaps import gap_key, write_option

EVENT_KINDS = ("event", "operation", "mutual_aid")


@dataclass(frozen=True)
class EventRow:
    id: int
    name: str
    kind: str
    unit: str
    start: str
    end: str
    status: str
    requirements: int
    staffed: int
    short: int


@service
def create_event(s: Session, actor: Actor, unit_id: int, name: str, kind: str, start: date, end: date,
                 requirements: list[dict], notes: str = "") -> int:
    unit = c.check_unit(s, actor, unit_id, "create an event")
    name = (name or "").strip()
    if not name:
        raise InvalidInput("Give the event a name.")
    if kind not in EVENT_KINDS:
        raise InvalidInput("Choose event, operation or mutual aid.")
    c.check_dates(start, end, 92)
    if not requirements:
        raise InvalidInput("Add at least one requirement (shift, skill and numbers).")
    shifts = c.shift_specs(s, c.subtree(s, unit.id) | set(c.ancestors(c.parents(s), unit.id)))
    ev = Event(unit_id=unit.id, name=name[:120], kind=kind, start_date=start, end_date=end, notes=notes[:1000])
    s.add(ev)
    s.flush()
    for r in requirements:
        st = int(r.get("shift_type_id") or 0)
        if st not in shifts:
            raise InvalidInput("Each requirement needs a shift of this unit.")
        mn, tg = int(r.get("minimum") or 0), int(r.get("target") or r.get("minimum") or 0)
        if mn < 1 or tg < mn:
            raise InvalidInput("Minimum must be at least 1 and target at least the minimum.")
        s.add(Requirement(unit_id=unit.id, shift_type_id=st, skill_id=int(r["skill_id"]) if r.get("skill_id") else None,
                          minimum=mn, target=tg, event_id=ev.id))
    audit.record(s, actor, "event_created", "event", ev.id, f"{name} {start}–{end} ({len(requirements)} requirements)",
                 unit_id=unit.id)
    return ev.id


@service
def requirement_choices(s: Session, actor: Actor, unit_id: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """What an event's requirement can ask for in this unit: its shift types and every skill, by name."""
    unit = c.check_unit(s, actor, unit_id, "plan events")
    specs = c.shift_specs(s, c.subtree(s, unit.id))
    shifts = [{"id": str(k), "name": f"{v.code} {v.name}"} for k, v in specs.items()]
    skills = [{"id": str(k), "name": v} for k, v in sorted(c.skill_names(s).items(), key=lambda kv: kv[1])]
    return shifts, skills


@service
def list_events(s: Session, actor: Actor, unit_id: int) -> list[EventRow]:
    unit = c.check_unit(s, actor, unit_id, "see events")
    units = c.subtree(s, unit.id)
    from ...models import Unit
    names = dict(s.exec(select(Unit.id, Unit.name).where(Unit.id.in_(units))).all())
    out = []
    for ev in s.exec(select(Event).where(Event.unit_id.in_(units)).order_by(Event.start_date, Event.id)).all():
        cells = [x for x in c.cover_cells(s, ev.unit_id, ev.start_date, ev.end_date)[0] if x.event_id == ev.id]
        out.append(EventRow(ev.id, ev.name, ev.kind, names.get(ev.unit_id, ""), ev.start_date.isoformat(),
                            ev.end_date.isoformat(), ev.status,
                            len(s.exec(select(Requirement.id).where(Requirement.event_id == ev.id)).all()),
                            sum(x.actual for x in cells), sum(x.shortfall for x in cells)))
    return out


@service
def event_cover(s: Session, actor: Actor, event_id: int) -> list[dict]:
    """Each event requirement on each day: cover against minimum and target, who is staffed, and who
    could be staffed by hand (on that shift first, then other shifts, then rest days; skill held)."""
    ev = s.get(Event, event_id)
    if ev is None:
        raise NotFound("That event doesn't exist.")
    c.check_unit(s, actor, ev.unit_id, "see an event")
    cells, units = c.cover_cells(s, ev.unit_id, ev.start_date, ev.end_date)
    cells = [x for x in cells if x.event_id == ev.id]
    specs, skills = c.shift_specs(s, units), c.skill_names(s)
    staffed = {pid for x in cells for pid in x.people}
    people = dict((p.id, p.display_name) for p in s.exec(select(Person).where(Person.id.in_(staffed or {-1}))).all())
    out = []
    by_day: dict = {}
    for x in cells:
        if x.date not in by_day:
            by_day[x.date] = c.candidates(s, units, x.date)
        choices = []
        for cand in by_day[x.date]:
            if cand.person_id in x.people or (x.skill_id is not None and x.skill_id not in cand.skills):
                continue
            main = next((d for d in cand.duties if d.date == x.date and d.line == "main"), None)
            if main is None or main.event_id is not None:
                continue
            if main.kind == "shift" and main.shift_type_id in specs:
                rank = 0 if main.shift_type_id == x.shift_type_id else 1
                what = f"on {specs[main.shift_type_id].code}"
            elif main.kind == "rest_day":
                rank, what = 2, "rest day"
            else:
                continue
            choices.append((rank, cand.name, {"id": str(cand.person_id), "name": f"{cand.name} ({what})"}))
        choices.sort(key=lambda t: (t[0], t[1]))
        out.append({"key": gap_key(x), "day": f"{x.date:%a %d %b}", "label": c.cell_label(x, specs, skills, {}),
                    "actual": str(x.actual), "minimum": str(x.minimum), "target": str(x.target), "status": x.status,
                    "people": ", ".join(people.get(p, "") for p in x.people),
                    "choices": [t[2] for t in choices[:60]]})
    return out


@service
def staff_event(s: Session, actor: Actor, key: str, person_id: int, toil: bool = False, now=None) -> str:
    """Put a person on an event requirement by hand: someone on duty that day is moved to the event
    (their shift becomes the event's); someone on a rest day has it cancelled, with compensation."""
    from .gaps import _gap_and_context
    gap, units, ctx = _gap_and_context(s, actor, key, now)
    if gap.event_id is None:
        raise InvalidInput("That isn't an event requirement.")
    person = s.get(Person, person_id)
    if person is None or person.unit_id not in units:
        raise NotFound("That person isn't in this unit.")
    cand = c.candidates(s, units, gap.date, {person_id})[0]
    if gap.skill_id is not None and gap.skill_id not in cand.skills:
        raise InvalidInput(f"{person.display_name} doesn't hold the skill this requirement needs.")
    if person_id in gap.people:
        raise Conflict(f"{person.display_name} is already staffed to this.")
    main = main_duty(cand, gap.date)
    spec = ctx.shifts[gap.shift_type_id]
    start, end = spec.interval(gap.date)
    if main is not None and main.kind == "shift":
        duty = s.get(Duty, main.duty_id)
        change_duty(s, actor, duty, dict(kind="event", event_id=gap.event_id, shift_type_id=spec.id,
                                         start_utc=start, end_utc=end, break_minutes=spec.break_minutes),
                    reason_code="exigency", reason=f"Staffed to {s.get(Event, gap.event_id).name}",
                    expected_version=main.version)
        return f"{person.display_name} moved to the event on {gap.date:%a %d %b}."
    opt = next((o for o in person_options(cand, gap, ctx, toil=toil)
                if o.kind == "cancel_rest_day" and o.score < NOT_OFFERED), None)
    if opt is None:
        raise InvalidInput(f"{person.display_name} isn't on duty or on a rest day that day (or it would overlap "
                           "another duty).")
    return write_option(s, actor, person, opt, spec, reason=f"Staffed to {s.get(Event, gap.event_id).name}",
                        event_id=gap.event_id, now=ctx.now).summary
