from __future__ import annotations

import reflex as rx

from ..services import home
from ..services.errors import DomainError
from .session import SessionState


class TransportHomeState(SessionState):
    figures: dict[str, int] = {}
    expiring: list[dict[str, str]] = []

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            h = home.transport_home(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.figures = {"passengers": h.passengers, "destinations": h.destinations, "vehicles": h.vehicles,
                        "off_road": h.vehicles_off_road, "runs_today": h.runs_today, "crew": h.crew}
        self.expiring = h.expiring
        return None
