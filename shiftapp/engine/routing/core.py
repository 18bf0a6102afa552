"""The routing core shared by the passenger-transport planner and the Solomon benchmark.

A small, explicit, integer model that is handed to OR-Tools routing:

* nodes ``0..n-1``; each vehicle has its own start and end node (they may be shared);
* a transit-time matrix (travel only) plus a service time per node — the time
  dimension's transit from ``i`` to ``j`` is ``service[i] + travel[i][j]``;
* arc-cost matrices, one per *cost class* (vehicles with the same cost per mile share one);
* capacity dimensions (seats, wheelchair spaces, …) with a demand per node and a
  capacity per vehicle;
* time windows per node and per vehicle (start/end);
* pickup-and-delivery pairs with an optional maximum ride time (delivery time minus
  pickup time);
* optional nodes (a penalty for leaving them out) and allowed-vehicle sets;
* an optional initial solution (routes) used as a hint.

Nothing here knows about passengers or Solomon; both callers translate to and from it.
Everything is an ``int`` so that the model OR-Tools sees is exactly the one described.
"""
from __future__ import annotations

import time as _time
from dataclasses import dataclass, field

from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2


@dataclass
class CapacityDimension:
    name: str
    demands: list[int]          # per node (pickup > 0, delivery < 0 for pickup-and-delivery)
    capacities: list[int]       # per vehicle


@dataclass
class CoreModel:
    n_nodes: int
    starts: list[int]
    ends: list[int]
    travel_time: list[list[int]]
    service_time: list[int]
    cost_matrices: list[list[list[int]]]
    vehicle_cost_class: list[int]
    fixed_costs: list[int] | None = None
    time_windows: list[tuple[int, int] | None] | None = None
    vehicle_start_windows: list[tuple[int, int]] | None = None
    vehicle_end_windows: list[tuple[int, int]] | None = None
    capacities: list[CapacityDimension] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    max_ride: list[int | None] | None = None          # per pair
    drop_penalty: dict[int, int] = field(default_factory=dict)   # optional node -> penalty
    allowed_vehicles: dict[int, list[int]] = field(default_factory=dict)
    horizon: int = 24 * 3600
    max_wait: int | None = None     # slack allowed at a node; None = horizon
    span_cost: int = 0              # cost per unit of route duration (discourages idle time)

    @property
    def n_vehicles(self) -> int:
        return len(self.starts)


@dataclass
class CoreSolution:
    routes: list[list[int]]                     # per vehicle, visited nodes (no start/end)
    arrival: dict[int, int]                     # node -> time service starts (cumul)
    vehicle_start: list[int]
    vehicle_end: list[int]
    dropped: list[int]
    objective: int
    status: str
    seconds: float


STRATEGIES = {
    "path_cheapest_arc": routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC,
    "parallel_cheapest_insertion": routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION,
    "local_cheapest_insertion": routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION,
    "savings": routing_enums_pb2.FirstSolutionStrategy.SAVINGS,
    "christofides": routing_enums_pb2.FirstSolutionStrategy.CHRISTOFIDES,
    "automatic": routing_enums_pb2.FirstSolutionStrategy.AUTOMATIC,
}
METAHEURISTICS = {
    "guided_local_search": routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH,
    "simulated_annealing": routing_enums_pb2.LocalSearchMetaheuristic.SIMULATED_ANNEALING,
    "tabu_search": routing_enums_pb2.LocalSearchMetaheuristic.TABU_SEARCH,
    "greedy_descent": routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT,
}

# The seating descent uses only these (insert a dropped pickup-and-set-down, possibly moving
# one stop to make room) and is cut only at SEATING_CAP_S, against a runaway on a huge model.
SEATING_OPERATORS = ("use_make_active", "use_relocate_and_make_active")
SEATING_CAP_S = 60.0
MIN_SEARCH_S = 0.2
_OPERATOR_FIELDS = [f.name for f in pywrapcp.DefaultRoutingSearchParameters().local_search_operators.DESCRIPTOR.fields
                    if f.name.startswith("use_")]

_STATUS = {v.number: v.name.removeprefix("ROUTING_").lower()
           for v in routing_enums_pb2.RoutingSearchStatus.Value.DESCRIPTOR.values}
