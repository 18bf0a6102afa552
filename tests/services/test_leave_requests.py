"""Leave requests: every refusal with its reason, withdraw, status history, and planner decisions
(changes the rota and the ledger; a second decision is a Conflict; scope)."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from shiftapp.db import unit_of_work
from shiftapp.models import Duty, DutyChange, LeaveRequest, LedgerEntry, LedgerEntry as LE, Notification
from shiftapp.services import requests as R
from shiftapp.services.errors import Conflict, InvalidInput, PermissionDenied
from tests.conftest import ANCHOR

from .helpers_staff import duties_of, first_working

T = ANCHOR


@pytest.fixture
def me(login):
    return login("p1055").actor  # a constable in Response Team 3; no other test uses them


def _rest_days(pid):
    return [d for d in duties_of(pid, T + timedelta(days=1)) if d.kind == "rest_day"]


def test_request_shows_pending_with_history_and_balance_counts_it(me):
    d = first_working(me.person_id, skip=2)
    row = R.request_leave(me, "annual", d.date, d.date, reason="Dentist day", today=T)
    assert row.status == "pending" and row.amount == "7 h 15 min" and [h.status for h in row.history] == ["pending"]
    balances, rows = R.leave_overview(me, today=T)
    assert rows[0].id == row.id
    assert balances["annual"].pending == 435 and balances["annual"].available == balances["annual"].total - 435


@pytest.mark.parametrize("case,message", [
    ("past", "can't start in the past"),
    ("backwards", "last day is before the first"),
    ("rest_only", "aren't rostered to work"),
    ("too_much", "Not enough annual leave"),
    ("toil_none", "Not enough TOIL"),
    ("rdil_none", "Not enough rest days in lieu"),
    ("special_no_reason", "Say what the special leave is for"),
    ("hours_too_many", "for 8 h or more ask for the whole day"),
    ("hours_two_days", "Hours can be taken on one day only"),
    ("new_leave_year", "crosses into a new leave year"),
    ("bad_kind", "Choose annual leave"),
])
def test_refusals_each_give_a_reason_and_save_nothing(me, case, message):
    d = first_working(me.person_id, skip=8)
    rest = _rest_days(me.person_id)[0]
    args = {
        "past": ("annual", T - timedelta(days=3), T - timedelta(days=3), None),
        "backwards": ("annual", d.date, d.date - timedelta(days=1), None),
        "rest_only": ("annual", rest.date, rest.date, None),
        "too_much": ("annual", T + timedelta(days=14), T + timedelta(days=75), None),
        "toil_none": ("toil", d.date, d.date, None),
        "rdil_none": ("rdil", d.date, d.date, None),
        "special_no_reason": ("special", d.date, d.date, None),
        "hours_too_many": ("annual", d.date, d.date, 8),
        "hours_two_days": ("annual", d.date, d.date + timedelta(days=1), 2),
        "new_leave_year": ("annual", T.replace(year=T.year + 1, month=3, day=30),
                           T.replace(year=T.year + 1, month=4, day=2), None),
        "bad_kind": ("holiday", d.date, d.date, None),
    }[case]
    with unit_of_work() as s:
        before = len(s.exec(select(LeaveRequest).where(LeaveRequest.person_id == me.person_id)).all())
    with pytest.raises(InvalidInput, match=message):
        R.request_leave(me, *args[:3], hours=args[3], today=T)
    with unit_of_work() as s:
        assert len(s.exec(select(LeaveRequest).where(LeaveRequest.person_id == me.person_id)).all()) == before


def test_overlapping_request_is_refused_then_allowed_after_withdrawal(login):
    me = login("p1056").actor
    ds = duties_of(me.person_id, T + timedelta(days=1))
    d = next(a for a, b in zip(ds, ds[1:]) if a.kind == b.kind == "shift")
    first = R.request_leave(me, "annual", d.date, d.date + timedelta(days=1), today=T)
    with pytest.raises(InvalidInput, match="already have annual leave pending"):
        R.request_leave(me, "annual", d.date + timedelta(days=1), d.date + timedelta(days=1), today=T)
    R.withdraw_leave(me, first.id)
    with pytest.raises(InvalidInput, match="Only a pending request can be withdrawn"):
        R.withdraw_leave(me, first.id)
    again = R.request_leave(me, "annual", d.date + timedelta(days=1), d.date + timedelta(days=1), today=T)
    _, rows = R.leave_overview(me, today=T)
    old = next(r for r in rows if r.id == first.id)
    assert old.status == "withdrawn" and [h.status for h in old.history] == ["pending", "withdrawn"]
    assert again.status == "pending"


def test_hours_of_toil_with_a_balance(login):
    me = login("p1057").actor
    with unit_of_work() as s:
        s.add(LE(person_id=me.person_id, ledger="toil", minutes=180, effective_date=T, source="overtime"))
    d = first_working(me.person_id, skip=1)
    row = R.request_leave(me, "toil", d.date, d.date, hours=2.5, today=T)
    assert row.amount == "2 h 30 min"
    with pytest.raises(InvalidInput, match="Not enough TOIL.*30 min left"):
        R.request_leave(me, "toil", d.date + timedelta(days=1), d.date + timedelta(days=1), hours=1, today=T)
    planner = login("planner").actor
    R.decide_leave(planner, row.id, True, expected_version=row.version, today=T)
    with unit_of_work() as s:
        duty = s.get(Duty, d.id)
        assert (duty.end_utc - duty.start_utc) == (d.end_utc - d.start_utc) - timedelta(minutes=150)
        assert "TOIL 2 h 30 min" in duty.role_note


def test_approval_changes_the_rota_writes_the_ledger_and_tells_the_person(login):
    me = login("p1058").actor
    days = [d for d in duties_of(me.person_id, T + timedelta(days=14), 5)]
    working = [d for d in days if d.kind == "shift"]
    row = R.request_leave(me, "annual", days[0].date, days[-1].date, reason="Holiday", today=T)
    planner = login("planner").actor
    out = R.decide_leave(planner, row.id, True, "Enjoy", expected_version=row.version, today=T)
    assert out.status == "approved" and [h.status for h in out.history] == ["pending", "approved"]
    with unit_of_work() as s:
        for d in working:
            duty = s.get(Duty, d.id)
            assert duty.kind == "annual_leave" and duty.start_utc is None and duty.version == d.version + 1
            assert s.exec(select(DutyChange).where(DutyChange.duty_id == d.id, DutyChange.reason_code == "leave")).one()
        entry = s.exec(select(LedgerEntry).where(LedgerEntry.ref_type == "leave", LedgerEntry.ref_id == row.id)).one()
        assert entry.minutes == -row_minutes(working) and entry.leave_year == 2026
        notes = s.exec(select(Notification).where(Notification.user_id == me.user_id,
                                                  Notification.kind == "leave_decision")).all()
        assert any("approved" in n.title for n in notes)
    # a second planner deciding the same request: Conflict naming who decided, nothing changes
    other = login("planner").actor
    with pytest.raises(Conflict, match=r"already approved by Dana Whitfield at \d\d:\d\d"):
        R.decide_leave(other, row.id, False, "No cover", expected_version=row.version, today=T)
    with unit_of_work() as s:
        assert s.get(LeaveRequest, row.id).status == "approved"


def row_minutes(duties):
    return sum(int((d.end_utc - d.start_utc).total_seconds() // 60) - d.break_minutes for d in duties)


def test_refusal_needs_a_reason_and_planner_scope_is_enforced(login):
    me = login("p1059").actor
    d = first_working(me.person_id, skip=5)
    row = R.request_leave(me, "annual", d.date, d.date, today=T)
    with pytest.raises(PermissionDenied):
        R.decide_leave(login("ccmanager").actor, row.id, True, expected_version=row.version)  # plans the call centre
    with pytest.raises(PermissionDenied):
        R.decide_leave(me, row.id, True, expected_version=row.version)  # staff can't decide
    with pytest.raises(InvalidInput, match="reason for refusing"):
        R.decide_leave(login("planner").actor, row.id, False, "", expected_version=row.version)
    out = R.decide_leave(login("planner").actor, row.id, False, "Training course that week", expected_version=row.version)
    assert out.status == "refused" and out.decision_reason == "Training course that week"
    with unit_of_work() as s:
        assert s.get(Duty, d.id).kind == "shift"


def test_two_planners_deciding_at_once_exactly_one_wins(login):
    me = login("p1060").actor
    d = first_working(me.person_id, skip=6)
    row = R.request_leave(me, "annual", d.date, d.date, today=T)
    planners = [login("planner").actor, login("planner").actor]
    barrier, results = threading.Barrier(2), []

    def decide(actor, approve):
        barrier.wait()
        try:
            R.decide_leave(actor, row.id, approve, "" if approve else "Short of cover", expected_version=row.version,
                           today=T)
            results.append("ok")
        except Conflict as err:
            results.append(err.message)

    threads = [threading.Thread(target=decide, args=(p, i == 0)) for i, p in enumerate(planners)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert results.count("ok") == 1
    assert any("already" in r for r in results if r != "ok")
    with unit_of_work() as s:
        final = s.get(LeaveRequest, row.id)
        ledger = s.exec(select(LedgerEntry).where(LedgerEntry.ref_type == "leave", LedgerEntry.ref_id == row.id)).all()
        assert (final.status == "approved") == (len(ledger) == 1)
