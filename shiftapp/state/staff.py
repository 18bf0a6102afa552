from __future__ import annotations

import reflex as rx

from ..services import home
from ..services.errors import DomainError
from .session import SessionState


class StaffHomeState(SessionState):
    name: str = ""
    job_title: str = ""
    unit: str = ""
    next_duty: dict[str, str] = {}
    days: list[dict[str, str]] = []
    balances: dict[str, str] = {}
    unread: int = 0
    loaded: bool = False

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            h = home.staff_home(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.name, self.job_title, self.unit = h.name, h.job_title, h.unit
        self.next_duty, self.days, self.balances, self.unread = h.next_duty or {}, h.days, h.balances, h.unread
        self.loaded = True
        return None
