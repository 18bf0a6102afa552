"""Staff requests: leave, swaps, flexible working, each with a status history."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Column
from sqlmodel import Field, SQLModel

from .base import one_of, utcnow

LEAVE_KINDS = ("annual", "toil", "rdil", "special")
LEAVE_STATUSES = ("pending", "approved", "refused", "withdrawn", "cancelled")
SWAP_STATUSES = ("offered", "accepted", "declined", "approved", "refused", "withdrawn", "expired")
FLEX_STATUSES = ("pending", "consulting", "approved", "trial", "refused", "withdrawn")
FLEX_REFUSAL_REASONS = (
    "extra_costs", "customer_demand", "reorganise_work", "recruit_staff",
    "quality", "performance", "insufficient_work", "structural_changes",
)


class LeaveRequest(SQLModel, table=True):
    __table_args__ = (
        one_of("kind", LEAVE_KINDS, "ck_leave_kind"),
        one_of("status", LEAVE_STATUSES, "ck_leave_status"),
        CheckConstraint("end_date >= start_date", name="ck_leave_dates"),
        CheckConstraint("minutes >= 0", name="ck_leave_minutes"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    kind: str = Field(max_length=12)
    start_date: date
    end_date: date
    minutes: int = 0  # total minutes of leave asked for (days are converted by contract)
    part_day: bool = False
    reason: str = Field(default="", max_length=500)
    status: str = Field(default="pending", max_length=12, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    decided_by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    decided_at: Optional[datetime] = None
    decision_reason: str = Field(default="", max_length=500)
    impact: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    version: int = 1


class SwapRequest(SQLModel, table=True):
    __table_args__ = (one_of("status", SWAP_STATUSES, "ck_swap_status"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    requester_id: int = Field(foreign_key="person.id", index=True)
    requester_duty_id: int = Field(foreign_key="duty.id")
    counterpart_id: Optional[int] = Field(default=None, foreign_key="person.id", index=True)  # NULL = open offer
    counterpart_duty_id: Optional[int] = Field(default=None, foreign_key="duty.id")
    note: str = Field(default="", max_length=500)
    status: str = Field(default="offered", max_length=12, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    decided_by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    decided_at: Optional[datetime] = None
    decision_reason: str = Field(default="", max_length=500)
    impact: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    version: int = 1


class FlexRequest(SQLModel, table=True):
    """A flexible-working request (uk-rules FWR-01/02)."""
    __table_args__ = (one_of("status", FLEX_STATUSES, "ck_flex_status"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    received_date: date
    statutory: bool = True  # False for police officers: force policy (FWR-02)
    change_kind: str = Field(default="hours", max_length=20)  # hours, times, days, place
    change_description: str = Field(max_length=1000)
    proposed_pattern_id: Optional[int] = Field(default=None, foreign_key="pattern.id")
    proposed_days: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    effective_from: date
    previous_request_date: Optional[date] = None
    decision_deadline: date
    consultation_date: Optional[date] = None
    status: str = Field(default="pending", max_length=12, index=True)
    refusal_reason: Optional[str] = Field(default=None, max_length=30)
    decision_note: str = Field(default="", max_length=1000)
    decided_by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    decided_at: Optional[datetime] = None
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class RequestEvent(SQLModel, table=True):
    """Status history of any request."""
    id: Optional[int] = Field(default=None, primary_key=True)
    request_type: str = Field(max_length=10)  # leave, swap, flex
    request_id: int = Field(index=True)
    status: str = Field(max_length=12)
    at: datetime = Field(default_factory=utcnow)
    by_user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    note: str = Field(default="", max_length=500)
