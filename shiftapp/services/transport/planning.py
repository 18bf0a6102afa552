"""Plan a date's runs for a depot: routes (OR-Tools), crews (CP-SAT), both re-checked, then written.

Every public function takes an ``Actor`` (or ``None`` for the scheduler) and runs one
transaction per depot: a depot's runs are replaced as a whole or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from ...db import unit_of_work
from ...engine import routing as E
from ...engine.routing.domain import hhmm
from ...models import Run, RunSheetEvent, RunStop, Unit
from ...models.base import utcnow
from .. import audit
from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotFound
from . import bridge as B

LIVE = ("planned", "published", "in_progress", "done")
DEFAULT_TIME_LIMIT_S = 10.0
CREW_TIME_LIMIT_S = 5.0


@dataclass
class DepotPlanResult:
    depot_id: int
    depot: str
    day: date
    runs: int
    passengers_planned: dict[str, int]
    unplanned: dict[str, list[str]]          # session -> passenger references
    uncrewed: list[str]                      # "AM YX21 ABC: escort — reason"
    changed_runs: list[str] = field(default_factory=list)
    summary: str = ""
    seconds: float = 0.0


def _scope(s: Session, actor: Actor | None, unit_id: int) -> list[Unit]:
    unit = s.get(Unit, unit_id)
    if unit is None:
        raise NotFound("No such unit.")
    if actor is not None:
        actor.require("transport_planner", what="plan passenger transport")
        actor.require_unit(unit_id, what="plan transport")
    depots = B.depots_under(s, {unit_id})
    if not depots:
        raise InvalidInput(f"{unit.name} has no transport depot to plan.")
    return depots


def stored_runs(s: Session, depot_id: int, day: date, session: str | None = None,
                statuses: tuple[str, ...] = LIVE) -> list[tuple[Run, list[RunStop]]]:
    q = select(Run).where(Run.unit_id == depot_id, Run.date == day, Run.status.in_(statuses))
    if session:
        q = q.where(Run.session == session)
    runs = s.exec(q.order_by(Run.session, Run.code)).all()
    if not runs:
        return []
    stops: dict[int, list[RunStop]] = {r.id: [] for r in runs}
    for st in s.exec(select(RunStop).where(RunStop.run_id.in_(list(stops))).order_by(RunStop.run_id, RunStop.seq)).all():
        stops[st.run_id].append(st)
    return [(r, stops[r.id]) for r in runs]


def _earlier_crew(s: Session, depot_id: int, day: date) -> E.CrewPlan | None:
    """The most recent earlier day's crews (within a week), for stability."""
    prev_day = s.exec(select(Run.date).where(Run.unit_id == depot_id, Run.date < day, Run.date >= day - timedelta(days=7),
                                             Run.status.in_(LIVE)).order_by(Run.date.desc())).first()
    return B.previous_crew(prev_day, stored_runs(s, depot_id, prev_day)) if prev_day else None


def _solve(facts: B.Facts, sessions: tuple[str, ...], existing: list[tuple[Run, list[RunStop]]],
           time_limit_s: float) -> dict[str, E.Plan]:
    plans: dict[str, E.Plan] = {}
    paid: frozenset[str] = frozenset()
    for session in ("am", "pm"):
        mine = [x for x in existing if x[0].session == session]
        if session not in sessions:
            plans[session] = B.previous_plan(facts, session, mine)
            paid |= {B.vid(r.vehicle_id) for r, _ in mine}
            continue
        problem = facts.problem(session, time_limit_s=time_limit_s)
        problem.fixed_cost_paid = paid
        if mine:
            plan = E.replan(problem, B.previous_plan(facts, session, mine), time_limit_s=time_limit_s)
        else:
            plan = E.plan_session(problem, time_limit_s=time_limit_s)
        errors = E.check_plan(problem, plan)
        if errors:
            raise Conflict(f"The {session.upper()} plan failed its independent check: {B.humanise(errors[0], facts)}")
        plans[session] = plan
        paid |= {r.vehicle_id for r in plan.runs}
    return plans


