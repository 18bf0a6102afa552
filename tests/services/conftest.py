"""Fixtures the service tests share: the demo planner and administrator, signed in; flexible working
agreed for the length of a test."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest


@pytest.fixture
def planner(login):
    from shiftapp.services import auth
    return auth.current_actor(login("planner").token)


@pytest.fixture
def admin(login):
    from shiftapp.services import auth
    return auth.current_actor(login("admin").token)


def planner_area(planner) -> int:
    """The planner's default unit on the desk (the police area)."""
    from shiftapp.db import unit_of_work
    from shiftapp.services.desk import common
    with unit_of_work() as s:
        return common.default_unit(s, planner)


#: days and hours agreed under flexible working in these tests: earlies only, on weekdays
WEEKDAY_EARLIES = {d: "06:00-16:00" for d in ("mon", "tue", "wed", "thu", "fri")}


@contextmanager
def agreed_flex(person_id: int, since: date, days: dict[str, str] | None = None, status: str = "approved"):
    """Flexible working agreed (approved, or on trial) for the person from ``since`` (days and hours,
    or else a pattern) for the body of the ``with``; removed after, so no other test sees it."""
    from shiftapp.db import unit_of_work
    from shiftapp.models import FlexRequest
    with unit_of_work() as s:
        fr = FlexRequest(person_id=person_id, received_date=date(2026, 10, 1), change_kind="times" if days else "days",
                         change_description="Agreed for a test of how the desk follows it", proposed_days=days,
                         effective_from=since, decision_deadline=date(2026, 12, 1), status=status)
        s.add(fr)
        s.flush()
        fr_id = fr.id
    try:
        yield
    finally:
        with unit_of_work() as s:
            s.delete(s.get(FlexRequest, fr_id))
