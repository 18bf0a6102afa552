"""Plan a session's runs (AM or PM) with the OR-Tools routing core.

Model (one session of one day):

* every vehicle starts at its base (the depot or a driver's home) and ends there or
  at its own end point;
* every passenger is a pickup-and-delivery pair: AM home -> destination, PM
  destination -> home; passengers for different destinations may share a vehicle
  whenever the windows allow;
* capacities: seats (less one kept for an escort on escort-capable vehicles) and
  wheelchair spaces; a ``travel_alone`` passenger weighs a whole vehicle on a third
  dimension, so nobody else is on board at the same time;
* time windows: AM arrival at the destination within its window before the start
  bell; PM collection within its window after the finish bell; the vehicle's own
  hours; optional per-passenger pick-up/drop-off limits;
* maximum ride per passenger (drop-off time minus pick-up time <= the assessed
  limit, else the 45/75-minute guidance);
* cost: per-day cost of each vehicle used (unless already paid in the morning) plus
  per-mile cost; a passenger who cannot be placed costs ``unassigned_penalty`` and is
  reported with a reason;
* re-planning (``previous=``): the previous runs are the starting solution and every
  change costs — a passenger moved to another vehicle, a stop that follows a
  different stop — so unaffected runs stay as they were.
"""
from __future__ import annotations

import math
import time as _time
from dataclasses import dataclass, replace

from . import core
from .domain import (
    Destination, Disruption, Passenger, Plan, Ride, Run, Session, Stop, TransportProblem,
    Unassigned, Vehicle, hhmm,
)
from .travel import EstimatedRoad, TravelProvider, matrices

CENTS = 100          # the solver's cost unit is 1/100 penny
AUTO_NEIGHBOURS_FROM = 400   # nodes; see PlanSettings.insertion_neighbors
ALONE_WEIGHT = 1000  # travel-alone dimension: one such passenger fills a vehicle


@dataclass
class _Node:
    kind: str                    # "base" | "end" | "pickup" | "dropoff"
    lat: float
    lon: float
    place_id: str
    passenger: Passenger | None = None
    vehicle: Vehicle | None = None


def _key(node: _Node) -> tuple:
    if node.kind in ("base", "end"):
        return (node.kind, node.vehicle.id)
    return (node.kind, node.passenger.id)


def _compatible(p: Passenger, v: Vehicle) -> bool:
    if p.escort_required and not v.escort_seat:
        return False
    if p.wheelchair:
        return v.wheelchair_spaces >= 1
    return v.passenger_seats >= 1


def _precheck(p: Passenger, problem: TransportProblem, dests: dict[str, Destination],
              travel: TravelProvider) -> str | None:
    """Why ``p`` cannot be planned whatever the other passengers do, or None."""
    s = problem.settings
    d = dests.get(p.destination_id)
    if d is None:
        return f"unknown destination {p.destination_id!r}"
    if p.wheelchair and not any(v.wheelchair_spaces >= 1 for v in problem.vehicles):
        return "needs a wheelchair space; no vehicle available today has one"
    if p.escort_required and not any(v.escort_seat for v in problem.vehicles):
        return "needs an escort; no vehicle available today can carry one"
    if not any(_compatible(p, v) for v in problem.vehicles):
        return ("no vehicle available today suits this passenger "
                "(wheelchair space and escort seat together)" if p.wheelchair and p.escort_required
                else "no vehicle available today has a free passenger seat")
    home, school = (p.lat, p.lon), (d.lat, d.lon)
    if problem.session == Session.AM:
        _, mins = travel.leg(home, school)
        service = s.wheelchair_pickup_service_s if p.wheelchair else s.pickup_service_s
    else:
        _, mins = travel.leg(school, home)
        service = s.wheelchair_pickup_service_s if p.wheelchair else s.pickup_service_s
    direct = service + math.ceil(mins * 60)
    if direct > p.effective_max_ride * 60:
        return (f"the direct journey takes {direct / 60:.0f} min, over the "
                f"{p.effective_max_ride}-min ride limit")
    if problem.session == Session.AM:
        lo, hi = d.am_window()
        if p.earliest_pickup is not None and p.earliest_pickup + direct > hi:
            return (f"collected no earlier than {hhmm(p.earliest_pickup)}, cannot reach "
                    f"{d.name or d.id} by {hhmm(hi)}")
    else:
        lo, hi = d.pm_window()
        if p.home_until is not None and lo + direct > p.home_until:
            return f"cannot be home by {hhmm(p.home_until)} after collection at {hhmm(lo)}"
    return None


