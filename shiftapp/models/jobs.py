"""Scheduled work: editable schedules, a record of every run, findings from the working-time
scan, and the optimiser's drafts."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import one_of, utcnow

RUN_OUTCOMES = ("running", "succeeded", "failed", "abandoned")
FINDING_STATUSES = ("open", "acknowledged", "overridden", "resolved")


class JobSchedule(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=40)
    cron: str = Field(max_length=60)  # five-field crontab, Europe/London
    enabled: bool = True
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")


class JobRun(SQLModel, table=True):
    """One run of a job for one trigger. The unique (job, trigger_key) makes a trigger run once
    across every worker: the first worker to insert the row runs it, the others skip."""
    __table_args__ = (
        UniqueConstraint("job", "trigger_key", name="uq_jobrun_trigger"),
        one_of("outcome", RUN_OUTCOMES, "ck_jobrun_outcome"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    job: str = Field(index=True, max_length=40)
    trigger_key: str = Field(max_length=60)  # the scheduled fire time (ISO) or "manual:<id>"
    started_at: datetime = Field(default_factory=utcnow, index=True)
    heartbeat_at: datetime = Field(default_factory=utcnow)
    finished_at: Optional[datetime] = None
    outcome: str = Field(default="running", max_length=12)
    attempts: int = 1
    worker: str = Field(default="", max_length=80)
    error: str = Field(default="", max_length=2000)
    summary: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))


class FindingRecord(SQLModel, table=True):
    """A working-time finding as the nightly scan (or a duty change) last saw it. ``key`` makes
    the same finding one row, so it is announced once."""
    __table_args__ = (one_of("status", FINDING_STATUSES, "ck_finding_status"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True, max_length=64)
    person_id: int = Field(foreign_key="person.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    rule: str = Field(max_length=12)
    severity: str = Field(max_length=8)
    message: str = Field(max_length=500)
    period: str = Field(default="", max_length=80)
    first_date: date
    first_seen: datetime = Field(default_factory=utcnow)
    last_seen: datetime = Field(default_factory=utcnow)
    status: str = Field(default="open", max_length=12, index=True)
    acknowledged_by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    acknowledged_at: Optional[datetime] = None
    override_allowed: bool = False
    override_reason: str = Field(default="", max_length=500)


class RosterDraft(SQLModel, table=True):
    """An optimiser result kept for a planner to accept or discard; never published on its own."""
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    start_date: date
    end_date: date
    created_at: datetime = Field(default_factory=utcnow)
    source: str = Field(default="nightly", max_length=20)  # nightly, planner
    status: str = Field(default="draft", max_length=12)  # draft, accepted, discarded, superseded
    seconds: float = 0.0
    objective: Optional[float] = None
    changes: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    explanation: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    job_run_id: Optional[int] = Field(default=None, foreign_key="jobrun.id")
