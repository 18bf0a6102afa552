"""The per-person calendar feed: a secret URL serving iCalendar for phone calendar apps.

Only the token's SHA-256 is stored; the URL is shown once when it is made. Making a new one
revokes the old. Events: published working duties (timed, TZID Europe/London) and leave, training
and the like (all-day); a stable UID per duty; SEQUENCE follows the duty's version, so a changed
duty updates in place; a duty that stops being work (cancelled, swapped away) simply leaves the feed."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from icalendar import Calendar, Event
from sqlmodel import Session, select

from ..db import service, unit_of_work
from ..engine.timeutil import LONDON, utc_to_local
from ..models import CalendarFeed, Duty, Location, Person, ShiftType
from ..models.base import utcnow
from . import audit
from .actor import Actor
from .errors import NotFound
from .home import KIND_LABELS
from .requests.common import london_today

ALL_DAY = ("annual_leave", "toil", "rdil", "special_leave", "public_holiday")
PAST_DAYS, FUTURE_DAYS = 31, 120


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class FeedStatus:
    active: bool
    created: str
    last_fetched: str


@service
def feed_status(s: Session, actor: Actor) -> FeedStatus:
    person_id = actor.require_person(what="use a calendar feed")
    row = s.exec(select(CalendarFeed).where(CalendarFeed.person_id == person_id, CalendarFeed.revoked_at.is_(None))
                 .order_by(CalendarFeed.created_at.desc())).first()
    if row is None:
        return FeedStatus(False, "", "")
    return FeedStatus(True, f"{utc_to_local(row.created_at):%d %b %Y %H:%M}",
                      f"{utc_to_local(row.last_fetched_at):%d %b %H:%M}" if row.last_fetched_at else "never")


def _revoke_all(s: Session, person_id: int) -> int:
    rows = s.exec(select(CalendarFeed).where(CalendarFeed.person_id == person_id, CalendarFeed.revoked_at.is_(None))).all()
    for r in rows:
        r.revoked_at = utcnow()
        s.add(r)
    return len(rows)


@service
def new_feed(s: Session, actor: Actor) -> str:
    """Make a new secret feed token (revoking any earlier link) and return it; the URL is
    ``/api/calendar/<token>.ics``. It is shown once: only its hash is kept."""
    person_id = actor.require_person(what="use a calendar feed")
    _revoke_all(s, person_id)
    token = secrets.token_urlsafe(24)
    s.add(CalendarFeed(person_id=person_id, token_hash=_hash(token)))
    audit.record(s, actor, "calendar_feed_created", "person", person_id, "New calendar feed link")
    return token


@service
def revoke_feed(s: Session, actor: Actor) -> int:
    """Turn my calendar feed off: the old link stops working at once."""
    person_id = actor.require_person(what="use a calendar feed")
    n = _revoke_all(s, person_id)
    audit.record(s, actor, "calendar_feed_revoked", "person", person_id, "Calendar feed link revoked")
    return n


def calendar_ics(token: str, today: date | None = None) -> bytes:
    """The iCalendar for a feed token; ``NotFound`` for an unknown or revoked token."""
    if not token or len(token) > 100:
        raise NotFound("No such calendar.")
    today = today or london_today()
    with unit_of_work() as s:
        feed = s.exec(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token),
                                                 CalendarFeed.revoked_at.is_(None))).first()
        if feed is None:
            raise NotFound("No such calendar.")
        feed.last_fetched_at = utcnow()
        s.add(feed)
        person = s.get(Person, feed.person_id)
        rows = s.exec(
            select(Duty, ShiftType, Location.name)
            .join(ShiftType, Duty.shift_type_id == ShiftType.id, isouter=True)
            .join(Location, Duty.location_id == Location.id, isouter=True)
            .where(Duty.person_id == person.id, Duty.status != "draft",
                   Duty.date >= today - timedelta(days=PAST_DAYS), Duty.date <= today + timedelta(days=FUTURE_DAYS))
            .order_by(Duty.date, Duty.line)).all()
        return build_calendar(person, rows)


def build_calendar(person: Person, rows) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//ShiftApp//My rota//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Rota – {person.display_name}")
    cal.add("x-wr-timezone", "Europe/London")
    cal.add("refresh-interval;value=duration", "PT1H")
    now = utcnow()
    for d, st, loc in rows:
        working = d.start_utc is not None and d.end_utc is not None
        if not working and d.kind not in ALL_DAY:
            continue  # rest days, sickness and cancelled duties are not in the feed
        ev = Event()
        ev.add("uid", f"duty-{d.id}@shiftapp")
        ev.add("sequence", d.version)
        ev.add("dtstamp", now)
        ev.add("last-modified", d.updated_at if d.updated_at.tzinfo else d.updated_at.replace(tzinfo=LONDON))
        label = st.name if st and d.kind == "shift" else KIND_LABELS.get(d.kind, d.kind)
        ev.add("summary", f"{label}" + (f" ({st.code})" if st and d.kind == "shift" else ""))
        if working:
            ev.add("dtstart", utc_to_local(d.start_utc))
            ev.add("dtend", utc_to_local(d.end_utc))
        else:
            ev.add("dtstart", d.date)
            ev.add("dtend", d.date + timedelta(days=1))
            ev.add("transp", "TRANSPARENT")
        if loc:
            ev.add("location", loc)
        if d.role_note:
            ev.add("description", d.role_note)
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()