def plan_session(
    problem: TransportProblem,
    *,
    travel: TravelProvider | None = None,
    time_limit_s: float | None = None,
    previous: Plan | None = None,
) -> Plan:
    """Plan ``problem.session``'s runs; with ``previous``, re-plan with least disruption."""
    t0 = _time.perf_counter()
    travel = travel or EstimatedRoad()
    s = problem.settings
    am = problem.session == Session.AM
    dests = problem._dest_index()
    vehicles = list(problem.vehicles)
    vwin = s.am_vehicle_window if am else s.pm_vehicle_window

    unassigned: list[Unassigned] = []
    passengers: list[Passenger] = []
    seen: set[str] = set()
    for p in problem.travelling():
        if p.id in seen:
            raise ValueError(f"passenger {p.id} listed twice")
        seen.add(p.id)
        why = _precheck(p, problem, dests, travel)
        if why:
            unassigned.append(Unassigned(p.id, why))
        else:
            passengers.append(p)

    nodes: list[_Node] = [
        _Node("base", v.base_lat, v.base_lon, f"base:{v.id}", vehicle=v) for v in vehicles
    ]
    pairs: list[tuple[int, int]] = []
    for p in passengers:
        d = dests[p.destination_id]
        home = _Node("pickup" if am else "dropoff", p.lat, p.lon, p.id, passenger=p)
        dest = _Node("dropoff" if am else "pickup", d.lat, d.lon, d.id, passenger=p)
        first, second = (home, dest) if am else (dest, home)
        nodes += [first, second]
        pairs.append((len(nodes) - 2, len(nodes) - 1))

    if not vehicles or not passengers:
        return _empty_plan(problem, unassigned, t0)
    end_node: list[int] = []
    for k, v in enumerate(vehicles):
        if v.end == (v.base_lat, v.base_lon):
            end_node.append(k)
        else:
            nodes.append(_Node("end", v.end[0], v.end[1], f"end:{v.id}", vehicle=v))
            end_node.append(len(nodes) - 1)

    miles, mins = matrices(travel, [(n.lat, n.lon) for n in nodes])
    n = len(nodes)
    travel_s = [[int(math.ceil(mins[i][j] * 60 - 1e-9)) for j in range(n)] for i in range(n)]

    service = [0] * n
    tws: list[tuple[int, int] | None] = [None] * n
    seats_dem = [0] * n
    wc_dem = [0] * n
    alone_dem = [0] * n
    for (pi, di) in pairs:
        p = nodes[pi].passenger
        d = dests[p.destination_id]
        service[pi] = s.wheelchair_pickup_service_s if p.wheelchair else s.pickup_service_s
        service[di] = s.wheelchair_dropoff_service_s if p.wheelchair else s.dropoff_service_s
        if am:
            tws[pi] = (p.earliest_pickup if p.earliest_pickup is not None else vwin[0], vwin[1])
            tws[di] = d.am_window()
        else:
            tws[pi] = d.pm_window()
            tws[di] = (p.home_from if p.home_from is not None else vwin[0],
                       p.home_until if p.home_until is not None else vwin[1])
        if p.wheelchair:
            wc_dem[pi], wc_dem[di] = 1, -1
        else:
            seats_dem[pi], seats_dem[di] = 1, -1
        w = ALONE_WEIGHT if p.travel_alone else 1
        alone_dem[pi], alone_dem[di] = w, -w

    caps = [
        core.CapacityDimension("seats", seats_dem, [v.passenger_seats for v in vehicles]),
        core.CapacityDimension("wheelchair", wc_dem, [v.wheelchair_spaces for v in vehicles]),
    ]
    if any(nodes[pi].passenger.travel_alone for pi, _ in pairs):
        caps.append(core.CapacityDimension("alone", alone_dem, [ALONE_WEIGHT] * len(vehicles)))

    # ---- costs, with change penalties when re-planning --------------------------
    prev_vehicle: dict[str, str] = {}
    prev_arcs: dict[str, set[tuple]] = {}
    if previous is not None:
        for r in previous.runs:
            keys = [("base", r.vehicle_id)] + [(st.kind, st.passenger_id) for st in r.stops
                                               if st.kind in ("pickup", "dropoff")] + [("base", r.vehicle_id)]
            prev_arcs[r.vehicle_id] = set(zip(keys, keys[1:]))
            for pid in r.passenger_ids:
                prev_vehicle[pid] = r.vehicle_id
    keys = [_key(nd) for nd in nodes]
    class_of: dict[tuple, int] = {}
    cost_matrices: list[list[list[int]]] = []
    vehicle_class: list[int] = []
    for v in vehicles:
        ck = (v.cost_per_mile, v.id if v.id in prev_arcs else None)
        if ck not in class_of:
            m = [[int(round(miles[i][j] * v.cost_per_mile * CENTS)) for j in range(n)] for i in range(n)]
            if previous is not None:
                arcs = prev_arcs.get(v.id, set())
                for j in range(len(vehicles), n):
                    if nodes[j].passenger is None:
                        continue
                    pid = nodes[j].passenger.id
                    if pid not in prev_vehicle:
                        continue
                    moved = (nodes[j].kind == "pickup" and prev_vehicle[pid] != v.id)
                    for i in range(n):
                        if i == j:
                            continue
                        extra = 0
                        if moved:
                            extra += s.change_vehicle_penalty * CENTS
                        if (keys[i], keys[j]) not in arcs:
                            extra += s.change_order_penalty * CENTS
                        m[i][j] += extra
            class_of[ck] = len(cost_matrices)
            cost_matrices.append(m)
        vehicle_class.append(class_of[ck])

    fixed = [0 if v.id in problem.fixed_cost_paid else v.cost_per_day * CENTS for v in vehicles]
    vstart = [(v.available_from if v.available_from is not None else vwin[0],
               v.available_to if v.available_to is not None else vwin[1]) for v in vehicles]

    allowed: dict[int, list[int]] = {}
    for (pi, di) in pairs:
        p = nodes[pi].passenger
        ok = [k for k, v in enumerate(vehicles) if _compatible(p, v)]
        if len(ok) < len(vehicles):
            allowed[pi] = ok
            allowed[di] = ok
    penalty = s.unassigned_penalty * CENTS
    model = core.CoreModel(
        n_nodes=n,
        starts=list(range(len(vehicles))),
        ends=end_node,
        travel_time=travel_s,
        service_time=service,
        cost_matrices=cost_matrices,
        vehicle_cost_class=vehicle_class,
        fixed_costs=fixed,
        time_windows=tws,
        vehicle_start_windows=vstart,
        vehicle_end_windows=vstart,
        capacities=caps,
        pairs=pairs,
        max_ride=[nodes[pi].passenger.effective_max_ride * 60 for pi, _ in pairs],
        drop_penalty={i: penalty for pair in pairs for i in pair},
        allowed_vehicles=allowed,
        horizon=24 * 3600,
    )

    initial = None
    if previous is not None:
        initial = _hint_routes(previous, vehicles, nodes, keys, problem)
    sol = core.solve(model, time_limit_s=s.time_limit_s if time_limit_s is None else time_limit_s,
                     first_solution=s.first_solution, initial_routes=initial, operators=s.operators,
                     insertion_neighbors=s.insertion_neighbors if s.insertion_neighbors is not None
                     else (40 if n > AUTO_NEIGHBOURS_FROM else None))
    if sol.objective < 0:
        unassigned += [Unassigned(nodes[pi].passenger.id, f"no plan found ({sol.status})") for pi, _ in pairs]
        return _empty_plan(problem, unassigned, t0, status=sol.status)

    # ---- read the solution back ------------------------------------------------
    runs: list[Run] = []
    rides: dict[str, Ride] = {}
    plan_warnings: list[str] = []
    for k, route in enumerate(sol.routes):
        if not route:
            continue
        v = vehicles[k]
        run_id = f"{problem.session.value}-{v.id}"
        stops: list[Stop] = [Stop(0, "depart", None, f"base:{v.id}", v.base_lat, v.base_lon,
                                  sol.vehicle_start[k], sol.vehicle_start[k], 0, 0)]
        seats = wc = 0
        max_seats = max_wc = 0
        e = end_node[k]
        dist = miles[k][route[0]] + miles[route[-1]][e]
        drive = mins[k][route[0]] + mins[route[-1]][e]
        for a, b in zip(route, route[1:]):
            dist += miles[a][b]
            drive += mins[a][b]
        pickups: dict[str, int] = {}
        pids: list[str] = []
        for seq, node_i in enumerate(route, start=1):
            nd = nodes[node_i]
            p = nd.passenger
            seats += seats_dem[node_i]
            wc += wc_dem[node_i]
            max_seats, max_wc = max(max_seats, seats), max(max_wc, wc)
            arr = sol.arrival[node_i]
            stops.append(Stop(seq, nd.kind, p.id, nd.place_id, nd.lat, nd.lon, arr,
                              arr + service[node_i], seats, wc))
            if nd.kind == "pickup":
                pickups[p.id] = arr
                pids.append(p.id)
            else:
                rides[p.id] = Ride(p.id, run_id, pickups[p.id], arr, p.effective_max_ride, p.guidance_max_ride)
        stops.append(Stop(len(route) + 1, "return", None, nodes[e].place_id, nodes[e].lat, nodes[e].lon,
                          sol.vehicle_end[k], sol.vehicle_end[k], 0, 0))
        pax = [nodes[i].passenger for i in route if nodes[i].kind == "pickup"]
        warnings: list[str] = []
        for p in pax:
            ride = rides[p.id]
            if ride.ride_minutes > p.guidance_max_ride + 1e-9:
                why = f" ({p.ride_limit_justification})" if p.ride_limit_justification else ""
                warnings.append(
                    f"{p.id}: ride {ride.ride_minutes:.0f} min is over the {p.guidance_max_ride}-min "
                    f"{p.effective_phase} guidance; assessed limit {p.effective_max_ride} min{why}")
        needs_escort = any(p.escort_required for p in pax)
        training = sorted(set().union(*(p.required_training() for p in pax)))
        cost = (0 if v.id in problem.fixed_cost_paid else v.cost_per_day) + int(round(dist * v.cost_per_mile))
        first = next(st for st in stops if st.kind == "pickup")
        runs.append(Run(
            id=run_id, session=problem.session, vehicle_id=v.id, operator=v.operator, stops=stops,
            passenger_ids=pids, start=sol.vehicle_start[k], end=sol.vehicle_end[k],
            distance_miles=dist, drive_minutes=drive, cost=cost, max_seats_used=max_seats,
            max_wheelchair_used=max_wc, needs_escort=needs_escort, required_training=tuple(training),
            required_dbs=tuple(sorted({p.required_dbs() for p in pax})),
            licence_class=v.required_licence, extra_credentials=v.extra_credentials,
            stability_passenger_ids=tuple(p.id for p in pax if p.needs_stability),
            first_stop=(first.lat, first.lon), warnings=warnings,
            home_driver_id=v.home_driver_id, base=(v.base_lat, v.base_lon),
            first_pickup=first.arrive,
            last_dropoff=max(st.depart for st in stops if st.kind == "dropoff"),
        ))
    for node_i in sol.dropped:
        if nodes[node_i].kind == ("pickup"):
            p = nodes[node_i].passenger
            unassigned.append(Unassigned(p.id, _why_dropped(p, vehicles)))
    if unassigned:
        plan_warnings.append(f"{len(unassigned)} passenger(s) could not be planned")
    disruption = _disruption(previous, runs) if previous is not None else None
    return Plan(
        session=problem.session, day=problem.day, runs=runs, rides=rides, unassigned=unassigned,
        warnings=plan_warnings, total_distance_miles=sum(r.distance_miles for r in runs),
        total_cost=sum(r.cost for r in runs), seconds=_time.perf_counter() - t0, status=sol.status,
        disruption=disruption,
    )


