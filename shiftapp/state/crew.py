from __future__ import annotations

import reflex as rx

from ..services import home
from ..services.errors import DomainError
from .session import SessionState


class CrewHomeState(SessionState):
    name: str = ""
    job_title: str = ""
    today: dict[str, str] = {}
    runs: list[dict[str, str]] = []
    credentials: list[dict[str, str]] = []

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            h = home.crew_home(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.name, self.job_title, self.today, self.runs, self.credentials = (
            h.name, h.job_title, h.today or {}, h.runs, h.credentials)
        return None
