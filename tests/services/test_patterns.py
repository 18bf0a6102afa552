"""Shift patterns on the desk: each of the unit's patterns with its check, and building a new one
(codes typed, checked, saved once, refused with a clear message and nothing written when wrong)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from shiftapp.db import unit_of_work
from shiftapp.models import AuditEntry, Pattern
from shiftapp.services import auth
from shiftapp.services.desk import common, patterns
from shiftapp.services.errors import Conflict, InvalidInput, PermissionDenied

MONDAY = date(2026, 11, 23)


@pytest.fixture
def planner(login):
    return auth.current_actor(login("planner").token)


def _area(planner) -> int:
    with unit_of_work() as s:
        return common.default_unit(s, planner)


def _count() -> int:
    with unit_of_work() as s:
        return s.exec(select(func.count(Pattern.id))).one()


def test_the_units_patterns_are_listed_with_their_check(planner):
    rows = patterns.list_patterns(planner, _area(planner), today=MONDAY)
    response = next(r for r in rows if r.name == "Response 5-team 35-day")
    assert response.check.cycle_days == 35 and len(response.check.weeks) == 5 and response.people > 100
    assert response.check.weekly_hours == "40 h" and response.check.rest_days_per_week == "2"
    assert "POL-02" not in {f["rule"] for f in response.check.findings}
    codes = {c["code"] for c in patterns.shift_codes(planner, _area(planner))}
    assert len(response.steps.split()) == 35 and set(response.steps.split()) <= codes | {"R"}


def test_a_pattern_is_checked_before_it_is_saved(planner):
    area = _area(planner)
    codes = {c["code"] for c in patterns.shift_codes(planner, area)}
    assert {"E", "L", "N"} <= codes
    good = patterns.check_steps(planner, area, "e e l l n n r r r r", today=MONDAY)  # lower case, like a phone types
    assert good.cycle_days == 10 and good.weeks[0] == ["E", "E", "L", "L", "N", "N", "R"]
    long_weeks = patterns.check_steps(planner, area, "E E E E E E R", today=MONDAY)
    pol02 = [f["message"] for f in long_weeks.findings if f["rule"] == "POL-02"]
    assert pol02 and "rest days a week" in pol02[-1], long_weeks.findings
    assert long_weeks.rest_days_per_week == "1"


@pytest.mark.parametrize("text, says", [
    ("", "Type the pattern's days"),
    ("E E X R", "Unknown shift code X"),
    (" ".join(["E"] * 92), "at most 91 days"),
])
def test_a_wrong_pattern_is_refused_with_a_clear_message_and_nothing_is_saved(planner, text, says):
    before = _count()
    with pytest.raises(InvalidInput) as err:
        patterns.create_pattern(planner, _area(planner), "Broken", text)
    assert says in err.value.message
    assert _count() == before


def test_a_new_pattern_is_saved_once_on_the_unit_of_its_shift_types(planner, login):
    area = _area(planner)
    pid = patterns.create_pattern(planner, area, "  Four on,  six off ", "E E N N R R R R R R")
    with unit_of_work() as s:
        pat = s.get(Pattern, pid)
        assert (pat.name, pat.cycle_days, pat.steps, pat.unit_id) == ("Four on, six off", 10, ["E", "E", "N", "N"] + ["R"] * 6, area)
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "pattern_created",
                                               AuditEntry.entity_id == pid)).one()
    assert "Four on, six off" in {r.name for r in patterns.list_patterns(planner, area, today=MONDAY)}
    with pytest.raises(Conflict):
        patterns.create_pattern(planner, area, "four ON, six off", "E R")
    cc = auth.current_actor(login("ccmanager").token)
    with pytest.raises(PermissionDenied):
        patterns.create_pattern(cc, area, "Not mine", "E R")
    with pytest.raises(PermissionDenied):
        patterns.list_patterns(cc, area)
