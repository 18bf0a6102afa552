"""Independent feasibility checker for Solomon VRPTW solutions.

Deliberately shares no code with the solver path (``solomon.py``, ``core.py``): it
re-reads the raw instance text with its own minimal parser and re-verifies, in
floating point, that every customer is served exactly once, each route's load is
within the vehicle capacity, service starts within every customer's window (waiting
when early), the vehicle is back at the depot by the depot's due date, and no more
vehicles are used than the instance allows. It also recomputes the total distance.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

EPS = 1e-6


@dataclass
class CheckResult:
    feasible: bool
    distance: float
    vehicles: int
    errors: list[str] = field(default_factory=list)


def _raw(text: str):
    rows = []
    nv = cap = None
    lines = text.replace("\r", "").split("\n")
    for k, line in enumerate(lines):
        p = line.split()
        if p[:2] == ["NUMBER", "CAPACITY"]:
            nxt = next(l for l in lines[k + 1:] if l.strip())
            nv, cap = int(nxt.split()[0]), int(nxt.split()[1])
        elif len(p) == 7:
            try:
                rows.append([float(v) for v in p])
            except ValueError:
                pass
    table = {int(r[0]): r[1:] for r in rows}   # no -> x, y, demand, ready, due, service
    return nv, cap, table


def check(text: str, routes: list[list[int]], *, require_all: bool = True) -> CheckResult:
    nv, cap, t = _raw(text)
    errors: list[str] = []

    def d(a: int, b: int) -> float:
        return math.hypot(t[a][0] - t[b][0], t[a][1] - t[b][1])

    seen: dict[int, int] = {}
    total = 0.0
    used = [r for r in routes if r]
    if nv is not None and len(used) > nv:
        errors.append(f"{len(used)} vehicles used, instance has {nv}")
    depot_due = t[0][4]
    for k, r in enumerate(used):
        load = 0.0
        clock = t[0][3]
        prev = 0
        for c in r:
            if c not in t or c == 0:
                errors.append(f"route {k}: unknown customer {c}")
                continue
            if c in seen:
                errors.append(f"customer {c} visited twice (routes {seen[c]} and {k})")
            seen[c] = k
            load += t[c][2]
            dist = d(prev, c)
            total += dist
            arrive = clock + t[prev][5] + dist   # depot service time is 0 in the data
            start = max(arrive, t[c][3])
            if start > t[c][4] + EPS:
                errors.append(f"route {k}: customer {c} served at {start:.2f}, due {t[c][4]:.0f}")
            clock = start
            prev = c
        back = d(prev, 0)
        total += back
        ret = clock + t[prev][5] + back
        if ret > depot_due + EPS:
            errors.append(f"route {k}: back at depot at {ret:.2f}, depot closes {depot_due:.0f}")
        if cap is not None and load > cap + EPS:
            errors.append(f"route {k}: load {load:.0f} exceeds capacity {cap}")
    if require_all:
        missing = sorted(c for c in t if c != 0 and c not in seen)
        if missing:
            errors.append(f"customers not served: {missing[:10]}{'…' if len(missing) > 10 else ''}")
    return CheckResult(not errors, total, len(used), errors)
