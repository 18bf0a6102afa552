"""Login, logout, sessions, throttling and passwords.

Passwords are hashed with argon2 (passlib + argon2-cffi). The browser keeps only an opaque
random token; the database keeps its SHA-256 and an expiry. Logging in always issues a new
token and revokes the one the browser had (rotation)."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from passlib.context import CryptContext
from sqlmodel import Session, func, select

from ..db import service
from ..models import AuthSession, LoginAttempt, User
from ..models.base import utcnow
from ..settings import settings
from . import audit
from .actor import Actor, load_actor
from .errors import InvalidInput, NotAuthenticated, Throttled

pwd_context = CryptContext(schemes=["argon2"], deprecated="auto")

MIN_PASSWORD_LENGTH = 10
BAD_LOGIN = "That username and password don't match. Check them and try again."


def hash_password(password: str) -> str:
    return pwd_context.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    try:
        return pwd_context.verify(password, hashed)
    except (ValueError, TypeError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoginResult:
    token: str
    actor: Actor


def _recent_failures(session: Session, username: str) -> int:
    since = utcnow() - timedelta(minutes=settings.login_lock_minutes)
    last_success = session.exec(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.username == username, LoginAttempt.success.is_(True))
    ).one()
    if last_success and last_success > since:
        since = last_success
    return session.exec(
        select(func.count()).select_from(LoginAttempt)
        .where(LoginAttempt.username == username, LoginAttempt.success.is_(False), LoginAttempt.at > since)
    ).one()


def login(username: str, password: str, old_token: str | None = None) -> LoginResult:
    """Check the password and open a new session. Failures are recorded even though login fails."""
    username = (username or "").strip().lower()
    if not username or not password:
        raise InvalidInput("Enter your username and password.")
    if len(username) > 60 or len(password) > 256:
        raise InvalidInput(BAD_LOGIN)
    from ..db import unit_of_work

    with unit_of_work() as s:
        if _recent_failures(s, username) >= settings.login_max_failures:
            raise Throttled(
                f"Too many failed attempts for this username. Wait {settings.login_lock_minutes} minutes and try again."
            )
        user = s.exec(select(User).where(User.username == username)).first()
        ok = user is not None and user.active and verify_password(password, user.password_hash)
        if not ok:
            s.add(LoginAttempt(username=username, success=False))
            s.commit()  # the failure must count even though we raise
            raise NotAuthenticated(BAD_LOGIN)
        s.add(LoginAttempt(username=username, success=True))
        if old_token:
            _revoke(s, old_token)
        token = secrets.token_urlsafe(32)
        now = utcnow()
        s.add(AuthSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
                          expires_at=now + timedelta(hours=settings.session_hours)))
        if pwd_context.needs_update(user.password_hash):
            user.password_hash = hash_password(password)
            s.add(user)
        actor = load_actor(s, user)
        audit.record(s, actor, "login", "user", user.id, f"{user.username} logged in")
        return LoginResult(token=token, actor=actor)


def _revoke(s: Session, token: str) -> None:
    row = s.exec(select(AuthSession).where(AuthSession.token_hash == _token_hash(token))).first()
    if row and not row.revoked:
        row.revoked = True
        s.add(row)


@service
def logout(s: Session, token: str | None) -> None:
    if token:
        _revoke(s, token)


EXPIRED = "Your session has expired. Please log in again."


@service
def current_actor(s: Session, token: str | None) -> Actor:
    """The actor behind a session token, or NotAuthenticated."""
    if not token or len(token) > 128:
        raise NotAuthenticated("Please log in.")
    row = s.exec(select(AuthSession).where(AuthSession.token_hash == _token_hash(token))).first()
    now = utcnow()
    if row is None or row.revoked or row.expires_at <= now:
        raise NotAuthenticated(EXPIRED)
    user = s.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated(EXPIRED)
    if (now - row.last_seen_at).total_seconds() > 300:
        row.last_seen_at = now
        s.add(row)
    return load_actor(s, user)


@service
def change_password(s: Session, actor: Actor, current: str, new: str, confirm: str, keep_token: str | None = None) -> None:
    user = s.get(User, actor.user_id)
    if user is None or not verify_password(current or "", user.password_hash):
        raise InvalidInput("Your current password isn't right.")
    if new != confirm:
        raise InvalidInput("The new passwords don't match.")
    if len(new or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"Choose a new password of at least {MIN_PASSWORD_LENGTH} characters.")
    if len(new) > 256:
        raise InvalidInput("Choose a new password of at most 256 characters.")
    if new == current:
        raise InvalidInput("The new password must be different from the current one.")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    s.add(user)
    keep = _token_hash(keep_token) if keep_token else None
    for row in s.exec(select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked.is_(False))).all():
        if row.token_hash != keep:
            row.revoked = True
            s.add(row)
    audit.record(s, actor, "password_changed", "user", user.id, f"{user.username} changed their password")
    audit.notify_users(s, [user.id], "security", "Your password was changed",
                       "If this wasn't you, tell your administrator straight away.")
