"""Approvals from the planner desk: impact before deciding, then the decision through the request
services; two planners deciding one request at once: exactly one lands, the other is told."""
from __future__ import annotations

import threading

from sqlmodel import select

from shiftapp.db import unit_of_work
from shiftapp.models import Duty, LeaveRequest, Person
from shiftapp.services import auth
from shiftapp.services import requests as rq
from shiftapp.services.desk import impact
from shiftapp.services.errors import Conflict
from tests.services.conftest import WEEKDAY_EARLIES, agreed_flex


def _pending(n: int) -> LeaveRequest:
    with unit_of_work() as s:
        return s.exec(select(LeaveRequest).join(Person, Person.id == LeaveRequest.person_id)
                      .where(LeaveRequest.status == "pending", Person.rule_pack == "police-ew-constable")
                      .order_by(LeaveRequest.id.desc()).offset(n)).first()


def test_impact_then_approval_changes_the_rota_as_shown(planner):
    req = _pending(0)
    with unit_of_work() as s:
        employee_no = s.get(Person, req.person_id).employee_no
    queued = next(r for r in rq.pending_leave(planner) if r["id"] == req.id)
    assert queued["employee_no"] == employee_no and queued["version"] == req.version
    im = impact.leave_impact(planner, req.id)
    affected = {r["day"] for r in im.cover}
    assert affected and im.cost.startswith("£")
    rq.decide_leave(planner, req.id, True, expected_version=req.version)
    with unit_of_work() as s:
        kinds = {d.kind for d in s.exec(select(Duty).where(Duty.person_id == req.person_id, Duty.date >= req.start_date,
                                                           Duty.date <= req.end_date, Duty.line == "main")).all()}
    assert "annual_leave" in kinds and "shift" not in kinds


def test_two_planners_deciding_one_request_exactly_one_lands(planner, admin):
    req = _pending(1)
    results, barrier = [], threading.Barrier(2)

    def go(actor, approve):
        barrier.wait()
        try:
            rq.decide_leave(actor, req.id, approve, "" if approve else "Cover is too thin",
                            expected_version=req.version)
            results.append("decided")
        except Conflict as err:
            results.append(err.message)

    threads = [threading.Thread(target=go, args=(planner, True)), threading.Thread(target=go, args=(admin, False))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert results.count("decided") == 1, results
    loser = next(r for r in results if r != "decided")
    assert "already" in loser or "changed" in loser
    with unit_of_work() as s:
        assert s.get(LeaveRequest, req.id).status in ("approved", "refused")


def _actor_for(person_id: int, login):
    with unit_of_work() as s:
        from shiftapp.models import User
        user = s.exec(select(User).where(User.person_id == person_id)).one()
    return auth.current_actor(login(user.username).token)


def test_swap_impact_covers_both_people_and_both_days(planner, login):
    """A Friday swap between an Early and a Day shift (both followed by the weekend's rest days, so
    the swap keeps 11 h rest) between constables with the same skills, in January 2027."""
    from datetime import date, timedelta
    from shiftapp.models import ShiftType
    from shiftapp.services.desk.common import person_skills
    from shiftapp.services.errors import DomainError
    row = None
    with unit_of_work() as s:
        codes = {st.id: st.code for st in s.exec(select(ShiftType)).all()}
    for week in range(4):
        day = date(2027, 1, 8) + timedelta(days=7 * week)
        with unit_of_work() as s:
            rows = s.exec(select(Duty, Person).join(Person, Person.id == Duty.person_id).where(
                Duty.date == day, Duty.line == "main", Duty.kind == "shift", Person.rank == "Constable")).all()
            skills = person_skills(s, [p.id for _, p in rows])
        early = [(d, p) for d, p in rows if codes.get(d.shift_type_id) == "E"]
        days_ = [(d, p) for d, p in rows if codes.get(d.shift_type_id) == "D"]
        for da, a in early[-6:]:
            for db, b in days_[-10:]:
                if skills.get(a.id) != skills.get(b.id):
                    continue
                try:
                    row = rq.offer_swap(_actor_for(a.id, login), da.id, db.id, "Childcare")
                    rq.respond_swap(_actor_for(b.id, login), row.id, True)
                    break
                except DomainError:
                    row = None
            if row is not None:
                break
        if row is not None:
            break
    assert row is not None, "no eligible pair found for a swap"
    im = impact.swap_impact(planner, row.id)
    assert "exchange" in im.summary and im.cost.startswith("£")
    # Same skills, Early for Day: the Early keeps its count (one out, one in) and the Day has no minimum.
    assert im.cover == [] and "stays at or above its minimum" in im.summary and im.new_gaps == 0
    assert row.id in [r.id for r in rq.pending_swaps(planner)]
    # the requester has earlies-only weekdays agreed: the Day (10:00-18:00) they take is outside them
    assert not [f for f in im.findings if f["rule"].startswith("FWR")]
    with agreed_flex(a.id, date(2027, 1, 1), WEEKDAY_EARLIES):  # a: the requester, who gives the Early
        flex = [f for f in impact.swap_impact(planner, row.id).findings if f["rule"].startswith("FWR")]
    assert flex == [{"person": a.display_name, "rule": "FWR-02", "severity": "warn",
                     "message": "outside the hours agreed under flexible working (06:00–16:00)"}]


def test_flex_impact_shows_cover_over_four_weeks(planner, login):
    from datetime import date
    from shiftapp.models import User
    with unit_of_work() as s:
        user = s.exec(select(User).where(User.username == "callhandler")).one()
    me = auth.current_actor(login("callhandler").token)
    row = rq.request_flex(me, "days", "Monday to Friday days only, for school runs.", date(2027, 1, 4),
                          days={"mon": "07:00-19:00", "tue": "07:00-19:00", "wed": "07:00-19:00"})
    im = impact.flex_impact(planner, row.id)
    assert "4 weeks" in im.summary
    assert im.cover and {"before", "after", "minimum"} <= set(im.cover[0])
    assert user.person_id
