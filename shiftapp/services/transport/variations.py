"""Today's variations, re-planned with least disruption: a passenger absent, a new passenger,
a change of address, a vehicle off the road, a crew member sick. Each records the fact,
re-plans the affected date(s) in the same transaction (routes via ``replan``, crews via
``allocate_crew(previous=...)``) and tells the crews whose runs changed."""
from __future__ import annotations

import re
import uuid
from datetime import date

from sqlmodel import Session, select

from ...db import service
from ...engine import routing as E
from ...models import Destination, Duty, Passenger, PassengerAbsence, Person, Run, Unit, Vehicle
from .. import audit
from ..actor import Actor
from ..duties import change_duty
from ..errors import InvalidInput, NotFound
from ..requests.common import london_today
from . import bridge as B
from .planning import LIVE, DepotPlanResult, plan_depot
from .views import NEED_LABELS

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


# ---- new passenger, change of address ---------------------------------------------------

_COORDS = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_PHONE = re.compile(r"^\+?[\d ()-]{10,20}$")
KNOWN_NEEDS = tuple(NEED_LABELS)
PLAN_AHEAD_DAYS = 7     # planned dates re-planned after a change: the coming week, like a vehicle off the road


def parse_coordinates(text: str) -> tuple[float, float]:
    """``"53.7912, -1.5371"`` (as a map app gives them) -> ``(53.7912, -1.5371)``."""
    m = _COORDS.match(text or "")
    if not m:
        raise InvalidInput("Enter the home's coordinates as latitude, longitude (e.g. 53.7960, -1.5479), "
                           "as a map gives them for the address.")
    return float(m.group(1)), float(m.group(2))


def _check_home(address: str, lat: float, lon: float, ride_limit: int, dest: Destination) -> None:
    """The address has to be one the planner can route: in Great Britain, and near enough to the
    passenger's school or centre that even a direct ride keeps to their ride-time limit (there is
    no geocoder: the coordinates are the address as far as routing is concerned)."""
    if not (address or "").strip():
        raise InvalidInput("Enter the home address (house number, street and town).")
    if not (49.0 < lat < 61.0 and -8.5 < lon < 2.0):
        raise InvalidInput(f"{lat:.4f}, {lon:.4f} is not in Great Britain: check the coordinates "
                           "(latitude first, then longitude).")
    miles, minutes = E.EstimatedRoad().leg((lat, lon), (dest.lat, dest.lon))
    if minutes > ride_limit:
        raise InvalidInput(f"That home is about {miles:.0f} miles ({minutes:.0f} min) by road from {dest.name}: "
                           f"more than the {ride_limit}-minute ride limit even on a direct run. Check the coordinates.")


def _future_planned_days(s: Session, depot_id: int, start: date) -> list[date]:
    return list(s.exec(select(Run.date).where(Run.unit_id == depot_id, Run.date >= start, Run.status.in_(LIVE))
                       .distinct().order_by(Run.date)).all())[:PLAN_AHEAD_DAYS]


def _replan_from(s: Session, actor: Actor, depot_id: int, start: date, why: str, time_limit_s: float,
                 today: date | None) -> list[DepotPlanResult]:
    """Re-plan (least disruption, both sessions) every date from ``start`` — never a past date —
    that already has runs, the coming week at most; dates planned later use the new facts anyway."""
    depot = s.get(Unit, depot_id)
    start = max(start, today or london_today())
    return [plan_depot(s, actor, depot, d, time_limit_s=time_limit_s, why=why)
            for d in _future_planned_days(s, depot_id, start)]


