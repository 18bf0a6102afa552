from __future__ import annotations

import reflex as rx

from ..services import home
from ..services.errors import DomainError
from .session import SessionState


class DeskState(SessionState):
    units: list[str] = []
    cover: list[dict[str, str]] = []
    pending_leave: int = 0
    short_shifts: int = 0

    @rx.var
    def no_cover_note(self) -> str:
        """A closed day (the call centre on a Sunday) says so instead of showing an empty table."""
        return "" if self.cover or not self.units else f"No shifts are required today in {', '.join(self.units)}."

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            h = home.planner_home(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.units, self.cover, self.pending_leave, self.short_shifts = h.units, h.cover, h.pending_leave, h.short_shifts
        return None
