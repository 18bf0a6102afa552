"""What an administrator sees and changes of the scheduled jobs."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from .. import jobs
from ..db import service
from ..engine.timeutil import utc_to_local
from ..models import JobRun, JobSchedule
from ..models.base import utcnow
from . import audit
from .actor import Actor
from .errors import InvalidInput, NotFound


@dataclass(frozen=True)
class JobRow:
    name: str
    description: str
    cron: str
    enabled: bool
    last_run: str
    last_outcome: str
    last_seconds: str
    next_run: str


@dataclass(frozen=True)
class RunRow:
    id: int
    job: str
    trigger: str
    started: str
    seconds: str
    outcome: str
    attempts: int
    summary: str
    error: str


def _fmt(dt) -> str:
    return f"{utc_to_local(dt):%a %d %b %H:%M}" if dt else ""


@service
def list_jobs(s: Session, actor: Actor) -> list[JobRow]:
    actor.require("admin", what="see scheduled jobs")
    schedules = {j.name: j for j in s.exec(select(JobSchedule)).all()}
    out = []
    for name, spec in jobs.JOBS.items():
        sched = schedules.get(name)
        cron = sched.cron if sched else spec.cron
        enabled = sched.enabled if sched else True
        last = s.exec(select(JobRun).where(JobRun.job == name).order_by(JobRun.started_at.desc())).first()
        secs = f"{(last.finished_at - last.started_at).total_seconds():.1f}" if last and last.finished_at else ""
        nxt = jobs.next_fire_time(cron) if enabled else None
        out.append(JobRow(name, spec.description, cron, enabled, _fmt(last.started_at) if last else "never",
                          last.outcome if last else "", secs, f"{nxt:%a %d %b %H:%M}" if nxt else "off"))
    return out


@service
def list_runs(s: Session, actor: Actor, limit: int = 30) -> list[RunRow]:
    actor.require("admin", what="see scheduled jobs")
    rows = s.exec(select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(limit)).all()
    return [RunRow(r.id, r.job, r.trigger_key, _fmt(r.started_at),
                   f"{(r.finished_at - r.started_at).total_seconds():.1f}" if r.finished_at else "",
                   r.outcome, r.attempts, ", ".join(f"{k}={v}" for k, v in (r.summary or {}).items())[:300],
                   (r.error.strip().splitlines() or [""])[-1][:300]) for r in rows]


@service
def set_schedule(s: Session, actor: Actor, name: str, cron: str, enabled: bool) -> None:
    actor.require("admin", what="change job schedules")
    if name not in jobs.JOBS:
        raise NotFound(f"There is no job called {name!r}.")
    cron = " ".join((cron or "").split())
    try:
        jobs.cron_trigger(cron)
    except (ValueError, TypeError) as err:
        raise InvalidInput(f"'{cron}' isn't a valid schedule: use five crontab fields, e.g. '30 1 * * *' "
                           f"for 01:30 every day ({err}).") from err
    row = s.exec(select(JobSchedule).where(JobSchedule.name == name)).first() or JobSchedule(name=name, cron=cron)
    before = {"cron": row.cron, "enabled": row.enabled} if row.id else None
    row.cron, row.enabled, row.updated_at, row.updated_by_user_id = cron, enabled, utcnow(), actor.user_id
    s.add(row)
    audit.record(s, actor, "job_schedule_changed", "job", None, f"{name}: '{cron}'{'' if enabled else ' (off)'}",
                 before=before, after={"cron": cron, "enabled": enabled})


@service
def authorise_run_now(s: Session, actor: Actor, name: str) -> None:
    actor.require("admin", what="run jobs")
    if name not in jobs.JOBS:
        raise NotFound(f"There is no job called {name!r}.")
    audit.record(s, actor, "job_run_requested", "job", None, f"{name} run now")
