import math

from shiftapp.engine.routing.travel import EstimatedRoad, haversine_miles, matrices

LEEDS = (53.7997, -1.5492)
YORK = (53.9590, -1.0815)


def test_haversine_leeds_york_is_about_22_miles():
    assert 20 < haversine_miles(LEEDS, YORK) < 24


def test_estimate_is_circuitous_and_monotone():
    est = EstimatedRoad()
    miles, mins = est.leg(LEEDS, YORK)
    assert math.isclose(miles, haversine_miles(LEEDS, YORK) * est.circuity)
    # time never decreases with distance, and short legs are slower per mile than long ones
    times = [est.minutes_for(m / 4) for m in range(0, 200)]
    assert all(b >= a for a, b in zip(times, times[1:]))
    assert est.minutes_for(1.0) / 1.0 > est.minutes_for(20.0) / 20.0
    assert est.leg(LEEDS, LEEDS) == (0.0, 0.0)


def test_matrices_use_a_custom_provider():
    class Flat:
        calls = 0

        def leg(self, a, b):
            Flat.calls += 1
            return 1.0, 2.0

    pts = [LEEDS, YORK, LEEDS]
    miles, mins = matrices(Flat(), pts)
    assert miles[0][1] == 1.0 and mins[1][0] == 2.0
    assert miles[0][2] == 0.0               # identical points: no leg asked for
    assert Flat.calls == 2                  # duplicates are computed once
