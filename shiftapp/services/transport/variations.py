"""Today's variations, re-planned with least disruption: a passenger absent, a new passenger,
a change of address, a vehicle off the road, a crew member sick. Each records the fact,
re-plans the affected date(s) in the same transaction (routes via ``replan``, crews via
``allocate_crew(previous=...)``) and tells the crews whose runs changed."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ...db import service
from ...models import Destination, Duty, Passenger, PassengerAbsence, Person, Run, Unit, Vehicle
from .. import audit
from ..actor import Actor
from ..duties import change_duty
from ..errors import InvalidInput, NotFound
from . import bridge as B
from .planning import LIVE, DepotPlanResult, plan_depot

REPLAN_TIME_LIMIT_S = 5.0


def _planner(actor: Actor, unit_id: int, what: str) -> None:
    actor.require("transport_planner", what=what)
    actor.require_unit(unit_id, what=what)


def _replan(s: Session, actor: Actor, depot_id: int, day: date, sessions: tuple[str, ...], why: str,
            time_limit_s: float) -> DepotPlanResult | None:
    has_runs = s.exec(select(Run.id).where(Run.unit_id == depot_id, Run.date == day, Run.status.in_(LIVE))).first()
    if has_runs is None:
        return None         # nothing planned yet: the fact is recorded and used when the day is planned
    return plan_depot(s, actor, s.get(Unit, depot_id), day, sessions=sessions, time_limit_s=time_limit_s, why=why)


def _sessions(session: str) -> tuple[str, ...]:
    if session not in ("am", "pm", "both"):
        raise InvalidInput("Choose the morning, the afternoon or both.")
    return ("am", "pm") if session == "both" else (session,)


@service
def passenger_absent(s: Session, actor: Actor, passenger_id: int, day: date, session: str = "both", reason: str = "",
                     time_limit_s: float = REPLAN_TIME_LIMIT_S) -> DepotPlanResult | None:
    p = s.get(Passenger, passenger_id)
    if p is None:
        raise NotFound("No such passenger.")
    _planner(actor, p.unit_id, "record a passenger's absence")
    sessions = _sessions(session)
    for sess in sessions:
        if s.exec(select(PassengerAbsence).where(PassengerAbsence.passenger_id == p.id, PassengerAbsence.date == day,
                                                 PassengerAbsence.session == sess)).first() is None:
            s.add(PassengerAbsence(passenger_id=p.id, date=day, session=sess, reason=reason[:240]))
    s.flush()
    audit.record(s, actor, "passenger_absent", "passenger", p.id, f"{p.reference} absent {day} {session}",
                 unit_id=p.unit_id)
    return _replan(s, actor, p.unit_id, day, sessions, f"{p.reference} absent", time_limit_s)


@service
def add_passenger(s: Session, actor: Actor, unit_id: int, *, given_name: str, family_name: str, destination_id: int,
                  address: str, lat: float, lon: float, wheelchair: bool = False, escort_required: bool = False,
                  needs: list[str] | None = None, max_ride_minutes: int | None = None, contact_name: str = "",
                  contact_phone: str = "", start: date | None = None,
                  time_limit_s: float = REPLAN_TIME_LIMIT_S) -> tuple[Passenger, DepotPlanResult | None]:
    _planner(actor, unit_id, "add a passenger")
    dest = s.get(Destination, destination_id)
    if dest is None or dest.unit_id != unit_id:
        raise InvalidInput("Choose a school or centre of this depot.")
    if not given_name.strip() or not family_name.strip():
        raise InvalidInput("Enter the passenger's name.")
    if not (49.0 < lat < 61.0 and -8.5 < lon < 2.0):
        raise InvalidInput("The home's coordinates are not in Great Britain.")
    n = len(s.exec(select(Passenger.id)).all())
    p = Passenger(unit_id=unit_id, reference=f"PT{9000 + n}", given_name=given_name.strip()[:60],
                  family_name=family_name.strip()[:60], destination_id=dest.id, phase=dest.phase,
                  address=address[:240], lat=lat, lon=lon, wheelchair=wheelchair,
                  escort_required=escort_required or wheelchair,
                  needs=sorted(set((needs or []) + (["wheelchair"] if wheelchair else []))),
                  max_ride_minutes=max_ride_minutes, contact_name=contact_name[:120], contact_phone=contact_phone[:30])
    s.add(p)
    s.flush()
    audit.record(s, actor, "passenger_added", "passenger", p.id, f"{p.reference} added ({dest.name})", unit_id=unit_id)
    res = _replan(s, actor, unit_id, start, ("am", "pm"), f"new passenger {p.reference}", time_limit_s) if start else None
    return p, res


@service
def change_address(s: Session, actor: Actor, passenger_id: int, address: str, lat: float, lon: float,
                   day: date | None = None, time_limit_s: float = REPLAN_TIME_LIMIT_S) -> DepotPlanResult | None:
    p = s.get(Passenger, passenger_id)
    if p is None:
        raise NotFound("No such passenger.")
    _planner(actor, p.unit_id, "change a passenger's address")
    if not (49.0 < lat < 61.0 and -8.5 < lon < 2.0):
        raise InvalidInput("The new coordinates are not in Great Britain.")
    before = audit.snapshot(p, "address", "lat", "lon")
    p.address, p.lat, p.lon = address[:240], lat, lon
    s.add(p)
    s.flush()
    audit.record(s, actor, "passenger_moved", "passenger", p.id, f"{p.reference} new address", before=before,
                 after=audit.snapshot(p, "address", "lat", "lon"), unit_id=p.unit_id)
    return _replan(s, actor, p.unit_id, day, ("am", "pm"), f"{p.reference} moved", time_limit_s) if day else None


@service
def vehicle_off_road(s: Session, actor: Actor, vehicle_id: int, start: date, until: date | None = None,
                     time_limit_s: float = REPLAN_TIME_LIMIT_S) -> list[DepotPlanResult]:
    v = s.get(Vehicle, vehicle_id)
    if v is None:
        raise NotFound("No such vehicle.")
    _planner(actor, v.unit_id, "take a vehicle off the road")
    if until is not None and until < start:
        raise InvalidInput("The vehicle can't be back before it goes off the road.")
    v.off_road_from, v.off_road_until = start, until
    s.add(v)
    s.flush()
    audit.record(s, actor, "vehicle_off_road", "vehicle", v.id, f"{v.registration} off the road {start}–{until or 'further notice'}",
                 unit_id=v.unit_id)
    days = s.exec(select(Run.date).where(Run.vehicle_id == v.id, Run.date >= start, Run.status.in_(LIVE),
                                         *( [Run.date <= until] if until else [])).distinct().order_by(Run.date)).all()
    out = []
    for d in days[:7]:          # the coming week; later dates are planned with the vehicle already off
        r = _replan(s, actor, v.unit_id, d, ("am", "pm"), f"{v.registration} off the road", time_limit_s)
        if r:
            out.append(r)
    return out


@service
def crew_sick(s: Session, actor: Actor, person_id: int, day: date, reason: str = "Reported sick",
              time_limit_s: float = REPLAN_TIME_LIMIT_S) -> DepotPlanResult | None:
    """Record a driver or escort sick for ``day`` (through the rota, so it is a real duty change)
    and re-allocate that day's crews, keeping everyone else where they are."""
    person = s.get(Person, person_id)
    if person is None or person.job_title not in (B.DRIVER_TITLE, B.ESCORT_TITLE):
        raise NotFound("No such driver or escort.")
    _planner(actor, person.unit_id, "record crew sickness")
    duty = s.exec(select(Duty).where(Duty.person_id == person.id, Duty.date == day, Duty.line == "main")).first()
    if duty is not None and duty.kind != "sickness":
        change_duty(s, actor, duty, {"kind": "sickness", "shift_type_id": None, "start_utc": None, "end_utc": None,
                                     "break_minutes": 0}, reason_code="sickness", reason=reason)
    elif duty is None:
        s.add(Duty(person_id=person.id, unit_id=person.unit_id, date=day, line="main", kind="sickness",
                   status="published", source="manual"))
    s.flush()
    # routes stay as they are: only the crews are re-allocated (sessions=())
    return _replan(s, actor, person.unit_id, day, (), f"{person.display_name} sick", time_limit_s)