def _crew(facts: B.Facts, runs: list[E.Run], previous: E.CrewPlan | None, time_limit_s: float) -> E.CrewPlan:
    crew = E.allocate_crew(runs, facts.crew, facts.day, absences=facts.absences, previous=previous,
                           time_limit_s=time_limit_s)
    errors = E.check_allocation(crew, runs, facts.crew, facts.day, absences=facts.absences)
    if errors:
        raise Conflict(f"The crew allocation failed its independent check: {B.humanise(errors[0], facts)}")
    return crew


def _label(facts: B.Facts, st: E.Stop) -> str:
    if st.kind in ("depart", "return"):
        v = facts.all_vehicles.get(B.num(st.place_id.split(":")[-1]))
        base = "contractor's base" if v is not None and v.contractor_id else "depot"
        return f"Leave {base}" if st.kind == "depart" else f"Back to {base}"
    if st.place_id.startswith("D"):
        d = facts.destinations.get(B.num(st.place_id))
        return d.name if d else st.place_id
    p = facts.passengers.get(B.num(st.passenger_id))
    return f"{p.given_name} {p.family_name}" if p else st.place_id


def _write(s: Session, actor: Actor | None, facts: B.Facts, plans: dict[str, E.Plan], crew: E.CrewPlan,
           existing: list[tuple[Run, list[RunStop]]], sessions: tuple[str, ...]) -> tuple[list[Run], dict[int, set[int]]]:
    """Write the sessions' runs; return the runs written and who must be told (person -> run ids)."""
    by_key = {(r.session, r.vehicle_id): (r, st) for r, st in existing}
    tell: dict[int, set[int]] = {}
    written: list[Run] = []
    uncrewed: dict[str, list[str]] = {}
    for u in crew.uncrewed:
        uncrewed.setdefault(u.run_id, []).append(f"no {u.role}: {u.reason}")
    now = utcnow()
    for session in ("am", "pm"):
        plan = plans[session]
        keep_stops = session not in sessions
        seen: set[int] = set()
        for er in plan.runs:
            v_id = B.num(er.vehicle_id)
            vehicle = facts.all_vehicles[v_id]
            seen.add(v_id)
            rc = crew.crew_of(er.id)
            driver = B.num(rc.driver_id) if rc and rc.driver_id else None
            escort = B.num(rc.escort_id) if rc and rc.escort_id else None
            notes = [B.humanise(w, facts) for w in er.warnings] if not keep_stops else None
            crew_notes = [B.humanise(w, facts) for w in (rc.warnings if rc else [])]
            for why in uncrewed.get(er.id, []):
                if vehicle.contractor_id and why.startswith("no driver"):
                    continue            # the contractor supplies the driver
                crew_notes.append(B.humanise(why, facts))
            old = by_key.get((session, v_id))
            if old is None:
                run = Run(unit_id=facts.depot.id, date=facts.day, session=session,
                          code=f"{session.upper()} {vehicle.registration}"[:20], vehicle_id=v_id,
                          contractor_id=vehicle.contractor_id, status="planned", warnings=[])
                s.add(run)
                s.flush()
                old_stops: list[RunStop] = []
                old_crew: set[int] = set()
                stops_changed = True
            else:
                run, old_stops = old
                old_crew = {x for x in (run.driver_id, run.escort_id) if x}
                stops_changed = not keep_stops and _stop_key(old_stops) != _engine_stop_key(er, facts.day)
            crew_changed = (run.driver_id, run.escort_id) != (driver, escort)
            if stops_changed:
                if old_stops:
                    ids = [x.id for x in old_stops]
                    for ev in s.exec(select(RunSheetEvent).where(RunSheetEvent.stop_id.in_(ids))).all():
                        ev.stop_id = None
                        s.add(ev)
                    s.flush()
                    for x in old_stops:
                        s.delete(x)
                    s.flush()
                for st in er.stops:
                    s.add(RunStop(run_id=run.id, seq=st.seq, kind=st.kind,
                                  passenger_id=B.num(st.passenger_id) if st.passenger_id else None,
                                  destination_id=B.num(st.place_id) if st.place_id.startswith("D") else None,
                                  lat=st.lat, lon=st.lon, planned_utc=B.at_utc(facts.day, st.arrive),
                                  label=_label(facts, st)[:160]))
                run.distance_m = int(round(er.distance_miles * 1609.344))
                run.cost_pence = int(er.cost)
            if notes is not None:
                route_notes = notes
            else:
                route_notes = [w for w in run.warnings if not w.startswith(("no driver", "no escort", "crew:"))]
            run.warnings = route_notes + [f"crew: {w}" if not w.startswith("no ") else w for w in crew_notes]
            if stops_changed or crew_changed:
                if old is not None:
                    run.version += 1
                run.updated_at = now
                for person in {x for x in (driver, escort) if x} | (old_crew if crew_changed else set()):
                    tell.setdefault(person, set()).add(run.id)
                if stops_changed and old is not None:
                    for person in old_crew:
                        tell.setdefault(person, set()).add(run.id)
            run.driver_id, run.escort_id = driver, escort
            if run.status == "cancelled":
                run.status = "planned"
            s.add(run)
            written.append(run)
        if keep_stops:
            continue
        for (sess, v_id), (run, old_stops) in by_key.items():
            if sess != session or v_id in seen:
                continue
            for person in {x for x in (run.driver_id, run.escort_id) if x}:
                tell.setdefault(person, set()).add(run.id)
            has_marks = s.exec(select(RunSheetEvent.id).where(RunSheetEvent.run_id == run.id)).first()
            if has_marks:
                run.status, run.version, run.updated_at = "cancelled", run.version + 1, now
                s.add(run)
            else:
                for x in old_stops:
                    s.delete(x)
                s.flush()
                s.delete(run)
    s.flush()
    return written, tell


