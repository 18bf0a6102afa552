"""Gaps and cover: every shift below minimum in a period, ranked options for a gap, and applying one
(duty change, compensation ledger entries, audit, notification) in one transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlmodel import Session, select

from ...db import service
from ...engine import cover as cv
from ...engine.fill import LONDON, NOT_OFFERED, WARN_PENALTY, FillContext, Option, options_for_gap, person_options
from ...models import Duty, Event, LedgerEntry, Person
from .. import audit
from ..actor import Actor
from ..duties import add_duty, change_duty
from ..errors import Conflict, InvalidInput, NotFound
from ..rules_bridge import DutyFacts, findings_for, new_findings
from . import common as c

SHOWN_WITH_FINDINGS = 6  # options enriched with full rules-engine findings


@dataclass(frozen=True)
class GapRow:
    key: str  # "date|unit|shift|skill|event" — what the page sends back
    date: str
    day: str
    unit: str
    shift: str
    skill: str
    event: str
    actual: int
    minimum: int
    target: int
    short: int


@dataclass(frozen=True)
class OptionRow:
    kind: str
    label: str
    person_id: int
    name: str
    rank: str
    cost: str
    cost_pence: int
    rate: str
    hours: str
    notice: str
    effects: list[str]
    findings: list[str]
    asked: int
    reason: str
    rest_day_owed: bool


@dataclass(frozen=True)
class Applied:
    summary: str
    compensation: dict
    ledger: list[str] = field(default_factory=list)
    budget_note: str = ""


def gap_key(cell: cv.CoverCell) -> str:
    return f"{cell.date.isoformat()}|{cell.unit_id}|{cell.shift_type_id}|{cell.skill_id or ''}|{cell.event_id or ''}"


def parse_key(key: str) -> tuple[date, int, int, int | None, int | None]:
    try:
        d, u, st, sk, ev = key.split("|")
        return date.fromisoformat(d), int(u), int(st), int(sk) if sk else None, int(ev) if ev else None
    except ValueError:
        raise InvalidInput("That gap reference isn't valid.") from None


def _labels(s: Session, units: set[int]):
    from ...models import Unit
    unit_names = dict(s.exec(select(Unit.id, Unit.name).where(Unit.id.in_(units))).all())
    events = dict(s.exec(select(Event.id, Event.name).where(Event.unit_id.in_(units))).all())
    return unit_names, c.shift_specs(s, units), c.skill_names(s), events


@service
def list_gaps(s: Session, actor: Actor, unit_id: int, start: date, end: date) -> list[GapRow]:
    c.check_unit(s, actor, unit_id, "see cover gaps")
    c.check_dates(start, end)
    cells, units = c.cover_cells(s, unit_id, start, end)
    unit_names, specs, skills, events = _labels(s, units)
    out = []
    for g in cv.gaps(cells):
        spec = specs.get(g.shift_type_id)
        out.append(GapRow(gap_key(g), g.date.isoformat(), f"{g.date:%a %d %b}", unit_names.get(g.unit_id, ""),
                          f"{spec.name} ({spec.code})" if spec else "", skills.get(g.skill_id, "All") if g.skill_id else "All",
                          events.get(g.event_id, "") if g.event_id else "", g.actual, g.minimum, g.target, g.shortfall))
    return out


def _gap_and_context(s: Session, actor: Actor, key: str, now: datetime | None = None):
    day, unit_id, st_id, skill_id, event_id = parse_key(key)
    c.check_unit(s, actor, unit_id, "fill a cover gap")
    cells, units = c.cover_cells(s, unit_id, day, day)
    gap = next((x for x in cells if (x.date, x.unit_id, x.shift_type_id, x.skill_id, x.event_id)
                == (day, unit_id, st_id, skill_id, event_id)), None)
    if gap is None:
        raise NotFound("That requirement no longer exists.")
    ctx = FillContext(c.shift_specs(s, units), (now or c.now_local()).astimezone(LONDON), cells)
    return gap, units, ctx


def added_findings(before, after) -> list:
    """Findings a change adds. A finding already there with new figures (e.g. a night-worker count going
    from 17 to 18 days) is the same finding: compared by rule and start."""
    seen = {(f.rule, f.start) for f in before}
    return [f for f in new_findings(before, after) if (f.rule, f.start) not in seen]


def _findings_rows(s: Session, o: Option, break_minutes: int) -> list:
    person = s.get(Person, o.person_id)
    window = (o.date - timedelta(days=1), o.date + timedelta(days=1))
    before = findings_for(s, person, window)
    line = "extra" if o.kind in ("overtime", "recall") else "main"
    after = findings_for(s, person, window, replace=[DutyFacts(
        o.date, "overtime" if line == "extra" else "shift", o.start, o.end, break_minutes, line)])
    return added_findings(before, after)


def _row(o: Option, findings: list[str]) -> OptionRow:
    comp = o.compensation
    notice = "" if o.clear_days is None else f"{o.clear_days} clear days"
    if comp.get("toil"):
        cost = f"TOIL {o.credited_minutes // 60} h {o.credited_minutes % 60:02d}"
    else:
        cost = f"£{o.cost_pence / 100:,.2f}"
    return OptionRow(o.kind, o.label, o.person_id, o.name, o.rank, cost, o.cost_pence, f"×{o.rate:g}",
                     f"{o.hours:g} h", notice, list(o.effects), findings, o.asked_recently, o.reason, o.rest_day_owed)


@service
def gap_options(s: Session, actor: Actor, key: str, toil: bool = False, limit: int = 12,
                now: datetime | None = None) -> list[OptionRow]:
    """Ranked options for a gap; ``now`` (the moment of notice) defaults to the clock."""
    gap, units, ctx = _gap_and_context(s, actor, key, now)
    if gap.actual >= gap.minimum:
        return []
    opts = options_for_gap(gap, c.candidates(s, units, gap.date, shift_type_id=gap.shift_type_id), ctx,
                           limit=limit, toil=toil)
    brk = ctx.shifts[gap.shift_type_id].break_minutes
    top = [(o, _findings_rows(s, o, brk)) for o in opts[:SHOWN_WITH_FINDINGS]]
    # Full findings re-rank the options that have them: each new finding counts like a quick warning,
    # a blocking one (no override) sends the option to the bottom.
    top.sort(key=lambda of: of[0].score + WARN_PENALTY * len(of[1])
             + 10 ** 7 * sum(f.severity == "block" and not f.override_allowed for f in of[1]))
    text = lambda fs: [f"{f.rule} ({f.severity}{', override allowed' if f.override_allowed and f.severity == 'block' else ''}): {f.message}" for f in fs]  # noqa: E731
    return [_row(o, text(f)) for o, f in top] + [_row(o, []) for o in opts[SHOWN_WITH_FINDINGS:]]


@service
def apply_option(s: Session, actor: Actor, key: str, kind: str, person_id: int, toil: bool = False,
                 reason: str = "", now: datetime | None = None) -> Applied:
    """Fill a gap with one option. Everything is recomputed here from the database (the page's copy
    is never trusted); if the gap was filled or the person's duty changed meanwhile, ``Conflict``."""
    gap, units, ctx = _gap_and_context(s, actor, key, now)
    if gap.actual >= gap.minimum:
        raise Conflict("This gap was filled a moment ago. Reload to see the latest cover.")
    person = s.get(Person, person_id)
    if person is None or person.unit_id not in units:
        raise NotFound("That person isn't in this unit.")
    found = c.candidates(s, units, gap.date, {person_id}, shift_type_id=gap.shift_type_id)
    if not found:
        raise InvalidInput(f"{person.display_name} doesn't work this kind of shift.")
    cand = found[0]
    if person_id in gap.people or (gap.skill_id is not None and gap.skill_id not in cand.skills):
        raise InvalidInput(f"{person.display_name} can't fill this gap.")
    spec = ctx.shifts[gap.shift_type_id]
    opt = next((o for o in person_options(cand, gap, ctx, toil=toil)
                if o.kind == kind and o.score < NOT_OFFERED), None)
    if opt is None:
        raise Conflict(f"That option is no longer available for {person.display_name}. Reload the options.")
    return write_option(s, actor, person, opt, spec, reason=reason or f"Cover for {spec.name} {gap.date:%a %d %b}",
                        event_id=gap.event_id, now=ctx.now)


