"""Audit trail filters, notifications, and what each home shows from the seeded data."""
from __future__ import annotations

from datetime import date

import pytest

from shiftapp.services import audit, home
from shiftapp.services.errors import InvalidInput, NotFound
from tests.conftest import ANCHOR


def test_audit_trail_filters_by_action_user_and_date(login):
    login("officer")
    admin = login("admin").actor
    rows, total = audit.list_audit(admin, action="login", username="officer")
    assert total >= 1 and all(r.action == "login" and r.user == "officer" for r in rows)
    none, zero = audit.list_audit(admin, action="login", since=date(2001, 1, 1), until=date(2001, 1, 2))
    assert zero == 0 and none == []
    assert "login" in audit.audit_actions(admin)


@pytest.mark.parametrize("kwargs,message", [
    ({"since": date(2026, 2, 1), "until": date(2026, 1, 1)}, "before the 'from' date"),
    ({"limit": 0}, "Page size"), ({"limit": 100000}, "Page size"), ({"offset": -1}, "Page size"),
])
def test_audit_trail_bad_filters_get_clear_messages(login, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        audit.list_audit(login("admin").actor, **kwargs)


def test_notifications_are_private(login):
    from shiftapp.db import unit_of_work
    from shiftapp.models import Notification

    officer = login("officer").actor
    with unit_of_work() as s:
        audit.notify_users(s, [officer.user_id], "test", "Your duty on Friday has changed")
    rows, unread = audit.my_notifications(officer)
    assert unread >= 1 and rows[0].title == "Your duty on Friday has changed"
    with pytest.raises(NotFound):
        audit.mark_read(login("sergeant").actor, rows[0].id)
    assert audit.my_notifications(officer)[1] == unread
    assert audit.mark_read(officer, rows[0].id) == 1
    assert audit.my_notifications(officer)[1] == unread - 1
    with unit_of_work() as s:
        assert s.get(Notification, rows[0].id).read_at is not None


def test_staff_home_shows_the_next_duty_and_balances(login):
    h = home.staff_home(login("officer").actor, today=ANCHOR)
    assert h.next_duty is not None and h.next_duty["date"] >= ANCHOR.isoformat()
    assert h.next_duty["times"] and h.days[0]["date"] == ANCHOR.isoformat()
    assert len(h.days) == 14
    assert float(h.balances["annual_leave_days"]) > 20


def test_planner_home_counts_cover_against_minimum(login):
    h = home.planner_home(login("planner").actor, today=ANCHOR)
    assert {c["shift"] for c in h.cover} >= {"Early (E)", "Late (L)", "Night (N)"}
    for c in h.cover:
        expected = "short" if int(c["on"]) < int(c["minimum"]) else "below target" if int(c["on"]) < int(c["target"]) else "ok"
        assert c["status"] == expected
    assert h.pending_leave == 5


def test_transport_home_flags_expiring_credentials(login):
    h = home.transport_home(login("transport").actor, today=ANCHOR)
    assert (h.passengers, h.vehicles, h.destinations, h.crew) == (120, 25, 15, 80)
    assert {c["state"] for c in h.expiring} <= {"expired", "expiring"}
    assert any(c["state"] == "expired" for c in h.expiring)
    # shown by name, not by code
    assert all("_" not in c["label"] and c["label"][0].isupper() for c in h.expiring)


def test_credentials_are_named_as_people_know_them():
    assert home.credential_label("licence_d1") == "Driving licence, category D1 (minibus)"
    assert home.credential_label("dbs_enhanced_child") == "Enhanced DBS check (children)"
    assert home.credential_label("training", "passenger_assistant") == "Passenger assistant training"
    assert home.credential_label("training") == "Training"
    assert home.credential_label("first_aid", "Level 3") == "First aid: Level 3"
