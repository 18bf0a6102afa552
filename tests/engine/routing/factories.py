"""Small, hand-placed transport worlds for the routing tests."""
from __future__ import annotations

import math
from datetime import date

from shiftapp.engine.routing.domain import Destination, Passenger, PlanSettings, Session, TransportProblem, Vehicle, at

ORIGIN = (53.80, -1.55)
DAY = date(2026, 3, 10)


def pt(east_miles: float, north_miles: float, origin=ORIGIN) -> tuple[float, float]:
    """A point this many straight-line miles east and north of ``origin``."""
    lat = origin[0] + north_miles / 69.0
    lon = origin[1] + east_miles / (69.0 * math.cos(math.radians(origin[0])))
    return lat, lon


def school(sid="S1", east=0.0, north=0.0, start=at(9, 0), finish=at(15, 0), **kw) -> Destination:
    return Destination(sid, *pt(east, north), start, finish, **kw)


def pax(pid, east, north, dest="S1", **kw) -> Passenger:
    kw.setdefault("phase", "primary")
    return Passenger(pid, *pt(east, north), dest, **kw)


def van(vid="V1", seats=8, wc=0, east=0.0, north=-3.0, **kw) -> Vehicle:
    kw.setdefault("escort_seat", False)
    kw.setdefault("cost_per_day", 50_00)
    kw.setdefault("cost_per_mile", 60)
    return Vehicle(vid, seats, *pt(east, north), wheelchair_spaces=wc, **kw)


def problem(passengers, destinations, vehicles, session=Session.AM, **settings) -> TransportProblem:
    s = PlanSettings(**({"time_limit_s": 1.0} | settings))
    return TransportProblem(session, list(passengers), list(destinations), list(vehicles), DAY, s)


def ring(n: int, radius: float, dest="S1", prefix="P", **kw) -> list[Passenger]:
    """``n`` passengers evenly around the origin at ``radius`` miles."""
    out = []
    for k in range(n):
        a = 2 * math.pi * k / n
        out.append(pax(f"{prefix}{k + 1}", radius * math.cos(a), radius * math.sin(a), dest, **kw))
    return out
