"""What the three request workflows share: status history, the conditional status change that
makes a decision happen exactly once, planner scope, and the people to tell."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable

from sqlalchemy import update
from sqlmodel import Session, select

from ...engine.timeutil import utc_to_local
from ...models import Person, RequestEvent, Unit, User, UserRole, UserUnit
from ...models.base import utcnow
from ..actor import Actor
from ..errors import Conflict, NotFound

DONE_WORDS = {
    "approved": "approved", "refused": "refused", "withdrawn": "withdrawn", "declined": "declined",
    "accepted": "accepted", "cancelled": "cancelled", "trial": "agreed for a trial", "expired": "expired",
}


def london_today() -> date:
    return utc_to_local(utcnow()).date()


def hm(minutes: int | float) -> str:
    """``450`` -> ``7 h 30 min``; ``480`` -> ``8 h``."""
    sign = "-" if minutes < 0 else ""
    m = abs(int(round(minutes)))
    return f"{sign}{m // 60} h {m % 60:02d} min" if m % 60 else f"{sign}{m // 60} h"


def day_range(start: date, end: date) -> str:
    if start == end:
        return f"{start:%a %d %b %Y}"
    if start.year == end.year:
        return f"{start:%a %d %b} – {end:%a %d %b %Y}"
    return f"{start:%d %b %Y} – {end:%d %b %Y}"


@dataclass(frozen=True)
class HistoryRow:
    status: str
    at: str  # London time, "23 Nov 14:05"
    by: str
    note: str


def add_event(s: Session, kind: str, request_id: int, status: str, actor: Actor | None, note: str = "") -> None:
    s.add(RequestEvent(request_type=kind, request_id=request_id, status=status,
                       by_user_id=actor.user_id if actor else None, note=note[:500]))


def history(s: Session, kind: str, request_ids: Iterable[int]) -> dict[int, list[HistoryRow]]:
    """Status history of many requests of one kind, oldest first."""
    ids = list(request_ids)
    out: dict[int, list[HistoryRow]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = s.exec(
        select(RequestEvent, User.display_name).join(User, RequestEvent.by_user_id == User.id, isouter=True)
        .where(RequestEvent.request_type == kind, RequestEvent.request_id.in_(ids))
        .order_by(RequestEvent.at, RequestEvent.id)
    ).all()
    for ev, who in rows:
        out[ev.request_id].append(HistoryRow(ev.status, f"{utc_to_local(ev.at):%d %b %H:%M}", who or "", ev.note))
    return out


def transition(s: Session, model, row_id: int, *, from_statuses: tuple[str, ...], expected_version: int | None,
               values: dict, what: str = "request") -> None:
    """Change a request's status with one conditional UPDATE (status and version both checked), so
    that of two people acting at once exactly one succeeds. The loser gets ``Conflict`` naming who
    got there first; nothing is written."""
    cond = [model.id == row_id, model.status.in_(from_statuses)]
    if expected_version is not None:
        cond.append(model.version == expected_version)
    hit = s.execute(update(model).where(*cond).values(**values, version=model.version + 1)).rowcount
    if hit == 1:
        return
    row = s.get(model, row_id, populate_existing=True)
    if row is None:
        raise NotFound(f"That {what} doesn't exist any more.")
    if row.status not in from_statuses:
        raise Conflict(already_done(s, row, what))
    raise Conflict(f"This {what} changed since you opened it. Reload to see the latest before you decide.")


def already_done(s: Session, row, what: str) -> str:
    word = DONE_WORDS.get(row.status, row.status)
    who = s.get(User, row.decided_by_user_id).display_name if getattr(row, "decided_by_user_id", None) else ""
    when = f" at {utc_to_local(row.decided_at):%H:%M on %d %b}" if getattr(row, "decided_at", None) else ""
    if who:
        return f"This {what} was already {word} by {who}{when}."
    return f"This {what} has already been {word}{when}."


def require_planner_for(s: Session, actor: Actor, person: Person, what: str) -> None:
    """A planner may decide only for people in the units they plan (and the units below them)."""
    actor.require("planner", what=what)
    actor.require_unit(person.unit_id, what=what)


def ancestors(s: Session, unit_id: int) -> list[int]:
    """``unit_id`` and every unit above it, nearest first."""
    out, seen = [], set()
    cur = unit_id
    while cur is not None and cur not in seen:
        seen.add(cur)
        out.append(cur)
        cur = s.get(Unit, cur).parent_id
    return out


def roster_unit(s: Session, unit_id: int) -> int:
    """The unit whose shift types a person works: the nearest unit, from theirs upwards, that has
    shift types. Police response teams share their area's shifts; a call centre is its own. Swaps
    are between people with the same roster unit."""
    from ...models import ShiftType
    for u in ancestors(s, unit_id):
        if s.exec(select(ShiftType.id).where(ShiftType.unit_id == u)).first() is not None:
            return u
    return unit_id


def roster_colleagues(s: Session, person: Person) -> list[Person]:
    """Active people (other than ``person``) who share ``person``'s roster unit, by name."""
    from ..actor import unit_subtree
    ru = roster_unit(s, person.unit_id)
    units = unit_subtree(s, {ru})
    cache: dict[int, int] = {}
    out = []
    for p in s.exec(select(Person).where(Person.unit_id.in_(units), Person.id != person.id, Person.active)
                    .order_by(Person.family_name, Person.given_name)).all():
        if p.unit_id not in cache:
            cache[p.unit_id] = roster_unit(s, p.unit_id)
        if cache[p.unit_id] == ru:
            out.append(p)
    return out


def planner_user_ids(s: Session, unit_id: int) -> list[int]:
    """Planners whose scope covers ``unit_id`` (they plan it or a unit above it)."""
    units = ancestors(s, unit_id)
    return list(s.exec(
        select(UserUnit.user_id).join(UserRole, UserRole.user_id == UserUnit.user_id)
        .where(UserUnit.unit_id.in_(units), UserRole.role == "planner").distinct()
    ).all())


def person_of(s: Session, person_id: int) -> Person:
    p = s.get(Person, person_id)
    if p is None:
        raise NotFound("That person doesn't exist.")
    return p


def stamp() -> datetime:
    return utcnow()
