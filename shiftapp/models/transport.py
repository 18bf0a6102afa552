"""Passenger transport: passengers, destinations, vehicles, contractors, runs, run sheets, credentials."""
from __future__ import annotations

import datetime as dt
from datetime import date, datetime, time
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import one_of, utcnow

SESSIONS = ("am", "pm")
PHASES = ("primary", "secondary", "adult")
RUN_STATUSES = ("draft", "planned", "published", "in_progress", "done", "cancelled")
RUN_EVENT_KINDS = ("collected", "absent", "delivered", "incident")
CREDENTIAL_KINDS = (
    "licence_b", "licence_d1", "licence_d", "dbs_enhanced_child", "dbs_enhanced_adult",
    "training", "first_aid", "psv_driver_cpc",
)


class Destination(SQLModel, table=True):
    __table_args__ = (one_of("phase", PHASES, "ck_dest_phase"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=120)
    kind: str = Field(default="school", max_length=20)  # school, day_centre
    phase: str = Field(default="primary", max_length=12)
    address: str = Field(default="", max_length=240)
    lat: float
    lon: float
    start_time: time  # the bell: arrive before this
    finish_time: time  # collect after this
    arrive_window_minutes: int = 20
    phone: str = Field(default="", max_length=30)


class Passenger(SQLModel, table=True):
    __table_args__ = (
        one_of("phase", PHASES, "ck_passenger_phase"),
        CheckConstraint("max_ride_minutes IS NULL OR max_ride_minutes > 0", name="ck_passenger_ride"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    reference: str = Field(index=True, unique=True, max_length=20)
    given_name: str = Field(max_length=60)
    family_name: str = Field(max_length=60)
    destination_id: int = Field(foreign_key="destination.id", index=True)
    phase: str = Field(default="primary", max_length=12)
    address: str = Field(default="", max_length=240)
    lat: float
    lon: float
    wheelchair: bool = False
    escort_required: bool = False
    travel_alone: bool = False
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    needs_notes: str = Field(default="", max_length=500)
    max_ride_minutes: Optional[int] = None  # from an assessment; else the 45/75-minute guidance
    needs_stability: bool = False
    contact_name: str = Field(default="", max_length=120)
    contact_phone: str = Field(default="", max_length=30)
    active: bool = True


class PassengerAbsence(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("passenger_id", "date", "session", name="uq_absence"),
        one_of("session", SESSIONS, "ck_absence_session"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    passenger_id: int = Field(foreign_key="passenger.id", index=True)
    date: dt.date
    session: str = Field(max_length=2)
    reason: str = Field(default="", max_length=240)


class Contractor(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    contact_name: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=30)
    licensing_authority: str = Field(default="", max_length=120)
    contract_ref: str = Field(default="", max_length=40)


class ComplianceAudit(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    contractor_id: int = Field(foreign_key="contractor.id", index=True)
    audit_date: date
    result: str = Field(max_length=20)  # pass, pass_with_actions, fail
    notes: str = Field(default="", max_length=1000)
    next_due: Optional[date] = None


class Vehicle(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("seats > 0", name="ck_vehicle_seats"),
        CheckConstraint("wheelchair_spaces >= 0", name="ck_vehicle_wc"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    registration: str = Field(index=True, unique=True, max_length=12)
    description: str = Field(default="", max_length=120)
    seats: int
    wheelchair_spaces: int = 0
    licence_needed: str = Field(default="licence_b", max_length=20)
    base_lat: float
    base_lon: float
    contractor_id: Optional[int] = Field(default=None, foreign_key="contractor.id")
    cost_per_day_pence: int = 0
    cost_per_mile_pence: int = 0
    off_road_from: Optional[date] = None
    off_road_until: Optional[date] = None


class Credential(SQLModel, table=True):
    """A licence, vetting check or training, with expiry (HTS-03/04)."""
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=30)
    detail: str = Field(default="", max_length=60)  # e.g. the training topic: wheelchair, epilepsy
    reference: str = Field(default="", max_length=60)
    issued: Optional[date] = None
    expires: Optional[date] = None
    next_check: Optional[date] = None


class Run(SQLModel, table=True):
    __table_args__ = (
        one_of("session", SESSIONS, "ck_run_session"),
        one_of("status", RUN_STATUSES, "ck_run_status"),
        UniqueConstraint("date", "session", "code", name="uq_run_code"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    date: dt.date = Field(index=True)
    session: str = Field(max_length=2)
    code: str = Field(max_length=20)
    vehicle_id: Optional[int] = Field(default=None, foreign_key="vehicle.id")
    driver_id: Optional[int] = Field(default=None, foreign_key="person.id", index=True)
    escort_id: Optional[int] = Field(default=None, foreign_key="person.id", index=True)
    contractor_id: Optional[int] = Field(default=None, foreign_key="contractor.id")
    status: str = Field(default="planned", max_length=12)
    distance_m: int = 0
    cost_pence: int = 0
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class RunStop(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("run_id", "seq", name="uq_runstop_seq"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="run.id", index=True)
    seq: int
    kind: str = Field(max_length=10)  # pickup, dropoff
    passenger_id: Optional[int] = Field(default=None, foreign_key="passenger.id")
    destination_id: Optional[int] = Field(default=None, foreign_key="destination.id")
    lat: float
    lon: float
    planned_utc: datetime
    label: str = Field(default="", max_length=160)


class RunSheetEvent(SQLModel, table=True):
    """A mark made on the run sheet. ``client_id`` is made on the phone so a replay counts once."""
    __table_args__ = (one_of("kind", RUN_EVENT_KINDS, "ck_runevent_kind"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    client_id: str = Field(index=True, unique=True, max_length=64)
    run_id: int = Field(foreign_key="run.id", index=True)
    stop_id: Optional[int] = Field(default=None, foreign_key="runstop.id")
    passenger_id: Optional[int] = Field(default=None, foreign_key="passenger.id")
    kind: str = Field(max_length=12)
    recorded_utc: datetime  # when the crew member made the mark (may be offline)
    received_utc: datetime = Field(default_factory=utcnow)
    recorded_by_user_id: int = Field(foreign_key="user.id")
    note: str = Field(default="", max_length=500)


class Incident(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    run_id: Optional[int] = Field(default=None, foreign_key="run.id", index=True)
    occurred_utc: datetime
    kind: str = Field(default="incident", max_length=20)  # incident, accident, safeguarding
    severity: str = Field(default="low", max_length=10)
    description: str = Field(max_length=2000)
    reported_by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    actions: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="open", max_length=12)
