"""Allocate drivers and passenger escorts to a day's runs (CP-SAT).

Hard rules (a person is *eligible* for a run in a role only if all hold — see
:func:`eligibility`, which also says why not):

* the role (driver / escort) and the employer: a driver drives vehicles of their own
  employer (in-house staff in-house vehicles, a contractor's drivers that
  contractor's); escorts are in-house or from the run's operator;
* available on the date (rota absences: leave, sickness, training … as plain data)
  and within their hours of availability;
* credentials valid on the date (none expired, no overdue update check):
  the enhanced DBS for the run's passengers (children's or adults' barred list,
  HTS-03/04), training for every need on the run (wheelchair restraint, each
  medical tag; escorts also ``passenger_assistant``), and for drivers the licence
  category for the vehicle (D covers D1 covers B) and any extra credential the
  vehicle needs (e.g. a private-hire driver's licence);
* enough daily rest since the previous day's finish (HTS-06: 10 h, or 8.5 h while
  reductions are left).

Then, across the day (in the model): one driver per run, one escort per run that
needs one, nobody in two places (runs plus pre/post time and a change-over gap), at
most ``max_driving`` of driving, a spreadover of at most 16 h, no more than 5.5 h
driving without a 30-min break between runs, a per-person cap on working time.

Objective, in order: crew as many runs as possible; keep the previous crew of
passengers who need stability; the driver who keeps the vehicle at home drives it;
keep yesterday's crew otherwise; one driver for a vehicle's AM and PM runs; people
who live near the run.
"""
from __future__ import annotations

import time as _time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from .domain import TRAINING_FOR_ESCORT_ROLE, Run, hhmm
from .travel import haversine_miles

LICENCE_COVERS = {"D": {"D", "D1", "B"}, "D1": {"D1", "B"}, "B": {"B"}}


@dataclass(frozen=True)
class Credential:
    kind: str                       # "licence" | "dbs" | "training" | any other, e.g. "phv_driver"
    code: str                       # licence category, DBS level, training topic …
    expires: date | None = None     # last valid day
    next_check: date | None = None  # e.g. DBS Update Service check due (HTS-04); overdue = invalid

    def valid_on(self, day: date) -> bool:
        return (self.expires is None or self.expires >= day) and (self.next_check is None or self.next_check >= day)


@dataclass(frozen=True)
class CrewMember:
    id: str
    roles: tuple[str, ...]                  # ("driver",), ("escort",) or both
    home_lat: float
    home_lon: float
    credentials: tuple[Credential, ...] = ()
    employer: str = "in_house"              # or a contractor id
    available_from: int | None = None       # seconds after midnight
    available_to: int | None = None
    max_work_s: int | None = None           # e.g. contracted hours that day
    previous_day_finish: int | None = None  # seconds after the previous midnight
    reduced_rests_left: int = 3             # HTS-06: 8.5 h rest allowed up to 3 times a week
    name: str = ""


@dataclass(frozen=True)
class Absence:
    person_id: str
    start: date
    end: date                               # inclusive
    kind: str = "annual_leave"              # "sickness", "training", …

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class HoursLimits:
    """Plain numeric limits (defaults: GB domestic drivers' hours, HTS-06)."""
    max_driving_s: int = 600 * 60
    max_spreadover_s: int = 16 * 3600
    daily_rest_s: int = 10 * 3600
    reduced_daily_rest_s: int = int(8.5 * 3600)
    max_continuous_driving_s: int = int(5.5 * 3600)
    break_s: int = 30 * 60
    pre_run_s: int = 15 * 60                # driver: vehicle check before leaving the base
    post_run_s: int = 10 * 60               # driver: after returning
    escort_pre_s: int = 10 * 60             # escort: on duty this long before the first pick-up
    escort_post_s: int = 5 * 60             # escort: after the last drop-off
    changeover_s: int = 15 * 60             # at least this between one run's end and the next start
    # HTS-05: vehicles with up to 8 passenger seats that are not PSVs (cars, taxis) fall
    # under no drivers' hours rules (the WTR still apply). Off by default: the limits are
    # applied to all driving, which is the cautious reading.
    exempt_small_vehicles: bool = False

    def counts_driving(self, run: "Run") -> bool:
        return not (self.exempt_small_vehicles and run.licence_class == "B")