def write_option(s: Session, actor: Actor, person: Person, opt: Option, spec, *, reason: str,
                 event_id: int | None = None, now: datetime | None = None) -> Applied:
    st_times = dict(shift_type_id=spec.id, start_utc=opt.start.astimezone(timezone.utc),
                    end_utc=opt.end.astimezone(timezone.utc), break_minutes=spec.break_minutes)
    comp = dict(opt.compensation, fill_kind=opt.kind, cost_pence=opt.cost_pence)
    reason_code = "recall" if opt.kind == "recall" else "exigency"
    kind_after = "event" if event_id else "shift"
    if opt.kind in ("move", "cancel_rest_day"):
        duty = s.get(Duty, opt.duty_id)
        if duty is None:
            raise Conflict("That duty was removed a moment ago. Reload the rota.")
        res = change_duty(s, actor, duty, dict(st_times, kind=kind_after, event_id=event_id), reason_code=reason_code,
                          reason=reason, expected_version=opt.duty_version, compensation=comp, notify=False,
                          notified_at=now.astimezone(timezone.utc) if now else None)
    else:
        if s.exec(select(Duty.id).where(Duty.person_id == person.id, Duty.date == opt.date,
                                        Duty.line == "extra")).first():
            raise Conflict(f"{person.display_name} already has an extra duty that day.")
        row = Duty(person_id=person.id, unit_id=person.unit_id, date=opt.date, line="extra", kind="overtime",
                   status="published", source="recall" if opt.kind == "recall" else "manual", event_id=event_id,
                   **st_times)
        res = add_duty(s, actor, row, reason_code=reason_code, reason=reason, compensation=comp, notify=False)
    ledger = _ledger(s, person, opt, res.change.id if res.change else None)
    text = f"{opt.label}: {spec.name} ({spec.code}) on {opt.date:%a %d %b}. " + opt.reason
    audit.notify_people(s, [person.id], "duty_changed", f"You're needed on {opt.date:%a %d %b} ({spec.name})",
                        f"{opt.label}. {opt.start:%H:%M}–{opt.end:%H:%M}. " + _comp_text(opt) + f" Reason: {reason}",
                        link="/me")
    audit.record(s, actor, "gap_filled", "duty", res.duty.id, text[:300], after=comp, unit_id=res.duty.unit_id)
    return Applied(text, comp, ledger, _budget_note(s, person, opt.date))