def _stop_key(stops: list[RunStop]) -> list[tuple]:
    # the place too: a passenger who moved a few streets can keep the same minute, and the
    # crew must still be sent to the new address
    return [(st.kind, st.passenger_id, st.destination_id, B.aware(st.planned_utc).replace(second=0, microsecond=0),
             round(st.lat, 6), round(st.lon, 6)) for st in stops]


def _engine_stop_key(er: E.Run, day: date) -> list[tuple]:
    return [(st.kind, B.num(st.passenger_id) if st.passenger_id else None,
             B.num(st.place_id) if st.place_id.startswith("D") else None,
             B.at_utc(day, st.arrive).replace(second=0, microsecond=0), round(st.lat, 6), round(st.lon, 6))
            for st in er.stops]


def _notify(s: Session, facts: B.Facts, tell: dict[int, set[int]], why: str) -> None:
    for person, run_ids in tell.items():
        codes = sorted(c for c in s.exec(select(Run.code).where(Run.id.in_(run_ids))).all())
        audit.notify_people(s, [person], "run_changed", f"Your runs on {facts.day:%a %d %b}: {why}",
                            f"Runs {', '.join(codes)}. Open the run sheet for the latest stops and times.",
                            link="/run")


def _result(facts: B.Facts, plans: dict[str, E.Plan], crew: E.CrewPlan, runs: list[Run], sessions, seconds) -> DepotPlanResult:
    unplanned = {k: [B.humanise(u.passenger_id, facts) for u in p.unassigned] for k, p in plans.items() if k in sessions}
    by_id = {B.engine_run_id(r.session, r.vehicle_id): r for r in runs}
    uncrewed = []
    for u in crew.uncrewed:
        r = by_id.get(u.run_id)
        if r is None or (r.contractor_id and u.role == "driver"):
            continue
        uncrewed.append(f"{r.code}: {u.role} — {B.humanise(u.reason, facts)}")
    changed = []
    for k, p in plans.items():
        if k in sessions and p.disruption is not None:
            changed += [B.humanise(x, facts) for x in p.disruption.changed_runs]
    summary = "; ".join(f"{k.upper()}: {p.disruption.summary()}" for k, p in plans.items()
                        if k in sessions and p.disruption is not None)
    return DepotPlanResult(facts.depot.id, facts.depot.name, facts.day, len(runs),
                           {k: p.passengers_planned for k, p in plans.items() if k in sessions}, unplanned, uncrewed,
                           changed, summary, seconds)


