"""Solomon VRPTW instances through the same routing core as passenger transport.

Format (Solomon 1987): a name line; ``VEHICLE`` / ``NUMBER CAPACITY`` and one line
with both; ``CUSTOMER`` and a header; then one line per customer
``no x y demand ready due service``; customer 0 is the depot. Distances are
Euclidean (not rounded), travel time equals distance, service must *start* within
``[ready, due]`` and every vehicle returns to the depot by the depot's due date.

The core works in integers, so distances and times are scaled by ``SCALE``. Travel
*times* are rounded **up** so that any plan feasible for the solver is feasible on
the real (unrounded) data; distances are rounded to nearest for the cost. Reported
distances are always recomputed in floating point from the raw coordinates.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from . import core

SCALE = 1000

# Best known values quoted in ../shared/benchmarks/README.md.
BEST_KNOWN_VEHICLES_FIRST = {"C101": (10, 828.94), "R101": (19, 1645.79), "RC101": (14, 1696.94)}
BEST_KNOWN_DISTANCE_ONLY = {"C101": (10, 828.94), "R101": (20, 1642.88), "RC101": (16, 1643.41)}


@dataclass
class SolomonCustomer:
    no: int
    x: float
    y: float
    demand: int
    ready: int
    due: int
    service: int


@dataclass
class SolomonInstance:
    name: str
    vehicles: int
    capacity: int
    customers: list[SolomonCustomer]   # index 0 is the depot

    def dist(self, i: int, j: int) -> float:
        a, b = self.customers[i], self.customers[j]
        return math.hypot(a.x - b.x, a.y - b.y)

    def subset(self, n: int) -> "SolomonInstance":
        """The depot and the first ``n`` customers (for quick tests)."""
        return SolomonInstance(f"{self.name}[:{n}]", self.vehicles, self.capacity, self.customers[: n + 1])


@dataclass
class SolomonSolution:
    instance: str
    routes: list[list[int]]             # customer numbers, depot omitted
    distance: float
    vehicles: int
    seconds: float
    status: str
    unserved: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "instance": self.instance,
            "vehicles": self.vehicles,
            "distance": round(self.distance, 2),
            "seconds": round(self.seconds, 2),
            "status": self.status,
            "unserved": self.unserved,
            "routes": self.routes,
        }


def parse(text: str, name: str | None = None) -> SolomonInstance:
    lines = [ln.strip() for ln in text.replace("\r", "").split("\n")]
    lines = [ln for ln in lines if ln]
    inst_name = name or lines[0]
    vehicles = capacity = None
    customers: list[SolomonCustomer] = []
    i = 1
    while i < len(lines):
        up = lines[i].upper()
        if up.startswith("NUMBER") and "CAPACITY" in up:
            vehicles, capacity = (int(x) for x in lines[i + 1].split()[:2])
            i += 2
            continue
        parts = lines[i].split()
        if len(parts) == 7 and all(_is_number(p) for p in parts):
            no, x, y, dem, ready, due, svc = parts
            customers.append(SolomonCustomer(int(no), float(x), float(y), int(float(dem)),
                                             int(float(ready)), int(float(due)), int(float(svc))))
        i += 1
    if vehicles is None or not customers or customers[0].no != 0:
        raise ValueError("not a Solomon VRPTW file: missing vehicle line or depot 0")
    return SolomonInstance(inst_name, vehicles, capacity, customers)


def to_text(inst: SolomonInstance) -> str:
    """The instance in Solomon's text format (e.g. to hand a subset to the checker)."""
    rows = [f"{inst.name}", "", "VEHICLE", "NUMBER     CAPACITY", f"  {inst.vehicles}         {inst.capacity}", "",
            "CUSTOMER", "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME", ""]
    for c in inst.customers:
        rows.append(f"{c.no:5d} {c.x:10g} {c.y:10g} {c.demand:10d} {c.ready:10d} {c.due:10d} {c.service:10d}")
    return "\n".join(rows) + "\n"


def load(path: str | Path) -> SolomonInstance:
    p = Path(path)
    return parse(p.read_text(), None)


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def build_model(inst: SolomonInstance, *, objective: str = "distance") -> core.CoreModel:
    """The core model: node i = customer i, every vehicle starts and ends at node 0.

    ``objective="distance"`` minimises total distance only; ``"vehicles"`` adds a fixed
    cost per vehicle larger than any route, so fewer vehicles always win first.
    """
    n = len(inst.customers)
    d = [[inst.dist(i, j) for j in range(n)] for i in range(n)]
    cost = [[int(round(d[i][j] * SCALE)) for j in range(n)] for i in range(n)]
    travel = [[int(math.ceil(d[i][j] * SCALE - 1e-9)) for j in range(n)] for i in range(n)]
    service = [c.service * SCALE for c in inst.customers]
    depot = inst.customers[0]
    tws: list[tuple[int, int] | None] = [(c.ready * SCALE, c.due * SCALE) for c in inst.customers]
    nv = inst.vehicles
    fixed = None
    if objective == "vehicles":
        fixed = [int(sum(max(row) for row in cost)) + 1] * nv
    elif objective != "distance":
        raise ValueError("objective must be 'distance' or 'vehicles'")
    return core.CoreModel(
        n_nodes=n,
        starts=[0] * nv,
        ends=[0] * nv,
        travel_time=travel,
        service_time=service,
        cost_matrices=[cost],
        vehicle_cost_class=[0] * nv,
        fixed_costs=fixed,
        time_windows=tws,
        vehicle_start_windows=[(depot.ready * SCALE, depot.due * SCALE)] * nv,
        vehicle_end_windows=[(depot.ready * SCALE, depot.due * SCALE)] * nv,
        capacities=[core.CapacityDimension("load", [c.demand for c in inst.customers], [inst.capacity] * nv)],
        horizon=depot.due * SCALE,
    )


def solve(
    inst: SolomonInstance,
    *,
    time_limit_s: float = 60.0,
    objective: str = "distance",
    first_solution: str = "parallel_cheapest_insertion",
    metaheuristic: str = "guided_local_search",
    log: bool = False,
) -> SolomonSolution:
    model = build_model(inst, objective=objective)
    sol = core.solve(model, time_limit_s=time_limit_s, first_solution=first_solution,
                     metaheuristic=metaheuristic, log=log)
    routes = [[inst.customers[n].no for n in r] for r in sol.routes if r]
    served = {c for r in routes for c in r}
    unserved = [c.no for c in inst.customers[1:] if c.no not in served]
    return SolomonSolution(inst.name, routes, route_distance(inst, routes), len(routes),
                           sol.seconds, sol.status, unserved)


def route_distance(inst: SolomonInstance, routes: list[list[int]]) -> float:
    by_no = {c.no: k for k, c in enumerate(inst.customers)}
    total = 0.0
    for r in routes:
        seq = [0] + [by_no[c] for c in r] + [0]
        total += sum(inst.dist(a, b) for a, b in zip(seq, seq[1:]))
    return total


def gap_percent(distance: float, best: float) -> float:
    return 100.0 * (distance - best) / best