# With guided local search and a time limit the usual outcome is
# "partial_success_local_optimum_not_reached": a solution, stopped by the clock.


def _build(model: CoreModel):
    """The OR-Tools routing model of ``model``: (manager, routing, time dimension)."""
    manager = pywrapcp.RoutingIndexManager(model.n_nodes, model.n_vehicles, model.starts, model.ends)
    routing = pywrapcp.RoutingModel(manager)
    solver = routing.solver()

    # Arc costs, one registered matrix per cost class.
    cost_cb = [routing.RegisterTransitMatrix(m) for m in model.cost_matrices]
    for v in range(model.n_vehicles):
        routing.SetArcCostEvaluatorOfVehicle(cost_cb[model.vehicle_cost_class[v]], v)
    if model.fixed_costs:
        for v, c in enumerate(model.fixed_costs):
            routing.SetFixedCostOfVehicle(int(c), v)

    # Time: transit = service at the from-node + travel.
    transit = [
        [model.service_time[i] + model.travel_time[i][j] for j in range(model.n_nodes)]
        for i in range(model.n_nodes)
    ]
    time_cb = routing.RegisterTransitMatrix(transit)
    max_wait = model.horizon if model.max_wait is None else model.max_wait
    routing.AddDimension(time_cb, max_wait, model.horizon, False, "time")
    tdim = routing.GetDimensionOrDie("time")
    if model.span_cost:
        tdim.SetSpanCostCoefficientForAllVehicles(model.span_cost)
    start_nodes = set(model.starts) | set(model.ends)
    if model.time_windows:
        for node, tw in enumerate(model.time_windows):
            if tw is None or node in start_nodes:
                continue
            tdim.CumulVar(manager.NodeToIndex(node)).SetRange(int(tw[0]), int(tw[1]))
    for v in range(model.n_vehicles):
        if model.vehicle_start_windows:
            lo, hi = model.vehicle_start_windows[v]
            tdim.CumulVar(routing.Start(v)).SetRange(int(lo), int(hi))
        if model.vehicle_end_windows:
            lo, hi = model.vehicle_end_windows[v]
            tdim.CumulVar(routing.End(v)).SetRange(int(lo), int(hi))
        # Leave as late and come back as early as the windows allow.
        routing.AddVariableMaximizedByFinalizer(tdim.CumulVar(routing.Start(v)))
        routing.AddVariableMinimizedByFinalizer(tdim.CumulVar(routing.End(v)))

    for cap in model.capacities:
        cb = routing.RegisterUnaryTransitVector([int(x) for x in cap.demands])
        routing.AddDimensionWithVehicleCapacity(cb, 0, [int(c) for c in cap.capacities], True, cap.name)

    for k, (p, d) in enumerate(model.pairs):
        pi, di = manager.NodeToIndex(p), manager.NodeToIndex(d)
        routing.AddPickupAndDelivery(pi, di)
        solver.Add(routing.VehicleVar(pi) == routing.VehicleVar(di))
        solver.Add(tdim.CumulVar(pi) <= tdim.CumulVar(di))
        if model.max_ride and model.max_ride[k] is not None:
            limit = int(model.max_ride[k])
            # Known to the dimension's local-search filters (far better than a bare
            # constraint, which is only caught by propagation after a move is made).
            tdim.SetPickupToDeliveryLimitFunctionForPair(lambda _p, _d, limit=limit: limit, k)
            solver.Add(tdim.CumulVar(di) - tdim.CumulVar(pi) <= limit)
        # Pick up as late as possible (shorter rides) once the route is fixed.
        routing.AddVariableMaximizedByFinalizer(tdim.CumulVar(pi))

    for node, pen in model.drop_penalty.items():
        routing.AddDisjunction([manager.NodeToIndex(node)], int(pen))
    for node, vehicles in model.allowed_vehicles.items():
        # SetAllowedVehiclesForIndex's SWIG binding rejects Python lists in 9.15; restrict
        # the vehicle variable instead (-1 keeps an optional node droppable).
        routing.VehicleVar(manager.NodeToIndex(node)).SetValues([-1] + [int(v) for v in vehicles])

    return manager, routing, tdim