def duty_interval(run: Run, role: str, limits: HoursLimits) -> tuple[int, int]:
    """When ``role`` is on duty for ``run`` (seconds): drivers from the vehicle check
    before leaving the base to after its return; escorts from just before the first
    pick-up (they join there, often from home) to just after the last drop-off."""
    if role == "driver":
        return run.start - limits.pre_run_s, run.end + limits.post_run_s
    join = run.first_pickup if run.first_pickup is not None else run.start
    leave = run.last_dropoff if run.last_dropoff is not None else run.end
    return join - limits.escort_pre_s, leave + limits.escort_post_s


@dataclass
class RunCrew:
    run_id: str
    driver_id: str | None
    escort_id: str | None
    passenger_ids: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)


@dataclass
class Uncrewed:
    run_id: str
    role: str
    reason: str


@dataclass
class PersonDay:
    person_id: str
    runs: list[str]
    driving_s: int
    spreadover_s: int
    working_s: int


@dataclass
class CrewPlan:
    day: date
    assignments: dict[str, RunCrew]
    uncrewed: list[Uncrewed]
    people: dict[str, PersonDay]
    warnings: list[str]
    seconds: float
    status: str

    def crew_of(self, run_id: str) -> RunCrew | None:
        return self.assignments.get(run_id)


def _valid(member: CrewMember, kind: str, code: str, day: date) -> str | None:
    """None if ``member`` holds a valid ``kind``/``code`` credential, else why not."""
    held = [c for c in member.credentials if c.kind == kind and c.code == code]
    if not held:
        return f"no {kind} {code}"
    if any(c.valid_on(day) for c in held):
        return None
    if any(c.expires is not None and c.expires < day for c in held):
        return f"{kind} {code} expired"
    return f"{kind} {code} check overdue"


def _licence_reason(member: CrewMember, needed: str, day: date) -> str | None:
    lic = [c for c in member.credentials if c.kind == "licence" and needed in LICENCE_COVERS.get(c.code, {c.code})]
    if not lic:
        return f"no licence for category {needed}"
    if not any(c.valid_on(day) for c in lic):
        return f"licence {needed} expired"
    return None


def eligibility(member: CrewMember, run: Run, role: str, day: date,
                absences: list[Absence] | tuple[Absence, ...] = (),
                limits: HoursLimits = HoursLimits()) -> list[str]:
    """Every reason ``member`` cannot take ``run`` in ``role`` on ``day`` (empty = eligible)."""
    why: list[str] = []
    if role not in member.roles:
        return [f"not a {role}"]
    if role == "driver" and member.employer != run.operator:
        return [f"works for {member.employer}, vehicle run by {run.operator}"]
    if role == "escort" and member.employer not in ("in_house", run.operator):
        return [f"works for {member.employer}"]
    for a in absences:
        if a.person_id == member.id and a.covers(day):
            why.append(f"absent: {a.kind}")
    begin, finish = duty_interval(run, role, limits)
    if member.available_from is not None and begin < member.available_from:
        why.append(f"not available before {hhmm(member.available_from)}")
    if member.available_to is not None and finish > member.available_to:
        why.append(f"not available after {hhmm(member.available_to)}")
    for dbs in run.required_dbs:
        r = _valid(member, "dbs", dbs, day)
        if r:
            why.append(r)
    needed = set(run.required_training)
    if role == "escort":
        needed.add(TRAINING_FOR_ESCORT_ROLE)
    for t in sorted(needed):
        r = _valid(member, "training", t, day)
        if r:
            why.append(r)
    if role == "driver":
        r = _licence_reason(member, run.licence_class, day)
        if r:
            why.append(r)
        for extra in run.extra_credentials:
            r = _valid(member, extra, extra, day) if any(c.kind == extra for c in member.credentials) \
                else f"no {extra}"
            if r:
                why.append(r)
    if member.previous_day_finish is not None:
        rest = begin + 86400 - member.previous_day_finish
        need = limits.daily_rest_s if member.reduced_rests_left <= 0 else limits.reduced_daily_rest_s
        if rest < need:
            why.append(f"daily rest {rest / 3600:.1f} h since yesterday's finish, needs {need / 3600:.1f} h")
    if role == "driver" and limits.counts_driving(run) and run.drive_minutes * 60 > limits.max_driving_s:
        why.append("run alone exceeds the daily driving limit")
    return why


