from __future__ import annotations

import reflex as rx

from ..services import auth
from ..services.errors import DomainError, NotAuthenticated
from .session import SessionState


class LoginState(SessionState):
    busy: bool = False

    @rx.event
    def on_load(self):
        self.busy = False
        if self.token:
            try:
                actor = auth.current_actor(self.token)
            except NotAuthenticated:
                self.token = ""
                return None
            return rx.redirect(actor.home)
        return None

    @rx.event
    def submit(self, form: dict):
        self.error = ""
        try:
            result = auth.login(str(form.get("username", "")), str(form.get("password", "")), old_token=self.token or None)
        except DomainError as err:
            self._fail(err)
            return None
        self.token = result.token
        self.display_name, self.roles, self.home = result.actor.display_name, sorted(result.actor.roles), result.actor.home
        return rx.redirect(result.actor.home)