def _params(model: CoreModel, first_solution: str, metaheuristic: str, time_limit_s: float,
            operators: dict[str, bool] | None, insertion_neighbors: int | None, log: bool):
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = STRATEGIES[first_solution]
    params.local_search_metaheuristic = METAHEURISTICS[metaheuristic]
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    params.log_search = log
    if insertion_neighbors is not None and model.n_nodes > insertion_neighbors:
        # Cheapest insertion looks at every node by default (quadratic); on large
        # models only the nearest ones, so a first solution comes in seconds.
        gci = params.global_cheapest_insertion_first_solution_parameters
        gci.neighbors_ratio = insertion_neighbors / model.n_nodes
        gci.min_neighbors = insertion_neighbors
    for name, on in (operators or {}).items():     # e.g. {"use_relocate_and_make_active": True}
        setattr(params.local_search_operators, name,
                optional_boolean_pb2.BOOL_TRUE if on else optional_boolean_pb2.BOOL_FALSE)

    return params


def _run(manager, routing, params, routes: list[list[int]] | None):
    """Close the model with ``params`` (its operators are fixed then) and search, from
    ``routes`` when they are given and valid."""
    routing.CloseModelWithParameters(params)
    if routes is not None:
        initial = routing.ReadAssignmentFromRoutes([[manager.NodeToIndex(n) for n in r] for r in routes], True)
        if initial is not None:
            return routing.SolveFromAssignmentWithParameters(initial, params)
    return routing.SolveWithParameters(params)


def _routes(manager, routing, solution) -> list[list[int]]:
    """Per vehicle, the nodes ``solution`` visits (no start or end)."""
    out = []
    for v in range(routing.vehicles()):
        idx = solution.Value(routing.NextVar(routing.Start(v)))
        route = []
        while not routing.IsEnd(idx):
            route.append(manager.IndexToNode(idx))
            idx = solution.Value(routing.NextVar(idx))
        out.append(route)
    return out


def solve(
    model: CoreModel,
    *,
    time_limit_s: float = 10.0,
    first_solution: str = "parallel_cheapest_insertion",
    metaheuristic: str = "guided_local_search",
    initial_routes: list[list[int]] | None = None,
    operators: dict[str, bool] | None = None,
    insertion_neighbors: int | None = None,
    log: bool = False,
) -> CoreSolution:
    """Solve ``model`` with OR-Tools routing; returns routes and service-start times.

    Two phases. First a seating descent: from the first solution (or ``initial_routes``),
    only moves that seat a dropped passenger, until none is left; it ends by itself, so who
    is planned does not depend on how busy the machine is. Then the metaheuristic, with
    every operator, for the time that is left (at least ``MIN_SEARCH_S``)."""
    t0 = _time.perf_counter()
    routes = initial_routes
    if model.drop_penalty:
        seat_ops = {f: f in SEATING_OPERATORS for f in _OPERATOR_FIELDS}
        manager, routing, tdim = _build(model)
        params = _params(model, first_solution, "greedy_descent", max(time_limit_s, SEATING_CAP_S),
                         seat_ops, insertion_neighbors, log)
        solution = _run(manager, routing, params, routes)
        if solution is not None:
            routes = _routes(manager, routing, solution)
    manager, routing, tdim = _build(model)
    left = max(time_limit_s - (_time.perf_counter() - t0), MIN_SEARCH_S)
    params = _params(model, first_solution, metaheuristic, left, operators, insertion_neighbors, log)
    solution = _run(manager, routing, params, routes)
    status = _STATUS.get(routing.status(), str(routing.status()))
    seconds = _time.perf_counter() - t0
    if solution is None:
        return CoreSolution([[] for _ in range(model.n_vehicles)], {}, [0] * model.n_vehicles,
                            [0] * model.n_vehicles, [], -1, status, seconds)

    routes = _routes(manager, routing, solution)
    cumul = lambda idx: solution.Value(tdim.CumulVar(idx))  # noqa: E731
    arrival = {node: cumul(manager.NodeToIndex(node)) for route in routes for node in route}
    vstart = [cumul(routing.Start(v)) for v in range(model.n_vehicles)]
    vend = [cumul(routing.End(v)) for v in range(model.n_vehicles)]
    visited = set(arrival)
    dropped = sorted(n for n in model.drop_penalty if n not in visited)
    return CoreSolution(routes, arrival, vstart, vend, dropped, solution.ObjectiveValue(), status, seconds)
