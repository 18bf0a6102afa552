"""The permission matrix: every demo role against every service, allowed or refused clearly."""
from __future__ import annotations

import pytest

from shiftapp.services import audit, home
from shiftapp.services.errors import PermissionDenied

SERVICES = {
    "staff_home": lambda a: home.staff_home(a),
    "crew_home": lambda a: home.crew_home(a),
    "planner_home": lambda a: home.planner_home(a),
    "transport_home": lambda a: home.transport_home(a),
    "admin_home": lambda a: home.admin_home(a),
    "list_audit": lambda a: audit.list_audit(a),
    "my_notifications": lambda a: audit.my_notifications(a),
}
ALL = set(SERVICES)
MATRIX = {  # username -> services allowed; everything else must be refused with PermissionDenied
    "officer": {"staff_home", "my_notifications"},
    "callhandler": {"staff_home", "my_notifications"},
    "advisor": {"staff_home", "my_notifications"},
    "planner": {"staff_home", "planner_home", "my_notifications"},
    "ccmanager": {"staff_home", "planner_home", "my_notifications"},
    "transport": {"staff_home", "transport_home", "my_notifications"},
    "driver": {"staff_home", "crew_home", "my_notifications"},
    "escort": {"staff_home", "crew_home", "my_notifications"},
    "admin": ALL,
}


@pytest.mark.parametrize("username", sorted(MATRIX))
@pytest.mark.parametrize("service", sorted(SERVICES))
def test_permission_matrix(login, username, service):
    actor = login(username).actor
    if service in MATRIX[username]:
        SERVICES[service](actor)
    else:
        with pytest.raises(PermissionDenied) as err:
            SERVICES[service](actor)
        assert err.value.message.startswith(("You don't have permission to", "You can't", "Your login isn't linked"))


def test_a_planner_is_scoped_to_their_units(login):
    police = login("planner").actor
    cc = login("ccmanager").actor
    assert police.unit_ids and cc.unit_ids and not (police.unit_ids & cc.unit_ids)
    some_cc_unit = next(iter(cc.unit_ids))
    with pytest.raises(PermissionDenied, match="unit you don't plan"):
        police.require_unit(some_cc_unit, what="approve leave")
    police.require_unit(next(iter(police.unit_ids)), what="approve leave")
    names = home.planner_home(cc).units
    assert names == ["Customer Contact Centre"]
