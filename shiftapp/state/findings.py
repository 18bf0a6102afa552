from __future__ import annotations

import reflex as rx

from ..services import findings
from ..services.errors import DomainError
from .session import SessionState


class FindingsState(SessionState):
    rows: list[dict] = []
    status: str = "open"

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            self.rows = [f.__dict__ for f in findings.list_findings(actor, self.status)]
        except DomainError as err:
            self._fail(err)
        return None

    @rx.event
    def show(self, status: str):
        self.status = status
        return FindingsState.load

    @rx.event
    def acknowledge(self, finding_id: int):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            findings.acknowledge(actor, int(finding_id))
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", "Acknowledged."
        return FindingsState.load

    @rx.event
    def override(self, form: dict):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            findings.override(actor, int(form.get("id", 0)), str(form.get("reason", "")))
        except (DomainError, ValueError) as err:
            self._fail(err if isinstance(err, DomainError) else DomainError("Choose a finding to override."))
            return None
        self.error, self.notice = "", "Override recorded with its reason."
        return FindingsState.load
