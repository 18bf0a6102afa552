"""Flexible working (FWR-01/02), my rota (next duty, who else is on, changes since I looked),
the offline rota JSON and the calendar feed."""
from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
from sqlmodel import select

from shiftapp.db import unit_of_work
from shiftapp.models import Duty, Pattern, PatternAssignment, ShiftType
from shiftapp.services import calendar, duties, requests as R, rota
from shiftapp.services.errors import Conflict, InvalidInput, NotFound
from tests.conftest import ANCHOR

from .helpers_staff import first_working, username_in

T = ANCHOR


def test_flexible_working_request_counts_deadline_and_the_third_in_12_months_is_refused(login):
    me = login("p1100").actor  # a police constable: force policy, not statute (FWR-02)
    opts, rows = R.flex_options(me, today=T)
    assert opts.policy and opts.patterns and rows == []
    first = R.request_flex(me, "hours", "Four days a week to care for a parent", T + timedelta(days=30),
                           pattern_id=int(opts.patterns[0]["id"]), today=T - timedelta(days=200))
    assert not first.statutory and "Force policy" in first.basis
    assert first.deadline == f"{date(2026, 7, 7):%d %b %Y}"  # received 7 May + 2 months
    second = R.request_flex(me, "days", "Monday to Thursday, 08:00 to 18:00", T + timedelta(days=60),
                            days={"mon": "08:00-18:00", "tue": "08:00-18:00", "wed": "08:00-18:00",
                                  "thu": "08:00-18:00"}, today=T)
    assert second.previous == f"{T - timedelta(days=200):%d %b %Y}" and second.proposal.startswith("Mon 08:00-18:00")
    with pytest.raises(InvalidInput, match="at most 2 flexible-working requests in 12 months.*another from 07 May 2027"):
        R.request_flex(me, "times", "Start at 10:00 every day", T + timedelta(days=60), days={"mon": "10:00-18:00"},
                       today=T)
    assert R.flex_options(me, today=T)[0].next_allowed == "07 May 2027"


@pytest.mark.parametrize("kwargs,message", [
    ({"change_kind": "pay"}, "hours, times, days or place"),
    ({"description": "short"}, "Describe the change"),
    ({"effective_from": T - timedelta(days=1)}, "can't start in the past"),
    ({"days": {"mon": "9 till 5"}}, "start–end"),
    ({"days": {}}, "Choose a pattern or give the days"),
])
def test_flexible_working_bad_input_is_refused(login, kwargs, message):
    me = login("p1101").actor
    args = dict(change_kind="times", description="Later start on school days", effective_from=T + timedelta(days=40),
                days={"mon": "10:00-18:00"}, today=T)
    args.update(kwargs)
    with pytest.raises(InvalidInput, match=message):
        R.request_flex(me, **args)


def test_council_staff_request_is_statutory_and_decisions_follow_fwr01(login):
    me = login(username_in("LCC-CC", 20)).actor  # a customer service representative
    opts, _ = R.flex_options(me, today=T)
    assert not opts.policy
    row = R.request_flex(me, "hours", "Drop to 30 hours a week, no Saturdays", T + timedelta(days=35),
                         pattern_id=int(opts.patterns[0]["id"]), today=T)
    assert row.statutory and "s.80F" in row.basis
    planner = login("ccmanager").actor
    assert R.flex_impact(planner, row.id)["weekly_hours"] > 0
    with pytest.raises(InvalidInput, match="eight business reasons"):
        R.decide_flex(planner, row.id, False, "No", expected_version=row.version)
    with pytest.raises(InvalidInput, match="Consult the person"):
        R.decide_flex(planner, row.id, False, "No", expected_version=row.version, refusal_reason="customer_demand")
    out = R.decide_flex(planner, row.id, False, "Saturdays need every advisor", expected_version=row.version,
                        refusal_reason="customer_demand", consultation_date=T)
    assert out.status == "refused" and out.refusal_reason == "Harm to meeting customer demand"
    with pytest.raises(Conflict, match="already refused by"):
        R.decide_flex(planner, row.id, True, expected_version=row.version)


