from __future__ import annotations

import reflex as rx

from ..services import audit, auth, calendar
from ..services.errors import DomainError
from .session import SessionState


class InboxState(SessionState):
    notifications: list[dict] = []

    def _load(self, actor) -> None:
        rows, self.unread = audit.my_notifications(actor)
        self.notifications = [r.__dict__ for r in rows]

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        self.error = self.notice = ""
        self._load(actor)
        return None

    @rx.event
    def open_note(self, note_id: int, link: str):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            audit.mark_read(actor, int(note_id))
        except DomainError as err:
            self._fail(err)
            return None
        self._load(actor)
        return rx.redirect(link) if link and link.startswith("/") and not link.startswith("//") else None

    @rx.event
    def mark_all_read(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        audit.mark_read(actor)
        self._load(actor)
        return None


class AccountState(SessionState):
    feed_active: bool = False
    feed_created: str = ""
    feed_fetched: str = ""
    feed_url: str = ""  # shown once, right after it is made (only its hash is stored)
    has_person: bool = False

    def _feed(self, actor) -> None:
        self.has_person = actor.person_id is not None
        if self.has_person:
            st = calendar.feed_status(actor)
            self.feed_active, self.feed_created, self.feed_fetched = st.active, st.created, st.last_fetched

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        self.feed_url = self.error = self.notice = ""
        self._count_unread(actor)
        self._feed(actor)
        return None

    @rx.event
    def new_feed(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            token = calendar.new_feed(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.feed_url = f"{self.router.url.origin}/api/calendar/{token}.ics"
        self._feed(actor)
        self.error, self.notice = "", "New calendar link made. Any older link has stopped working."
        return None

    @rx.event
    def revoke_feed(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        calendar.revoke_feed(actor)
        self.feed_url = ""
        self._feed(actor)
        self.error, self.notice = "", "Calendar link turned off."
        return None

    @rx.event
    def change_password(self, form: dict):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            auth.change_password(actor, str(form.get("current", "")), str(form.get("new", "")),
                                 str(form.get("confirm", "")), keep_token=self.token)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.notice = "Your password has been changed. Other devices have been signed out."
        return None
