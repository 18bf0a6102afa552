"""Explanations when cover cannot be met."""
from __future__ import annotations

from shiftapp.engine.roster.domain import Cover, Person, Restriction, RosterProblem
from shiftapp.engine.roster.evaluator import evaluate
from shiftapp.engine.roster.explain import explain, explain_text
from shiftapp.engine.roster.solver import solve

from .helpers import E, L, N


def custody_problem() -> RosterProblem:
    """Day 2 Early needs 2 custody-trained officers; of the 6 who have the skill, 3 are on
    leave and 2 worked a night the day before (the 11-hour rest), which is locked."""
    people = [Person(f"P{k}", skills=frozenset({"custody"})) for k in range(6)] + [Person("X")]
    prob = RosterProblem("custody", 4, [E, L, N], people, min_rest_minutes=660)
    for k in (0, 1, 2):
        prob.unavailable[(f"P{k}", 2)] = "annual leave"
    for k in (3, 4):
        prob.locked[(f"P{k}", 1)] = "N"
    prob.covers = [Cover(2, ("E",), 2, 10, 0, minimum=2, skill="custody", label="Early")]
    return prob


def test_impossible_requirement_is_explained():
    prob = custody_problem()
    res = solve(prob, 10, threads=1)
    ev = evaluate(prob, res.roster)
    # a partial roster: the one free custody officer is rostered, the gap remains
    assert res.roster["P5"][2] == "E"
    assert [v.rule for v in ev.hard] == ["cover_minimum"]
    assert res.status == "infeasible"
    gaps = explain(prob, res.roster)
    assert len(gaps) == 1
    g = gaps[0]
    assert (g.day, g.required, g.rostered, g.hard) == (2, 2, 1, True)
    assert g.obstacles["on annual leave"] == ["P0", "P1", "P2"]
    assert g.obstacles["would break the 11-hour rest after N"] == ["P3", "P4"]
    text = explain_text(prob, res.roster)
    assert text == ("Wed day 2, Early (custody): 1 rostered, minimum 2. No one with custody skill free: "
                    "3 on annual leave, 2 would break the 11-hour rest after N.")


def test_nothing_to_explain_when_met():
    prob = custody_problem()
    prob.covers = [Cover(2, ("E",), 1, 10, 0, minimum=1, skill="custody")]
    res = solve(prob, 10, threads=1)
    assert res.feasible
    assert explain(prob, res.roster) == []
    assert explain_text(prob, res.roster) == "Every cover requirement is met."


def test_nobody_qualified():
    prob = custody_problem()
    prob.covers = [Cover(0, ("E",), 1, 10, 0, minimum=1, skill="firearms", label="Early")]
    res = solve(prob, 5, threads=1)
    assert "No one has the firearms skill." in explain_text(prob, res.roster)


def test_hours_agreed_or_available_are_named():
    # A has agreed to work earlies only on day 1; B is not available for any shift that day
    prob = RosterProblem("hours", 3, [E, L, N], [Person("A"), Person("B")])
    prob.restricted = {("A", 1): Restriction(frozenset({"E"}), "agreed flexible-working hours"),
                       ("B", 1): Restriction(frozenset())}
    prob.covers = [Cover(1, ("L",), 1, 10, 0, minimum=1, label="Late")]
    res = solve(prob, 5, threads=1)
    assert res.status == "infeasible" and res.roster["A"][1] != "L" and res.roster["B"][1] == ""
    assert explain_text(prob, res.roster) == (
        "Tue day 1, Late: 0 rostered, minimum 1. No one free: 1 outside their agreed flexible-working hours, "
        "1 outside their available hours.")