def _previous_maps(previous: CrewPlan | None):
    by_run: dict[str, RunCrew] = {}
    by_pax: dict[str, tuple[str | None, str | None]] = {}
    if previous is not None:
        for rc in previous.assignments.values():
            by_run[rc.run_id] = rc
            for pid in rc.passenger_ids:
                by_pax[pid] = (rc.driver_id, rc.escort_id)
    return by_run, by_pax


def allocate_crew(
    runs: list[Run],
    crew: list[CrewMember],
    day: date,
    *,
    absences: list[Absence] | tuple[Absence, ...] = (),
    previous: CrewPlan | None = None,
    limits: HoursLimits = HoursLimits(),
    time_limit_s: float = 10.0,
    workers: int = 2,
) -> CrewPlan:
    """Assign a driver to every run and an escort to every run that needs one.

    ``previous`` (yesterday's or the published allocation) drives stability: its crew is
    preferred, strongly for passengers marked ``needs_stability``.
    """
    t0 = _time.perf_counter()
    roles_needed = [(r, "driver") for r in runs] + [(r, "escort") for r in runs if r.needs_escort]
    prev_run, prev_pax = _previous_maps(previous)

    elig: dict[tuple[str, str], list[CrewMember]] = {}
    reasons: dict[tuple[str, str], Counter] = {}
    for r, role in roles_needed:
        ok, tally = [], Counter()
        for m in crew:
            why = eligibility(m, r, role, day, absences, limits)
            if why:
                if not why[0].startswith(("not a ", "works for ")):
                    tally.update(set(why))     # only people who could otherwise do it
            else:
                ok.append(m)
        elig[(r.id, role)] = ok
        reasons[(r.id, role)] = tally

    model = cp_model.CpModel()
    x: dict[tuple[str, str, str], cp_model.IntVar] = {}
    for r, role in roles_needed:
        for m in elig[(r.id, role)]:
            x[(m.id, r.id, role)] = model.NewBoolVar(f"x_{m.id}_{r.id}_{role}")
    run_by_id = {r.id: r for r in runs}
    covered: dict[tuple[str, str], cp_model.IntVar] = {}
    for r, role in roles_needed:
        vs = [x[(m.id, r.id, role)] for m in elig[(r.id, role)]]
        c = model.NewBoolVar(f"cov_{r.id}_{role}")
        model.Add(sum(vs) == c)
        covered[(r.id, role)] = c

    # y[m, r]: m works on r in some role
    by_member: dict[str, dict[str, list]] = {}
    for (mid, rid, role), var in x.items():
        by_member.setdefault(mid, {}).setdefault(rid, []).append((role, var))
    y: dict[tuple[str, str], cp_model.IntVar] = {}
    for mid, rmap in by_member.items():
        for rid, lst in rmap.items():
            if len(lst) == 1:
                y[(mid, rid)] = lst[0][1]
            else:
                v = model.NewBoolVar(f"y_{mid}_{rid}")
                model.Add(sum(var for _, var in lst) == v)
                y[(mid, rid)] = v

    members = {m.id: m for m in crew}
    for mid, rmap in by_member.items():
        m = members[mid]
        duties = sorted(((rid, role, var) for rid, lst in rmap.items() for role, var in lst),
                        key=lambda d: duty_interval(run_by_id[d[0]], d[1], limits))
        for i, (a, role_a, var_a) in enumerate(duties):
            ra = run_by_id[a]
            ba, fa = duty_interval(ra, role_a, limits)
            for b, role_b, var_b in duties[i + 1:]:
                if a == b:
                    continue                       # one role per run: y is boolean
                rb = run_by_id[b]
                bb, fb = duty_interval(rb, role_b, limits)
                gap = (bb - fa) if ba <= bb else (ba - fb)
                clash = gap < limits.changeover_s or max(fa, fb) - min(ba, bb) > limits.max_spreadover_s
                if clash:
                    model.Add(var_a + var_b <= 1)
                elif (role_a == role_b == "driver" and gap < limits.break_s
                        and limits.counts_driving(ra) and limits.counts_driving(rb)
                        and (ra.drive_minutes + rb.drive_minutes) * 60 > limits.max_continuous_driving_s):
                    model.Add(var_a + var_b <= 1)
        drive_terms = [(int(run_by_id[rid].drive_minutes * 60), var)
                       for rid, lst in rmap.items() for role, var in lst
                       if role == "driver" and limits.counts_driving(run_by_id[rid])]
        if drive_terms and sum(s for s, _ in drive_terms) > limits.max_driving_s:
            model.Add(sum(s * v for s, v in drive_terms) <= limits.max_driving_s)
        if m.max_work_s is not None:
            work = [(_length(duty_interval(run_by_id[rid], role, limits)), var) for rid, role, var in duties]
            model.Add(sum(s * v for s, v in work) <= m.max_work_s)

    # ---- objective ---------------------------------------------------------------
    W_COVER, W_STAB, W_KEEP, W_HOME = 1_000_000, 20_000, 2_000, 5_000
    terms = []
    for key, c in covered.items():
        terms.append(-W_COVER * c)
    for (mid, rid, role), var in x.items():
        r = run_by_id[rid]
        w = 0
        for pid in r.stability_passenger_ids:
            pd, pe = prev_pax.get(pid, (None, None))
            if (role == "driver" and pd == mid) or (role == "escort" and pe == mid):
                w += W_STAB
        pr = prev_run.get(rid)
        if pr is not None and ((role == "driver" and pr.driver_id == mid) or (role == "escort" and pr.escort_id == mid)):
            w += W_KEEP
        if role == "driver" and r.home_driver_id == mid:
            w += W_HOME
        m = members[mid]
        where = r.base if role == "driver" else r.first_stop
        miles = haversine_miles((m.home_lat, m.home_lon), where)
        cost = int(round(miles * 100))          # 1 point per 1/100 mile from home
        terms.append((cost - w) * var)
    # The same driver for a vehicle's morning and afternoon runs (keys, checks, familiarity).
    W_SAME_VEHICLE = 1_000
    by_vehicle: dict[str, list[Run]] = {}
    for r in runs:
        by_vehicle.setdefault(r.vehicle_id, []).append(r)
    for vid, vruns in by_vehicle.items():
        if len(vruns) < 2:
            continue
        for a, b in zip(vruns, vruns[1:]):
            for m in crew:
                xa, xb = x.get((m.id, a.id, "driver")), x.get((m.id, b.id, "driver"))
                if xa is None or xb is None:
                    continue
                z = model.NewBoolVar(f"same_{m.id}_{a.id}_{b.id}")
                model.AddImplication(z, xa)
                model.AddImplication(z, xb)
                terms.append(-W_SAME_VEHICLE * z)
    model.Minimize(sum(terms))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_search_workers = workers
    solver.parameters.random_seed = 1
    status = solver.Solve(model)
    status_name = solver.StatusName(status).lower()
    solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    assignments: dict[str, RunCrew] = {}
    uncrewed: list[Uncrewed] = []
    warnings: list[str] = []
    for r in runs:
        rc = RunCrew(r.id, None, None, tuple(r.passenger_ids))
        for role in ("driver", "escort") if r.needs_escort else ("driver",):
            who = None
            if solved:
                who = next((m.id for m in elig[(r.id, role)] if solver.Value(x[(m.id, r.id, role)])), None)
            if who is None:
                busy = {m.id: [rid for rid in by_member.get(m.id, {}) if solved and solver.Value(y[(m.id, rid)])]
                        for m in elig[(r.id, role)]}
                uncrewed.append(Uncrewed(r.id, role, _explain(r, role, elig[(r.id, role)], reasons[(r.id, role)],
                                                               solved, busy)))
            setattr(rc, f"{role}_id", who)
        for pid in r.stability_passenger_ids:
            pd, pe = prev_pax.get(pid, (None, None))
            if pd is not None and rc.driver_id != pd:
                rc.warnings.append(f"{pid} needs stability: driver changes from {pd} to {rc.driver_id or 'nobody'}")
            if pe is not None and r.needs_escort and rc.escort_id != pe:
                rc.warnings.append(f"{pid} needs stability: escort changes from {pe} to {rc.escort_id or 'nobody'}")
        assignments[r.id] = rc

    people: dict[str, PersonDay] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for rc in assignments.values():
        r = run_by_id[rc.run_id]
        for role, pid in (("driver", rc.driver_id), ("escort", rc.escort_id)):
            if pid is None:
                continue
            pd = people.setdefault(pid, PersonDay(pid, [], 0, 0, 0))
            pd.runs.append(r.id)
            if role == "driver":
                pd.driving_s += int(r.drive_minutes * 60)
            pd.working_s += _length(duty_interval(r, role, limits))
            spans.setdefault(pid, []).append(duty_interval(r, role, limits))
    for pd in people.values():
        iv = spans[pd.person_id]
        pd.spreadover_s = max(f for _, f in iv) - min(b for b, _ in iv)
        m = members[pd.person_id]
        if m.previous_day_finish is not None:
            begin = min(b for b, _ in iv)
            if begin + 86400 - m.previous_day_finish < limits.daily_rest_s:
                warnings.append(f"{m.id}: uses a reduced daily rest (HTS-06)")
    if uncrewed:
        warnings.append(f"{len(uncrewed)} run role(s) could not be crewed")
    return CrewPlan(day, assignments, uncrewed, people, warnings, _time.perf_counter() - t0, status_name)