def test_my_rota_next_duty_colleagues_and_changes_since_i_looked(login):
    me = login("p1110").actor
    rota.mark_rota_seen(me)
    view = rota.my_rota(me, today=T)
    assert view.next_duty and view.next_duty["colleague_count"] != "0" and view.changed_count == 0
    assert len({d["date"] for d in view.days}) == 28
    d = first_working(me.person_id, skip=3)
    with unit_of_work() as s:
        duty = s.get(Duty, d.id)
        duties.change_duty(s, login("planner").actor, duty, {"role_note": "Town centre patrol"},
                           reason_code="exigency", reason="Football match")
        s.commit()
    view = rota.my_rota(me, today=T)
    flagged = [c for c in view.days if c["changed"]]
    assert [c["date"] for c in flagged] == [d.date.isoformat()] and flagged[0]["change"] == "Football match"
    assert view.unread >= 1
    rota.mark_rota_seen(me)
    assert rota.my_rota(me, today=T).changed_count == 0
    data = rota.offline_rota(me, today=T)
    assert len({x["date"] for x in data["days"]}) == 28 and data["name"]


def test_calendar_feed_uids_updates_cancellations_and_revocation(login):
    me = login("p1111").actor
    token = calendar.new_feed(me)
    cal = icalendar.Calendar.from_ical(calendar.calendar_ics(token, today=T))
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    d, gone = first_working(me.person_id, skip=1), first_working(me.person_id, skip=2)
    ev = events[f"duty-{d.id}@shiftapp"]
    assert ev["DTSTART"].params["TZID"] == "Europe/London" and cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    planner = login("planner").actor
    with unit_of_work() as s:
        duty = s.get(Duty, d.id)
        duties.change_duty(s, planner, duty, {"start_utc": duty.start_utc + timedelta(hours=2),
                                              "end_utc": duty.end_utc + timedelta(hours=2)}, reason_code="exigency")
        duties.change_duty(s, planner, s.get(Duty, gone.id), {"kind": "rest_day", "shift_type_id": None,
                                                              "start_utc": None, "end_utc": None},
                           reason_code="exigency")
    cal2 = icalendar.Calendar.from_ical(calendar.calendar_ics(token, today=T))
    events2 = {str(e["UID"]): e for e in cal2.walk("VEVENT")}
    moved = events2[f"duty-{d.id}@shiftapp"]
    assert moved["DTSTART"].dt - ev["DTSTART"].dt == timedelta(hours=2) and moved["SEQUENCE"] > ev["SEQUENCE"]
    assert f"duty-{gone.id}@shiftapp" in events and f"duty-{gone.id}@shiftapp" not in events2
    assert calendar.feed_status(me).active
    newer = calendar.new_feed(me)  # regenerating revokes the old link
    with pytest.raises(NotFound):
        calendar.calendar_ics(token)
    calendar.calendar_ics(newer)
    calendar.revoke_feed(me)
    with pytest.raises(NotFound):
        calendar.calendar_ics(newer)
    assert not calendar.feed_status(me).active


def test_approving_a_pattern_puts_the_person_on_it_from_the_effective_date(login):
    me = login(username_in("LCC-CC", 21)).actor
    opts, _ = R.flex_options(me, today=T)
    part_time = next(p for p in opts.patterns if "Part-time" in p["name"])
    start = date.today() + timedelta(days=10)
    row = R.request_flex(me, "hours", "Part-time: Monday to Wednesday mornings", start,
                         pattern_id=int(part_time["id"]), today=date.today())
    out = R.decide_flex(login("ccmanager").actor, row.id, True, "Agreed", expected_version=row.version)
    assert out.status == "approved" and out.rostered.startswith(f"On {part_time['name']} from")
    assert "published duties changed to it" in out.rostered and any(h.note == out.rostered for h in out.history)
    with unit_of_work() as s:
        now = s.exec(select(PatternAssignment).where(PatternAssignment.person_id == me.person_id,
                                                     PatternAssignment.end_date.is_(None))).one()
        assert (now.pattern_id, now.start_date) == (int(part_time["id"]), start)
        steps = s.get(Pattern, now.pattern_id).steps
        rows = s.exec(select(Duty, ShiftType.code).join(ShiftType, Duty.shift_type_id == ShiftType.id, isouter=True)
                      .where(Duty.person_id == me.person_id, Duty.date >= start, Duty.line == "main",
                             Duty.kind.in_(("shift", "rest_day")))).all()
    # the cycle runs from a Monday: each duty is the pattern's day for its weekday
    assert rows and all((code or "R") == (steps[d.date.weekday()] or "R") for d, code in rows)
