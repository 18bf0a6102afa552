from __future__ import annotations

import reflex as rx

from ..services import audit, auth
from ..services.errors import DomainError
from .session import SessionState


class AccountState(SessionState):
    notifications: list[dict] = []
    unread: int = 0

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        rows, self.unread = audit.my_notifications(actor)
        self.notifications = [r.__dict__ for r in rows]
        return None

    @rx.event
    def mark_all_read(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        audit.mark_read(actor)
        return AccountState.load

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
