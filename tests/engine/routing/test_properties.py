"""Property tests: on random small worlds the planner's and the allocator's output
always passes the independent checks."""
from datetime import timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from shiftapp.engine.routing import (
    Absence, Credential, CrewMember, Session, allocate_crew, at, check_allocation, check_plan, plan_session,
)
from shiftapp.engine.routing.domain import DBS_ADULT, DBS_CHILD

from .factories import DAY, pax, problem, pt, school, van

coord = st.floats(min_value=-4, max_value=4, allow_nan=False)
passenger = st.fixed_dictionaries({
    "e": coord, "n": coord, "dest": st.sampled_from(["S1", "S2"]),
    "wheelchair": st.booleans(), "escort_required": st.booleans(),
    "travel_alone": st.sampled_from([False] * 5 + [True]),
    "limit": st.sampled_from([None, None, None, 20, 30]),
})


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(passenger, min_size=1, max_size=9), session=st.sampled_from([Session.AM, Session.PM]),
       seats=st.integers(2, 6), spaces=st.integers(0, 2))
def test_planner_output_always_passes_the_checker(people, session, seats, spaces):
    ps = [pax(f"P{k}", d["e"], d["n"], d["dest"], wheelchair=d["wheelchair"],
              escort_required=d["escort_required"], travel_alone=d["travel_alone"], max_ride_minutes=d["limit"])
          for k, d in enumerate(people)]
    dests = [school("S1", 0, 0, start=at(8, 45), finish=at(15, 0)), school("S2", 1, 1, start=at(9, 15), finish=at(15, 30))]
    vans = [van("A", seats=seats, wc=spaces, escort_seat=True), van("B", seats=4, east=2, north=2)]
    pb = problem(ps, dests, vans, session=session, time_limit_s=0.5)
    plan = plan_session(pb)
    assert check_plan(pb, plan) == []
    assert plan.passengers_planned + len(plan.unassigned) == len(ps)
    assert all(u.reason for u in plan.unassigned)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_runs=st.integers(1, 6), n_people=st.integers(1, 5), seed=st.randoms(use_true_random=False))
def test_allocation_always_passes_the_audit(n_runs, n_people, seed):
    from .test_crew import run as mk_run
    later = DAY + timedelta(days=300)
    runs = []
    for k in range(n_runs):
        start = at(6, 30) + seed.randint(0, 20) * 30 * 60
        runs.append(mk_run(f"R-V{k}", start, start + seed.randint(30, 150) * 60, drive=seed.randint(20, 140),
                           escort=seed.random() < 0.5, training=seed.sample(["epilepsy", "wheelchair_restraint"],
                                                                             seed.randint(0, 2))))
    crew = []
    for k in range(n_people):
        creds = [Credential("dbs", DBS_CHILD, later if seed.random() < 0.8 else DAY - timedelta(days=1)),
                 Credential("dbs", DBS_ADULT, later), Credential("licence", seed.choice(["B", "D1"]), later)]
        creds += [Credential("training", t, later) for t in ("epilepsy", "wheelchair_restraint", "passenger_assistant")
                  if seed.random() < 0.7]
        roles = seed.choice([("driver",), ("escort",), ("driver", "escort")])
        crew.append(CrewMember(f"M{k}", roles, *pt(seed.uniform(-3, 3), seed.uniform(-3, 3)), credentials=tuple(creds),
                               max_work_s=seed.choice([None, 4 * 3600])))
    absences = [Absence("M0", DAY, DAY)] if seed.random() < 0.3 else []
    plan = allocate_crew(runs, crew, DAY, absences=absences, time_limit_s=2)
    assert check_allocation(plan, runs, crew, DAY, absences=absences) == []
    needed = n_runs + sum(r.needs_escort for r in runs)
    filled = sum((rc.driver_id is not None) + (rc.escort_id is not None) for rc in plan.assignments.values())
    assert filled + len(plan.uncrewed) == needed