def _length(interval: tuple[int, int]) -> int:
    return interval[1] - interval[0]


def _explain(run: Run, role: str, eligible: list[CrewMember], tally: Counter, solved: bool,
             busy: dict[str, list[str]]) -> str:
    if not solved:
        return "the allocation model found no solution in time"
    if not eligible:
        top = ", ".join(f"{n} {why}" for why, n in tally.most_common(4))
        return f"no eligible {role}: {top}" if top else f"no {role}s on the rota"
    parts = [f"{mid} on {', '.join(runs)}" if runs else f"{mid} at a driving/working-time limit"
             for mid, runs in list(busy.items())[:5]]
    more = f" and {len(busy) - 5} more" if len(busy) > 5 else ""
    return (f"all {len(eligible)} eligible {role}(s) are on other runs at that time "
            f"or at their driving/working-time limits: {'; '.join(parts)}{more}")


def person_day_problems(member: CrewMember | None, duties: list[tuple[Run, str]],
                        limits: HoursLimits = HoursLimits()) -> list[str]:
    """Whether one person's runs that day fit together (``duties``: (run, role) pairs), from the
    runs' times alone: a change-over gap between runs, the daily driving limit, a 30-minute break
    before driving runs past 5.5 h without one (the pair rule the model uses), the spreadover and
    the person's working-time cap. [] = they fit. Messages name runs by ``run.id``."""
    if not duties:
        return []
    pid = member.id if member is not None else "?"
    errors: list[str] = []
    iv = sorted((duty_interval(r, role, limits), r.id) for r, role in duties)
    for ((_, fa), a), ((bb, _), b) in zip(iv, iv[1:]):
        if bb - fa < limits.changeover_s:
            errors.append(f"{pid}: {a} and {b} overlap or leave no change-over time")
    driving = [(duty_interval(r, role, limits), r) for r, role in duties
               if role == "driver" and limits.counts_driving(r)]
    total = sum(r.drive_minutes * 60 for _, r in driving)
    if total > limits.max_driving_s:
        errors.append(f"{pid}: {total / 60:.0f} min driving, limit {limits.max_driving_s / 60:.0f}")
    driving.sort(key=lambda d: d[0])
    for i, ((ba, fa), ra) in enumerate(driving):
        for (bb, fb), rb in driving[i + 1:]:
            gap = bb - fa if ba <= bb else ba - fb
            if limits.changeover_s <= gap < limits.break_s and \
                    (ra.drive_minutes + rb.drive_minutes) * 60 > limits.max_continuous_driving_s:
                errors.append(f"{pid}: {ra.id} and {rb.id} drive more than "
                              f"{limits.max_continuous_driving_s / 3600:g} h without a {limits.break_s // 60}-minute break")
    spread = max(f for (_, f), _ in iv) - min(b for (b, _), _ in iv)
    if spread > limits.max_spreadover_s:
        errors.append(f"{pid}: spreadover {spread / 3600:.1f} h, limit {limits.max_spreadover_s / 3600:.1f} h")
    if member is not None and member.max_work_s is not None:
        work = sum(_length(duty_interval(r, role, limits)) for r, role in duties)
        if work > member.max_work_s:
            errors.append(f"{pid}: {work / 3600:.1f} h work, limit {member.max_work_s / 3600:.1f} h")
    return errors


