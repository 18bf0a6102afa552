"""Database rows <-> routing-engine dataclasses (pure translation, no transactions).

Engine ids are the table ids with a prefix, so a plan can be mapped back without lookups:
passengers ``P<id>``, destinations ``D<id>``, vehicles ``V<id>``, crew ``C<person id>``,
contractors ``K<id>`` (as a vehicle's operator). An engine run is ``<AM|PM>-V<vehicle id>``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlmodel import Session, select

from ...engine import routing as E
from ...engine.routing.domain import TRAINING_FOR_WHEELCHAIR, DBS_ADULT, DBS_CHILD
from ...engine.routing.crew import RunCrew
from ...engine.timeutil import LONDON, utc_to_local
from ...models import (
    Credential, Destination, Duty, Passenger, PassengerAbsence, Person, Run, RunStop, Unit, Vehicle,
)

DRIVER_TITLE = "Driver"
ESCORT_TITLE = "Passenger Assistant"
# Passenger needs that need crew training of the same name (HTS-03). Sensory impairments are
# shown on the run sheet but need no certificate (a choice: the seed's training topics).
TRAINED_NEEDS = ("epilepsy", "medication", "autism", "behaviour", "harness")
DB_TRAINING = {"wheelchair": TRAINING_FOR_WHEELCHAIR}   # DB training detail -> engine training code
LICENCE = {"licence_b": "B", "licence_d1": "D1", "licence_d": "D"}
DBS = {"dbs_enhanced_child": DBS_CHILD, "dbs_enhanced_adult": DBS_ADULT}
WORKING_KINDS = ("shift", "overtime")


def pid(p_id: int) -> str: return f"P{p_id}"
def vid(v_id: int) -> str: return f"V{v_id}"
def did(d_id: int) -> str: return f"D{d_id}"
def cid(person_id: int) -> str: return f"C{person_id}"
def num(engine_id: str | None) -> int | None: return int(engine_id[1:]) if engine_id else None
def engine_run_id(session: str, vehicle_id: int) -> str: return f"{session.upper()}-V{vehicle_id}"


def secs(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def local_secs(instant: datetime) -> int:
    loc = utc_to_local(instant)
    return loc.hour * 3600 + loc.minute * 60 + loc.second


def at_utc(day: date, seconds: int) -> datetime:
    base = datetime.combine(day, time(0), tzinfo=LONDON)
    return (base + timedelta(seconds=int(seconds))).astimezone(timezone.utc)


def aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)


def off_road(v: Vehicle, day: date) -> bool:
    return v.off_road_from is not None and v.off_road_from <= day and (v.off_road_until is None or v.off_road_until >= day)


def depots_under(s: Session, unit_ids: set[int]) -> list[Unit]:
    """Depots at or below ``unit_ids`` (a depot is a unit with vehicles or passengers)."""
    from ..actor import unit_subtree
    ids = unit_subtree(s, set(unit_ids))
    units = s.exec(select(Unit).where(Unit.id.in_(ids), Unit.kind == "depot").order_by(Unit.code)).all()
    return list(units)


def engine_passenger(p: Passenger) -> E.Passenger:
    return E.Passenger(
        id=pid(p.id), lat=p.lat, lon=p.lon, destination_id=did(p.destination_id), phase=p.phase,
        wheelchair=p.wheelchair, escort_required=p.escort_required, travel_alone=p.travel_alone,
        medical=tuple(n for n in p.needs if n in TRAINED_NEEDS), max_ride_minutes=p.max_ride_minutes,
        ride_limit_justification="assessed limit" if p.max_ride_minutes else "",
        needs_stability=p.needs_stability, name=p.reference,
    )


def engine_destination(d: Destination) -> E.Destination:
    # The window runs from (5 + arrive_window_minutes) to 5 minutes before the bell; day centres
    # take adults and keep the engine's wider 45-minute collection window.
    return E.Destination(
        id=did(d.id), lat=d.lat, lon=d.lon, start=secs(d.start_time), finish=secs(d.finish_time),
        kind=d.kind, name=d.name, arrive_earliest_before=(5 + d.arrive_window_minutes) * 60,
        arrive_latest_before=5 * 60, collect_latest_after=(45 if d.kind == "day_centre" else 30) * 60,
    )


def engine_vehicle(v: Vehicle) -> E.Vehicle:
    return E.Vehicle(
        id=vid(v.id), seats=v.seats, base_lat=v.base_lat, base_lon=v.base_lon, wheelchair_spaces=v.wheelchair_spaces,
        cost_per_day=v.cost_per_day_pence, cost_per_mile=v.cost_per_mile_pence,
        operator=f"K{v.contractor_id}" if v.contractor_id else "in_house",
        licence_class=LICENCE.get(v.licence_needed), name=v.registration,
    )


@dataclass
class Facts:
    """Everything the engine needs for one depot and date, plus lookups back to the rows."""
    depot: Unit
    day: date
    passengers: dict[int, Passenger]
    absent: dict[str, set[int]]               # session -> passenger ids absent
    destinations: dict[int, Destination]
    vehicles: dict[int, Vehicle]              # on the road that day
    all_vehicles: dict[int, Vehicle]
    people: dict[int, Person] = field(default_factory=dict)
    crew: list[E.CrewMember] = field(default_factory=list)
    absences: list[E.Absence] = field(default_factory=list)

    def problem(self, session: str, *, time_limit_s: float | None = None) -> E.TransportProblem:
        gone = self.absent.get(session.lower(), set())
        pax = [engine_passenger(p) for p in self.passengers.values() if p.id not in gone]
        settings = E.PlanSettings()
        starts = [m.available_from for m in self.crew if "driver" in m.roles and m.available_from is not None]
        if starts:
            # no vehicle leaves before the earliest driver on duty has checked it
            earliest = min(starts) + E.HoursLimits().pre_run_s
            lo, hi = settings.am_vehicle_window
            settings.am_vehicle_window = (max(lo, earliest), hi)
        if time_limit_s is not None:
            settings.time_limit_s = time_limit_s
        return E.TransportProblem(E.Session(session.upper()), pax,
                                  [engine_destination(d) for d in self.destinations.values()],
                                  [engine_vehicle(v) for v in self.vehicles.values()], self.day, settings)


def load_facts(s: Session, depot: Unit, day: date, *, with_crew: bool = True) -> Facts:
    passengers = {p.id: p for p in s.exec(select(Passenger).where(Passenger.unit_id == depot.id, Passenger.active)
                                          .order_by(Passenger.id)).all()}
    absent: dict[str, set[int]] = {"am": set(), "pm": set()}
    if passengers:
        for a in s.exec(select(PassengerAbsence).where(PassengerAbsence.date == day,
                                                       PassengerAbsence.passenger_id.in_(list(passengers)))).all():
            absent[a.session].add(a.passenger_id)
    dests = {d.id: d for d in s.exec(select(Destination).where(Destination.unit_id == depot.id)).all()}
    all_v = {v.id: v for v in s.exec(select(Vehicle).where(Vehicle.unit_id == depot.id).order_by(Vehicle.id)).all()}
    facts = Facts(depot, day, passengers, absent, dests, {k: v for k, v in all_v.items() if not off_road(v, day)}, all_v)
    if with_crew:
        _load_crew(s, facts)
    return facts


def _depot_point(facts: Facts) -> tuple[float, float]:
    inhouse = [v for v in facts.all_vehicles.values() if v.contractor_id is None]
    v = (inhouse or list(facts.all_vehicles.values()) or [None])[0]
    return (v.base_lat, v.base_lon) if v else (53.8, -1.55)


def _load_crew(s: Session, facts: Facts) -> None:
    people = s.exec(select(Person).where(Person.unit_id == facts.depot.id,
                                         Person.job_title.in_((DRIVER_TITLE, ESCORT_TITLE)))).all()
    facts.people = {p.id: p for p in people}
    ids = list(facts.people)
    creds: dict[int, list[E.Credential]] = {i: [] for i in ids}
    for c in s.exec(select(Credential).where(Credential.person_id.in_(ids))).all() if ids else []:
        if c.kind in LICENCE:
            creds[c.person_id].append(E.Credential("licence", LICENCE[c.kind], c.expires, c.next_check))
        elif c.kind in DBS:
            creds[c.person_id].append(E.Credential("dbs", DBS[c.kind], c.expires, c.next_check))
        elif c.kind == "training":
            creds[c.person_id].append(E.Credential("training", DB_TRAINING.get(c.detail, c.detail), c.expires,
                                                   c.next_check))
        else:
            creds[c.person_id].append(E.Credential(c.kind, c.detail or c.kind, c.expires, c.next_check))
    duties = {d.person_id: d for d in s.exec(select(Duty).where(Duty.person_id.in_(ids), Duty.date == facts.day,
                                                                Duty.line == "main")).all()} if ids else {}
    depot = _depot_point(facts)
    for p in people:
        d = duties.get(p.id)
        if d is None or d.kind not in WORKING_KINDS or d.start_utc is None:
            facts.absences.append(E.Absence(cid(p.id), facts.day, facts.day, d.kind if d else "not rostered"))
            frm = to = None
        else:
            frm = local_secs(aware(d.start_utc))
            end = aware(d.end_utc)
            to = local_secs(end) if utc_to_local(end).date() == facts.day else 24 * 3600
        role = ("driver",) if p.job_title == DRIVER_TITLE else ("escort",)
        home = (p.home_lat, p.home_lon) if p.home_lat is not None and p.home_lon is not None else depot
        facts.crew.append(E.CrewMember(cid(p.id), role, home[0], home[1], tuple(creds[p.id]),
                                       available_from=frm, available_to=to, name=p.employee_no))


def previous_plan(facts: Facts, session: str, runs: list[tuple[Run, list[RunStop]]]) -> E.Plan:
    """The stored runs of a session as an engine Plan: the hint for ``replan`` and, when only the
    crews change, the runs ``allocate_crew`` needs (needs, credentials, times recomputed from the rows)."""
    return E.Plan(E.Session(session.upper()), facts.day, [stored_engine_run(facts, r, st) for r, st in runs],
                  {}, [], [], 0.0, 0, 0.0, "stored")


def stored_engine_run(facts: Facts, run: Run, stops: list[RunStop]) -> E.Run:
    travel = E.EstimatedRoad()
    est, pax_ids = [], []
    for st in stops:
        t = local_secs(aware(st.planned_utc))
        if st.kind in ("pickup", "dropoff") and st.passenger_id:
            place = pid(st.passenger_id) if st.destination_id is None else did(st.destination_id)
            p_id = pid(st.passenger_id)
        else:
            place, p_id = f"{'base' if st.kind == 'depart' else 'end'}:{vid(run.vehicle_id)}", None
        est.append(E.Stop(st.seq, st.kind, p_id, place, st.lat, st.lon, t, t, 0, 0))
        if st.kind == "pickup" and st.passenger_id:
            pax_ids.append(st.passenger_id)
    pax = [engine_passenger(facts.passengers[i]) for i in pax_ids if i in facts.passengers]
    v = facts.all_vehicles.get(run.vehicle_id)
    ev = engine_vehicle(v) if v else None
    miles = minutes = 0.0
    for a, b in zip(est, est[1:]):
        m, t = travel.leg((a.lat, a.lon), (b.lat, b.lon))
        miles, minutes = miles + m, minutes + t
    pick = [st.arrive for st in est if st.kind == "pickup"]
    drop = [st.arrive for st in est if st.kind == "dropoff"]
    return E.Run(
        id=engine_run_id(run.session, run.vehicle_id), session=E.Session(run.session.upper()),
        vehicle_id=vid(run.vehicle_id), operator=ev.operator if ev else "in_house", stops=est,
        passenger_ids=[p.id for p in pax], start=est[0].arrive if est else 0, end=est[-1].arrive if est else 0,
        distance_miles=miles, drive_minutes=minutes, cost=run.cost_pence, max_seats_used=0, max_wheelchair_used=0,
        needs_escort=any(p.escort_required for p in pax),
        required_training=tuple(sorted(set().union(*(p.required_training() for p in pax)))) if pax else (),
        required_dbs=tuple(sorted({p.required_dbs() for p in pax})),
        licence_class=ev.required_licence if ev else "B", extra_credentials=ev.extra_credentials if ev else (),
        stability_passenger_ids=tuple(p.id for p in pax if p.needs_stability),
        first_stop=(est[1].lat, est[1].lon) if len(est) > 1 else (0.0, 0.0),
        base=(v.base_lat, v.base_lon) if v else (0.0, 0.0),
        first_pickup=min(pick) if pick else None, last_dropoff=max(drop) + 60 if drop else None,
    )


def previous_crew(day: date, runs: list[tuple[Run, list[RunStop]]]) -> E.CrewPlan | None:
    """Stored crews as an engine CrewPlan (keyed by engine run id, with the passengers carried)."""
    if not runs:
        return None
    assignments = {}
    for run, stops in runs:
        rid = engine_run_id(run.session, run.vehicle_id)
        pax = tuple(sorted({pid(st.passenger_id) for st in stops if st.passenger_id}))
        assignments[rid] = RunCrew(rid, cid(run.driver_id) if run.driver_id else None,
                                   cid(run.escort_id) if run.escort_id else None, pax)
    return E.CrewPlan(day, assignments, [], {}, [], 0.0, "stored")


_ID = re.compile(r"\b([PC])(\d+)\b")


def humanise(text: str, facts: Facts) -> str:
    """Engine messages name passengers and crew by engine id: show the reference / employee number
    (never a name: warnings are seen by everyone who sees the run list)."""
    def sub(m: re.Match) -> str:
        n = int(m.group(2))
        if m.group(1) == "P":
            p = facts.passengers.get(n)
            return p.reference if p else m.group(0)
        person = facts.people.get(n)
        return person.employee_no if person else m.group(0)
    return _ID.sub(sub, text)
