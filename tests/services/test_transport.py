"""Passenger transport services on the seeded depot: the stored plan keeps capacity,
wheelchair spaces, ride-time limits and bell times; crews are eligible (nobody with an
expired check); a crew member reads only their own runs' passengers (services and /api);
marks are stored once per client id; variations re-plan with least disruption."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from shiftapp.db import unit_of_work
from shiftapp.engine import routing as E
from shiftapp.models import (
    Credential, Notification, Passenger, Person, Run, RunSheetEvent, RunStop, Unit, User, Vehicle,
)
from shiftapp.services.errors import InvalidInput, PermissionDenied
from shiftapp.services.transport import bridge as B
from shiftapp.services.transport import marks, planning, variations, views
from tests.conftest import ANCHOR

TODAY, TOMORROW = ANCHOR, ANCHOR + timedelta(days=1)


def _depot(s) -> Unit:
    return s.exec(select(Unit).where(Unit.code == "LCC-PT-HUN")).one()


def _stored(day):
    with unit_of_work() as s:
        depot = _depot(s)
        facts = B.load_facts(s, depot, day)
        return facts, planning.stored_runs(s, depot.id, day)


@pytest.mark.parametrize("day", [TODAY, TOMORROW])
def test_seed_plans_the_anchor_week_within_capacity_ride_limits_and_bell_times(seeded_db, day):
    facts, runs = _stored(day)
    assert len(runs) >= 30
    for run, stops in runs:
        v = facts.all_vehicles[run.vehicle_id]
        assert stops[0].kind == "depart" and stops[-1].kind == "return"
        seats = wc = 0
        picked = {}
        for st in stops:
            p = facts.passengers.get(st.passenger_id) if st.passenger_id else None
            if st.kind == "pickup":
                picked[p.id] = st.planned_utc
                if p.wheelchair:
                    wc += 1
                else:
                    seats += 1
            elif st.kind == "dropoff":
                ride = (st.planned_utc - picked.pop(p.id)).total_seconds() / 60
                assert ride <= B.engine_passenger(p).effective_max_ride + 0.01, (run.code, p.reference, ride)
                if p.wheelchair:
                    wc -= 1
                else:
                    seats -= 1
            # capacity: one seat is kept for the escort; wheelchairs only in wheelchair spaces
            assert seats <= v.seats - 1, run.code
            assert wc <= v.wheelchair_spaces, run.code
            if st.destination_id:
                d = facts.destinations[st.destination_id]
                t = B.local_secs(B.aware(st.planned_utc))
                lo, hi = (B.engine_destination(d).am_window() if run.session == "am" else B.engine_destination(d).pm_window())
                assert lo <= t <= hi, (run.code, d.name, E.hhmm(t))
        assert not picked, f"{run.code}: someone collected and never set down"
        if run.session == "am":
            assert stops[-2].kind == "dropoff"


def test_bell_times_are_stored_in_utc_and_shown_in_london_time(seeded_db):
    facts, runs = _stored(TODAY)
    run, stops = runs[0]
    first = stops[1]
    assert B.aware(first.planned_utc).utcoffset().total_seconds() == 0
    # 23 Nov is GMT: London wall clock equals UTC; the stored time is the engine's seconds after midnight
    assert B.local_secs(B.aware(first.planned_utc)) == B.aware(first.planned_utc).hour * 3600 + \
        B.aware(first.planned_utc).minute * 60 + B.aware(first.planned_utc).second


def test_crews_are_eligible_and_nobody_with_an_expired_check_or_course_is_allocated(seeded_db):
    facts, runs = _stored(TODAY)
    members = {m.id: m for m in facts.crew}
    full = {(r.session, r.vehicle_id): B.stored_engine_run(facts, r, st) for r, st in runs}
    with unit_of_work() as s:
        expired = set(s.exec(select(Credential.person_id).where(Credential.expires < TODAY)).all())
    assert expired, "the seed has people with lapsed credentials"
    crewed = 0
    for run, _ in runs:
        er = full[(run.session, run.vehicle_id)]
        for role, person in (("driver", run.driver_id), ("escort", run.escort_id)):
            if person is None:
                continue
            crewed += 1
            assert E.eligibility(members[B.cid(person)], er, role, TODAY, facts.absences) == [], (run.code, role)
        if run.contractor_id:
            assert run.driver_id is None, "contractors supply their own drivers"
        elif er.needs_escort:
            assert run.escort_id is not None or any(w.startswith("no escort") for w in run.warnings), run.code
    assert crewed > 40
    # the people with an expired DBS or a lapsed passenger-assistant course hold no run that day
    with unit_of_work() as s:
        lapsed_dbs = set(s.exec(select(Credential.person_id).where(Credential.kind == "dbs_enhanced_child",
                                                                   Credential.expires < TODAY)).all())
    on_runs = {x for r, _ in runs for x in (r.driver_id, r.escort_id) if x}
    assert lapsed_dbs and not (lapsed_dbs & on_runs)


def test_contractor_runs_are_costed_per_run_and_per_passenger(seeded_db, login):
    tp = login("transport").actor
    dr = views.day_runs(tp, TODAY)
    assert dr.totals["runs"] == str(len(dr.runs))
    contractor = [r for r in dr.runs if r["operator"] != "In-house"]
    assert contractor and all(r["driver"] == "Contractor's driver" for r in contractor)
    for r in dr.runs:
        assert r["cost"].startswith("£") and (r["per_passenger"].startswith("£") or r["passengers"] == "0")
    some = dr.stops[int(dr.runs[0]["id"])]
    assert any(x["ride"] for x in some), "ride times are shown against the limit"


def test_planners_see_only_their_own_service(seeded_db, login):
    with pytest.raises(PermissionDenied):
        views.day_runs(login("planner").actor, TODAY)          # police planner
    with unit_of_work() as s:
        depot_id = _depot(s).id
        active = len(s.exec(select(Passenger).where(Passenger.unit_id == depot_id, Passenger.active)).all())
    lists = views.depot_lists(login("transport").actor, depot_id)
    assert len(lists.passengers) == active > 0 and lists.vehicles and lists.destinations
    assert lists.crew and all(c["label"].endswith(("(Driver)", "(Passenger Assistant)")) for c in lists.crew)
    with pytest.raises(PermissionDenied):
        views.depot_lists(login("planner").actor, depot_id)
    with pytest.raises(PermissionDenied):
        planning.plan_date(login("ccmanager").actor, depot_id, TODAY)


def _runs_of(person_id, day):
    with unit_of_work() as s:
        return s.exec(select(Run).where(Run.date == day, (Run.driver_id == person_id) | (Run.escort_id == person_id))).all()


def test_a_crew_member_reads_only_the_passengers_of_their_own_runs(seeded_db, login):
    driver = login("driver")
    mine = views.my_run_sheets(driver.actor, today=TODAY)
    my_runs = {r["id"] for d in mine["days"] for r in d["runs"]}
    assert my_runs, "the demo driver has runs today"
    with unit_of_work() as s:
        my_pax = set(s.exec(select(RunStop.passenger_id).where(RunStop.run_id.in_(my_runs))).all()) - {None}
        other = s.exec(select(Run).where(Run.date == TODAY, Run.id.not_in(my_runs))).first()
    shown = {st["passenger"]["id"] for d in mine["days"] for r in d["runs"] for st in r["stops"] if "passenger" in st}
    assert shown == my_pax
    with pytest.raises(PermissionDenied):
        views.run_sheet(driver.actor, other.id)
    assert views.run_sheet(driver.actor, next(iter(my_runs)))["stops"]
    with pytest.raises(PermissionDenied):
        views.run_sheet(login("advisor").actor, other.id)
    # a planner of the service may read it
    assert views.run_sheet(login("transport").actor, other.id)["stops"]
    # and through the API with the session token
    from shiftapp.api import api
    client = TestClient(api)
    h = {"Authorization": f"Bearer {driver.token}"}
    assert client.get(f"/api/runs/{other.id}/sheet", headers=h).status_code == 403
    assert client.get(f"/api/runs/{next(iter(my_runs))}/sheet", headers=h).status_code == 200
    assert client.get(f"/api/runs/{other.id}/sheet").status_code == 401
    data = client.get("/api/me/runsheets", headers=h).json()
    assert {st["passenger"]["id"] for d in data["days"] for r in d["runs"] for st in r["stops"]
            if "passenger" in st} <= my_pax | _tomorrow_pax(driver.actor.person_id)
    # marks on somebody else's run are refused
    other_stop = _first_pickup(other.id)
    res = marks.record_marks(driver.actor, [{"client_id": "foreign-run-0001", "run_id": other.id,
                                             "stop_id": other_stop.id, "kind": "collected"}])
    assert res["rejected"] and not res["stored"]


def _tomorrow_pax(person_id):
    ids = [r.id for r in _runs_of(person_id, TOMORROW)]
    with unit_of_work() as s:
        return set(s.exec(select(RunStop.passenger_id).where(RunStop.run_id.in_(ids))).all()) - {None}


def _first_pickup(run_id) -> RunStop:
    with unit_of_work() as s:
        return s.exec(select(RunStop).where(RunStop.run_id == run_id, RunStop.kind == "pickup").order_by(RunStop.seq)).first()


def test_a_mark_is_stored_once_however_often_it_is_sent(seeded_db, login):
    driver = login("driver")
    run = _runs_of(driver.actor.person_id, TODAY)[0]
    stop = _first_pickup(run.id)
    mark = {"client_id": "3f1c2a9e-aaaa-4bbb-8ccc-000000000001", "run_id": run.id, "stop_id": stop.id,
            "passenger_id": stop.passenger_id, "kind": "collected", "recorded_at": "2026-11-23T07:45:00Z"}
    first = marks.record_marks(driver.actor, [mark, dict(mark)])
    assert first["stored"] == [mark["client_id"]] and first["duplicates"] == [mark["client_id"]]
    from shiftapp.api import api
    client = TestClient(api)
    again = client.post("/api/me/marks", json={"marks": [mark]}, headers={"Authorization": f"Bearer {driver.token}"})
    assert again.status_code == 200 and again.json()["duplicates"] == [mark["client_id"]]
    with unit_of_work() as s:
        assert len(s.exec(select(RunSheetEvent).where(RunSheetEvent.client_id == mark["client_id"])).all()) == 1
    # the same fact from another phone (the escort's) or a double tap is not stored twice
    twice = marks.record_marks(driver.actor, [dict(mark, client_id="3f1c2a9e-aaaa-4bbb-8ccc-000000000009")])
    assert twice["duplicates"] and not twice["stored"]
    # a delivered mark doesn't fit a pick-up, and a mark needs a proper client id
    bad = marks.record_marks(driver.actor, [dict(mark, client_id="another-id-0002", kind="delivered"),
                                            dict(mark, client_id="x")])
    assert len(bad["rejected"]) == 2


def test_an_incident_mark_opens_an_incident_for_the_planners(seeded_db, login):
    driver = login("driver")
    run = _runs_of(driver.actor.person_id, TODAY)[0]
    stop = _first_pickup(run.id)
    res = marks.record_marks(driver.actor, [{"client_id": "incident-mark-0001", "run_id": run.id, "stop_id": stop.id,
                                             "kind": "incident", "note": "Seatbelt buckle broken, swapped seat"}])
    assert res["stored"]
    tp = login("transport").actor
    with unit_of_work() as s:
        assert s.exec(select(Notification).where(Notification.user_id == tp.user_id,
                                                 Notification.kind == "incident")).first() is not None


THU = ANCHOR + timedelta(days=3)
FRI = ANCHOR + timedelta(days=4)


def test_passenger_absent_is_replanned_with_least_disruption_and_crews_told(seeded_db, login):
    tp = login("transport").actor
    _, before = _stored(THU)
    run, stops = next((r, st) for r, st in before if r.session == "am" and r.driver_id and
                      sum(x.kind == "pickup" for x in st) >= 2)
    pax = next(x.passenger_id for x in stops if x.kind == "pickup")
    res = variations.passenger_absent(tp, pax, THU, "am", "hospital appointment", time_limit_s=3)
    assert res is not None
    _, after = _stored(THU)
    assert pax not in {x.passenger_id for r, st in after if r.session == "am" for x in st}
    assert pax in {x.passenger_id for r, st in after if r.session == "pm" for x in st}, "PM untouched"
    unchanged = sum(1 for r, st in after if r.session == "am" and r.version == 1)
    assert unchanged >= len([r for r, _ in after if r.session == "am"]) // 2, res.summary
    with unit_of_work() as s:
        told = s.exec(select(Notification).join(User, Notification.user_id == User.id)
                      .where(User.person_id == run.driver_id, Notification.kind == "run_changed")).all()
    assert told


def test_vehicle_off_the_road_and_crew_sick(seeded_db, login):
    tp = login("transport").actor
    _, before = _stored(FRI)
    run = next(r for r, _ in before if r.session == "am" and r.contractor_id is None and r.driver_id)
    variations.vehicle_off_road(tp, run.vehicle_id, FRI, FRI, time_limit_s=3)
    _, after = _stored(FRI)
    assert run.vehicle_id not in {r.vehicle_id for r, _ in after}
    with unit_of_work() as s:
        assert s.get(Vehicle, run.vehicle_id).off_road_from == FRI
    sick = next(r.driver_id for r, _ in after if r.driver_id)
    stops_before = {r.id: [(x.kind, x.passenger_id) for x in st] for r, st in after}
    res = variations.crew_sick(tp, sick, FRI, time_limit_s=3)
    assert res is not None
    _, final = _stored(FRI)
    assert sick not in {x for r, _ in final for x in (r.driver_id, r.escort_id)}
    assert {r.id: [(x.kind, x.passenger_id) for x in st] for r, st in final} == stops_before, "routes kept"
    kept = sum(1 for r, _ in final for a, _ in after if a.id == r.id and a.driver_id == r.driver_id)
    # the sick driver's AM and PM runs change hands and a few chains move with them; how few
    # depends on how far CP-SAT gets in its time limit on a loaded machine, so the bound is loose
    assert kept >= 0.75 * len(final), f"only {kept} of {len(final)} runs kept their driver"


def test_plan_date_for_the_scheduler_plans_a_new_day_in_one_go(seeded_db):
    nxt = ANCHOR + timedelta(days=7)
    with unit_of_work() as s:
        service_unit = s.exec(select(Unit).where(Unit.code == "LCC-PT")).one().id
    res = planning.plan_date(None, service_unit, nxt, time_limit_s=2, crew_time_limit_s=2)
    assert len(res) == 1 and res[0].runs >= 30
    _, runs = _stored(nxt)
    assert len(runs) == res[0].runs
    # planning again keeps what is there (re-plan with least disruption)
    again = planning.plan_date(None, service_unit, nxt, time_limit_s=2, crew_time_limit_s=2)
    assert again[0].runs >= res[0].runs - 2


def test_variations_refuse_other_services(seeded_db, login):
    with unit_of_work() as s:
        p = s.exec(select(Passenger)).first()
    with pytest.raises(PermissionDenied):
        variations.passenger_absent(login("planner").actor, p.id, THU)
    with pytest.raises(InvalidInput):
        variations.passenger_absent(login("transport").actor, p.id, THU, "evening")


def test_contractor_audits_and_their_expiry(seeded_db, login):
    from shiftapp.services.transport import compliance
    tp = login("transport").actor
    rows = compliance.contractors(tp, today=TODAY)
    assert len(rows) == 3 and all(r["state"] in ("ok", "due soon") for r in rows)
    late = compliance.contractors(tp, today=TODAY + timedelta(days=200))
    assert {r["state"] for r in late} == {"overdue"}
    cid = int(rows[0]["id"])
    with pytest.raises(InvalidInput):
        compliance.record_audit(tp, cid, TODAY, "maybe")
    a = compliance.record_audit(tp, cid, TODAY - timedelta(days=1), "fail", "Two drivers without badges")
    assert a.next_due == TODAY - timedelta(days=1) + timedelta(days=30)
    assert next(r for r in compliance.contractors(tp, today=TODAY) if r["id"] == str(cid))["state"] == "failed"
    with pytest.raises(PermissionDenied):
        compliance.record_audit(login("planner").actor, cid, TODAY, "pass")


def test_incident_follow_up_actions_must_be_done_before_closing(seeded_db, login):
    from shiftapp.services.errors import Conflict
    from shiftapp.services.transport import compliance
    tp = login("transport").actor
    _, runs = _stored(TOMORROW)
    inc = compliance.report_incident(tp, runs[0][0].id, "accident", "high", "Minor collision in the school car park")
    compliance.add_action(tp, inc.id, "Vehicle inspection before next use", "Fleet manager", TOMORROW)
    with pytest.raises(Conflict):
        compliance.close_incident(tp, inc.id)
    compliance.complete_action(tp, inc.id, 0)
    assert compliance.close_incident(tp, inc.id).status == "closed"
    assert all(i["id"] != str(inc.id) for i in compliance.incidents(tp))
    with pytest.raises(PermissionDenied):
        compliance.incidents(login("driver").actor)


# ---- new passenger, change of address, manual crew override --------------------------
# These run last and change Wednesday (crews) and Friday (routes) only.

WED = ANCHOR + timedelta(days=2)


def _count(model, *where) -> int:
    with unit_of_work() as s:
        return len(s.exec(select(model.id).where(*where)).all())


def _near(dest_lat, dest_lon, north_km=1.0, east_km=0.5):
    return dest_lat + north_km / 111.0, dest_lon + east_km / 66.0


def _new_passenger_form(**changes):
    from shiftapp.models import Destination
    with unit_of_work() as s:
        depot = _depot(s)
        dest = s.exec(select(Destination).where(Destination.unit_id == depot.id).order_by(Destination.id)).first()
    lat, lon = _near(dest.lat, dest.lon)
    form = dict(given_name="Maisie", family_name="Okafor", destination_id=dest.id, address="14 Grange Road, Leeds",
                lat=lat, lon=lon, needs=["epilepsy"], contact_name="Grace Okafor", contact_phone="07700 900123")
    form.update(changes)
    return depot.id, form


def _planned_from(day):
    with unit_of_work() as s:
        return sorted(set(s.exec(select(Run.date).where(Run.date >= day)).all()))


def test_a_new_passenger_is_refused_with_a_clear_reason_and_nothing_is_written(seeded_db, login):
    from shiftapp.models import AuditEntry
    tp = login("transport").actor
    pax, audits = _count(Passenger), _count(AuditEntry)
    cases = [
        (dict(given_name="  "), "name"),
        (dict(destination_id=999999), "school or centre"),
        (dict(address=""), "address"),
        (dict(lat=-1.55, lon=53.8), "not in Great Britain"),           # latitude and longitude swapped
        (dict(lat=51.5072, lon=-0.1276), "ride limit"),                 # London: in GB, out of reach of Leeds
        (dict(contact_phone="123"), "emergency contact"),
        (dict(needs=["telepathy"]), "Unknown need"),
        (dict(max_ride_minutes=500), "ride limit"),
    ]
    for change, words in cases:
        depot_id, form = _new_passenger_form(**change)
        with pytest.raises(InvalidInput) as err:
            variations.add_passenger(tp, depot_id, start=FRI, today=ANCHOR, time_limit_s=3, **form)
        assert words in err.value.message, (change, err.value.message)
    assert (_count(Passenger), _count(AuditEntry)) == (pax, audits)
    with pytest.raises(InvalidInput) as err:
        variations.parse_coordinates("Grange Road")
    assert "latitude, longitude" in err.value.message
    assert variations.parse_coordinates(" 53.7960, -1.5479 ") == (53.796, -1.5479)
    depot_id, form = _new_passenger_form()
    with pytest.raises(PermissionDenied):
        variations.add_passenger(login("planner").actor, depot_id, **form)


def test_a_new_passenger_is_planned_with_least_disruption_and_crews_told(seeded_db, login):
    # From Thursday, a day with the whole fleet: Friday has a vehicle off the road (an earlier
    # test), so its runs are short of room and who of the passengers left over gets the last
    # seat is a tie; there the newcomer is either seated or named to the planner as unplanned.
    tp = login("transport").actor
    depot_id, form = _new_passenger_form()
    _, before = _stored(THU)
    p, results = variations.add_passenger(tp, depot_id, start=THU, today=ANCHOR, time_limit_s=3, **form)
    assert p.reference.startswith("PT9") and p.needs == ["epilepsy"]
    assert [r.day for r in results] == _planned_from(THU), "every planned date from the start is re-planned"
    for res in results:
        _, runs = _stored(res.day)
        for session in ("am", "pm"):
            seated = any(x.passenger_id == p.id for r, st in runs if r.session == session for x in st)
            assert seated != (p.reference in res.unplanned[session]), (res.day, session, res.unplanned)
    _, after = _stored(THU)
    on = [(r, st) for r, st in after if p.id in {x.passenger_id for x in st}]
    assert {r.session for r, _ in on} == {"am", "pm"}, results[0].unplanned
    unchanged = sum(1 for r, _ in after if any(b.id == r.id and b.version == r.version for b, _ in before))
    assert unchanged >= len(after) // 2, results[0].summary
    with unit_of_work() as s:
        from shiftapp.models import AuditEntry
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "passenger_added",
                                               AuditEntry.entity_id == p.id)).first() is not None
    told = {x for r, _ in on for x in (r.driver_id, r.escort_id) if x}
    with unit_of_work() as s:
        users = s.exec(select(User.id).where(User.person_id.in_(told))).all()
        assert s.exec(select(Notification).where(Notification.user_id.in_(users),
                                                 Notification.kind == "run_changed")).first() is not None
    # the escort on the morning run is trained for the new passenger's epilepsy
    am = next(r for r, _ in on if r.session == "am")
    if am.escort_id:
        facts, runs = _stored(THU)
        er = next(B.stored_engine_run(facts, r, st) for r, st in runs if r.id == am.id)
        assert "epilepsy" in er.required_training


def _pickup_on(day, session="am"):
    _, runs = _stored(day)
    return next((r, x) for r, st in runs if r.session == session and r.contractor_id is None
                for x in st if x.kind == "pickup")


def test_a_change_of_address_is_refused_when_it_cannot_be_routed(seeded_db, login):
    tp = login("transport").actor
    run, stop = _pickup_on(FRI)
    with unit_of_work() as s:
        p = s.get(Passenger, stop.passenger_id)
    for args, words in [(("", p.lat, p.lon + 0.01), "address"), (("1 High Street, Leeds", 95.0, -1.5), "Great Britain"),
                        (("1 Sauchiehall Street, Glasgow", 55.8642, -4.2518), "ride limit"),
                        ((p.address, p.lat, p.lon), "already on record")]:
        with pytest.raises(InvalidInput) as err:
            variations.change_address(tp, p.id, *args, day=FRI, today=ANCHOR, time_limit_s=3)
        assert words in err.value.message, err.value.message
    with unit_of_work() as s:
        again = s.get(Passenger, p.id)
        assert (again.address, again.lat, again.lon) == (p.address, p.lat, p.lon)
        assert s.get(Run, run.id).version == run.version


def test_a_change_of_address_moves_the_pickup_and_keeps_the_rest(seeded_db, login):
    from shiftapp.models import AuditEntry
    tp = login("transport").actor
    # On Thursday, a day with the whole fleet (Friday has a vehicle off the road, and there who
    # of the passengers left over gets the last seat is a tie the search's time decides).
    run, stop = _pickup_on(THU, "pm")
    with unit_of_work() as s:
        p = s.get(Passenger, stop.passenger_id)
    lat, lon = p.lat + 0.004, p.lon - 0.003
    results = variations.change_address(tp, p.id, "7 Moor Lane, Leeds", lat, lon, day=THU, today=ANCHOR,
                                        time_limit_s=3)
    assert [r.day for r in results] == _planned_from(THU)
    _, after = _stored(THU)
    thu = next(r for r in results if r.day == THU)
    for session, kind in (("am", "pickup"), ("pm", "dropoff")):
        at = [x for r, st in after if r.session == session for x in st if x.passenger_id == p.id and x.kind == kind]
        if p.reference in thu.unplanned[session]:
            # the new address did not fit this session's runs in the time given: the planner
            # is told, and no stop is left at the old address
            assert not at
        else:
            assert len(at) == 1 and (round(at[0].lat, 6), round(at[0].lon, 6)) == (round(lat, 6), round(lon, 6))
    assert p.reference not in thu.unplanned["am"] or p.reference not in thu.unplanned["pm"]
    with unit_of_work() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "passenger_moved",
                                                AuditEntry.entity_id == p.id)).one()
        assert entry.before["address"] == p.address and entry.after["address"] == "7 Moor Lane, Leeds"
    # Wednesday (before the change date) keeps the stops it had
    _, wed = _stored(WED)
    assert all((x.lat, x.lon) != (lat, lon) for _, st in wed for x in st)


def _wed_run(actor=None):
    """An in-house Wednesday morning run with a driver (with ``actor``: one that at least two
    other drivers could take). Earlier tests re-plan Wednesday (new passengers, changes of
    address) and how far CP-SAT gets on a loaded machine decides the runs: once in the full
    suite no other driver could take the first one, which is not the case these tests are
    about."""
    from shiftapp.services.transport import crew
    _, runs = _stored(WED)
    candidates = [r for r, _ in runs if r.session == "am" and r.contractor_id is None and r.driver_id]
    if actor is None:
        return candidates[0]
    return next(r for r in candidates
                if sum(c["ok"] == "yes" for c in crew.crew_candidates(actor, r.id, "driver")) >= 2)


def test_override_a_driver_with_an_eligible_one(seeded_db, login):
    from shiftapp.models import AuditEntry
    from shiftapp.services.transport import crew
    tp = login("transport").actor
    run = _wed_run(tp)
    options = crew.crew_candidates(tp, run.id, "driver")
    ok = [c for c in options if c["ok"] == "yes"]
    assert ok and any(c["ok"] != "yes" for c in options), "some can, some can't (with a reason)"
    assert all(c["why"] for c in options if c["ok"] != "yes")
    new = int(ok[0]["id"])
    res = crew.override_crew(tp, run.id, "driver", new, expected_version=run.version, reason="Knows the route")
    assert res["person"] == ok[0]["name"]
    with unit_of_work() as s:
        now = s.get(Run, run.id)
        assert now.driver_id == new and now.version == run.version + 1
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "run_crew_override",
                                                AuditEntry.entity_id == run.id)).one()
        assert entry.before == {"driver_id": run.driver_id} and entry.after["driver_id"] == new
        for person in (new, run.driver_id):
            user = s.exec(select(User.id).where(User.person_id == person)).first()
            if user:
                assert s.exec(select(Notification).where(Notification.user_id == user,
                                                         Notification.kind == "run_changed")).first() is not None
    # the new driver now sees the run on their sheet; the old one no longer does
    assert run.id in {r.id for r in _runs_of(new, WED)}
    assert run.id not in {r.id for r in _runs_of(run.driver_id, WED)}


def test_override_refuses_an_ineligible_driver_or_escort_and_changes_nothing(seeded_db, login):
    from shiftapp.services.errors import Conflict
    from shiftapp.services.transport import crew
    tp = login("transport").actor
    run = _wed_run(tp)
    options = crew.crew_candidates(tp, run.id, "driver")
    no = next(c for c in options if c["ok"] != "yes")
    with pytest.raises(InvalidInput) as err:
        crew.override_crew(tp, run.id, "driver", int(no["id"]), expected_version=run.version)
    assert "can't be the driver" in err.value.message and no["why"].split(";")[0] in err.value.message
    # a lapsed enhanced DBS: refused, and said so
    with unit_of_work() as s:
        lapsed = s.exec(select(Person).join(Credential, Credential.person_id == Person.id)
                        .where(Credential.kind == "dbs_enhanced_child", Credential.expires < WED,
                               Person.job_title == B.DRIVER_TITLE)).first()
    assert lapsed is not None and lapsed.id != run.driver_id, "the seed has a driver whose DBS has lapsed"
    with pytest.raises(InvalidInput) as err:
        crew.override_crew(tp, run.id, "driver", lapsed.id, expected_version=run.version)
    assert "enhanced DBS with the children's barred list expired" in err.value.message
    # an escort is not a driver; a stale version is a conflict; someone else's service is refused
    with unit_of_work() as s:
        an_escort = s.exec(select(Person).where(Person.job_title == B.ESCORT_TITLE)).first()
    with pytest.raises(InvalidInput):
        crew.override_crew(tp, run.id, "driver", an_escort.id, expected_version=run.version)
    ok, on_leave = [c for c in options if c["ok"] == "yes"][:2]
    # eligible a moment ago, but the rota now has them on leave that day (set straight in the table)
    from shiftapp.models import Duty
    with unit_of_work() as s:
        duty = s.exec(select(Duty).where(Duty.person_id == int(on_leave["id"]), Duty.date == WED,
                                         Duty.line == "main")).one()
        duty.kind, duty.shift_type_id, duty.start_utc, duty.end_utc = "annual_leave", None, None, None
        s.add(duty)
    with pytest.raises(InvalidInput) as err:
        crew.override_crew(tp, run.id, "driver", int(on_leave["id"]), expected_version=run.version)
    assert "absent: annual leave" in err.value.message
    with pytest.raises(Conflict):
        crew.override_crew(tp, run.id, "driver", int(ok["id"]), expected_version=run.version - 1)
    with pytest.raises(PermissionDenied):
        crew.override_crew(login("planner").actor, run.id, "driver", int(ok["id"]), expected_version=run.version)
    with unit_of_work() as s:
        same = s.get(Run, run.id)
        assert (same.driver_id, same.escort_id, same.version) == (run.driver_id, run.escort_id, run.version)


def test_two_planners_overriding_one_run_exactly_one_wins(seeded_db, login):
    import threading

    from shiftapp.services.errors import Conflict
    from shiftapp.services.transport import crew
    tp, admin = login("transport").actor, login("admin").actor
    _, runs = _stored(WED)
    # a run that two different eligible drivers could take (the routes vary a little from seed to seed)
    run, ok = next((r, ok) for r, _ in sorted(runs, key=lambda x: x[0].session != "pm")
                   if r.contractor_id is None and r.driver_id
                   for ok in [[c for c in crew.crew_candidates(tp, r.id, "driver") if c["ok"] == "yes"]]
                   if len(ok) >= 2)
    results, barrier = [], threading.Barrier(2)

    def go(actor, person):
        barrier.wait()
        try:
            crew.override_crew(actor, run.id, "driver", person, expected_version=run.version)
            results.append(("won", person))
        except Conflict as err:
            results.append((err.message, person))

    threads = [threading.Thread(target=go, args=(a, int(c["id"]))) for a, c in ((tp, ok[0]), (admin, ok[1]))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert [r for r, _ in results].count("won") == 1, results
    winner = next(p for r, p in results if r == "won")
    loser = next(r for r, _ in results if r != "won")
    assert "was changed by" in loser and "Reload" in loser
    with unit_of_work() as s:
        now = s.get(Run, run.id)
        assert now.driver_id == winner and now.version == run.version + 1
