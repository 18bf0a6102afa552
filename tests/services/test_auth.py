"""Accounts: login, sessions (expiry, rotation), throttling, change password, bad input."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from shiftapp.db import unit_of_work
from shiftapp.models import AuditEntry, AuthSession, LoginAttempt, Notification, User
from shiftapp.models.base import utcnow
from shiftapp.seed.common import DEMO_PASSWORD
from shiftapp.services import auth
from shiftapp.services.errors import InvalidInput, NotAuthenticated, Throttled


def _count(model, *where):
    with unit_of_work() as s:
        return len(s.exec(select(model).where(*where)).all())


def test_login_opens_a_server_side_session_and_stores_only_the_token_hash(seeded_db):
    result = auth.login("Officer ", DEMO_PASSWORD)  # case and spaces forgiven
    assert result.actor.username == "officer" and result.actor.home == "/me"
    with unit_of_work() as s:
        rows = s.exec(select(AuthSession).where(AuthSession.user_id == result.actor.user_id)).all()
        assert rows and all(r.token_hash != result.token for r in rows)
        user = s.exec(select(User).where(User.username == "officer")).one()
        assert user.password_hash.startswith("$argon2")
    assert auth.current_actor(result.token).user_id == result.actor.user_id


@pytest.mark.parametrize("username,password", [("nobody", DEMO_PASSWORD), ("sergeant", "wrong-password")])
def test_unknown_user_and_wrong_password_get_the_same_clear_message(seeded_db, username, password):
    before = _count(AuthSession)
    with pytest.raises(NotAuthenticated, match="username and password don't match"):
        auth.login(username, password)
    assert _count(AuthSession) == before
    assert _count(LoginAttempt, LoginAttempt.username == username, LoginAttempt.success.is_(False)) >= 1


@pytest.mark.parametrize("username,password,message", [
    ("", "x", "Enter your username and password"),
    ("officer", "", "Enter your username and password"),
    ("x" * 61, "whatever", "don't match"),
    ("officer", "p" * 300, "don't match"),
])
def test_malformed_login_values_change_nothing(seeded_db, username, password, message):
    before = (_count(AuthSession), _count(LoginAttempt))
    with pytest.raises(InvalidInput, match=message):
        auth.login(username, password)
    assert (_count(AuthSession), _count(LoginAttempt)) == before


def test_repeated_failures_throttle_the_username_even_with_the_right_password(seeded_db):
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            auth.login("p1001", "not-the-password")  # an inspector with no named demo login
    sessions = _count(AuthSession)
    with pytest.raises(Throttled, match="Too many failed attempts"):
        auth.login("p1001", DEMO_PASSWORD)
    assert _count(AuthSession) == sessions
    auth.login("advisor", DEMO_PASSWORD)  # other users are not affected


def test_expired_session_is_refused_with_a_clear_message(seeded_db):
    token = auth.login("escort", DEMO_PASSWORD).token
    with unit_of_work() as s:
        row = s.exec(select(AuthSession).where(AuthSession.token_hash == auth._token_hash(token))).one()
        row.expires_at = utcnow() - timedelta(minutes=1)
        s.add(row)
    with pytest.raises(NotAuthenticated, match="session has expired"):
        auth.current_actor(token)


@pytest.mark.parametrize("token", [None, "", "made-up-token", "x" * 500])
def test_missing_or_forged_tokens_are_refused(seeded_db, token):
    with pytest.raises(NotAuthenticated):
        auth.current_actor(token)


def test_login_rotates_the_browser_token_and_logout_revokes(seeded_db):
    first = auth.login("driver", DEMO_PASSWORD).token
    second = auth.login("driver", DEMO_PASSWORD, old_token=first).token
    assert first != second
    with pytest.raises(NotAuthenticated):
        auth.current_actor(first)
    auth.current_actor(second)
    auth.logout(second)
    with pytest.raises(NotAuthenticated):
        auth.current_actor(second)


@pytest.mark.parametrize("current,new,confirm,message", [
    ("wrong-current", "a-new-password", "a-new-password", "current password isn't right"),
    (DEMO_PASSWORD, "a-new-password", "another-password", "don't match"),
    (DEMO_PASSWORD, "short", "short", "at least 10 characters"),
    (DEMO_PASSWORD, DEMO_PASSWORD, DEMO_PASSWORD, "must be different"),
])
def test_change_password_refusals_change_nothing(seeded_db, current, new, confirm, message):
    actor = auth.login("sergeant", DEMO_PASSWORD).actor
    with unit_of_work() as s:
        before = s.get(User, actor.user_id).password_hash
    with pytest.raises(InvalidInput, match=message):
        auth.change_password(actor, current, new, confirm)
    with unit_of_work() as s:
        assert s.get(User, actor.user_id).password_hash == before


def test_change_password_revokes_other_sessions_audits_and_notifies(seeded_db):
    phone = auth.login("p1003", DEMO_PASSWORD)  # a sergeant with no named demo login
    desk = auth.login("p1003", DEMO_PASSWORD)
    auth.change_password(desk.actor, DEMO_PASSWORD, "a-much-better-passphrase", "a-much-better-passphrase",
                         keep_token=desk.token)
    with pytest.raises(NotAuthenticated):
        auth.current_actor(phone.token)
    assert auth.current_actor(desk.token).username == "p1003"
    with pytest.raises(NotAuthenticated):
        auth.login("p1003", DEMO_PASSWORD)
    assert auth.login("p1003", "a-much-better-passphrase").actor.username == "p1003"
    uid = desk.actor.user_id
    assert _count(AuditEntry, AuditEntry.action == "password_changed", AuditEntry.user_id == uid) == 1
    assert _count(Notification, Notification.user_id == uid, Notification.kind == "security") == 1
