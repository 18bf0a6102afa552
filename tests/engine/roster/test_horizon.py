"""A stretch of a long roster as a problem of its own (``horizon.py``): what it charges to
each budget, where it cuts, and that a window re-planned on it and put back breaks no rule
of the whole problem (judged by the independent evaluator)."""
from __future__ import annotations

import random
import time

import pytest

from shiftapp.engine.roster import horizon
from shiftapp.engine.roster.colgen import ColumnGeneration
from shiftapp.engine.roster.constraints import compile_problem
from shiftapp.engine.roster.domain import Cover, Fairness, Person, Request, Restriction, RosterProblem
from shiftapp.engine.roster.evaluator import evaluate

from .helpers import E, L, N, row


def _long_problem(seed: int, days: int = 63) -> RosterProblem:
    rng = random.Random(seed)
    people = []
    for i in range(5):
        people.append(Person(
            chr(65 + i), max_minutes=rng.choice([36, 40]) * 480, min_minutes=rng.choice([24, 30]) * 480,
            max_consecutive=rng.choice([3, 4, 5]), min_consecutive=rng.choice([None, 2]),
            min_days_off=rng.choice([None, 2]), max_shifts={"N": rng.choice([4, 8])},
            max_weekends=rng.choice([3, 5])))
    covers = [Cover(d, ("E",), 2, 100, 1) for d in range(days)] + \
             [Cover(d, ("N",), 1, 100, 1) for d in range(days)]
    requests = [Request(rng.choice(people).id, rng.randrange(days), rng.choice([None, "E", "N"]),
                        rng.random() < 0.5, rng.randint(1, 3)) for _ in range(30)]
    unavailable = {(rng.choice(people).id, rng.randrange(days)): "annual leave" for _ in range(10)}
    return RosterProblem(f"long{seed}", days, [E, L, N], people, covers=covers, requests=requests,
                         unavailable=unavailable, min_rest_minutes=660,
                         first_weekday=rng.randrange(7))


def _start(prob: RosterProblem) -> dict:
    roster = ColumnGeneration(compile_problem(prob), threads=1).greedy(time.monotonic() + 20, passes=1)
    assert roster is not None and evaluate(prob, roster).feasible
    return roster


def test_the_days_outside_are_charged_to_each_budget():
    prob = RosterProblem("b", 28, [E, L, N], [Person(
        "A", max_minutes=20 * 480, min_minutes=15 * 480, max_weekends=3, max_shifts={"N": 4},
        max_consecutive=3)])
    roster = {"A": row("EEN..EE" + "......." + "......." + "NNE..EL")}
    sub, s0 = horizon.window_problem(prob, roster, 14, 21)
    # three forced days before (the longest run, 3, plus one is 4; widened to Monday 7)
    # and after (to the Sunday that ends day 27): the whole of weeks 2-4
    assert (s0, sub.horizon) == (7, 21)
    a = sub.people[0]
    # outside the sub-problem: week 1, 5 shifts (one a night) and one weekend (day 5-6)
    week1 = 4 * 480 + 540  # four 8-hour days and a 9-hour night
    assert a.max_minutes == 20 * 480 - week1 and a.min_minutes == 15 * 480 - week1
    assert a.max_weekends == 2 and a.max_shifts == {"N": 3}
    assert a.prior_minutes == week1
    # history: the day before day 7 was an E ending a run of two
    assert (a.shift_before, a.run_before) == ("E", 2)
    # the days of the sub-problem outside [14, 21) are locked to the roster's duties
    assert sub.locked[("A", 0)] == "" and sub.locked[("A", 14)] == "N"
    assert ("A", 7) not in sub.locked and ("A", 13) not in sub.locked
    assert sub.first_weekday == 0


def test_restricted_hours_inside_the_window_go_with_it():
    prob = RosterProblem("r", 28, [E, L, N], [Person("A")])
    early = Restriction(frozenset({"E"}), "agreed hours")
    prob.restricted = {("A", 3): early, ("A", 16): early}
    sub, s0 = horizon.window_problem(prob, {"A": [""] * 28}, 14, 21)
    assert s0 == 7 and sub.restricted == {("A", 9): early}  # day 3 is outside (and locked)


