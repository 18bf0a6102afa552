"""What planners and crews read: a date's runs (planners, their own service only) and run
sheets (crews, their own runs only — the data-protection rule of issue 7)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from ...db import service
from ...engine.timeutil import utc_to_local
from ...models import Contractor, Destination, Passenger, Person, Run, RunSheetEvent, RunStop, Unit, Vehicle
from ...models.base import utcnow
from ..actor import Actor
from ..errors import NotFound, PermissionDenied
from ..requests.common import london_today
from . import bridge as B
from .planning import LIVE, stored_runs

NEED_LABELS = {"wheelchair": "Wheelchair", "autism": "Autism", "epilepsy": "Epilepsy", "medication": "Medication",
               "behaviour": "Behaviour support", "visual_impairment": "Visual impairment",
               "hearing_impairment": "Hearing impairment", "harness": "Harness"}


def money(pence: float) -> str:
    return f"£{pence / 100:,.2f}"


def hm(instant: datetime | None) -> str:
    return f"{utc_to_local(B.aware(instant)):%H:%M}" if instant else ""


def needs_text(p: Passenger) -> str:
    items = [NEED_LABELS.get(n, n.replace("_", " ").capitalize()) for n in p.needs]
    if p.escort_required:
        items.append("Escort")
    if p.travel_alone:
        items.append("Travels alone")
    return ", ".join(dict.fromkeys(items))


def nav_url(lat: float, lon: float) -> str:
    """A maps link built from coordinates only (no lookup, no network call from the server)."""
    return f"https://www.google.com/maps/dir/?api=1&destination={lat:.5f},{lon:.5f}&travelmode=driving"


def planner_units(s: Session, actor: Actor) -> set[int]:
    actor.require("transport_planner", what="see transport runs")
    return set(actor.unit_ids) if "admin" not in actor.roles else set(s.exec(select(Unit.id)).all())


@dataclass
class DepotLists:
    """What a depot's variation and crew forms choose from: id and label each."""
    passengers: list[dict[str, str]]
    vehicles: list[dict[str, str]]
    crew: list[dict[str, str]]
    destinations: list[dict[str, str]]


@service
def depot_lists(s: Session, actor: Actor, unit_id: int) -> DepotLists:
    """The depot's active passengers, vehicles, drivers and escorts, and destinations, for the planner's forms."""
    if unit_id not in planner_units(s, actor):
        raise PermissionDenied("You can only see your own service's passengers and vehicles.")
    passengers = s.exec(select(Passenger).where(Passenger.unit_id == unit_id, Passenger.active)
                        .order_by(Passenger.reference)).all()
    vehicles = s.exec(select(Vehicle).where(Vehicle.unit_id == unit_id).order_by(Vehicle.registration)).all()
    crew = s.exec(select(Person).where(Person.unit_id == unit_id, Person.job_title.in_((B.DRIVER_TITLE, B.ESCORT_TITLE)))
                  .order_by(Person.family_name)).all()
    destinations = s.exec(select(Destination).where(Destination.unit_id == unit_id).order_by(Destination.name)).all()
    return DepotLists(
        passengers=[{"id": str(p.id), "label": f"{p.reference} {p.given_name} {p.family_name}"} for p in passengers],
        vehicles=[{"id": str(v.id), "label": f"{v.registration} {v.description}"} for v in vehicles],
        crew=[{"id": str(p.id), "label": f"{p.display_name} ({p.job_title})"} for p in crew],
        destinations=[{"id": str(d.id), "label": d.name} for d in destinations])


@dataclass
class DayRuns:
    day: date
    depots: list[dict[str, str]]
    runs: list[dict]
    stops: dict[int, list[dict[str, str]]]
    totals: dict[str, str]
    unplanned: list[dict[str, str]] = field(default_factory=list)


