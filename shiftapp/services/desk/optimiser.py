"""The optimiser from the planner desk: build a rostering problem from the database for a unit and
period, solve it off the event loop, show the changes against the current rota and the explanation
of anything unmet, then accept (write the changes) or discard.

Three steps so the slow part never holds a database transaction or the event loop:
``prepare`` (a service: reads the rota) -> ``solve_prepared`` (pure, seconds of CP-SAT, run in a
thread with progress and cancel) -> ``accept`` (a service: writes every change through
``duties.change_duty`` with the version seen at ``prepare``, so a duty changed meanwhile makes the
whole acceptance fail with ``Conflict`` and nothing is written)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from ...db import service
from ...engine.fill import WORKING, Agreement
from ...engine.roster.domain import OFF, Cover, Fairness, Person as RPerson, Request, Restriction, RosterProblem
from ...engine.roster.domain import ShiftType as RShift, Stability
from ...engine.roster.evaluator import evaluate
from ...engine.roster.explain import explain
from ...engine.roster.solver import solve
from ...engine.rules import is_bank_holiday
from ...engine.timeutil import shift_interval
from ...models import Duty, PatternAssignment, Person, ShiftType
from .. import audit
from ..actor import Actor
from ..duties import change_duty
from ..errors import Conflict, InvalidInput, NotFound
from . import common as c
from .patterns import in_force

MAX_WEEKS = 6
#: fair shares: a shift above or below a person's share costs this much (bank holidays weigh
#: more: a police officer working one is paid double time, and everyone wants some of them off)
FAIR_WEIGHTS = {"nights": 2, "weekends": 2, "bank holidays": 3}
#: a shift the rota has outside the days and hours agreed under flexible working costs this much
#: while it stays (more than the stability cost of changing two published duties, each at most
#: 160: a swap), so the optimiser re-rosters the person onto their agreement wherever cover and
#: their hours allow
AGREEMENT_WEIGHT = 400
#: how far back each fair share looks: what people worked then is carried in, so that a few
#: weeks' roster evens out the months before it (bank holidays come a few times a year)
LOOK_BACK_DAYS = {"nights": 84, "weekends": 84, "bank holidays": 365}
AWAY_KINDS = ("annual_leave", "toil", "rdil", "special_leave", "sickness", "secondment")
LOCKED_KINDS = ("event", "overtime", "training", "court")  # staffed or abstracted by hand: not moved
FREE_KINDS = ("shift", "rest_day")  # what the optimiser may change


@dataclass
class Prepared:
    unit_id: int
    unit_name: str
    start: date
    days: int
    problem: object  # shiftapp.engine.roster.domain.RosterProblem
    current: dict[str, list[str]]
    duty_refs: dict[tuple[str, int], tuple[int, int, str]]  # (person, day) -> (duty id, version, status)
    names: dict[str, str]
    shift_codes: dict[str, str]
    notes: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    status: str
    seconds: float
    changes: list[dict[str, str]]  # person, date, before, after, duty_id, version, shift_type_id
    unmet: list[str]
    gaps_before: int
    gaps_after: int
    objective_before: int
    objective_after: int


def _minutes(t) -> int:
    return t.hour * 60 + t.minute


def _span(st: ShiftType) -> tuple[int, int]:
    """Start and end in minutes after midnight of the start day (a night ends past 1440)."""
    a, b = _minutes(st.start_time), _minutes(st.end_time)
    return a, b if b > a else b + 1440


@service
def prepare(s: Session, actor: Actor, unit_id: int, start: date, weeks: int = 4) -> Prepared:
    unit = c.check_unit(s, actor, unit_id, "run the optimiser")
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(f"Optimise between 1 and {MAX_WEEKS} weeks at a time.")
    req_unit = c.requirement_unit(s, unit.id)
    if req_unit != unit.id and req_unit not in actor.unit_ids and "admin" not in actor.roles:
        req_unit = unit.id
    days = weeks * 7
    end = start + timedelta(days=days - 1)
    needs, _on, units = c.on_duty(s, req_unit, start, end)
    needs = [n for n in needs if n.event_id is None]  # events are staffed by hand
    if not needs:
        raise InvalidInput(f"{unit.name} has no minimum staffing to optimise against.")
    family_units = set(s.exec(select(ShiftType.unit_id).where(ShiftType.id.in_({n.shift_type_id for n in needs}))).all())
    sts = {st.id: st for st in s.exec(select(ShiftType).where(ShiftType.unit_id.in_(family_units))).all()}
    shift_types = [RShift(str(st.id), st.paid_minutes + st.break_minutes, _minutes(st.start_time), _minutes(st.end_time),
                          st.is_night, label=f"{st.code} {st.name}") for st in sts.values()]
    people_units = c.subtree(s, unit.id)
    duties = s.exec(select(Duty).where(Duty.unit_id.in_(people_units), Duty.date >= start, Duty.date <= end,
                                       Duty.line == "main")).all()
    by_person: dict[int, dict[int, Duty]] = defaultdict(dict)
    for d in duties:
        by_person[d.person_id][(d.date - start).days] = d
    # People who work this shift family in the period (so the control room stays out of response shifts).
    pids = [pid for pid, row in by_person.items() if any(d.shift_type_id in sts for d in row.values())]
    if not pids:
        raise InvalidInput("Nobody in this unit works these shifts in that period.")
    persons = {p.id: p for p in s.exec(select(Person).where(Person.id.in_(pids))).all()}
    skills = c.person_skills(s, pids)
    before = {pid: d for pid, d in ((p, _last_before(s, p, start)) for p in pids)}
    agreed = c.agreements(s, pids, end)
    people, current, refs, unavailable, locked, restricted, names = [], {}, {}, {}, {}, {}, {}
    requests: list[Request] = []
    straying = 0
    published_any = False
    for pid in sorted(pids, key=lambda i: (persons[i].family_name, persons[i].given_name, i)):
        p, key = persons[pid], str(pid)
        row = by_person[pid]
        codes = []
        worked = 0
        for day in range(days):
            d = row.get(day)
            code = OFF
            if d is not None and d.kind == "shift" and d.shift_type_id in sts:
                code = str(d.shift_type_id)
                worked += 1
            codes.append(code)
            free = d is not None and d.kind in FREE_KINDS and (d.kind == "rest_day" or d.shift_type_id in sts)
            terms = _agreed_cell(agreed[pid], d, sts) if free and pid in agreed and d.date >= agreed[pid].since \
                else None
            if d is None:
                unavailable[(key, day)] = "no duty"
            elif terms is not None and terms[0] is None:
                # flexible working agreed: the days off are part of their terms, not the optimiser's to move
                unavailable[(key, day)] = "agreed flexible working"
            elif free:
                refs[(key, day)] = (d.id, d.version, d.status)
                published_any |= d.status != "draft"
                if terms is not None:
                    # and so are the hours: a shift may only be (or become) one inside them; one the rota
                    # has outside them may stay, at a cost, so the optimiser re-rosters it where it can
                    restricted[(key, day)] = Restriction(frozenset(terms[0]), "agreed flexible-working hours")
                    if terms[1]:
                        requests.append(Request(key, day, code, False, AGREEMENT_WEIGHT))
                        straying += 1
            elif d.kind in LOCKED_KINDS and d.shift_type_id in sts:
                locked[(key, day)] = str(d.shift_type_id)
                codes[day] = str(d.shift_type_id)
            else:
                unavailable[(key, day)] = d.kind.replace("_", " ")
        current[key] = codes
        minutes = sum(sts[int(x)].paid_minutes + sts[int(x)].break_minutes for x in codes if x)
        prev = before.get(pid)
        people.append(RPerson(
            id=key, name=p.display_name, skills=frozenset(str(x) for x in skills.get(pid, ())),
            max_minutes=minutes, min_minutes=minutes,  # keep everyone's hours as rostered: move them, don't add
            max_consecutive=7, min_days_off=2 if weeks > 1 else None,
            shift_before=str(prev.shift_type_id) if prev is not None and prev.shift_type_id in sts else None,
        ))
        names[key] = p.display_name
    covers = [Cover((n.date - start).days, (str(n.shift_type_id),), n.target, 10 if n.skill_id is None else 5, 0,
                    minimum=n.minimum, skill=str(n.skill_id) if n.skill_id else None,
                    label=f"{sts[n.shift_type_id].code}") for n in needs if n.shift_type_id in sts]
    night = tuple(str(i) for i, st in sts.items() if st.is_night)
    weekend = tuple(d for d in range(days) if (start + timedelta(days=d)).weekday() >= 5)
    # the bank holidays of the unit's rule pack (England unless the pack says otherwise: BH-02)
    holiday = tuple(d for d in range(days) if is_bank_holiday(start + timedelta(days=d), unit.rule_pack))
    fairness = _fair_shares(s, pids, start, current, {"nights": night, "weekends": weekend, "bank holidays": holiday},
                            unit.rule_pack)
    problem = RosterProblem(
        name=f"{unit.code} {start}", horizon=days, shift_types=shift_types, people=people, covers=covers,
        requests=requests, unavailable=unavailable, locked=locked, restricted=restricted,
        first_weekday=start.weekday(), min_rest_minutes=11 * 60,
        fairness=fairness, public_holidays=holiday,
        published={k: list(v) for k, v in current.items()} if published_any else None,
        stability=Stability(base=20, per_day_closer=5, notice_days=28),
    )
    notes = ["Hours per person are kept as rostered: the optimiser moves shifts and rest days, it does not add "
             "overtime.", "Leave, sickness, training, court and event duties are fixed, and so are the days off of "
             "anyone with flexible working agreed; their shifts stay inside the hours agreed.",
             "Nights, weekends and bank holidays are shared out evenly among the people on each pattern, counting "
             "what they worked in the last 12 weeks (bank holidays: the last year) as well as these weeks."]
    if straying:
        notes.append(f"{straying} shift{'s are' if straying != 1 else ' is'} outside the days and hours agreed under "
                     "flexible working: the optimiser moves them onto the agreement where cover and hours allow.")
    return Prepared(unit.id, unit.name, start, days, problem, current, refs, names,
                    {str(i): st.code for i, st in sts.items()}, notes)


def _fair_shares(s: Session, pids: list[int], start: date, current: dict[str, list[str]], kinds: dict[str, tuple],
                 pack: str) -> list[Fairness]:
    """Nights, weekends and bank holidays shared out evenly among the people on each pattern
    (people on no pattern together): each group shares out what the current rota gives it in
    the period, counting what each of them worked above (+) or below (−) their share in the
    look-back before ``start`` (``_carried``). A group of one has nothing to share."""
    pattern = dict(s.exec(select(PatternAssignment.person_id, PatternAssignment.pattern_id).where(
        PatternAssignment.person_id.in_(pids), *in_force(start))).all())
    groups: dict[int | None, list[int]] = defaultdict(list)
    for pid in pids:
        groups[pattern.get(pid)].append(pid)
    rows = s.exec(select(Duty.person_id, Duty.date, Duty.kind, Duty.shift_type_id).where(
        Duty.person_id.in_(pids), Duty.date >= start - timedelta(days=max(LOOK_BACK_DAYS.values())),
        Duty.date < start, Duty.line == "main")).all()
    holidays = {d for d in {r[1] for r in rows} if is_bank_holiday(d, pack)}
    night_ids = {int(x) for x in kinds["nights"]}
    out = []
    for name, group in kinds.items():
        if not group:
            continue
        # a night shift (the group is the night shift codes), or any shift on one of the group's days
        in_period = (lambda day, code: code in group) if name == "nights" else \
            (lambda day, code, days=set(group): day in days and code != OFF)
        for members in groups.values():
            if len(members) < 2:
                continue
            keys = tuple(str(p) for p in sorted(members))
            total = sum(in_period(d, code) for k in keys for d, code in enumerate(current[k]))
            carried = _carried(rows, members, start, name, night_ids, holidays)
            out.append(Fairness(name, FAIR_WEIGHTS[name], shifts=group if name == "nights" else None,
                                days=None if name == "nights" else group, people=keys, carried=carried, total=total))
    return out


def _carried(rows, members: list[int], start: date, name: str, night_ids: set[int],
             holidays: set[date]) -> tuple[tuple[str, int], ...]:
    """What each of ``members`` worked of ``name`` above (+) or below (−) their share in the
    look-back before ``start``: what the group worked then, split by the days each was there
    (not on leave, sick or seconded), against what they worked."""
    since = start - timedelta(days=LOOK_BACK_DAYS[name])
    in_group = {"nights": lambda day: True, "weekends": lambda day: day.weekday() >= 5,
                "bank holidays": lambda day: day in holidays}[name]
    mine = set(members)
    worked: dict[int, int] = defaultdict(int)
    there: dict[int, int] = defaultdict(int)
    for pid, day, kind, st in rows:
        if pid not in mine or day < since or not in_group(day) or kind in AWAY_KINDS:
            continue
        there[pid] += 1
        worked[pid] += kind in WORKING and (name != "nights" or st in night_ids)
    total_worked, total_there = sum(worked.values()), sum(there.values())
    if not total_there:
        return ()
    return tuple((str(pid), k) for pid in sorted(there)
                 if (k := round(worked[pid] - total_worked * there[pid] / total_there)))


def _agreed_cell(agreement: Agreement, duty: Duty, sts: dict[int, ShiftType]) -> tuple[set[str] | None, bool]:
    """What a person's flexible working agreed allows on ``duty``'s day: the shift types they may
    work (None: the day off is theirs, not to be moved), and whether the rota's shift strays
    outside the agreement (it may stay, at a cost: a shift given as days and hours is re-rostered by
    hand, so the rota can still hold the old pattern).

    Days and hours agreed: on a working day, the types inside that weekday's hours; on any other,
    none (a rest day stays one; a shift there strays). An agreed pattern (its duties were written
    from it): the rest days stay, and a shift may become one inside its own hours."""
    own = str(duty.shift_type_id) if duty.kind == "shift" else None
    if agreement.hours is None:
        if own is None:
            return None, False
        lo, hi = _span(sts[duty.shift_type_id])
    else:
        hours = agreement.hours[duty.date.weekday()]
        if hours is None:
            return (None, False) if own is None else ({own}, True)
        lo, hi = hours
    inside = {str(i) for i, st in sts.items() if lo <= _span(st)[0] and _span(st)[1] <= hi}
    if own is None:
        return inside, False
    return inside | {own}, own not in inside


def _last_before(s: Session, person_id: int, start: date) -> Duty | None:
    return s.exec(select(Duty).where(Duty.person_id == person_id, Duty.date == start - timedelta(days=1),
                                     Duty.line == "main")).first()


def solve_prepared(prep: Prepared, time_limit: float = 20.0, progress=None, cancel=None, threads: int = 2) -> Proposal:
    """Pure and slow: run in a thread (``asyncio.to_thread``), never on the event loop."""
    before_ev = evaluate(prep.problem, prep.current)
    res = solve(prep.problem, time_limit, hint=prep.current, progress=progress, cancel=cancel, threads=threads)
    changes = []
    for key, row in res.roster.items():
        for day, after in enumerate(row):
            was = prep.current[key][day]
            if after == was or (key, day) not in prep.duty_refs:
                continue
            duty_id, version, _status = prep.duty_refs[(key, day)]
            changes.append({"person": prep.names[key], "person_id": key,
                            "date": (prep.start + timedelta(days=day)).isoformat(),
                            "day": f"{prep.start + timedelta(days=day):%a %d %b}",
                            "before": prep.shift_codes.get(was, "R"), "after": prep.shift_codes.get(after, "R"),
                            "duty_id": str(duty_id), "version": str(version), "shift_type_id": after})
    changes.sort(key=lambda x: (x["date"], x["person"]))
    gaps = explain(prep.problem, res.roster)
    unmet = [g.text or f"{g.requirement}: {g.rostered} of {g.required}" for g in gaps]
    status = "cancelled" if cancel is not None and cancel.is_set() else res.status
    return Proposal(status, round(res.seconds, 1), changes, unmet,
                    sum(1 for v in before_ev.hard), sum(1 for v in res.evaluation.hard),
                    before_ev.objective, res.evaluation.objective)


@service
def accept(s: Session, actor: Actor, unit_id: int, changes: list[dict]) -> int:
    """Write an accepted proposal. Each change carries the duty version seen when it was prepared; if
    any duty changed since, nothing is written. People are told once each."""
    unit = c.check_unit(s, actor, unit_id, "accept an optimiser proposal")
    if not changes:
        raise InvalidInput("There are no changes to accept.")
    units = c.subtree(s, unit.id)
    touched: dict[int, list[str]] = defaultdict(list)
    for ch in changes:
        duty = s.get(Duty, int(ch["duty_id"]))
        if duty is None or duty.unit_id not in units:
            raise NotFound("A duty in this proposal no longer exists. Run the optimiser again.")
        if duty.version != int(ch["version"]):
            raise Conflict("The rota changed after the optimiser ran. Run it again on the latest rota.")
        if ch["shift_type_id"]:
            st = s.get(ShiftType, int(ch["shift_type_id"]))
            a, b = shift_interval(duty.date, st.start_time, st.end_time)
            new = dict(kind="shift", shift_type_id=st.id, start_utc=a, end_utc=b, break_minutes=st.break_minutes,
                       source="optimiser")
        else:
            new = dict(kind="rest_day", shift_type_id=None, start_utc=None, end_utc=None, break_minutes=0,
                       source="optimiser")
        change_duty(s, actor, duty, new, reason_code="exigency", reason="Optimiser proposal accepted",
                    expected_version=int(ch["version"]), notify=False)
        if duty.status != "draft":
            touched[duty.person_id].append(f"{duty.date:%a %d %b} {ch['before']} → {ch['after']}")
    for pid, lines in touched.items():
        audit.notify_people(s, [pid], "duty_changed", f"Your rota has changed on {len(lines)} day{'s' if len(lines) != 1 else ''}",
                            "; ".join(lines)[:1000], link="/me")
    audit.record(s, actor, "optimiser_accepted", "unit", unit.id, f"{unit.name}: {len(changes)} duties changed",
                 unit_id=unit.id)
    return len(changes)
