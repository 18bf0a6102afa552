"""The Leeds demo depot: plan the morning and afternoon runs and allocate crews.

Run from the repository root:
    PYTHONPATH=$PWD /work/main/.venv/bin/python benchmarks/transport_demo.py [--seed 7] [--runs]

Target: the whole day (AM + PM + crew) in under 30 s. Every plan is re-verified by the
independent checker (``shiftapp.engine.routing.checker``).
"""
from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

from shiftapp.engine.routing import Session, allocate_crew, check_plan, demo, hhmm, plan_session


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--am-seconds", type=float, default=8.0)
    ap.add_argument("--pm-seconds", type=float, default=14.0)
    ap.add_argument("--crew-seconds", type=float, default=3.0)
    ap.add_argument("--runs", action="store_true", help="print every run's stops")
    args = ap.parse_args()

    t_all = time.perf_counter()
    depot = demo.generate(args.seed)
    n_wc = sum(p.wheelchair for p in depot.passengers)
    n_esc = sum(p.escort_required for p in depot.passengers)
    print(f"# demo depot seed {args.seed}: {len(depot.passengers)} passengers ({n_wc} wheelchair, {n_esc} escort), "
          f"{len(depot.destinations)} destinations, {len(depot.vehicles)} vehicles "
          f"({sum(v.is_contractor for v in depot.vehicles)} contractor), "
          f"{sum('driver' in m.roles for m in depot.crew)} drivers (of whom "
          f"{sum(m.roles == ('driver', 'escort') for m in depot.crew)} also escort), "
          f"{sum(m.roles == ('escort',) for m in depot.crew)} escorts; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    am_problem = depot.problem(Session.AM)
    am = plan_session(am_problem, time_limit_s=args.am_seconds)
    paid = frozenset(r.vehicle_id for r in am.runs)
    pm_problem = replace(depot.problem(Session.PM), fixed_cost_paid=paid)
    pm = plan_session(pm_problem, time_limit_s=args.pm_seconds)
    crew = allocate_crew(am.runs + pm.runs, depot.crew, depot.day, absences=depot.absences,
                         time_limit_s=args.crew_seconds)
    total = time.perf_counter() - t_all

    print(f"{'session':7} {'runs':>4} {'planned':>7} {'unassigned':>10} {'miles':>7} {'cost £':>9} "
          f"{'max ride':>8} {'seconds':>7} checker")
    for plan, problem in ((am, am_problem), (pm, pm_problem)):
        errs = check_plan(problem, plan)
        longest = max((r.ride_minutes for r in plan.rides.values()), default=0)
        print(f"{plan.session.value:7} {len(plan.runs):>4} {plan.passengers_planned:>7} {len(plan.unassigned):>10} "
              f"{plan.total_distance_miles:>7.1f} {plan.total_cost / 100:>9.2f} {longest:>6.0f} m "
              f"{plan.seconds:>7.1f} {'ok' if not errs else errs[:3]}")
        for u in plan.unassigned:
            print(f"    unassigned {u.passenger_id}: {u.reason}")
        warns = [w for r in plan.runs for w in r.warnings if not w.startswith("contractor")]
        for w in warns[:5]:
            print(f"    warning {w}")
        if args.runs:
            for r in plan.runs:
                print(f"  {r.id} {hhmm(r.start)}-{hhmm(r.end)} {r.distance_miles:.1f} mi "
                      f"£{r.cost / 100:.2f} seats {r.max_seats_used} wc {r.max_wheelchair_used}"
                      f"{' +escort' if r.needs_escort else ''}")
                for st in r.stops:
                    print(f"      {st.time} {st.kind:8} {st.passenger_id or ''} {st.place_id}")
    roles = sum(1 + r.needs_escort for r in am.runs + pm.runs)
    print(f"crew: {roles - len(crew.uncrewed)}/{roles} run roles filled, {len(crew.people)} people used, "
          f"{crew.seconds:.1f} s, {crew.status}")
    for u in crew.uncrewed:
        print(f"    uncrewed {u.run_id} {u.role}: {u.reason}")
    for w in crew.warnings[:5]:
        print(f"    crew warning {w}")
    print(f"total day: {am.passengers_planned + pm.passengers_planned}/{2 * len(depot.passengers)} journeys, "
          f"{am.total_distance_miles + pm.total_distance_miles:.1f} miles, "
          f"£{(am.total_cost + pm.total_cost) / 100:.2f}, {total:.1f} s wall clock")


if __name__ == "__main__":
    main()
