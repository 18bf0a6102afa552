"""Travel times and distances: a pluggable provider.

The planner only needs, for a list of points, a matrix of road miles and a matrix
of minutes. Anything with ``leg(a, b) -> (miles, minutes)`` is a provider; a provider
may also offer ``matrix(points)`` to answer in one go (e.g. a routing server or a
cached table). The default, :class:`EstimatedRoad`, works from coordinates alone and
never calls the internet.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

LatLon = tuple[float, float]
EARTH_RADIUS_MILES = 3958.8


@runtime_checkable
class TravelProvider(Protocol):
    def leg(self, a: LatLon, b: LatLon) -> tuple[float, float]:
        """Road miles and minutes from ``a`` to ``b``."""
        ...


def haversine_miles(a: LatLon, b: LatLon) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class EstimatedRoad:
    """Road miles = straight-line miles × ``circuity``; time from speed bands.

    The bands apply like tax bands: the first mile of every leg goes at the first
    speed, the next ones at the next speed, and so on. Short urban hops are slow, long
    legs reach main-road speeds, and time never decreases as distance grows.
    """
    circuity: float = 1.3
    # (band upper bound in road miles, mph within the band)
    bands: tuple[tuple[float, float], ...] = ((1.0, 12.0), (3.0, 18.0), (10.0, 25.0), (math.inf, 38.0))
    per_leg_minutes: float = 0.5        # pulling away / parking, only for legs that move

    def miles(self, a: LatLon, b: LatLon) -> float:
        return haversine_miles(a, b) * self.circuity

    def minutes_for(self, miles: float) -> float:
        if miles <= 1e-9:
            return 0.0
        t, lo = 0.0, 0.0
        for hi, mph in self.bands:
            part = min(miles, hi) - lo
            if part <= 0:
                break
            t += part / mph * 60.0
            lo = hi
        return t + self.per_leg_minutes

    def leg(self, a: LatLon, b: LatLon) -> tuple[float, float]:
        m = self.miles(a, b)
        return m, self.minutes_for(m)


def matrices(provider: TravelProvider, points: Sequence[LatLon]) -> tuple[list[list[float]], list[list[float]]]:
    """(miles, minutes) between every pair of ``points``; identical points are computed once."""
    if hasattr(provider, "matrix"):
        return provider.matrix(points)  # type: ignore[attr-defined]
    uniq: dict[LatLon, int] = {}
    idx = [uniq.setdefault((p[0], p[1]), len(uniq)) for p in points]  # exact: leg() must agree with the matrix
    u = list(uniq)
    um = [[0.0] * len(u) for _ in u]
    ut = [[0.0] * len(u) for _ in u]
    for i, a in enumerate(u):
        for j, b in enumerate(u):
            if i != j:
                um[i][j], ut[i][j] = provider.leg(a, b)
    miles = [[um[i][j] for j in idx] for i in idx]
    mins = [[ut[i][j] for j in idx] for i in idx]
    return miles, mins