def test_windows_at_once_share_out_each_budget_slack():
    # A works 12 of at most 20 shifts (at least 10), 2 of at most 4 weekends, 2 of at most
    # 4 nights; a window re-planned beside another may use half of each slack
    prob = RosterProblem("s", 28, [E, L, N], [Person(
        "A", max_minutes=20 * 480, min_minutes=10 * 480, max_weekends=4, max_shifts={"N": 4},
        max_consecutive=3)])
    roster = {"A": row("EE...EE" + "EEN...." + "......." + "NLE..LL")}
    sub, s0 = horizon.window_problem(prob, roster, 14, 21, share=0.5)
    assert (s0, sub.horizon) == (7, 21)
    a = sub.people[0]
    inside = 6 * 480 + 2 * 540         # weeks 2-4: EEN and NLE..LL, two of them 9-hour nights
    total = inside + 4 * 480          # week 1: EE...EE
    slack = 20 * 480 - total
    assert a.max_minutes == inside + slack // 2
    assert a.min_minutes == inside - (total - 10 * 480) // 2
    assert a.max_weekends == 1 + (4 - 2) // 2   # one weekend inside (days 26-27) plus half of 2
    assert a.max_shifts == {"N": 2 + (4 - 2) // 2}
    assert a.prior_minutes == 4 * 480
    # alone, the window may use it all
    whole, _ = horizon.window_problem(prob, roster, 14, 21)
    assert whole.people[0].max_minutes == 20 * 480 - 4 * 480


def test_windows_are_independent_only_with_days_between_them():
    prob = _long_problem(0, days=84)
    assert not horizon.independent(prob, (0, 21), (21, 42))   # side by side
    assert not horizon.independent(prob, (0, 21), (14, 35))   # overlapping
    assert horizon.independent(prob, (0, 21), (42, 63))
    assert horizon.independent(prob, (42, 63), (0, 21))


@pytest.mark.parametrize("seed", range(4))
def test_windows_re_planned_at_once_can_be_joined(seed):
    # each with half of every budget's slack: their rosters put in together break no rule
    prob = _long_problem(seed, days=84)
    start = _start(prob)
    w1, w2 = (0, 21), (42, 63)
    assert horizon.independent(prob, w1, w2)
    outs = [horizon.improve_window(prob, start, a, b, time.monotonic() + 20, threads=1,
                                   rng=random.Random(seed), share=0.5) for a, b in (w1, w2)]
    assert all(o is not None for o in outs)
    joined = {pid: r[:w2[0]] + outs[1][pid][w2[0]:w2[1]] + r[w2[1]:] for pid, r in outs[0].items()}
    ev = evaluate(prob, joined)
    assert ev.feasible, [v.message for v in ev.hard]
    # both windows' changes are in the joined roster
    for (a, b), out in zip((w1, w2), outs):
        assert all(joined[pid][a:b] == out[pid][a:b] for pid in out)


def test_a_stretch_never_splits_a_weekend():
    for fw in range(7):
        prob = RosterProblem("w", 70, [E], [Person("A", max_consecutive=5)], first_weekday=fw)
        for lo, hi in ((10, 30), (3, 40), (25, 69)):
            s0, s1 = horizon.bounds(prob, lo, hi)
            assert s0 <= lo - 6 or s0 == 0
            assert s1 >= hi + 6 or s1 == 70
            assert s0 == 0 or (fw + s0) % 7 == 0  # a Monday
            assert s1 == 70 or (fw + s1) % 7 == 0  # the day after a Sunday


def test_fairness_problems_are_refused():
    prob = _long_problem(0)
    prob.fairness = [Fairness("nights", 5, shifts=("N",))]
    with pytest.raises(ValueError):
        horizon.window_problem(prob, prob.empty_roster(), 14, 28)


@pytest.mark.parametrize("seed", range(6))
def test_a_window_put_back_changes_only_its_days_and_breaks_no_rule(seed):
    prob = _long_problem(seed)
    start = _start(prob)
    rng = random.Random(seed)
    lo = rng.randrange(0, 40)
    hi = min(prob.horizon, lo + rng.choice([14, 21, 28]))
    # odd seeds: the careful re-plan (LP settled, slower dive) that sweeps turn to on a stall
    out = horizon.improve_window(prob, start, lo, hi, time.monotonic() + 20, threads=1, rng=rng,
                                 careful=bool(seed % 2))
    assert out is not None
    ev = evaluate(prob, out)
    assert ev.feasible, [v.message for v in ev.hard]
    for pid, r in out.items():
        for d, code in enumerate(r):
            if not lo <= d < hi:
                assert code == start[pid][d], (pid, d)


def test_a_run_ending_at_the_seam_is_not_lengthened():
    # A has worked the three days before the window (their maximum): covers that pay well
    # for A on the window's first day must not tempt it into a fourth
    prob = RosterProblem("seam", 28, [E, L], [Person("A", max_consecutive=3, min_days_off=1)],
                         covers=[Cover(d, ("E",), 1, 100, 0) for d in range(28)])
    start = {"A": row("EEE.EEE.EE.EEE.EEE.EEE.EEE.E")}
    assert start["A"][11:15] == ["E", "E", "E", ""]
    assert evaluate(prob, start).feasible
    out = horizon.improve_window(prob, start, 14, 21, time.monotonic() + 20, threads=1)
    ev = evaluate(prob, out)
    assert ev.feasible, [v.message for v in ev.hard]
    assert out["A"][14] == ""