@service
def add_passenger(s: Session, actor: Actor, unit_id: int, *, given_name: str, family_name: str, destination_id: int | None,
                  address: str, lat: float, lon: float, wheelchair: bool = False, escort_required: bool = False,
                  travel_alone: bool = False, needs: list[str] | None = None, needs_stability: bool = False,
                  max_ride_minutes: int | None = None, contact_name: str = "", contact_phone: str = "",
                  start: date | None = None, time_limit_s: float = REPLAN_TIME_LIMIT_S,
                  today: date | None = None) -> tuple[Passenger, list[DepotPlanResult]]:
    """A new passenger of depot ``unit_id``. Every check is made before anything is written; then
    the passenger is added and every date from ``start`` that already has runs (the coming week)
    is re-planned with least disruption, telling the crews whose runs change (``today`` for
    tests: no date before it is re-planned)."""
    _planner(actor, unit_id, "add a passenger")
    depot = s.get(Unit, unit_id)
    if depot is None or depot.kind != "depot":
        raise InvalidInput("Choose the depot the passenger travels with.")
    given_name, family_name = (given_name or "").strip(), (family_name or "").strip()
    if not given_name or not family_name:
        raise InvalidInput("Enter the passenger's first name and family name.")
    dest = s.get(Destination, destination_id) if destination_id else None
    if dest is None or dest.unit_id != unit_id:
        raise InvalidInput("Choose the passenger's school or centre from this depot's list.")
    needs = sorted(set(needs or []) | ({"wheelchair"} if wheelchair else set()))
    unknown = [n for n in needs if n not in KNOWN_NEEDS]
    if unknown:
        raise InvalidInput(f"Unknown need: {', '.join(unknown)}.")
    if max_ride_minutes is not None and not (10 <= max_ride_minutes <= 120):
        raise InvalidInput("An assessed ride limit is between 10 and 120 minutes (leave it empty for the guidance).")
    contact_name, contact_phone = (contact_name or "").strip(), (contact_phone or "").strip()
    if not contact_name or not _PHONE.match(contact_phone):
        raise InvalidInput("Enter an emergency contact with a phone number (at least 10 digits): the crew "
                           "calls them from the run sheet.")
    p = Passenger(unit_id=unit_id, reference=f"NEW-{uuid.uuid4().hex[:12]}", given_name=given_name[:60],
                  family_name=family_name[:60], destination_id=dest.id, phase=dest.phase,
                  address=(address or "").strip()[:240], lat=lat, lon=lon, wheelchair=wheelchair,
                  escort_required=escort_required or wheelchair, travel_alone=travel_alone, needs=needs,
                  needs_stability=needs_stability, max_ride_minutes=max_ride_minutes,
                  contact_name=contact_name[:120], contact_phone=contact_phone[:30])
    _check_home(p.address, lat, lon, B.engine_passenger(p).effective_max_ride, dest)
    s.add(p)
    s.flush()
    p.reference = f"PT{9000 + p.id}"        # from the id: two planners adding at once never clash
    s.add(p)
    s.flush()
    audit.record(s, actor, "passenger_added", "passenger", p.id, f"{p.reference} added ({dest.name})",
                 after=audit.snapshot(p, "reference", "destination_id", "address", "lat", "lon", "needs",
                                      "escort_required", "max_ride_minutes"), unit_id=unit_id)
    res = _replan_from(s, actor, unit_id, start, f"new passenger {p.reference}", time_limit_s, today) if start else []
    return p, res


@service
def change_address(s: Session, actor: Actor, passenger_id: int, address: str, lat: float, lon: float,
                   day: date | None = None, time_limit_s: float = REPLAN_TIME_LIMIT_S,
                   today: date | None = None) -> list[DepotPlanResult]:
    """A passenger's new home. Checked as for a new passenger (an address, in Great Britain, within
    reach of their school or centre) before anything is written; then every date from ``day``
    that already has runs (the coming week) is re-planned with least disruption, so no sheet
    sends a crew to the old address."""
    p = s.get(Passenger, passenger_id)
    if p is None:
        raise NotFound("No such passenger.")
    _planner(actor, p.unit_id, "change a passenger's address")
    before = audit.snapshot(p, "address", "lat", "lon")
    address = (address or "").strip()
    if address == p.address and (lat, lon) == (p.lat, p.lon):
        raise InvalidInput("That is the address already on record.")
    _check_home(address, lat, lon, B.engine_passenger(p).effective_max_ride, s.get(Destination, p.destination_id))
    p.address, p.lat, p.lon = address[:240], lat, lon
    s.add(p)
    s.flush()
    audit.record(s, actor, "passenger_moved", "passenger", p.id, f"{p.reference} new address", before=before,
                 after=audit.snapshot(p, "address", "lat", "lon"), unit_id=p.unit_id)
    return _replan_from(s, actor, p.unit_id, day, f"{p.reference} moved", time_limit_s, today) if day else []


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