def check_allocation(plan: CrewPlan, runs: list[Run], crew: list[CrewMember], day: date, *,
                     absences: list[Absence] | tuple[Absence, ...] = (),
                     limits: HoursLimits = HoursLimits()) -> list[str]:
    """Re-verify a crew allocation from the rules (for audits and tests); [] = sound.

    Checks every assignment against :func:`eligibility`, then each person's day with
    :func:`person_day_problems` (change-over gaps, driving limit and breaks, spreadover,
    working-time cap), directly from the runs' times.
    """
    errors: list[str] = []
    by_run = {r.id: r for r in runs}
    members = {m.id: m for m in crew}
    duties: dict[str, list[tuple[Run, str]]] = {}
    for rc in plan.assignments.values():
        r = by_run.get(rc.run_id)
        if r is None:
            errors.append(f"{rc.run_id}: not a run of this day")
            continue
        if rc.escort_id is not None and not r.needs_escort:
            errors.append(f"{r.id}: escort assigned but none needed")
        if rc.driver_id is not None and rc.driver_id == rc.escort_id:
            errors.append(f"{r.id}: {rc.driver_id} cannot drive and escort at once")
        for role, pid in (("driver", rc.driver_id), ("escort", rc.escort_id)):
            if pid is None:
                continue
            m = members.get(pid)
            if m is None:
                errors.append(f"{r.id}: unknown {role} {pid}")
                continue
            why = eligibility(m, r, role, day, absences, limits)
            if why:
                errors.append(f"{r.id}: {pid} not eligible as {role}: {'; '.join(why)}")
            duties.setdefault(pid, []).append((r, role))
    for pid, ds in duties.items():
        errors += person_day_problems(members.get(pid), ds, limits)
    return errors
