from __future__ import annotations

from datetime import date

import reflex as rx

from ..services import audit, home
from ..services.errors import DomainError, InvalidInput
from .session import SessionState

PAGE = 50


class AdminState(SessionState):
    users: int = 0
    active_sessions: int = 0
    audit_today: int = 0
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    actions: list[str] = []
    f_action: str = ""
    f_user: str = ""
    f_since: str = ""
    f_until: str = ""

    @rx.var
    def page_label(self) -> str:
        if not self.total:
            return "No entries"
        return f"{self.page * PAGE + 1}–{min((self.page + 1) * PAGE, self.total)} of {self.total}"

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            h = home.admin_home(actor)
            self.actions = audit.audit_actions(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.users, self.active_sessions, self.audit_today = h.users, h.active_sessions, h.audit_today
        return self._search(actor)

    def _search(self, actor):
        try:
            since = date.fromisoformat(self.f_since) if self.f_since else None
            until = date.fromisoformat(self.f_until) if self.f_until else None
        except ValueError:
            self._fail(InvalidInput("Dates must look like 2026-11-23."))
            return None
        try:
            rows, self.total = audit.list_audit(actor, action=self.f_action, username=self.f_user.strip().lower(),
                                                since=since, until=until, limit=PAGE, offset=self.page * PAGE)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.rows = [r.__dict__ for r in rows]
        return None

    @rx.event
    def apply_filters(self, form: dict):
        self.f_action = "" if form.get("action") in (None, "all") else str(form["action"])
        self.f_user = str(form.get("user", ""))[:60]
        self.f_since, self.f_until = str(form.get("since", "")), str(form.get("until", ""))
        self.page = 0
        actor = self._actor()
        return rx.redirect("/login") if actor is None else self._search(actor)

    @rx.event
    def turn(self, delta: int):
        self.page = max(0, min(self.page + delta, max(0, (self.total - 1) // PAGE)))
        actor = self._actor()
        return rx.redirect("/login") if actor is None else self._search(actor)
