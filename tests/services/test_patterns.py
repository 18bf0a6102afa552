"""Shift patterns on the desk: each of the unit's patterns with its check, and building a new one
(codes typed, checked, saved once, refused with a clear message and nothing written when wrong)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import or_
from sqlmodel import func, select

from shiftapp.db import unit_of_work
from shiftapp.models import AuditEntry, Duty, DutyChange, Pattern, PatternAssignment, Person, ShiftType, Unit
from shiftapp.services import auth
from shiftapp.services.desk import patterns, rota
from shiftapp.services.errors import Conflict, InvalidInput, PermissionDenied
from tests.conftest import ANCHOR
from tests.services.conftest import planner_area

MONDAY = date(2026, 11, 23)


def _count() -> int:
    with unit_of_work() as s:
        return s.exec(select(func.count(Pattern.id))).one()


def test_the_units_patterns_are_listed_with_their_check(planner):
    rows = patterns.list_patterns(planner, planner_area(planner), today=MONDAY)
    response = next(r for r in rows if r.name == "Response 5-team 35-day")
    assert response.check.cycle_days == 35 and len(response.check.weeks) == 5 and response.people > 100
    assert response.check.weekly_hours == "40 h" and response.check.rest_days_per_week == "2"
    assert "POL-02" not in {f["rule"] for f in response.check.findings}
    codes = {c["code"] for c in patterns.shift_codes(planner, planner_area(planner))}
    assert len(response.steps.split()) == 35 and set(response.steps.split()) <= codes | {"R"}


def test_a_pattern_is_checked_before_it_is_saved(planner):
    area = planner_area(planner)
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
        patterns.create_pattern(planner, planner_area(planner), "Broken", text)
    assert says in err.value.message
    assert _count() == before


def test_a_new_pattern_is_saved_once_on_the_unit_of_its_shift_types(planner, login):
    area = planner_area(planner)
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


def _rt5_person(offset: int = 5):
    with unit_of_work() as s:
        team = s.exec(select(Unit).where(Unit.code == "P-LPA1-RT5")).one()
        return s.exec(select(Person).where(Person.unit_id == team.id).order_by(Person.id).offset(offset)).first()


def _duties(person_id, start):
    with unit_of_work() as s:
        rows = s.exec(select(Duty, ShiftType.code).join(ShiftType, Duty.shift_type_id == ShiftType.id, isouter=True)
                      .where(Duty.person_id == person_id, Duty.date >= start, Duty.line == "main")).all()
        return {d.date: (d.status, code or "R", d.version) for d, code in rows}


def test_putting_someone_on_a_pattern_redraws_their_drafts_and_leaves_the_published_rota(planner):
    area = planner_area(planner)
    pid = patterns.create_pattern(planner, area, "Two earlies, two nights, six off", "E E N N R R R R R R")
    person = _rt5_person()
    period = rota.next_period(planner, area, today=ANCHOR)  # the drafts after the published rota
    rota.draft_period(planner, area, date.fromisoformat(period.start), date.fromisoformat(period.start) + timedelta(days=27))
    before = _duties(person.id, ANCHOR)
    first_draft = min(d for d, (status, *_rest) in before.items() if status == "draft")
    start = first_draft - timedelta(days=6)  # a week still published, then drafts
    published = {d: v for d, v in before.items() if d >= start and v[0] == "published"}
    assert published and any(v[0] == "draft" for d, v in before.items() if d >= start)
    out = patterns.assign_pattern(planner, person.id, pid, start, step=3, today=ANCHOR)
    assert out.published_left == len(published) and out.redrafted > 0
    after = _duties(person.id, ANCHOR)
    steps = ["E", "E", "N", "N"] + ["R"] * 6
    redrawn = {d: v for d, v in after.items() if d >= start and v[0] == "draft"}
    assert redrawn and all(code == steps[((d - start).days + 2) % 10] for d, (_s, code, _v) in redrawn.items())
    assert {d: v for d, v in after.items() if d >= start and v[0] == "published"} == published
    assert {d: v for d, v in after.items() if d < start} == {d: v for d, v in before.items() if d < start}
    with unit_of_work() as s:
        spans = s.exec(select(PatternAssignment).where(PatternAssignment.person_id == person.id)
                       .order_by(PatternAssignment.start_date)).all()
        assert [(a.pattern_id == pid, a.end_date) for a in spans][-2:] == [(False, start - timedelta(days=1)), (True, None)]
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "pattern_assigned",
                                               AuditEntry.entity_id == person.id)).one()
    row = next(r for r in patterns.list_patterns(planner, area, today=ANCHOR) if r.id == pid)
    assert (row.people, row.joining) == (0, 1)
    names = {x["id"]: x["name"] for x in patterns.pattern_people(planner, area, today=start)}
    assert names[str(person.id)].endswith("(Two earlies, two nights, six off)")


def test_a_wrong_assignment_is_refused_and_changes_nothing(planner, login):
    area = planner_area(planner)
    response = next(r for r in patterns.list_patterns(planner, area) if r.name == "Response 5-team 35-day")
    person = _rt5_person(6)
    with unit_of_work() as s:
        centre_pattern = s.exec(select(Pattern).where(Pattern.name.like("%Saturday%"))).first()
        spans = len(s.exec(select(PatternAssignment).where(PatternAssignment.person_id == person.id)).all())
    before = _duties(person.id, ANCHOR)
    cc = auth.current_actor(login("ccmanager").token)
    for actor, pattern_id, start, step, error in (
            (planner, response.id, ANCHOR, 1, InvalidInput),                      # not a future date
            (planner, response.id, ANCHOR + timedelta(days=30), 36, InvalidInput),  # past the cycle's end
            (planner, centre_pattern.id, ANCHOR + timedelta(days=30), 1, InvalidInput),  # another unit's
            (cc, response.id, ANCHOR + timedelta(days=30), 1, PermissionDenied)):
        with pytest.raises(error):
            patterns.assign_pattern(actor, person.id, pattern_id, start, step=step, today=ANCHOR)
    with unit_of_work() as s:
        assert len(s.exec(select(PatternAssignment).where(PatternAssignment.person_id == person.id)).all()) == spans
    assert _duties(person.id, ANCHOR) == before


def test_at_the_persons_request_their_published_duties_follow_the_new_pattern_too(planner):
    area = planner_area(planner)
    pid = patterns.create_pattern(planner, area, "Flexible: earlies Mon to Thu", "E E E E R R R")
    person = _rt5_person(7)
    start = ANCHOR + timedelta(days=14)  # a Monday inside the published rota
    rota.record_abstraction(planner, person.id, "training", start, start + timedelta(days=13), "Driving course")
    before = _duties(person.id, start)
    with unit_of_work() as s:
        kinds = {d.date: d.kind for d in s.exec(select(Duty).where(Duty.person_id == person.id, Duty.date >= start,
                                                                   Duty.line == "main")).all()}
        last_change = s.exec(select(func.max(DutyChange.id))).one() or 0
    out = patterns.assign_pattern(planner, person.id, pid, start, step=1, today=ANCHOR, published_too=True)
    assert out.published_changed > 0 and out.at_request
    assert out.published_left == sum(1 for k in kinds.values() if k == "training")  # absences, kept
    after = _duties(person.id, start)
    steps = ["E", "E", "E", "E", "R", "R", "R"]
    for d, (status, code, version) in after.items():
        if status == "published" and kinds[d] in ("shift", "rest_day"):
            assert code == steps[(d - start).days % 7], d
    assert "training" in kinds.values()  # the course stays where it is
    assert all(after[d] == before[d] for d, k in kinds.items() if k == "training")
    changed = [d for d in after if after[d][2] != before[d][2]]
    assert len(changed) == out.published_changed
    with unit_of_work() as s:
        new = s.exec(select(DutyChange).where(DutyChange.person_id == person.id, DutyChange.id > last_change)).all()
        assert len(new) == out.published_changed and {c.reason_code for c in new} == {"officer_request"}
        assert all(c.clear_days_notice is not None for c in new)


def test_two_planners_putting_one_person_on_patterns_at_once_leave_one_assignment(planner, login):
    import threading

    admin = auth.current_actor(login("admin").token)
    area = planner_area(planner)
    mine = patterns.create_pattern(planner, area, "Race: earlies", "E E E E E R R")
    theirs = patterns.create_pattern(planner, area, "Race: lates", "L L L L L R R")
    person = _rt5_person(8)
    start = ANCHOR + timedelta(days=70)
    barrier, errors = threading.Barrier(2), []

    def go(actor, pid):
        barrier.wait()
        try:
            patterns.assign_pattern(actor, person.id, pid, start, today=ANCHOR)
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=go, args=a) for a in ((planner, mine), (admin, theirs))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors, errors
    with unit_of_work() as s:
        spans = s.exec(select(PatternAssignment).where(PatternAssignment.person_id == person.id,
                                                       or_(PatternAssignment.end_date.is_(None),
                                                           PatternAssignment.end_date >= start))).all()
    assert len(spans) == 1 and spans[0].pattern_id in (mine, theirs) and spans[0].start_date == start
