"""Working-time findings kept in the database: the nightly scan and every duty change update
them; new ones are announced once to the person and their planners; planners acknowledge
them or record an override with a reason."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, func, select

from ..db import service, unit_of_work
from ..models import FindingRecord, Person, Unit, User, UserRole, UserUnit
from ..models.base import utcnow
from . import audit, rules_bridge
from .actor import Actor, unit_subtree
from .errors import Conflict, InvalidInput, NotFound

SCAN_BACK_DAYS = 7
SCAN_AHEAD_DAYS = 91


def _key(person_id: int, f: rules_bridge.FindingRow) -> str:
    return hashlib.sha256(f"{person_id}|{f.rule}|{f.start}|{f.end}|{f.severity}".encode()).hexdigest()


def planners_for_units(s: Session) -> dict[int, set[int]]:
    """unit id -> user ids of the planners whose scope covers it."""
    rows = s.exec(select(UserUnit.user_id, UserUnit.unit_id).join(UserRole, UserRole.user_id == UserUnit.user_id)
                  .where(UserRole.role == "planner")).all()
    out: dict[int, set[int]] = {}
    for user_id, unit_id in rows:
        for u in unit_subtree(s, {unit_id}):
            out.setdefault(u, set()).add(user_id)
    return out


@dataclass(frozen=True)
class ScanResult:
    people: int = 0
    new: int = 0
    resolved: int = 0
    notified: int = 0

    def __add__(self, other: "ScanResult") -> "ScanResult":
        return ScanResult(self.people + other.people, self.new + other.new, self.resolved + other.resolved,
                          self.notified + other.notified)


def scan_person(s: Session, person: Person, window: tuple[date, date], planners: dict[int, set[int]] | None = None) -> ScanResult:
    """Bring ``person``'s finding records for ``window`` up to date (in the caller's transaction)."""
    lo, hi = window
    found = rules_bridge.findings_for(s, person, window)
    now = utcnow()
    seen_keys = set()
    new = notified = 0
    for f in found:
        key = _key(person.id, f)
        seen_keys.add(key)
        rec = s.exec(select(FindingRecord).where(FindingRecord.key == key)).first()
        if rec is not None:
            rec.last_seen = now
            if rec.status == "resolved":
                rec.status = "open"
            s.add(rec)
            continue
        s.add(FindingRecord(key=key, person_id=person.id, unit_id=person.unit_id, rule=f.rule, severity=f.severity,
                            message=f.message[:500], period=f"{f.start} – {f.end}"[:80], first_date=f.day or lo,
                            override_allowed=f.override_allowed, first_seen=now, last_seen=now))
        new += 1
        planners = planners if planners is not None else planners_for_units(s)
        title = f"{f.rule}: {'breach' if f.severity == 'block' else 'warning'} for {person.display_name}"
        body = f"{f.message} ({f.start} – {f.end})"
        notified += audit.notify_people(s, [person.id], "working_time", f"{f.rule} on your rota", body,
                                        link="/me", dedupe_key=key[:80])
        notified += audit.notify_users(s, planners.get(person.unit_id, set()), "working_time", title, body,
                                       link="/findings", dedupe_key=key[:80])
    resolved = 0
    stale = s.exec(select(FindingRecord).where(
        FindingRecord.person_id == person.id, FindingRecord.status.in_(("open", "acknowledged")),
        FindingRecord.first_date >= lo, FindingRecord.first_date <= hi)).all()
    for rec in stale:
        if rec.key not in seen_keys:
            rec.status = "resolved"
            rec.last_seen = now
            s.add(rec)
            resolved += 1
    return ScanResult(1, new, resolved, notified)


def scan_all(today: date | None = None, unit_ids: list[int] | None = None) -> ScanResult:
    """Scan everyone with duties, one transaction per unit (a failure leaves other units' results whole)."""
    today = today or date.today()
    window = (today - timedelta(days=SCAN_BACK_DAYS), today + timedelta(days=SCAN_AHEAD_DAYS))
    with unit_of_work() as s:
        units = unit_ids or s.exec(select(Unit.id).order_by(Unit.id)).all()
        planners = planners_for_units(s)
    total = ScanResult()
    for unit_id in units:
        with unit_of_work() as s:
            people = s.exec(select(Person).where(Person.unit_id == unit_id, Person.active)).all()
            for p in people:
                total = total + scan_person(s, p, window, planners)
    return total


@dataclass(frozen=True)
class FindingView:
    id: int
    person: str
    unit: str
    rule: str
    severity: str
    message: str
    period: str
    status: str
    override_allowed: bool
    note: str


@service
def list_findings(s: Session, actor: Actor, status: str = "open", limit: int = 200) -> list[FindingView]:
    actor.require("planner", what="see working-time findings")
    if status not in ("open", "acknowledged", "overridden", "resolved", "all"):
        raise InvalidInput("Choose open, acknowledged, overridden, resolved or all.")
    q = select(FindingRecord, Person, Unit, User.username).join(Person, FindingRecord.person_id == Person.id) \
        .join(Unit, FindingRecord.unit_id == Unit.id) \
        .join(User, FindingRecord.acknowledged_by_user_id == User.id, isouter=True)
    if "admin" not in actor.roles:
        q = q.where(FindingRecord.unit_id.in_(actor.unit_ids))
    if status != "all":
        q = q.where(FindingRecord.status == status)
    rows = s.exec(q.order_by(FindingRecord.severity, FindingRecord.first_seen.desc()).limit(limit)).all()
    return [FindingView(r.id, p.display_name, u.name, r.rule, r.severity, r.message, r.period, r.status,
                        r.override_allowed,
                        (f"{r.status} by {who}" + (f": {r.override_reason}" if r.override_reason else "")) if who else "")
            for r, p, u, who in rows]


@service
def count_open(s: Session, actor: Actor) -> int:
    actor.require("planner", what="see working-time findings")
    q = select(func.count()).select_from(FindingRecord).where(FindingRecord.status == "open")
    if "admin" not in actor.roles:
        q = q.where(FindingRecord.unit_id.in_(actor.unit_ids))
    return s.exec(q).one()


def _own(s: Session, actor: Actor, finding_id: int) -> FindingRecord:
    actor.require("planner", what="act on working-time findings")
    rec = s.get(FindingRecord, finding_id)
    if rec is None:
        raise NotFound("That finding no longer exists.")
    actor.require_unit(rec.unit_id, what="act on working-time findings")
    return rec


@service
def acknowledge(s: Session, actor: Actor, finding_id: int) -> None:
    rec = _own(s, actor, finding_id)
    if rec.status != "open":
        raise Conflict(f"This finding is already {rec.status}.")
    rec.status, rec.acknowledged_by_user_id, rec.acknowledged_at = "acknowledged", actor.user_id, utcnow()
    s.add(rec)
    audit.record(s, actor, "finding_acknowledged", "finding", rec.id, f"{rec.rule} acknowledged", unit_id=rec.unit_id)


@service
def override(s: Session, actor: Actor, finding_id: int, reason: str) -> None:
    rec = _own(s, actor, finding_id)
    reason = (reason or "").strip()
    if not rec.override_allowed:
        raise InvalidInput(f"{rec.rule} can't be overridden: change the rota instead.")
    if len(reason) < 10:
        raise InvalidInput("Give the reason for the override (at least 10 characters), e.g. the operation it is for.")
    if rec.status in ("overridden", "resolved"):
        raise Conflict(f"This finding is already {rec.status}.")
    rec.status, rec.override_reason = "overridden", reason[:500]
    rec.acknowledged_by_user_id, rec.acknowledged_at = actor.user_id, utcnow()
    s.add(rec)
    audit.record(s, actor, "finding_overridden", "finding", rec.id, f"{rec.rule} overridden: {reason[:200]}",
                 unit_id=rec.unit_id)
