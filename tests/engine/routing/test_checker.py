"""The independent plan checker catches hand-made bad plans."""
import copy
from dataclasses import replace

import pytest

from shiftapp.engine.routing import check_plan, plan_session
from shiftapp.engine.routing.domain import Unassigned

from .factories import pax, problem, ring, school, van


@pytest.fixture(scope="module")
def good():
    ps = ring(4, 1.0) + [pax("W", 0, -1.5, wheelchair=True)]
    pb = problem(ps, [school()], [van(seats=6, wc=1)])
    plan = plan_session(pb)
    assert plan.passengers_planned == 5 and check_plan(pb, plan) == []
    return pb, plan


def test_catches_overloaded_seats(good):
    pb, plan = good
    small = replace(pb, vehicles=[replace(pb.vehicles[0], seats=2)])
    assert any("passenger seats" in e for e in check_plan(small, plan))


def test_catches_wheelchair_without_space(good):
    pb, plan = good
    no_wc = replace(pb, vehicles=[replace(pb.vehicles[0], wheelchair_spaces=0)])
    assert any("wheelchairs" in e for e in check_plan(no_wc, plan))


def test_catches_dropoff_before_pickup(good):
    pb, plan = good
    bad = copy.deepcopy(plan)
    stops = bad.runs[0].stops
    i = next(k for k, s in enumerate(stops) if s.kind == "pickup")
    j = next(k for k, s in enumerate(stops) if s.kind == "dropoff" and s.passenger_id == stops[i].passenger_id)
    stops[i], stops[j] = stops[j], stops[i]
    assert any("before being picked up" in e for e in check_plan(pb, bad))


def test_catches_late_arrival_and_impossible_times(good):
    pb, plan = good
    bad = copy.deepcopy(plan)
    drop = next(s for s in bad.runs[0].stops if s.kind == "dropoff")
    drop.arrive = pb.destinations[0].start + 60          # after the bell
    errs = check_plan(pb, bad)
    assert any("before the start bell" in e for e in errs)
    bad2 = copy.deepcopy(plan)
    later = bad2.runs[0].stops[2]
    later.arrive = bad2.runs[0].stops[1].depart          # teleport
    assert any("reachable only by" in e for e in check_plan(pb, bad2))


def test_catches_ride_over_limit(good):
    pb, plan = good
    pid = plan.runs[0].passenger_ids[0]
    strict = replace(pb, passengers=[replace(p, max_ride_minutes=1) if p.id == pid else p for p in pb.passengers])
    assert any(f"{pid} rides" in e for e in check_plan(strict, plan))


def test_catches_lost_and_double_counted_passengers(good):
    pb, plan = good
    lost = copy.deepcopy(plan)
    pid = lost.runs[0].passenger_ids[0]
    lost.runs[0].stops = [s for s in lost.runs[0].stops if s.passenger_id != pid]
    assert any("neither planned nor reported" in e for e in check_plan(pb, lost))
    both = copy.deepcopy(plan)
    both.unassigned.append(Unassigned(pid, "test"))
    assert any("both planned and reported" in e for e in check_plan(pb, both))


def test_catches_travel_alone_sharing(good):
    pb, plan = good
    run = plan.runs[0]
    shared = [p for p in run.passenger_ids]
    # mark the first passenger travel-alone after the fact: if anyone shared, the checker says so
    first = shared[0]
    strict = replace(pb, passengers=[replace(p, travel_alone=True) if p.id == first else p for p in pb.passengers])
    aboard, overlapped = set(), False
    for s in run.stops:
        if s.kind == "pickup":
            aboard.add(s.passenger_id)
        elif s.kind == "dropoff":
            aboard.discard(s.passenger_id)
        overlapped |= first in aboard and len(aboard) > 1
    assert overlapped  # the van carries several at once in this plan
    assert any("must travel alone" in e for e in check_plan(strict, plan))


def test_catches_escort_passenger_on_vehicle_without_escort_seat(good):
    pb, plan = good
    pid = plan.runs[0].passenger_ids[0]
    esc = replace(pb, passengers=[replace(p, escort_required=True) if p.id == pid else p for p in pb.passengers])
    assert any("needs an escort" in e for e in check_plan(esc, plan))
