"""Dataclasses that go into and come out of the rules engine.

Times are Europe/London wall-clock (naive ``datetime`` values, or aware ones, which are
converted to London time). Elapsed time is always measured in real time (via UTC), so a
night across a clock change is an hour longer (October) or shorter (March).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

BLOCK = "block"
WARN = "warn"

# Duty kinds. Working kinds count as working time; day kinds cover one whole local day.
WORK_KINDS = frozenset({"work", "overtime", "training", "court", "on_duty"})
DAY_KINDS = frozenset({
    "rest_day", "free_day", "annual_leave", "public_holiday", "day_in_lieu", "toil",
    "sick", "maternity", "paternity", "adoption", "parental", "special_leave", "other_leave",
})
ALL_KINDS = WORK_KINDS | DAY_KINDS


class RulesInputError(ValueError):
    """Bad input to the rules engine (unknown pack, end before start, overlapping duties…).

    The message is fit to show to a user as it is.
    """


@dataclass(frozen=True, slots=True)
class Override:
    """An operational-emergency override (WTR-12) attached to a duty."""

    reason: str
    approver: str = ""


@dataclass(frozen=True, slots=True)
class Duty:
    """One entry of a person's roster.

    Working duties (``kind`` in ``WORK_KINDS``) have ``start`` and ``end`` (wall-clock local
    times); ``break_minutes`` is the longest uninterrupted break taken during the duty, or
    ``breaks`` lists break intervals exactly. Day entries (rest day, leave, sickness…) have
    ``day`` only. ``driving_minutes`` matters for drivers' hours (default: the whole duty
    less breaks). ``emergency`` marks a duty worked under the WTR-12 operational override.
    """

    kind: str
    start: datetime | None = None
    end: datetime | None = None
    day: date | None = None
    break_minutes: int = 0
    breaks: tuple[tuple[datetime, datetime], ...] = ()
    driving_minutes: int | None = None
    emergency: Override | None = None

    @property
    def is_work(self) -> bool:
        return self.kind in WORK_KINDS

    @property
    def date(self) -> date:
        """The local date the entry belongs to (a duty belongs to the date it starts)."""
        return self.day if self.day is not None else self.start.date()


@dataclass(frozen=True, slots=True)
class OptOut:
    """A WTR reg 5 opt-out: in force from ``signed`` until ``withdrawn`` (exclusive)."""

    signed: date | None = None
    withdrawn: date | None = None

    def in_force(self, day: date) -> bool:
        if self.signed is not None and day < self.signed:
            return False
        return self.withdrawn is None or day < self.withdrawn


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the rules need to know about a person."""

    birth_date: date | None = None
    service_start: date | None = None
    opt_out: OptOut | None = None
    special_hazard: bool = False
    night_assessment: date | None = None
    contract_hours: float | None = None
    days_per_week: float | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One breach or warning. ``figures`` holds the numbers quoted in ``message``."""

    rule: str
    start: datetime
    end: datetime
    severity: str
    message: str
    override_allowed: bool = False
    figures: dict[str, Any] = field(default_factory=dict)
    overridden_by: Override | None = None
    compensatory_rest_minutes: int = 0

    def key(self) -> tuple:
        return (self.rule, self.start, self.end, self.message)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "start": self.start.strftime("%Y-%m-%dT%H:%M"),
            "end": self.end.strftime("%Y-%m-%dT%H:%M"),
            "severity": self.severity,
            "message": self.message,
            "override_allowed": self.override_allowed,
            "figures": dict(self.figures),
        }
        if self.overridden_by is not None:
            out["overridden_by"] = {"reason": self.overridden_by.reason,
                                    "approver": self.overridden_by.approver}
        if self.compensatory_rest_minutes:
            out["compensatory_rest_minutes"] = self.compensatory_rest_minutes
        return out


@dataclass(frozen=True, slots=True)
class Change:
    """A change to a published duty, to be compensated (police rules)."""

    kind: str  # rest_day_worked | public_holiday_worked | overtime | recall | annual_leave_worked
    #            | rest_day_reinstated | part_time_extra
    start: datetime
    end: datetime
    notified: datetime | None = None
    planned: bool = False
    occasion_in_week: int = 1
    travel_minutes: int = 0
    toil: bool = False
    run_on: bool = False
    # annual_leave_worked: length of the absence and which of its days worked is this one
    absence_days: int = 0
    day_number: int = 1
    # rest_day_reinstated: when the original cancellation was notified; whether they work
    cancellation_notified: datetime | None = None
    works: bool = False
    # part_time_extra: hours already on duty in the week before this period
    week_hours_before: float = 0.0


@dataclass(frozen=True, slots=True)
class Compensation:
    rule: str
    rate: float
    credited_minutes: int
    clear_days_notice: int | None
    day_in_lieu: bool = False
    rerostered_rest_day: bool = False
    rerostered_notify_by: date | None = None
    approval_required: bool = False
    toil: bool = False
    leave_refund_days: float = 0.0
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "rate": round(self.rate, 4),
            "credited_minutes": self.credited_minutes,
            "clear_days_notice": self.clear_days_notice,
            "day_in_lieu": self.day_in_lieu,
            "rerostered_rest_day": self.rerostered_rest_day,
            "rerostered_notify_by": (self.rerostered_notify_by.isoformat()
                                     if self.rerostered_notify_by else None),
            "approval_required": self.approval_required,
            "toil": self.toil,
            "leave_refund_days": self.leave_refund_days,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class LeaveEntitlement:
    rule: str
    days: float
    hours: float
    fixed_days: float = 0.0
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "days": self.days, "hours": self.hours,
                "fixed_days": self.fixed_days, "notes": list(self.notes)}