def _why_dropped(p: Passenger, vehicles: list[Vehicle]) -> str:
    kinds = []
    if p.wheelchair:
        kinds.append("wheelchair space")
    if p.escort_required:
        kinds.append("escort seat")
    if p.travel_alone:
        kinds.append("vehicle to themselves")
    what = " and ".join(kinds) or "seat"
    n = sum(_compatible(p, v) for v in vehicles)
    return (f"no {what} free within the time windows and the {p.effective_max_ride}-min ride limit "
            f"({n} suitable vehicle(s) all committed)")


def _hint_routes(previous: Plan, vehicles: list[Vehicle], nodes: list[_Node], keys: list[tuple],
                 problem: TransportProblem) -> list[list[int]]:
    """The previous runs mapped onto this model's nodes, minus what no longer fits."""
    node_of = {k: i for i, k in enumerate(keys)}
    routes: list[list[int]] = []
    by_vehicle = {r.vehicle_id: r for r in previous.runs}
    for v in vehicles:
        r = by_vehicle.get(v.id)
        route: list[int] = []
        if r is not None:
            for st in r.stops:
                if st.kind not in ("pickup", "dropoff"):
                    continue
                i = node_of.get((st.kind, st.passenger_id))
                if i is None:
                    continue      # passenger absent today or not plannable
                nd = nodes[i]
                if abs(nd.lat - st.lat) > 1e-9 or abs(nd.lon - st.lon) > 1e-9:
                    continue      # address (or destination) changed: let the solver place them
                route.append(i)
        # keep only complete pairs
        counts: dict[str, int] = {}
        for i in route:
            counts[nodes[i].passenger.id] = counts.get(nodes[i].passenger.id, 0) + 1
        route = [i for i in route if counts[nodes[i].passenger.id] == 2]
        routes.append(route)
    return routes


