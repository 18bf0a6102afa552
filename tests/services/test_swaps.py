"""Shift swaps: eligibility (unit, skills), rule findings for both people, colleague consent,
planner approval exchanging the duties, and two simultaneous accepts of one open offer."""
from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from shiftapp.db import unit_of_work
from shiftapp.models import Duty, DutyChange, Notification, Person, PersonSkill, SwapRequest, User
from shiftapp.services import requests as R
from shiftapp.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from shiftapp.services.requests import swaps as swaps_mod
from tests.conftest import ANCHOR

from .helpers_staff import first_working

T = ANCHOR


def _username(person_id):
    with unit_of_work() as s:
        return s.exec(select(User.username).where(User.person_id == person_id)).one()


def with_candidates(me, start=0, at_least=1):
    """My first duty (from ``start``) that has eligible colleagues to swap with."""
    for skip in range(start, start + 15):
        mine = first_working(me.person_id, skip=skip)
        cands = R.swap_candidates(me, mine.id, today=T)
        if len(cands) >= at_least:
            return mine, cands
    raise AssertionError("the seed should give eligible colleagues")


def test_direct_swap_accept_and_approval_exchanges_the_duties_and_tells_both(login):
    me = login("p1062").actor
    mine, cands = with_candidates(me, 1)
    c = cands[0]
    offer = R.offer_swap(me, mine.id, c.duty_id, note="Childcare", today=T)
    assert offer.status == "offered" and offer.counterpart == c.name
    them = login(_username(c.person_id)).actor
    with pytest.raises(PermissionDenied):
        R.respond_swap(login("p1063").actor, offer.id, True, today=T)  # not offered to them
    acc = R.respond_swap(them, offer.id, True, expected_version=offer.version, today=T)
    assert acc.status == "accepted"
    with unit_of_work() as s:
        theirs_before = s.get(Duty, c.duty_id)
    planner = login("planner").actor
    assert any(r.id == offer.id for r in R.pending_swaps(planner))
    done = R.decide_swap(planner, offer.id, True, expected_version=acc.version, today=T)
    assert done.status == "approved" and [h.status for h in done.history] == ["offered", "accepted", "approved"]
    with unit_of_work() as s:
        a, b = s.get(Duty, mine.id), s.get(Duty, c.duty_id)
        assert (a.shift_type_id, a.start_utc) == (theirs_before.shift_type_id, theirs_before.start_utc)
        assert (b.shift_type_id, b.start_utc) == (mine.shift_type_id, mine.start_utc)
        assert a.source == b.source == "swap"
        assert len(s.exec(select(DutyChange).where(DutyChange.duty_id.in_([a.id, b.id]),
                                                   DutyChange.reason_code == "swap")).all()) == 2
        for uid in (me.user_id, them.user_id):
            assert s.exec(select(Notification).where(Notification.user_id == uid,
                                                     Notification.kind == "swap_decision")).first()
    with pytest.raises(Conflict, match="already approved by Dana Whitfield at"):
        R.decide_swap(login("planner").actor, offer.id, False, "no", expected_version=acc.version, today=T)


def test_colleague_can_decline(login):
    me = login("p1064").actor
    mine, cands = with_candidates(me, 2)
    c = cands[0]
    offer = R.offer_swap(me, mine.id, c.duty_id, today=T)
    out = R.respond_swap(login(_username(c.person_id)).actor, offer.id, False, today=T)
    assert out.status == "declined"
    with pytest.raises(Conflict, match="no longer open .it was declined"):
        R.respond_swap(login(_username(c.person_id)).actor, offer.id, True, today=T)


def test_someone_outside_the_unit_is_not_eligible(login):
    me = login("p1065").actor
    mine = first_working(me.person_id, skip=3)
    staff = login("callhandler").actor  # police staff in the control room: other shifts
    with unit_of_work() as s:
        theirs = s.exec(select(Duty).where(Duty.person_id == staff.person_id, Duty.date == mine.date)).one()
    with pytest.raises(InvalidInput, match="doesn't work your unit's shifts"):
        R.offer_swap(me, mine.id, theirs.id, today=T)