@service
def day_runs(s: Session, actor: Actor, day: date, unit_id: int | None = None) -> DayRuns:
    """A date's runs with stops, times, ride times, warnings and costs, for the planner's depots."""
    scope = planner_units(s, actor)
    if unit_id is not None:
        actor.require_unit(unit_id, what="see transport runs")
    depots = [d for d in B.depots_under(s, {unit_id} if unit_id is not None else scope)
              if "admin" in actor.roles or d.id in scope]
    unplanned: list[dict[str, str]] = []
    people = {}
    vehicles = {v.id: v for v in s.exec(select(Vehicle).where(Vehicle.unit_id.in_([d.id for d in depots]))).all()}
    contractors = {c.id: c.name for c in s.exec(select(Contractor)).all()}
    runs_out, stops_out = [], {}
    total_cost = carried = warn = 0
    on_runs: dict[str, set[int]] = {"am": set(), "pm": set()}
    for depot in depots:
        facts = B.load_facts(s, depot, day, with_crew=False)
        stored = stored_runs(s, depot.id, day)
        ids = {x for r, _ in stored for x in (r.driver_id, r.escort_id) if x}
        people.update({p.id: p for p in s.exec(select(Person).where(Person.id.in_(ids))).all()} if ids else {})
        for run, stops in stored:
            pickups: dict[int, datetime] = {}
            rows = []
            pax = 0
            for st in stops:
                p = facts.passengers.get(st.passenger_id) if st.passenger_id else None
                ride = limit = ""
                over = ""
                if st.kind == "pickup" and st.passenger_id:
                    pickups[st.passenger_id] = st.planned_utc
                    pax += 1
                    on_runs[run.session].add(st.passenger_id)
                if st.kind == "dropoff" and st.passenger_id and st.passenger_id in pickups and p is not None:
                    mins = (B.aware(st.planned_utc) - B.aware(pickups[st.passenger_id])).total_seconds() / 60
                    lim = B.engine_passenger(p).effective_max_ride
                    ride, limit = f"{mins:.0f}", str(lim)
                    over = "yes" if mins > B.engine_passenger(p).guidance_max_ride else ""
                rows.append({"seq": str(st.seq), "time": hm(st.planned_utc), "kind": st.kind, "label": st.label,
                             "ref": p.reference if p else "", "needs": needs_text(p) if p else "",
                             "ride": ride, "limit": limit, "over": over})
            stops_out[run.id] = rows
            v = vehicles.get(run.vehicle_id)
            d, e = people.get(run.driver_id), people.get(run.escort_id)
            times = [st.planned_utc for st in stops]
            total_cost += run.cost_pence
            carried += pax
            warn += len(run.warnings)
            runs_out.append({
                "id": str(run.id), "code": run.code, "session": run.session.upper(), "depot": depot.name,
                "vehicle": v.registration if v else "", "vehicle_desc": v.description if v else "",
                "operator": contractors.get(run.contractor_id, "In-house") if run.contractor_id else "In-house",
                "driver": d.display_name if d else ("Contractor's driver" if run.contractor_id else "— unfilled"),
                "escort": e.display_name if e else "",
                "start": hm(min(times)) if times else "", "end": hm(max(times)) if times else "",
                "passengers": str(pax), "miles": f"{run.distance_m / 1609.344:.1f}", "cost": money(run.cost_pence),
                "per_passenger": money(run.cost_pence / pax) if pax else "", "warnings": " · ".join(run.warnings),
                "warning_count": str(len(run.warnings)), "status": run.status, "version": str(run.version),
            })
        for sess in ("am", "pm"):
            for p in facts.passengers.values():
                if p.id in facts.absent[sess] or p.id in on_runs[sess] or not stored:
                    continue
                unplanned.append({"session": sess.upper(), "ref": p.reference,
                                  "name": f"{p.given_name} {p.family_name}", "needs": needs_text(p),
                                  "depot": depot.name})
    totals = {"runs": str(len(runs_out)), "carried": str(carried), "cost": money(total_cost),
              "per_passenger": money(total_cost / carried) if carried else "—", "warnings": str(warn),
              "unplanned": str(len(unplanned))}
    return DayRuns(day, [{"id": str(d.id), "name": d.name} for d in depots], runs_out, stops_out, totals, unplanned)



# ---- crews: their own runs only ---------------------------------------------------------

def _crew_run_ids(s: Session, person_id: int, days: list[date]) -> list[Run]:
    return list(s.exec(select(Run).where(Run.date.in_(days), Run.status.in_(LIVE),
                                         (Run.driver_id == person_id) | (Run.escort_id == person_id))
                       .order_by(Run.date, Run.session, Run.code)).all())


def _may_read_run(s: Session, actor: Actor, run: Run) -> None:
    """Crew: only their own runs. Planners: only runs of their service's depots."""
    if actor.person_id is not None and actor.person_id in (run.driver_id, run.escort_id):
        return
    if actor.has("transport_planner") and ("admin" in actor.roles or run.unit_id in actor.unit_ids):
        return
    raise PermissionDenied("You can only see the passengers of your own runs.")


