"""Changing a published duty: the one place that writes a DutyChange, bumps the duty's
version, audits and tells the person. Swaps, leave approval, recalls, gap filling and
sickness all come through here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from ..engine.timeutil import utc_to_local
from ..models import Duty, DutyChange
from ..models.base import utcnow
from . import audit
from .actor import Actor
from .errors import Conflict

DUTY_FIELDS = ("kind", "shift_type_id", "start_utc", "end_utc", "break_minutes", "location_id", "event_id",
               "role_note", "status", "source", "line")


@dataclass(frozen=True)
class ChangeResult:
    duty: Duty
    change: DutyChange | None


def duty_snapshot(d: Duty) -> dict[str, Any]:
    return audit.snapshot(d, "date", *DUTY_FIELDS)


def clear_days(notified: datetime, day) -> int:
    """Days of notice, excluding the day told and the day worked (POL-05)."""
    return (day - utc_to_local(notified).date()).days - 1


def change_duty(
    s: Session, actor: Actor | None, duty: Duty, new: dict[str, Any], *, reason_code: str, reason: str = "",
    expected_version: int | None = None, compensation: dict | None = None, notify: bool = True,
    notified_at: datetime | None = None,
) -> ChangeResult:
    """Apply ``new`` field values to ``duty``. Optimistic locking: when ``expected_version`` is given
    and someone changed the duty since, nothing is written and ``Conflict`` is raised."""
    unknown = set(new) - set(DUTY_FIELDS)
    if unknown:
        raise ValueError(f"not duty fields: {sorted(unknown)}")
    before = duty_snapshot(duty)
    version = duty.version if expected_version is None else expected_version
    values = dict(new, version=version + 1, updated_at=utcnow())
    hit = s.execute(update(Duty).where(Duty.id == duty.id, Duty.version == version).values(**values)).rowcount
    if hit != 1:
        raise Conflict("Someone else changed this duty a moment ago. Reload to see the latest rota.")
    s.refresh(duty)
    change = None
    if before["status"] != "draft":
        notified_at = notified_at or utcnow()
        change = DutyChange(
            duty_id=duty.id, person_id=duty.person_id, date=duty.date, before=before, after=duty_snapshot(duty),
            reason_code=reason_code, reason=reason[:240], notified_at=notified_at,
            clear_days_notice=clear_days(notified_at, duty.date), compensation=compensation,
            changed_by_user_id=actor.user_id if actor else None,
        )
        s.add(change)
        if notify:
            audit.notify_people(s, [duty.person_id], "duty_changed", f"Your duty on {duty.date:%a %d %b} has changed",
                                _describe(before, duty) + (f" Reason: {reason}" if reason else ""), link="/me")
    audit.record(s, actor, "duty_changed", "duty", duty.id, f"{duty.date} {before['kind']} -> {duty.kind} ({reason_code})",
                 before=before, after=duty_snapshot(duty), unit_id=duty.unit_id)
    rescan(s, duty)
    return ChangeResult(duty, change)


def rescan(s: Session, duty: Duty) -> None:
    """Working-time findings are re-checked after every change to published duties (issue 8)."""
    if duty.status == "draft":
        return
    from ..models import Person
    from .findings import scan_person

    person = s.get(Person, duty.person_id)
    scan_person(s, person, (duty.date - timedelta(days=7), duty.date + timedelta(days=14)))


def _describe(before: dict, d: Duty) -> str:
    def label(kind, start, end):
        text = kind.replace("_", " ")
        if start and end:
            s0 = start if isinstance(start, datetime) else datetime.fromisoformat(start)
            e0 = end if isinstance(end, datetime) else datetime.fromisoformat(end)
            text += f" {utc_to_local(s0):%H:%M}–{utc_to_local(e0):%H:%M}"
        return text
    return f"Was {label(before['kind'], before['start_utc'], before['end_utc'])}; now {label(d.kind, d.start_utc, d.end_utc)}."


def add_duty(s: Session, actor: Actor | None, row: Duty, *, reason_code: str, reason: str = "",
             compensation: dict | None = None, notify: bool = True) -> ChangeResult:
    """Add a duty (e.g. overtime on the extra line) to a published rota, recorded as a change."""
    s.add(row)
    s.flush()
    change = DutyChange(duty_id=row.id, person_id=row.person_id, date=row.date, before=None, after=duty_snapshot(row),
                        reason_code=reason_code, reason=reason[:240], notified_at=utcnow(),
                        clear_days_notice=clear_days(utcnow(), row.date), compensation=compensation,
                        changed_by_user_id=actor.user_id if actor else None)
    s.add(change)
    if notify:
        audit.notify_people(s, [row.person_id], "duty_changed", f"New duty on {row.date:%a %d %b}",
                            _describe({"kind": "no duty", "start_utc": None, "end_utc": None}, row), link="/me")
    audit.record(s, actor, "duty_added", "duty", row.id, f"{row.date} {row.kind} ({reason_code})",
                 after=duty_snapshot(row), unit_id=row.unit_id)
    rescan(s, row)
    return ChangeResult(row, change)