def _comp_text(o: Option) -> str:
    comp = o.compensation
    if comp.get("rerostered_rest_day"):
        return f"Another rest day is owed to you, to be notified by {comp.get('rerostered_notify_by')}."
    if comp.get("day_in_lieu") and not o.credited_minutes:
        return "A day in lieu is owed to you."
    if not o.credited_minutes:
        return ""
    h, m = divmod(o.credited_minutes, 60)
    if comp.get("toil"):
        return f"{h} h {m:02d} min time off in lieu (×{o.rate:g})."
    return f"{h} h {m:02d} min paid at ×{o.rate:g} (£{o.cost_pence / 100:,.2f})."


def _ledger(s: Session, person: Person, o: Option, change_id: int | None) -> list[str]:
    comp, out = o.compensation, []
    ref = dict(source="gap_fill", ref_type="duty_change", ref_id=change_id, effective_date=o.date)
    worked = int(comp.get("worked_minutes", 0))
    if o.kind != "move" and (o.credited_minutes or o.kind in ("overtime", "recall")):
        s.add(LedgerEntry(person_id=person.id, ledger="overtime", minutes=worked,
                          amount_pence=0 if comp.get("toil") else o.cost_pence,
                          note=f"{o.label} {o.date:%d %b}" + (" (taken as TOIL)" if comp.get("toil") else ""), **ref))
        out.append(f"overtime: {worked / 60:g} h, £{(0 if comp.get('toil') else o.cost_pence) / 100:,.2f}")
        if comp.get("toil") and o.credited_minutes:
            s.add(LedgerEntry(person_id=person.id, ledger="toil", minutes=o.credited_minutes,
                              note=f"TOIL for {o.label.lower()} {o.date:%d %b}", **ref))
            out.append(f"TOIL: +{o.credited_minutes / 60:g} h")
    if comp.get("rerostered_rest_day"):
        due = date.fromisoformat(comp["rerostered_notify_by"]) if comp.get("rerostered_notify_by") else None
        s.add(LedgerEntry(person_id=person.id, ledger="rest_days_owed", days=1, due_by=due,
                          note=f"Re-rostered rest day for {o.date:%d %b}; notify by {due:%d %b}" if due else "", **ref))
        out.append(f"rest day owed, notify by {due}")
    elif comp.get("day_in_lieu"):
        ledger = "public_holiday_in_lieu" if comp.get("rule") == "POL-07" else "rest_days_owed"
        s.add(LedgerEntry(person_id=person.id, ledger=ledger, days=1, note=f"Day in lieu for {o.date:%d %b}", **ref))
        out.append("day in lieu owed")
    return out


def _budget_note(s: Session, person: Person, day: date) -> str:
    from .mi import overtime_month
    row = overtime_month(s, person.unit_id, day)
    if row is None:
        return ""
    spent, budget, name = row
    if budget and spent > budget:
        return f"{name} is over its overtime budget for {day:%B}: £{spent / 100:,.0f} of £{budget / 100:,.0f}."
    return f"{name} overtime for {day:%B}: £{spent / 100:,.0f} of £{budget / 100:,.0f}."