def _disruption(previous: Plan, runs: list[Run]) -> Disruption:
    before = {r.vehicle_id: r for r in previous.runs}
    prev_vehicle = {pid: r.vehicle_id for r in previous.runs for pid in r.passenger_ids}
    moved, new, same, changed = [], [], [], []
    for r in runs:
        for pid in r.passenger_ids:
            if pid not in prev_vehicle:
                new.append(pid)
            elif prev_vehicle[pid] != r.vehicle_id:
                moved.append(pid)
        old = before.get(r.vehicle_id)
        seq = [(s.kind, s.passenger_id) for s in r.stops if s.passenger_id]
        if old is not None and seq == [(s.kind, s.passenger_id) for s in old.stops if s.passenger_id]:
            same.append(r.id)
        else:
            changed.append(r.id)
    now = {r.vehicle_id for r in runs}
    changed += [r.id for r in previous.runs if r.vehicle_id not in now]
    return Disruption(sorted(moved), sorted(new), same, changed)


def _empty_plan(problem: TransportProblem, unassigned: list[Unassigned], t0: float,
                status: str = "empty") -> Plan:
    return Plan(problem.session, problem.day, [], {}, unassigned,
                [f"{len(unassigned)} passenger(s) could not be planned"] if unassigned else [],
                0.0, 0, _time.perf_counter() - t0, status)