def plan_depot(s: Session, actor: Actor | None, depot: Unit, day: date, *, sessions: tuple[str, ...] = ("am", "pm"),
               time_limit_s: float = DEFAULT_TIME_LIMIT_S, crew_time_limit_s: float = CREW_TIME_LIMIT_S,
               why: str = "planned", notify: bool = True, fresh: bool = False) -> DepotPlanResult:
    """Plan (or re-plan with least disruption, when runs exist) one depot's day in ``s``."""
    import time as _t
    t0 = _t.perf_counter()
    facts = B.load_facts(s, depot, day)
    existing = [] if fresh else stored_runs(s, depot.id, day)
    plans = _solve(facts, sessions, existing, time_limit_s)
    runs = plans["am"].runs + plans["pm"].runs
    previous = B.previous_crew(day, existing) if existing else _earlier_crew(s, depot.id, day)
    crew = _crew(facts, runs, previous, crew_time_limit_s)
    written, tell = _write(s, actor, facts, plans, crew, existing, sessions)
    res = _result(facts, plans, crew, written, sessions, _t.perf_counter() - t0)
    audit.record(s, actor, "transport_planned", "unit", depot.id,
                 f"{depot.name} {day}: {res.runs} runs; {why}" + (f" ({res.summary})" if res.summary else ""),
                 after={"runs": res.runs, "unplanned": res.unplanned, "uncrewed": len(res.uncrewed)}, unit_id=depot.id)
    if notify:
        _notify(s, facts, tell, why)
    return res


def plan_date(actor: Actor | None, unit_id: int, day: date, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S,
              crew_time_limit_s: float = CREW_TIME_LIMIT_S, notify: bool = True) -> list[DepotPlanResult]:
    """Plan ``day``'s runs for every depot at or under ``unit_id``, one transaction per depot.

    Where the date already has runs, they are re-planned with least disruption (the same
    vehicles, stops and crews kept where the facts allow); otherwise planned afresh, keeping
    the most recent earlier day's crews where possible. ``actor=None`` is the scheduler
    (``transport_prep``). A depot whose plan fails its check is rolled back and reported by
    the raised error; depots already planned stay planned."""
    with unit_of_work() as s:
        depot_ids = [d.id for d in _scope(s, actor, unit_id)]
    results = []
    for depot_id in depot_ids:
        with unit_of_work() as s:
            depot = s.get(Unit, depot_id)
            results.append(plan_depot(s, actor, depot, day, time_limit_s=time_limit_s,
                                      crew_time_limit_s=crew_time_limit_s, notify=notify))
    return results


def describe(res: DepotPlanResult) -> str:
    planned = ", ".join(f"{k.upper()} {n}" for k, n in res.passengers_planned.items())
    left = sum(len(v) for v in res.unplanned.values())
    return (f"{res.depot} {res.day:%a %d %b}: {res.runs} runs, passengers planned {planned}"
            + (f", {left} could not be planned" if left else "")
            + (f", {len(res.uncrewed)} crew role(s) unfilled" if res.uncrewed else "")
            + (f". {res.summary}" if res.summary else "") + f" ({res.seconds:.0f} s).")


__all__ = ["DepotPlanResult", "plan_date", "plan_depot", "stored_runs", "describe", "hhmm"]


def plan_days_for_seed(s: Session, depot: Unit, days: list[date], *, time_limit_s: float = 3.0,
                       crew_time_limit_s: float = 2.0) -> list[DepotPlanResult]:
    """Demo data: plan several days in the seed's transaction. The routes are solved once and
    reused for every day whose passengers and vehicles are the same (the demo week has no
    absences), and crews are allocated per day from that day's rota, keeping the previous
    day's crews where possible."""
    import time as _t
    out: list[DepotPlanResult] = []
    plans: dict[str, E.Plan] | None = None
    signature = None
    for day in days:
        t0 = _t.perf_counter()
        facts = B.load_facts(s, depot, day)
        sig = ({k: frozenset(v) for k, v in facts.absent.items()}, frozenset(facts.vehicles))
        if plans is None or sig != signature:
            plans = _solve(facts, ("am", "pm"), [], time_limit_s)
            signature = sig
        else:
            plans = {k: _redate(p, day) for k, p in plans.items()}
        runs = plans["am"].runs + plans["pm"].runs
        crew = _crew(facts, runs, _earlier_crew(s, depot.id, day), crew_time_limit_s)
        written, _ = _write(s, None, facts, plans, crew, [], ("am", "pm"))
        out.append(_result(facts, plans, crew, written, ("am", "pm"), _t.perf_counter() - t0))
    return out


def _redate(plan: E.Plan, day: date) -> E.Plan:
    from dataclasses import replace
    return replace(plan, day=day)
