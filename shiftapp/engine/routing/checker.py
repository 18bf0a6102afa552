"""Independent checker for a passenger-transport plan.

Re-verifies a :class:`Plan` against the :class:`TransportProblem` it claims to solve,
without using the planner's model: it walks each run's stops, recomputes loads from
the passengers' own needs, travel times from the travel provider, and checks the
rules directly. Returns a list of violations (empty = the plan keeps every rule).
"""
from __future__ import annotations

from .domain import Plan, Session, TransportProblem, hhmm
from .travel import EstimatedRoad, TravelProvider

TOLERANCE_S = 1


def check_plan(problem: TransportProblem, plan: Plan, travel: TravelProvider | None = None) -> list[str]:
    travel = travel or EstimatedRoad()
    errors: list[str] = []
    pax = {p.id: p for p in problem.travelling()}
    dests = {d.id: d for d in problem.destinations}
    vehicles = {v.id: v for v in problem.vehicles}
    am = problem.session == Session.AM

    served: dict[str, str] = {}
    for run in plan.runs:
        v = vehicles.get(run.vehicle_id)
        if v is None:
            errors.append(f"{run.id}: vehicle {run.vehicle_id} is not available")
            continue
        if run.stops[0].kind != "depart" or run.stops[-1].kind != "return":
            errors.append(f"{run.id}: must start and end at the vehicle's base")
        seats = wc = 0
        aboard: set[str] = set()
        picked: dict[str, int] = {}
        prev = None
        for st in run.stops:
            if prev is not None:
                _, mins = travel.leg((prev.lat, prev.lon), (st.lat, st.lon))
                if st.arrive + TOLERANCE_S < prev.depart + mins * 60:
                    errors.append(f"{run.id}: stop {st.seq} at {hhmm(st.arrive)} is reachable only by "
                                  f"{hhmm(prev.depart + mins * 60)}")
            prev = st
            if st.kind in ("depart", "return"):
                where = (v.base_lat, v.base_lon) if st.kind == "depart" else v.end
                if (st.lat, st.lon) != where:
                    errors.append(f"{run.id}: {st.kind} away from the vehicle's {'base' if st.kind == 'depart' else 'end'}")
                continue
            p = pax.get(st.passenger_id)
            if p is None:
                errors.append(f"{run.id}: {st.passenger_id} is not travelling this session")
                continue
            d = dests[p.destination_id]
            at_home = (st.lat, st.lon) == (p.lat, p.lon)
            at_dest = (st.lat, st.lon) == (d.lat, d.lon)
            if st.kind == "pickup":
                if p.id in picked or p.id in served:
                    errors.append(f"{p.id} picked up twice")
                if not (at_home if am else at_dest):
                    errors.append(f"{run.id}: {p.id} picked up at the wrong place")
                picked[p.id] = st.arrive
                aboard.add(p.id)
                if p.wheelchair:
                    wc += 1
                else:
                    seats += 1
                if not am:
                    lo, hi = d.pm_window()
                    if not lo <= st.arrive <= hi:
                        errors.append(f"{run.id}: {p.id} collected at {hhmm(st.arrive)}, outside "
                                      f"{hhmm(lo)}-{hhmm(hi)} after the finish bell")
                if p.escort_required and not v.escort_seat:
                    errors.append(f"{run.id}: {p.id} needs an escort; {v.id} cannot carry one")
            elif st.kind == "dropoff":
                if p.id not in aboard:
                    errors.append(f"{run.id}: {p.id} dropped off before being picked up")
                    continue
                if not (at_dest if am else at_home):
                    errors.append(f"{run.id}: {p.id} dropped off at the wrong place")
                aboard.discard(p.id)
                served[p.id] = run.id
                if p.wheelchair:
                    wc -= 1
                else:
                    seats -= 1
                ride = st.arrive - picked[p.id]
                if ride > p.effective_max_ride * 60 + TOLERANCE_S:
                    errors.append(f"{run.id}: {p.id} rides {ride / 60:.1f} min, limit {p.effective_max_ride}")
                if am:
                    lo, hi = d.am_window()
                    if not lo <= st.arrive <= hi:
                        errors.append(f"{run.id}: {p.id} arrives at {hhmm(st.arrive)}, outside "
                                      f"{hhmm(lo)}-{hhmm(hi)} before the start bell")
            else:
                errors.append(f"{run.id}: unknown stop kind {st.kind}")
                continue
            if seats > v.passenger_seats:
                errors.append(f"{run.id}: {seats} passengers seated, {v.id} has {v.passenger_seats} passenger seats")
            if wc > v.wheelchair_spaces:
                errors.append(f"{run.id}: {wc} wheelchairs, {v.id} has {v.wheelchair_spaces} spaces")
            alone = [q for q in aboard if pax[q].travel_alone]
            if alone and len(aboard) > 1:
                errors.append(f"{run.id}: {alone[0]} must travel alone but shares with {sorted(aboard - {alone[0]})}")
        if aboard:
            errors.append(f"{run.id}: {sorted(aboard)} never dropped off")
    unassigned = {u.passenger_id for u in plan.unassigned}
    for pid in pax:
        if pid not in served and pid not in unassigned:
            errors.append(f"{pid} neither planned nor reported unassigned")
        if pid in served and pid in unassigned:
            errors.append(f"{pid} both planned and reported unassigned")
    return errors
