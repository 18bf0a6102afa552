"""My rota on the phone: the next duty first with who else is on, any range of days for the
week, month and list views, changes since I last looked, and the offline copy for the next 28 days."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlmodel import Session, func, select

from ..db import service
from ..engine.timeutil import utc_to_local
from ..models import Duty, DutyChange, Location, Notification, Person, RotaSeen, ShiftType, Unit
from ..models.base import utcnow
from .actor import Actor, unit_subtree
from .errors import InvalidInput
from .home import duty_card
from .requests.common import london_today, roster_unit

MAX_SPAN = 62
EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class RotaView:
    name: str
    job_title: str
    unit: str
    next_duty: dict[str, str] | None  # with "colleagues" (comma-separated names) and "colleague_count"
    days: list[dict[str, str]]  # one card per duty, with "changed" ("yes"/"") and "change" (what changed)
    changed_count: int
    unread: int


def _seen_at(s: Session, user_id: int) -> datetime:
    row = s.get(RotaSeen, user_id)
    return row.seen_at if row else EPOCH


def _cards(s: Session, person_id: int, start: date, end: date) -> list[tuple[Duty, dict[str, str]]]:
    rows = s.exec(
        select(Duty, ShiftType, Location.name)
        .join(ShiftType, Duty.shift_type_id == ShiftType.id, isouter=True)
        .join(Location, Duty.location_id == Location.id, isouter=True)
        .where(Duty.person_id == person_id, Duty.date >= start, Duty.date <= end, Duty.status != "draft")
        .order_by(Duty.date, Duty.line)
    ).all()
    return [(d, duty_card(d, st, loc or "")) for d, st, loc in rows]


def colleagues_on(s: Session, person: Person, d: Duty, limit: int = 12) -> tuple[list[str], int]:
    """Who else works the same shift on the same day in my roster unit."""
    if d.shift_type_id is None:
        return [], 0
    units = unit_subtree(s, {roster_unit(s, person.unit_id)})
    q = select(Person.given_name, Person.family_name).join(Duty, Duty.person_id == Person.id).where(
        Duty.date == d.date, Duty.shift_type_id == d.shift_type_id, Duty.kind.in_(("shift", "overtime")),
        Duty.status != "draft", Person.unit_id.in_(units), Person.id != person.id)
    names = [f"{g} {f}" for g, f in s.exec(q.order_by(Person.family_name, Person.given_name)).all()]
    return names[:limit], len(names)


@service
def my_rota(s: Session, actor: Actor, start: date | None = None, end: date | None = None,
            today: date | None = None) -> RotaView:
    """My published duties from ``start`` to ``end`` (default: the next 28 days), each flagged when
    it changed since I last acknowledged my rota, and my next working duty with who else is on."""
    person_id = actor.require_person(what="see a rota")
    today = today or london_today()
    start = start or today
    end = end or start + timedelta(days=27)
    if end < start or (end - start).days > MAX_SPAN:
        raise InvalidInput(f"Show at most {MAX_SPAN} days at a time.")
    person = s.get(Person, person_id)
    unit = s.get(Unit, person.unit_id)
    seen = _seen_at(s, actor.user_id)
    changes = s.exec(select(DutyChange).where(DutyChange.person_id == person_id, DutyChange.created_at > seen,
                                              DutyChange.date >= min(start, today))
                     .order_by(DutyChange.created_at)).all()
    changed = {}
    for c in changes:
        changed[c.date] = c.reason or c.reason_code.replace("_", " ")
    cards = []
    for d, card in _cards(s, person_id, start, end):
        card["changed"] = "yes" if d.date in changed else ""
        card["change"] = changed.get(d.date, "")
        cards.append(card)
    nxt = s.exec(select(Duty).where(Duty.person_id == person_id, Duty.date >= today, Duty.status != "draft",
                                    Duty.start_utc.is_not(None), Duty.end_utc > utcnow())
                 .order_by(Duty.start_utc)).first()
    next_card = None
    if nxt is not None:
        st = s.get(ShiftType, nxt.shift_type_id) if nxt.shift_type_id else None
        loc = s.get(Location, nxt.location_id).name if nxt.location_id else ""
        next_card = duty_card(nxt, st, loc)
        names, count = colleagues_on(s, person, nxt)
        next_card["colleagues"] = ", ".join(names) + (f" and {count - len(names)} more" if count > len(names) else "")
        next_card["colleague_count"] = str(count)
        next_card["when"] = "Today" if nxt.date == today else "Tomorrow" if nxt.date == today + timedelta(days=1) \
            else f"{nxt.date:%A}"
        next_card["changed"] = "yes" if nxt.date in changed else ""
    unread = s.exec(select(func.count()).select_from(Notification)
                    .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))).one()
    return RotaView(person.display_name, person.job_title, unit.name, next_card, cards,
                    len({c.date for c in changes if start <= c.date <= end}), unread)


@service
def mark_rota_seen(s: Session, actor: Actor) -> None:
    """I've seen the changes: stop highlighting them."""
    row = s.get(RotaSeen, actor.user_id)
    if row is None:
        s.add(RotaSeen(user_id=actor.user_id, seen_at=utcnow()))
    else:
        row.seen_at = utcnow()
        s.add(row)


@service
def offline_rota(s: Session, actor: Actor, today: date | None = None, days: int = 28) -> dict:
    """The next 28 days as plain JSON for the service worker's offline copy."""
    person_id = actor.require_person(what="see a rota")
    today = today or london_today()
    person = s.get(Person, person_id)
    out = []
    for d, card in _cards(s, person_id, today, today + timedelta(days=days - 1)):
        out.append({k: card[k] for k in ("date", "day", "kind", "label", "code", "times", "location")})
    return {"name": person.display_name, "job_title": person.job_title, "from": today.isoformat(),
            "to": (today + timedelta(days=days - 1)).isoformat(),
            "generated_at": f"{utc_to_local(utcnow()):%a %d %b %Y %H:%M}", "days": out}
