"""Rota: shift types, patterns and their assignment, duties, duty changes, requirements, events."""
from __future__ import annotations

import datetime as dt
from datetime import date, datetime, time
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import one_of, utcnow

DUTY_KINDS = (
    "shift", "rest_day", "free_day", "annual_leave", "toil", "rdil", "special_leave",
    "public_holiday", "sickness", "training", "court", "secondment", "overtime", "event",
)
WORKING_KINDS = ("shift", "overtime", "training", "court", "event")
DUTY_LINES = ("main", "extra")  # a person has one main line a day; overtime/second tours go on "extra"
DUTY_STATUSES = ("draft", "published", "worked")
DUTY_SOURCES = ("pattern", "manual", "optimiser", "swap", "request", "recall", "import")


class ShiftType(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("unit_id", "code", name="uq_shifttype_unit_code"),
        CheckConstraint("paid_minutes >= 0", name="ck_shifttype_paid"),
        CheckConstraint("break_minutes >= 0", name="ck_shifttype_break"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    code: str = Field(max_length=10)
    name: str = Field(max_length=60)
    start_time: time
    end_time: time  # before start_time means the shift crosses midnight
    paid_minutes: int
    break_minutes: int = 0
    is_night: bool = False
    colour: str = Field(default="blue", max_length=20)


class Pattern(SQLModel, table=True):
    """A rotating sequence of shift codes over ``cycle_days`` ("" or "R" = rest day)."""
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=80)
    cycle_days: int = Field(gt=0)
    steps: list[str] = Field(sa_column=Column(JSON, nullable=False))


class PatternAssignment(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    pattern_id: int = Field(foreign_key="pattern.id", index=True)
    offset_days: int = 0
    start_date: date
    end_date: Optional[date] = None


class Duty(SQLModel, table=True):
    """One person, one date (the date the duty starts), one line."""
    __table_args__ = (
        UniqueConstraint("person_id", "date", "line", name="uq_duty_person_date_line"),
        one_of("kind", DUTY_KINDS, "ck_duty_kind"),
        one_of("line", DUTY_LINES, "ck_duty_line"),
        one_of("status", DUTY_STATUSES, "ck_duty_status"),
        one_of("source", DUTY_SOURCES, "ck_duty_source"),
        CheckConstraint("end_utc IS NULL OR start_utc IS NULL OR end_utc > start_utc", name="ck_duty_times"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    date: dt.date = Field(index=True)
    line: str = Field(default="main", max_length=10)
    kind: str = Field(max_length=20)
    shift_type_id: Optional[int] = Field(default=None, foreign_key="shifttype.id")
    start_utc: Optional[datetime] = None
    end_utc: Optional[datetime] = None
    break_minutes: int = 0
    location_id: Optional[int] = Field(default=None, foreign_key="location.id")
    event_id: Optional[int] = Field(default=None, foreign_key="event.id")
    role_note: str = Field(default="", max_length=120)
    status: str = Field(default="published", max_length=12)
    source: str = Field(default="pattern", max_length=12)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class DutyChange(SQLModel, table=True):
    """Every change to a published duty: the source of compensation and duty-change reports."""
    id: Optional[int] = Field(default=None, primary_key=True)
    duty_id: Optional[int] = Field(default=None, foreign_key="duty.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    date: dt.date = Field(index=True)
    before: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    after: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    reason_code: str = Field(max_length=30)  # exigency, officer_request, jbb_agreed, sickness, leave, swap, recall…
    reason: str = Field(default="", max_length=240)
    notified_at: datetime = Field(default_factory=utcnow)
    clear_days_notice: Optional[int] = None
    compensation: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    changed_by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)


class RosterPeriod(SQLModel, table=True):
    """A published (or draft) stretch of a unit's rota."""
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ck_period_dates"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    start_date: date
    end_date: date
    published_at: Optional[datetime] = None
    published_by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")


class Event(SQLModel, table=True):
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ck_event_dates"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=120)
    kind: str = Field(default="event", max_length=20)  # event, operation, mutual_aid
    start_date: date
    end_date: date
    location_id: Optional[int] = Field(default=None, foreign_key="location.id")
    notes: str = Field(default="", max_length=1000)
    status: str = Field(default="planned", max_length=20)


class Requirement(SQLModel, table=True):
    """Minimum and target cover for a unit by shift (or time band) and skill, on a weekday or a date."""
    __table_args__ = (
        CheckConstraint("minimum >= 0 AND target >= minimum", name="ck_req_numbers"),
        CheckConstraint("weekday IS NULL OR (weekday >= 0 AND weekday <= 6)", name="ck_req_weekday"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    shift_type_id: Optional[int] = Field(default=None, foreign_key="shifttype.id")
    skill_id: Optional[int] = Field(default=None, foreign_key="skill.id")
    weekday: Optional[int] = None  # 0 = Monday; NULL = every day
    on_date: Optional[date] = None
    band_start: Optional[time] = None  # time bands, e.g. call-centre half hours
    band_end: Optional[time] = None
    minimum: int = 0
    target: int = 0
    event_id: Optional[int] = Field(default=None, foreign_key="event.id")