def _sheet(s: Session, run: Run, me: int | None) -> dict:
    stops = s.exec(select(RunStop).where(RunStop.run_id == run.id).order_by(RunStop.seq)).all()
    pax_ids = {st.passenger_id for st in stops if st.passenger_id}
    pax = {p.id: p for p in s.exec(select(Passenger).where(Passenger.id.in_(pax_ids))).all()} if pax_ids else {}
    dest_ids = {st.destination_id for st in stops if st.destination_id}
    dests = {d.id: d for d in s.exec(select(Destination).where(Destination.id.in_(dest_ids))).all()} if dest_ids else {}
    marks: dict[tuple[int | None, int | None], list[str]] = {}
    for ev in s.exec(select(RunSheetEvent).where(RunSheetEvent.run_id == run.id).order_by(RunSheetEvent.recorded_utc)).all():
        marks.setdefault((ev.stop_id, ev.passenger_id), []).append(ev.kind)
    vehicle = s.get(Vehicle, run.vehicle_id) if run.vehicle_id else None
    other_id = run.escort_id if me == run.driver_id else run.driver_id
    other = s.get(Person, other_id) if other_id else None
    out_stops = []
    for st in stops:
        p = pax.get(st.passenger_id) if st.passenger_id else None
        d = dests.get(st.destination_id) if st.destination_id else None
        row = {"id": st.id, "seq": st.seq, "kind": st.kind, "time": hm(st.planned_utc), "label": st.label,
               "lat": st.lat, "lon": st.lon, "nav": nav_url(st.lat, st.lon),
               "marks": marks.get((st.id, st.passenger_id), [])}
        if p is not None:
            row["passenger"] = {"id": p.id, "name": f"{p.given_name} {p.family_name}", "ref": p.reference,
                                "needs": needs_text(p), "notes": p.needs_notes, "wheelchair": p.wheelchair,
                                "contact_name": p.contact_name, "contact_phone": p.contact_phone,
                                "address": p.address}
            if d is not None:
                row["place"] = d.name
                row["phone"] = d.phone
                row["place_kind"] = d.kind
            else:
                row["place"] = p.address
        elif d is not None:
            row["place"], row["phone"], row["place_kind"] = d.name, d.phone, d.kind
        out_stops.append(row)
    return {"id": run.id, "code": run.code, "date": run.date.isoformat(), "session": run.session.upper(),
            "vehicle": f"{vehicle.registration} · {vehicle.description}" if vehicle else "",
            "role": "driver" if me == run.driver_id else "escort" if me == run.escort_id else "",
            "with": f"{other.display_name} ({'driver' if other_id == run.driver_id else 'escort'})" if other else "",
            "with_phone": other.phone if other else "", "version": run.version, "status": run.status,
            "stops": out_stops}


@service
def my_run_sheets(s: Session, actor: Actor, today: date | None = None, days: int = 2) -> dict:
    """Today's and tomorrow's run sheets for the signed-in driver or escort (JSON-ready), for the
    phone page and its offline copy."""
    actor.require("driver", "escort", what="see run sheets")
    me = actor.require_person(what="see run sheets")
    today = today or london_today()
    span = [today + timedelta(days=k) for k in range(days)]
    runs = _crew_run_ids(s, me, span)
    person = s.get(Person, me)
    out_days = []
    for d in span:
        out_days.append({"date": d.isoformat(), "label": ("Today, " if d == today else "Tomorrow, " if d == today + timedelta(days=1) else "") + f"{d:%a %d %b}",
                         "runs": [_sheet(s, r, me) for r in runs if r.date == d]})
    return {"name": person.display_name, "job_title": person.job_title, "from": today.isoformat(),
            "generated_at": f"{utc_to_local(utcnow()):%a %d %b %Y %H:%M}", "days": out_days}


@service
def run_sheet(s: Session, actor: Actor, run_id: int) -> dict:
    """One run's sheet with its passengers: the run's own crew, or a planner of its service."""
    run = s.get(Run, run_id)
    if run is None:
        raise NotFound("No such run.")
    _may_read_run(s, actor, run)
    return _sheet(s, run, actor.person_id)
