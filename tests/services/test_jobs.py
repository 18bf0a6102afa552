"""Scheduled work: each job's effect, findings announced once, once across workers, and a run
killed part-way leaving no partial results and running again next time."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from shiftapp import db, jobs, migrations
from shiftapp.db import unit_of_work
from shiftapp.engine.timeutil import LONDON, shift_interval
from shiftapp.models import (
    Duty, FindingRecord, JobRun, LedgerEntry, Notification, Person, RosterDraft, ShiftType,
)
from shiftapp.seed import seed
from shiftapp.services import duties, findings, jobs_admin
from shiftapp.services.errors import InvalidInput, PermissionDenied
from tests.conftest import ANCHOR, BACKENDS, _fresh_url

ROOT = Path(__file__).resolve().parents[2]


def _count(model, *where):
    with unit_of_work() as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


@pytest.fixture(scope="module", params=BACKENDS)
def jobs_db(request, tmp_path_factory):
    """A database of its own: these tests roll leave years over and scan everyone."""
    url = _fresh_url(request.param, tmp_path_factory)
    migrations.upgrade(url)
    seed("demo", ANCHOR, url)
    previous = db.current_url()
    db.use_database(url)
    jobs.ensure_schedules()
    yield url
    db.use_database(previous)


def test_working_time_scan_records_findings_and_announces_each_once(jobs_db):
    run = jobs.run_job("working_time_scan", "scan-1", today=ANCHOR)
    assert run.outcome == "succeeded" and run.summary["people"] > 250
    found = _count(FindingRecord)
    notes = _count(Notification, Notification.kind == "working_time")
    assert found == run.summary["new_findings"] > 0 and notes == run.summary["notifications"] > 0
    again = jobs.run_job("working_time_scan", "scan-2", today=ANCHOR)
    assert again.summary["new_findings"] == 0 and again.summary["notifications"] == 0
    assert (_count(FindingRecord), _count(Notification, Notification.kind == "working_time")) == (found, notes)


def _break_daily_rest(employee_no: str):
    """Bring a working day after a Late forward to an Early start: under 11 h rest (WTR-07)."""
    with unit_of_work() as s:
        person = s.exec(select(Person).where(Person.employee_no == employee_no)).one()
        late = s.exec(select(ShiftType).where(ShiftType.code == "L")).first()
        early = s.exec(select(ShiftType).where(ShiftType.code == "E")).first()
        rows = s.exec(select(Duty).where(Duty.person_id == person.id, Duty.date >= ANCHOR).order_by(Duty.date)).all()
        target = next(b for a, b in zip(rows, rows[1:]) if a.shift_type_id == late.id and b.shift_type_id == late.id)
        before = {"shift_type_id": target.shift_type_id, "start_utc": target.start_utc, "end_utc": target.end_utc}
        start, end = shift_interval(target.date, early.start_time, early.end_time)
        duties.change_duty(s, None, target, {"shift_type_id": early.id, "start_utc": start, "end_utc": end},
                           reason_code="exigency", reason="test")
        return person.id, target.id, before


def test_a_duty_change_that_breaks_daily_rest_is_found_at_once_and_resolves_when_undone(jobs_db):
    person_id, target_id, before = _break_daily_rest("P1012")
    with unit_of_work() as s:
        recs = s.exec(select(FindingRecord).where(FindingRecord.person_id == person_id, FindingRecord.rule == "WTR-07",
                                                  FindingRecord.status == "open")).all()
        assert len(recs) == 1 and "needs 11 h" in recs[0].message
        key = recs[0].key
    assert _count(Notification, Notification.dedupe_key == key[:80]) >= 2  # the officer and the planner
    with unit_of_work() as s:
        duties.change_duty(s, None, s.get(Duty, target_id), before, reason_code="exigency", reason="undo")
    with unit_of_work() as s:
        assert s.exec(select(FindingRecord).where(FindingRecord.key == key)).one().status == "resolved"


def test_planners_acknowledge_or_override_findings_with_a_reason(jobs_db, login_any):
    planner = login_any("planner")
    open_ = findings.list_findings(planner, "open")
    assert open_
    with pytest.raises(PermissionDenied):
        findings.list_findings(login_any("officer"))
    with pytest.raises(PermissionDenied, match="unit you don't plan"):
        findings.acknowledge(login_any("ccmanager"), open_[0].id)
    findings.acknowledge(planner, open_[0].id)
    assert findings.list_findings(planner, "acknowledged")[0].note.startswith("acknowledged by planner")
    _break_daily_rest("P1013")
    overridable = next(f for f in findings.list_findings(planner, "open") if f.override_allowed)
    assert overridable.rule == "WTR-07"
    with pytest.raises(InvalidInput, match="reason"):
        findings.override(planner, overridable.id, "short")
    findings.override(planner, overridable.id, "Operation Kestrel: mutual aid, compensatory rest booked")
    assert any(f.id == overridable.id for f in findings.list_findings(planner, "overridden"))


@pytest.fixture
def login_any(jobs_db):
    from shiftapp.seed.common import DEMO_PASSWORD
    from shiftapp.services import auth
    return lambda u: auth.login(u, DEMO_PASSWORD).actor


def test_leave_year_roll_over_credits_once_and_caps_carry_over(jobs_db):
    first = jobs.run_job("housekeeping", "hk-2027", today=date(2027, 4, 1))
    assert first.outcome == "succeeded" and first.summary["entitlements_credited"] > 250
    again = jobs.run_job("housekeeping", "hk-2027b", today=date(2027, 4, 2))
    assert again.summary["entitlements_credited"] == 0 and again.summary["carried_over"] == 0
    with unit_of_work() as s:
        for p in s.exec(select(Person).where(Person.active)).all()[:60]:
            carried = s.exec(select(func.coalesce(func.sum(LedgerEntry.minutes), 0)).where(
                LedgerEntry.person_id == p.id, LedgerEntry.leave_year == 2027, LedgerEntry.source == "carry_over")).one()
            assert 0 <= carried <= 5 * p.contract_minutes_per_week / 5 + 1


def test_toil_and_credential_expiry_warnings_are_sent_once(jobs_db):
    today = ANCHOR
    with unit_of_work() as s:
        p = s.exec(select(Person).where(Person.employee_no == "P1020")).one()
        s.add(LedgerEntry(person_id=p.id, ledger="toil", minutes=180, effective_date=today - timedelta(days=80)))
        s.add(LedgerEntry(person_id=p.id, ledger="toil", minutes=-60, effective_date=today - timedelta(days=10)))
    from shiftapp.services import housekeeping

    assert housekeeping.warn_toil_expiry(today)["toil_warnings"] >= 1
    with unit_of_work() as s:
        note = s.exec(select(Notification).where(Notification.kind == "toil_expiry")).first()
        assert note.title.startswith("2 h 00 min of TOIL expires")
    assert housekeeping.warn_toil_expiry(today)["toil_warnings"] == 0
    sent = housekeeping.warn_credential_expiry(today)["credential_warnings"]
    assert sent > 0 and housekeeping.warn_credential_expiry(today)["credential_warnings"] == 0


def test_a_trigger_runs_once_across_workers(jobs_db):
    import tests.jobs_fixture  # noqa: F401  (registers test_drafts)

    results = []
    barrier = threading.Barrier(3)

    def worker(n):
        barrier.wait()
        results.append(jobs.run_job("housekeeping", "same-trigger", today=ANCHOR, worker=f"w{n}"))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r is not None for r in results) == 1
    assert _count(JobRun, JobRun.job == "housekeeping", JobRun.trigger_key == "same-trigger") == 1


def test_two_scheduler_instances_fire_a_trigger_once(jobs_db):
    s1, s2 = jobs.JobScheduler(), jobs.JobScheduler()
    # a daily trigger: both instances must name the same fire time. With "* * * * *" a CI run
    # straddled a minute (each instance walks 36 h of minutes back to its last fire time) and
    # the two fired different triggers, each once
    cron = "0 4 * * *"
    before = _count(JobRun, JobRun.job == "housekeeping")

    async def both():
        await asyncio.gather(s1._fire("housekeeping", cron), s2._fire("housekeeping", cron))

    t = threading.Thread(target=lambda: asyncio.run(both()))  # its own loop, whatever the test runner runs
    t.start()
    t.join()
    assert _count(JobRun, JobRun.job == "housekeeping") == before + 1


def test_a_running_scheduler_picks_up_a_changed_schedule(jobs_db):
    admin = login_admin()
    was = next(j for j in jobs_admin.list_jobs(admin) if j.name == "housekeeping")
    seen = {}

    async def run():
        sched = jobs.JobScheduler()
        await asyncio.to_thread(jobs.ensure_schedules)
        await asyncio.to_thread(sched.sync)
        sched.watch_schedules(seconds=0.2)
        sched.scheduler.start()
        try:
            await asyncio.to_thread(jobs_admin.set_schedule, admin, "housekeeping", "15 3 * * *", False)
            await asyncio.sleep(1.5)  # a few re-syncs
            seen["crons"] = dict(sched._crons)
            seen["job"] = sched.scheduler.get_job("housekeeping")
        finally:
            sched.shutdown()

    t = threading.Thread(target=lambda: asyncio.run(run()))  # its own loop, as the app's lifespan has
    t.start()
    t.join()
    jobs_admin.set_schedule(admin, "housekeeping", was.cron, was.enabled)  # the module's database is shared
    assert seen["crons"]["housekeeping"] == ("15 3 * * *", False)
    assert seen["job"] is None  # switched off: no longer scheduled


def test_catch_up_runs_a_missed_trigger_once(jobs_db, monkeypatch):
    from shiftapp.services import drafts

    monkeypatch.setattr(drafts, "SECONDS_PER_UNIT", 2.0)  # the catch-up runs the nightly optimiser too
    jobs_admin.set_schedule(login_admin(), "working_time_scan", "30 1 * * *", True)
    now = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)
    key = jobs.trigger_key_for(jobs.previous_fire_time("30 1 * * *", now))
    assert "working_time_scan" in jobs.catch_up(now)
    assert "working_time_scan" not in jobs.catch_up(now)
    assert _count(JobRun, JobRun.job == "working_time_scan", JobRun.trigger_key == key) == 1


def login_admin():
    from shiftapp.seed.common import DEMO_PASSWORD
    from shiftapp.services import auth
    return auth.login("admin", DEMO_PASSWORD).actor


def test_bad_schedules_are_refused_and_change_nothing(jobs_db):
    admin = login_admin()
    rows = {j.name: j.cron for j in jobs_admin.list_jobs(admin)}
    with pytest.raises(InvalidInput, match="isn't a valid schedule"):
        jobs_admin.set_schedule(admin, "housekeeping", "every night please", True)
    with pytest.raises(PermissionDenied):
        jobs_admin.set_schedule(login_any_static("planner"), "housekeeping", "0 4 * * *", True)
    assert {j.name: j.cron for j in jobs_admin.list_jobs(admin)} == rows


def login_any_static(u):
    from shiftapp.seed.common import DEMO_PASSWORD
    from shiftapp.services import auth
    return auth.login(u, DEMO_PASSWORD).actor


def test_a_failing_job_is_retried_recorded_and_reported(jobs_db, monkeypatch):
    calls = []

    def flaky(ctx):
        calls.append(1)
        raise RuntimeError("solver exploded")

    monkeypatch.setitem(jobs.JOBS, "flaky", jobs.JobSpec("flaky", "0 4 * * *", "test", flaky))
    run = jobs.run_job("flaky", "f-1", retries=3, backoff_seconds=0)
    assert len(calls) == 3 and run.outcome == "failed" and run.attempts == 3 and "solver exploded" in run.error
    assert _count(Notification, Notification.kind == "job_failed") >= 1


def test_a_run_killed_part_way_leaves_no_partial_draft_and_runs_again(jobs_db, monkeypatch):
    import tests.jobs_fixture  # noqa: F401

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tests.jobs_fixture", jobs_db, "kill-1"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    line = ""
    deadline = time.time() + 60
    while "unit 2 written" not in line and time.time() < deadline:
        line = proc.stdout.readline()
    os.killpg(proc.pid, signal.SIGKILL)  # mid-way through unit 2's transaction
    proc.wait()
    with unit_of_work() as s:
        run = s.exec(select(JobRun).where(JobRun.trigger_key == "kill-1")).one()
        assert run.outcome == "running"
        drafts = s.exec(select(RosterDraft).where(RosterDraft.job_run_id == run.id)).all()
        assert sorted(d.unit_id for d in drafts) == [1]  # unit 1 whole, unit 2 not at all
        assert all(len(d.changes) == 5 for d in drafts)
    monkeypatch.setattr(jobs, "STALE_AFTER", timedelta(seconds=0))
    monkeypatch.setattr(tests.jobs_fixture.time, "sleep", lambda _: None)
    again = jobs.run_job("test_drafts", "kill-2", retries=1)
    assert again.outcome == "succeeded"
    with unit_of_work() as s:
        assert s.exec(select(JobRun).where(JobRun.trigger_key == "kill-1")).one().outcome == "abandoned"
        assert _count(RosterDraft, RosterDraft.job_run_id == again.id) == 3


def test_nightly_optimiser_keeps_drafts_and_never_publishes(jobs_db, login_any, monkeypatch):
    from shiftapp.services import drafts
    from shiftapp.services.errors import Conflict

    monkeypatch.setattr(drafts, "SECONDS_PER_UNIT", 2.0)
    with unit_of_work() as s:
        before = {(d.id, d.version) for d in s.exec(select(Duty).where(Duty.date > ANCHOR)).all()}
    run = jobs.run_job("nightly_optimiser", "nightly-1", today=ANCHOR)
    assert run.outcome == "succeeded" and run.summary["units"] == len(drafts.planning_units()) >= 2
    with unit_of_work() as s:
        after = {(d.id, d.version) for d in s.exec(select(Duty).where(Duty.date > ANCHOR)).all()}
        assert after == before  # nothing published on its own
        assert _count(RosterDraft, RosterDraft.job_run_id == run.id, RosterDraft.status == "draft") == run.summary["units"]
    planner = login_any("planner")
    rows = drafts.latest_drafts(planner)
    assert rows and {r.unit for r in rows} <= {"Northshire Central LPA", "Control Room (police staff)"}
    with_changes = next((r for r in rows if r.changes), None)
    if with_changes is not None:
        written = drafts.accept_draft(planner, with_changes.id)
        assert written == with_changes.changes
        with pytest.raises(Conflict, match="already accepted"):
            drafts.discard_draft(planner, with_changes.id)
    # a second night supersedes the drafts still waiting
    waiting = next(r for r in drafts.latest_drafts(planner) if r.status == "draft")
    with unit_of_work() as s:
        unit_id = s.get(RosterDraft, waiting.id).unit_id
    drafts.nightly_unit(unit_id, ANCHOR + timedelta(days=1), None, seconds=1.0)
    with unit_of_work() as s:
        assert s.get(RosterDraft, waiting.id).status == "superseded"


def test_the_freeze_window_opens_only_its_own_broken_days_and_says_so():
    """Inside the window only days whose hard cover is broken now may move; a broken day past
    it is not counted (the optimiser may move every day there anyway)."""
    from types import SimpleNamespace

    from shiftapp.engine.roster.domain import Cover
    from shiftapp.services import drafts
    from tests.engine.roster.helpers import row, tiny

    problem = tiny(horizon=20, people=2)
    problem.covers = [Cover(d, ("E",), 1, 1, 0, minimum=1) for d in range(20)]
    current = {"A": row("EEE.EEEEEEEEEEEE.EEE"), "B": row("." * 20)}
    prep, broken = drafts.freeze(SimpleNamespace(problem=problem, current=current), 14)
    assert broken == [3]
    assert ("A", 3) not in prep.problem.locked and ("B", 3) not in prep.problem.locked
    assert prep.problem.locked[("A", 2)] == "E" and prep.problem.locked[("B", 13)] == ""
    assert not any(day >= 14 for (_, day) in prep.problem.locked)
    assert drafts.freeze_note(broken, 14) == "1 day inside the 14-day freeze window had broken cover and was re-planned."
    assert drafts.freeze_note([], 14) == "No day inside the 14-day freeze window had broken cover, so its duties were kept."
    assert drafts.freeze_note([2, 5], 7).startswith("2 days inside the 7-day freeze window")


def test_transport_prep_plans_tomorrow_once(jobs_db):
    from shiftapp.models import Run

    day = ANCHOR + timedelta(days=7)  # the Monday after the seeded week has no runs yet
    assert _count(Run, Run.date == day) == 0
    run = jobs.run_job("transport_prep", "prep-1", today=day - timedelta(days=1))
    assert run.outcome == "succeeded", run.error
    assert run.summary["day"] == day.isoformat() and run.summary["depots"] >= 1
    planned = _count(Run, Run.date == day)
    assert planned > 0
    assert jobs.run_job("transport_prep", "prep-1", today=day - timedelta(days=1)) is None  # same trigger: once
