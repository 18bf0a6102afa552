"""Real-world check: a 13-week roster for a 25-officer response team (feasible, re-scored
by the evaluator; no timing assertions)."""
from __future__ import annotations

from shiftapp.engine.roster.evaluator import evaluate
from shiftapp.engine.roster.examples import response_team
from shiftapp.engine.roster.explain import explain
from shiftapp.engine.roster.solver import solve


def test_response_team_13_weeks():
    prob = response_team()
    assert prob.horizon == 91 and len(prob.people) == 25 and len(prob.shift_types) == 5
    # the 60 s: at 40 s the LNS's spread reached a roster with one officer on 34 nights (mean
    # 16) in a CI run; single 40 s runs gave 17-24 for the busiest officer, so the time is the spec's
    res = solve(prob, 60, seed=0)
    ev = evaluate(prob, res.roster)
    assert ev.feasible, [v.message for v in ev.hard][:5]
    assert res.objective == ev.objective
    # fairness shares: the search starts from a roster solved without them (Solver.relaxed_start;
    # eleven runs gave 516-791, median 572, where starting with the shares gave 637-892). The
    # spread is the LNS's and depends on the machine's speed, so no objective is asserted here
    assert "relaxed" in res.stats
    assert explain(prob, res.roster) == []  # every hard minimum met
    # the 11-hour rest holds everywhere (checked independently of the evaluator too)
    ends = {s.id: (s.end if s.end > s.start else s.end + 1440) for s in prob.shift_types}
    starts = {s.id: s.start for s in prob.shift_types}
    for row in res.roster.values():
        for d in range(1, prob.horizon):
            if row[d - 1] and row[d]:
                assert 1440 - ends[row[d - 1]] + starts[row[d]] >= 660
    # leave is respected and nights are shared (no one does more than twice the average)
    for (pid, d), why in prob.unavailable.items():
        assert res.roster[pid][d] == ""
    nights = [sum(1 for c in row if c == "N") for row in res.roster.values()]
    assert max(nights) <= 2 * (sum(nights) / len(nights)) + 1
