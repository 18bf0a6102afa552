"""Re-planning after sickness keeps the unaffected published duties."""
from __future__ import annotations

from shiftapp.engine.roster.domain import Cover, Person, Request, RosterProblem, Stability
from shiftapp.engine.roster.evaluator import evaluate
from shiftapp.engine.roster.replan import replan
from shiftapp.engine.roster.solver import score, solve

from .helpers import E, L, N


def team() -> RosterProblem:
    people = [Person(f"P{k}", max_consecutive=5, min_days_off=2, max_minutes=10 * 540,
                     skills=frozenset({"custody"}) if k < 3 else frozenset()) for k in range(8)]
    prob = RosterProblem("team", 14, [E, L, N], people, min_rest_minutes=660)
    for d in range(14):
        prob.covers += [Cover(d, ("E",), 2, 50, 5, minimum=1), Cover(d, ("L",), 2, 50, 5, minimum=1),
                        Cover(d, ("N",), 1, 50, 5, minimum=1),
                        Cover(d, ("E",), 1, 50, 0, minimum=0, skill="custody")]
    prob.requests = [Request("P1", 6, None, False, 3), Request("P4", 9, "N", True, 2)]
    return prob


def test_replan_after_sickness_keeps_unaffected_duties():
    prob = team()
    first = solve(prob, 15, seed=1)
    assert first.feasible
    published = first.roster
    sick_person = next(p for p in published if published[p][4])  # someone working day 4
    absences = {(sick_person, 4): "sickness", (sick_person, 5): "sickness"}
    res = replan(prob, published, absences, 10, stability=Stability(base=20, per_day_closer=2, notice_days=14))
    assert res.evaluation.feasible
    assert res.roster[sick_person][4] == "" and res.roster[sick_person][5] == ""
    # only the neighbourhood of the change may move (scope 7 days) ...
    for pid, row in published.items():
        for d in range(14):
            if not (0 <= d <= 12):
                assert res.roster[pid][d] == row[d]
    # ... and far fewer duties change than the roster holds
    worked = sum(1 for row in published.values() for c in row if c)
    assert len(res.changes) <= worked // 4, res.changes
    for ch in res.changes:
        assert published[ch.person][ch.day] == ch.before and res.roster[ch.person][ch.day] == ch.after
    # replanning is never worse than only clearing the sick duties (hard gaps count first)
    cleared = {p: list(r) for p, r in published.items()}
    cleared[sick_person][4] = cleared[sick_person][5] = ""
    prob2 = team()
    prob2.unavailable.update(absences)
    prob2.published = published
    prob2.stability = Stability(base=20, per_day_closer=2, notice_days=14)
    assert score(evaluate(prob2, res.roster)) <= score(evaluate(prob2, cleared))


def test_replan_with_nothing_to_fill_changes_nothing():
    prob = team()
    first = solve(prob, 10, seed=2)
    published = first.roster
    idle = next((p, d) for p in published for d in range(14) if not published[p][d]
                and (p, d) not in prob.unavailable)
    res = replan(prob, published, {idle: "annual leave"}, 5)
    assert res.changes == []
