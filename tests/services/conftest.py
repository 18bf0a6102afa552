"""Fixtures the service tests share: the demo planner and administrator, signed in."""
from __future__ import annotations

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