def replan(problem: TransportProblem, previous: Plan, *, travel: TravelProvider | None = None,
           time_limit_s: float | None = None) -> Plan:
    """Re-plan after today's variations with least disruption to ``previous``.

    ``problem`` is the session as it now stands (see ``domain.apply_variations``). The
    previous runs seed the search, and moving a passenger to another vehicle or
    changing the order of stops costs ``settings.change_*_penalty``.
    """
    return plan_session(problem, travel=travel, time_limit_s=time_limit_s, previous=previous)


@dataclass
class DayPlan:
    am: Plan
    pm: Plan

    @property
    def runs(self) -> list[Run]:
        return self.am.runs + self.pm.runs


def plan_day(problem_am: TransportProblem, *, travel: TravelProvider | None = None,
             time_limit_s: float | None = None) -> DayPlan:
    """Plan the morning, then the afternoon with the morning's vehicles' daily cost paid."""
    am = plan_session(replace(problem_am, session=Session.AM), travel=travel, time_limit_s=time_limit_s)
    paid = frozenset(r.vehicle_id for r in am.runs) | problem_am.fixed_cost_paid
    pm = plan_session(replace(problem_am, session=Session.PM, fixed_cost_paid=paid), travel=travel,
                      time_limit_s=time_limit_s)
    return DayPlan(am, pm)