def test_a_colleague_without_a_needed_skill_is_not_eligible(login):
    """Whoever takes a duty must hold the skills the giver brings that minimum staffing needs."""
    me = login("p1066").actor
    from shiftapp.models import Skill
    with unit_of_work() as s:
        skill = s.exec(select(Skill).where(Skill.code == "public_order")).one()
        if not s.exec(select(PersonSkill).where(PersonSkill.person_id == me.person_id,
                                                PersonSkill.skill_id == skill.id)).first():
            s.add(PersonSkill(person_id=me.person_id, skill_id=skill.id))
    with unit_of_work() as s:
        person = s.get(Person, me.person_id)
        mine = next(d for d in (first_working(me.person_id, skip=k) for k in range(4, 20))
                    if skill.id in swaps_mod.needed_skills(s, person, d))
        area_people = swaps_mod.roster_colleagues(s, person)
        need = {skill.id}
        lacking = None
        for p in area_people:
            skills = set(s.exec(select(PersonSkill.skill_id).where(PersonSkill.person_id == p.id)).all())
            theirs = s.exec(select(Duty).where(Duty.person_id == p.id, Duty.date == mine.date,
                                               Duty.line == "main")).first()
            if not need <= skills and theirs is not None and theirs.kind in ("shift", "rest_day") \
                    and theirs.shift_type_id != mine.shift_type_id:
                lacking = theirs
                break
    assert lacking is not None
    with pytest.raises(InvalidInput, match="can't cover .* it needs"):
        R.offer_swap(me, mine.id, lacking.id, today=T)


def test_a_swap_that_breaks_a_rule_for_either_person_is_refused(login):
    """An early straight after a night (or the like) fails daily rest: the rules run for both."""
    me = login("p1067").actor
    found = None
    with unit_of_work() as s:
        person = s.get(Person, me.person_id)
        for skip in range(0, 12):
            mine = first_working(me.person_id, skip=skip)
            for p in swaps_mod.roster_colleagues(s, person):
                theirs = s.exec(select(Duty).where(Duty.person_id == p.id, Duty.date == mine.date,
                                                   Duty.line == "main", Duty.kind == "shift")).first()
                if theirs is None or theirs.shift_type_id == mine.shift_type_id:
                    continue
                try:
                    swaps_mod._checked_plan(s, person, mine, p, theirs, T)
                except InvalidInput as err:
                    if "working-time rule" in err.message:
                        found = (mine, theirs)
                        break
            if found:
                break
    assert found, "the seeded rota should offer a swap that breaks daily rest"
    with pytest.raises(InvalidInput, match="would break a working-time rule for .*WTR-"):
        R.offer_swap(me, found[0].id, found[1].id, today=T)


def test_past_and_unswappable_duties_are_refused(login):
    me = login("p1068").actor
    with unit_of_work() as s:
        today = s.exec(select(Duty).where(Duty.person_id == me.person_id, Duty.date == T)).one()
    with pytest.raises(InvalidInput, match="future duties"):
        R.offer_swap(me, today.id, today=T)
    with pytest.raises(NotFound, match="isn.t yours"):
        other = first_working(login("p1069").actor.person_id)
        R.offer_swap(me, other.id, today=T)


def test_two_simultaneous_accepts_of_one_open_offer_exactly_one_wins(login):
    me = login("p1086").actor
    mine, cands = with_candidates(me, 1, at_least=2)
    offer = R.offer_swap(me, mine.id, today=T)  # open to anyone eligible
    assert offer.counterpart == "Anyone eligible"
    takers = [login(_username(c.person_id)).actor for c in cands[:2]]
    assert all(any(o.id == offer.id for o in R.my_swaps(t, today=T)["open"]) for t in takers)
    barrier, results = threading.Barrier(2), {}

    def accept(actor):
        barrier.wait()
        try:
            R.respond_swap(actor, offer.id, True, expected_version=offer.version, today=T)
            results[actor.user_id] = "won"
        except Conflict as err:
            results[actor.user_id] = err.message

    threads = [threading.Thread(target=accept, args=(t,)) for t in takers]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results.values()).count("won") == 1, results
    loser = next(v for v in results.values() if v != "won")
    assert "already accepted" in loser or "Too late" in loser
    with unit_of_work() as s:
        row = s.get(SwapRequest, offer.id)
        winner = next(uid for uid, v in results.items() if v == "won")
        assert row.status == "accepted" and row.counterpart_id == s.get(User, winner).person_id


def test_withdraw_an_offer(login):
    me = login("p1070").actor
    mine = first_working(me.person_id, skip=2)
    offer = R.offer_swap(me, mine.id, today=T)
    R.withdraw_swap(me, offer.id)
    assert R.my_swaps(me, today=T)["mine"][0].status == "withdrawn"
    with pytest.raises(Conflict):
        R.withdraw_swap(me, offer.id)
