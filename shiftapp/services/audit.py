"""Audit entries and notifications, written inside the caller's transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable

from sqlmodel import Session, func, select

from ..db import service
from ..engine.timeutil import utc_to_local
from ..models import AuditEntry, Notification, User
from ..models.base import utcnow
from .actor import Actor
from .errors import InvalidInput, NotFound


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(row, *fields: str) -> dict[str, Any]:
    """A JSON-able copy of a row's columns (or the named ones) for before/after."""
    data = row.model_dump()
    data.pop("password_hash", None)
    if fields:
        data = {k: data.get(k) for k in fields}
    return _jsonable(data)


def record(
    session: Session, actor: Actor | None, action: str, entity_type: str, entity_id: int | None,
    summary: str, *, before: dict | None = None, after: dict | None = None, unit_id: int | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        user_id=actor.user_id if actor else None, action=action, entity_type=entity_type,
        entity_id=entity_id, unit_id=unit_id, summary=summary[:300],
        before=_jsonable(before), after=_jsonable(after),
    )
    session.add(entry)
    return entry


def notify_users(session: Session, user_ids: Iterable[int], kind: str, title: str, body: str = "", link: str = "",
                 dedupe_key: str | None = None) -> int:
    """Tell users; with ``dedupe_key``, a user who was already sent that key is not told again."""
    uids = set(user_ids)
    if dedupe_key and uids:
        uids -= set(session.exec(select(Notification.user_id).where(
            Notification.dedupe_key == dedupe_key, Notification.user_id.in_(uids))).all())
    for uid in sorted(uids):
        session.add(Notification(user_id=uid, kind=kind, title=title[:160], body=body[:1000], link=link,
                                 dedupe_key=dedupe_key))
    return len(uids)


def notify_people(session: Session, person_ids: Iterable[int], kind: str, title: str, body: str = "", link: str = "",
                  dedupe_key: str | None = None) -> int:
    ids = set(person_ids)
    if not ids:
        return 0
    users = session.exec(select(User.id).where(User.person_id.in_(ids))).all()
    return notify_users(session, users, kind, title, body, link, dedupe_key)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    user: str
    action: str
    entity: str
    summary: str
    before: str
    after: str


@dataclass(frozen=True)
class NotificationRow:
    id: int
    at: str
    kind: str
    title: str
    body: str
    link: str
    unread: bool


@service
def list_audit(
    session: Session, actor: Actor, *, action: str = "", entity_type: str = "", username: str = "",
    since: date | None = None, until: date | None = None, limit: int = 100, offset: int = 0,
) -> tuple[list[AuditRow], int]:
    actor.require("admin", what="read the audit trail")
    if since and until and until < since:
        raise InvalidInput("The 'to' date is before the 'from' date.")
    if not 1 <= limit <= 500 or offset < 0:
        raise InvalidInput("Page size must be between 1 and 500.")
    q = select(AuditEntry, User.username).join(User, AuditEntry.user_id == User.id, isouter=True)
    if action:
        q = q.where(AuditEntry.action == action)
    if entity_type:
        q = q.where(AuditEntry.entity_type == entity_type)
    if username:
        q = q.where(User.username == username)
    if since:
        q = q.where(AuditEntry.at >= datetime.combine(since, time(0), tzinfo=timezone.utc))
    if until:
        q = q.where(AuditEntry.at < datetime.combine(until + timedelta(days=1), time(0), tzinfo=timezone.utc))
    total = session.exec(select(func.count()).select_from(q.subquery())).one()
    rows = session.exec(q.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset(offset).limit(limit)).all()
    return [
        AuditRow(
            id=e.id, at=utc_to_local(e.at).strftime("%Y-%m-%d %H:%M:%S"), user=u or "system", action=e.action,
            entity=f"{e.entity_type} #{e.entity_id}" if e.entity_id else e.entity_type,
            summary=e.summary, before=_brief(e.before), after=_brief(e.after),
        )
        for e, u in rows
    ], total


def _brief(data: dict | None) -> str:
    if not data:
        return ""
    return ", ".join(f"{k}={v}" for k, v in list(data.items())[:8])[:300]


@service
def audit_actions(session: Session, actor: Actor) -> list[str]:
    actor.require("admin", what="read the audit trail")
    return sorted(session.exec(select(AuditEntry.action).distinct()).all())


@service
def my_notifications(session: Session, actor: Actor, limit: int = 50) -> tuple[list[NotificationRow], int]:
    rows = session.exec(
        select(Notification).where(Notification.user_id == actor.user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    ).all()
    unread = session.exec(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
    ).one()
    return [
        NotificationRow(n.id, utc_to_local(n.created_at).strftime("%d %b %H:%M"), n.kind, n.title, n.body, n.link, n.read_at is None)
        for n in rows
    ], unread


@service
def unread_count(session: Session, actor: Actor) -> int:
    return session.exec(select(func.count()).select_from(Notification)
                        .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))).one()


@service
def mark_read(session: Session, actor: Actor, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, all) of my notifications read; returns how many changed."""
    q = select(Notification).where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        note = session.get(Notification, notification_id)
        if note is None or note.user_id != actor.user_id:
            raise NotFound("That notification doesn't exist.")
        q = q.where(Notification.id == notification_id)
    now = utcnow()
    rows = session.exec(q).all()
    for n in rows:
        n.read_at = now
        session.add(n)
    return len(rows)
