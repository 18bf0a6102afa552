"""Scheduled work (APScheduler), run once across all app workers.

Every worker process starts an ``AsyncIOScheduler`` in the app's lifespan. When a trigger
fires, each worker tries to insert ``JobRun(job, trigger_key)``; the unique constraint lets
exactly one of them run it, on any database. A restart catches up: a trigger missed while no
worker was up is run once (coalesced), not once per missed firing. A job runs in a thread (never
on the event loop), is retried with backoff, writes one transaction per unit, and its run is
recorded (start, end, outcome, error). Schedules live in ``JobSchedule`` and admins edit them;
workers pick up edits within a minute."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from .db import unit_of_work
from .engine.timeutil import LONDON
from .models import JobRun, JobSchedule
from .models.base import utcnow

log = logging.getLogger("shiftapp.jobs")
WORKER = f"{socket.gethostname()}:{os.getpid()}"
STALE_AFTER = timedelta(minutes=30)  # a run with no heartbeat for this long was killed
CATCH_UP_WITHIN = timedelta(hours=36)


@dataclass(frozen=True)
class JobSpec:
    name: str
    cron: str
    description: str
    func: Callable[["JobContext"], dict]


@dataclass
class JobContext:
    run_id: int
    today: date
    trigger_key: str
    summary: dict = field(default_factory=dict)

    def heartbeat(self) -> None:
        with unit_of_work() as s:
            run = s.get(JobRun, self.run_id)
            run.heartbeat_at = utcnow()
            s.add(run)


JOBS: dict[str, JobSpec] = {}


def job(name: str, cron: str, description: str):
    def register(func: Callable[[JobContext], dict]) -> Callable[[JobContext], dict]:
        JOBS[name] = JobSpec(name, cron, description, func)
        return func
    return register


# ---------------------------------------------------------------------------------------- jobs


@job("working_time_scan", "30 1 * * *",
     "Check everyone's published and planned duties against their rule pack; announce new findings once.")
def working_time_scan(ctx: JobContext) -> dict:
    from .services.findings import scan_all

    result = scan_all(ctx.today)
    return {"people": result.people, "new_findings": result.new, "resolved": result.resolved,
            "notifications": result.notified}


@job("nightly_optimiser", "0 2 * * *",
     "Re-solve each planning unit's next weeks (inside the freeze window only days whose cover broke); "
     "keep the result as a draft for the planner, never published.")
def nightly_optimiser(ctx: JobContext) -> dict:
    from .services import drafts

    start = ctx.today + timedelta(days=1)
    totals = {"units": 0, "changes": 0, "unmet": 0}
    for unit_id in drafts.planning_units():
        result = drafts.nightly_unit(unit_id, start, ctx.run_id)  # one transaction per unit
        ctx.heartbeat()
        totals["units"] += 1
        totals["changes"] += result["changes"]
        totals["unmet"] += result["unmet"]
    return totals


@job("transport_prep", "0 15 * * 1-5",
     "Plan tomorrow's passenger-transport runs and crews from the latest passenger, vehicle and crew changes; "
     "crews whose runs changed are told, and their phones cache the sheets.")
def transport_prep(ctx: JobContext) -> dict:
    from sqlmodel import select as _select

    from .models import Unit
    from .services.transport import planning

    tomorrow = ctx.today + timedelta(days=1)
    with unit_of_work() as s:
        services = s.exec(_select(Unit.id).where(Unit.service == "transport", Unit.kind == "service")).all()
    lines = []
    for unit_id in services:  # one transaction per depot inside plan_date
        for res in planning.plan_date(None, unit_id, tomorrow):
            lines.append(planning.describe(res))
            ctx.heartbeat()
    return {"day": tomorrow.isoformat(), "depots": len(lines), "result": " ".join(lines)[:900]}


@job("housekeeping", "0 3 * * *",
     "Leave-year roll-over with carry-over limits; TOIL and credential expiry warnings.")
def housekeeping(ctx: JobContext) -> dict:
    from .services import housekeeping as hk

    return {**hk.roll_over_leave(ctx.today), **hk.warn_toil_expiry(ctx.today), **hk.warn_credential_expiry(ctx.today)}


# ------------------------------------------------------------------------------------ running


def ensure_schedules() -> None:
    """Give every registered job a schedule row (the default cron) if it has none."""
    with unit_of_work() as s:
        have = set(s.exec(select(JobSchedule.name)).all())
        for spec in JOBS.values():
            if spec.name not in have:
                s.add(JobSchedule(name=spec.name, cron=spec.cron))


def cron_trigger(cron: str):
    from apscheduler.triggers.cron import CronTrigger

    return CronTrigger.from_crontab(cron, timezone=LONDON)


def previous_fire_time(cron: str, now: datetime) -> datetime | None:
    """The last time ``cron`` fired at or before ``now`` (within the catch-up window)."""
    trigger = cron_trigger(cron)
    t = trigger.get_next_fire_time(None, now - CATCH_UP_WITHIN)
    last = None
    while t is not None and t <= now:
        last = t
        t = trigger.get_next_fire_time(t, t + timedelta(seconds=1))
    return last


def trigger_key_for(fire_time: datetime) -> str:
    return fire_time.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def claim(name: str, trigger_key: str, worker: str = WORKER) -> int | None:
    """Insert the run row; the id if this worker won the trigger, None if another worker has it."""
    try:
        with unit_of_work() as s:
            run = JobRun(job=name, trigger_key=trigger_key, worker=worker)
            s.add(run)
            s.flush()
            return run.id
    except IntegrityError:
        return None


def abandon_stale(name: str) -> int:
    """Mark runs whose worker died mid-run (no heartbeat) as abandoned; their units were rolled back."""
    cutoff = utcnow() - STALE_AFTER
    with unit_of_work() as s:
        rows = s.exec(select(JobRun).where(JobRun.job == name, JobRun.outcome == "running",
                                           JobRun.heartbeat_at < cutoff)).all()
        for r in rows:
            r.outcome, r.finished_at, r.error = "abandoned", utcnow(), "The worker stopped before the run finished."
            s.add(r)
        return len(rows)


def run_job(name: str, trigger_key: str | None = None, *, today: date | None = None, worker: str = WORKER,
            retries: int = 3, backoff_seconds: float = 5.0) -> JobRun | None:
    """Run ``name`` once for ``trigger_key`` (default: a manual run). Returns the finished run, or
    None when another worker already has this trigger."""
    spec = JOBS[name]
    trigger_key = trigger_key or f"manual:{uuid.uuid4().hex[:12]}"
    abandon_stale(name)
    run_id = claim(name, trigger_key, worker)
    if run_id is None:
        log.info("job %s %s: already taken by another worker", name, trigger_key)
        return None
    ctx = JobContext(run_id=run_id, today=today or datetime.now(LONDON).date(), trigger_key=trigger_key)
    error, summary, attempt = "", None, 0
    for attempt in range(1, retries + 1):
        try:
            summary = spec.func(ctx)
            error = ""
            break
        except Exception:  # noqa: BLE001 - recorded and retried, never raised into the scheduler
            error = traceback.format_exc(limit=6)
            log.warning("job %s attempt %d failed:\n%s", name, attempt, error)
            if attempt < retries:
                time.sleep(backoff_seconds * 2 ** (attempt - 1))
    with unit_of_work() as s:
        run = s.get(JobRun, run_id)
        run.finished_at = utcnow()
        run.attempts = attempt
        run.outcome = "failed" if error else "succeeded"
        run.error = error[-2000:]
        run.summary = summary
        s.add(run)
    if error:
        _report_failure(name, error)
    return run


def _report_failure(name: str, error: str) -> None:
    from .models import User, UserRole
    from .services import audit

    with unit_of_work() as s:
        admins = s.exec(select(User.id).join(UserRole, UserRole.user_id == User.id).where(UserRole.role == "admin")).all()
        audit.notify_users(s, admins, "job_failed", f"Scheduled job {name} failed", error.strip().splitlines()[-1][:900],
                           link="/admin/jobs")


def catch_up(now: datetime | None = None) -> list[str]:
    """Run, once each, the jobs whose latest scheduled time passed with no run (e.g. during a restart)."""
    now = now or datetime.now(LONDON)
    ran = []
    with unit_of_work() as s:
        schedules = [(j.name, j.cron) for j in s.exec(select(JobSchedule).where(JobSchedule.enabled)).all()]
    for name, cron in schedules:
        if name not in JOBS:
            continue
        fire = previous_fire_time(cron, now)
        if fire is None:
            continue
        key = trigger_key_for(fire)
        with unit_of_work() as s:
            done = s.exec(select(JobRun.id).where(JobRun.job == name, JobRun.trigger_key == key)).first()
        if done is None and run_job(name, key) is not None:
            ran.append(name)
    return ran


class JobScheduler:
    """One per worker process: fires the schedules and keeps them in step with the database."""

    def __init__(self) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        self.scheduler = AsyncIOScheduler(timezone=LONDON)
        self._crons: dict[str, tuple[str, bool]] = {}

    async def _fire(self, name: str, cron: str) -> None:
        fire = previous_fire_time(cron, datetime.now(LONDON) + timedelta(seconds=1))
        key = trigger_key_for(fire) if fire else f"adhoc:{uuid.uuid4().hex[:12]}"
        await asyncio.to_thread(run_job, name, key)

    def sync(self) -> None:
        with unit_of_work() as s:
            rows = {j.name: (j.cron, j.enabled) for j in s.exec(select(JobSchedule)).all()}
        for name, (cron, enabled) in rows.items():
            if name not in JOBS or self._crons.get(name) == (cron, enabled):
                continue
            if self.scheduler.get_job(name):
                self.scheduler.remove_job(name)
            if enabled:
                self.scheduler.add_job(self._fire, cron_trigger(cron), args=[name, cron], id=name,
                                       max_instances=1, coalesce=True, misfire_grace_time=3600)
            self._crons[name] = (cron, enabled)

    async def _resync(self) -> None:
        await asyncio.to_thread(self.sync)

    def watch_schedules(self, seconds: float = 60) -> None:
        """Pick up schedule changes (the admin's, in any worker) every ``seconds``. The job must be a coroutine
        function: APScheduler's asyncio executor awaits those, and runs anything else in a thread, where the
        coroutine a lambda returned was never awaited and schedule changes never reached a running app."""
        self.scheduler.add_job(self._resync, "interval", seconds=seconds, id="_sync", max_instances=1, coalesce=True)

    async def start(self) -> None:
        await asyncio.to_thread(ensure_schedules)
        await asyncio.to_thread(self.sync)
        self.watch_schedules()
        self.scheduler.start()
        asyncio.get_running_loop().create_task(asyncio.to_thread(catch_up))

    def next_run(self, name: str) -> datetime | None:
        j = self.scheduler.get_job(name)
        return j.next_run_time if j else None

    def shutdown(self) -> None:
        self.scheduler.shutdown(wait=False)


def next_fire_time(cron: str, now: datetime | None = None) -> datetime | None:
    now = now or datetime.now(LONDON)
    return cron_trigger(cron).get_next_fire_time(None, now)


@contextlib.asynccontextmanager
async def scheduler_lifespan():
    """Registered with ``app.register_lifespan_task``; SHIFTAPP_SCHEDULER=off disables it."""
    if os.environ.get("SHIFTAPP_SCHEDULER", "on").lower() in ("off", "0", "false"):
        yield
        return
    sched = JobScheduler()
    try:
        await sched.start()
    except Exception:  # noqa: BLE001 - a scheduler problem must not stop the app serving
        log.exception("the job scheduler did not start")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sched.shutdown()
