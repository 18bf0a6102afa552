"""Contractors & compliance audits, incidents and their follow-up actions (planner, desktop)."""
from __future__ import annotations

from datetime import date

import reflex as rx

from ..services.errors import DomainError
from ..services.requests.common import london_today
from ..services.transport import compliance
from .session import SessionState


class ComplianceState(SessionState):
    contractors: list[dict[str, str]] = []
    incidents: list[dict[str, str]] = []
    actions: list[dict[str, str]] = []
    audit_contractor: str = ""
    audit_result: str = "pass"
    audit_notes: str = ""
    audit_date: str = ""
    action_incident: str = ""
    action_text: str = ""
    action_owner: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        self.audit_date = self.audit_date or london_today().isoformat()
        self._refresh(actor)
        return None

    def _refresh(self, actor) -> None:
        try:
            self.contractors = compliance.contractors(actor)
            rows = compliance.incidents(actor)
        except DomainError as err:
            self._fail(err)
            return
        self.incidents = [{k: v for k, v in r.items() if k != "actions"} for r in rows]
        self.actions = [dict(a, incident=r["id"], run=r["run"]) for r in rows for a in r["actions"]]

    def _do(self, fn, done: str):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            fn(actor)
        except (DomainError, ValueError) as err:
            self._fail(err if isinstance(err, DomainError) else DomainError("Check the dates and choices."))
            return None
        self.error, self.notice = "", done
        self._refresh(actor)
        return None

    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("audit_contractor", "audit_result", "audit_notes", "audit_date", "action_incident", "action_text",
                    "action_owner"):
            setattr(self, name, value)

    @rx.event
    def record_audit(self):
        if not self.audit_contractor:
            self.error = "Choose a contractor."
            return None
        return self._do(lambda a: compliance.record_audit(a, int(self.audit_contractor), date.fromisoformat(self.audit_date),
                                                          self.audit_result, self.audit_notes), "Audit recorded.")

    @rx.event
    def add_action(self):
        if not self.action_incident:
            self.error = "Choose an incident."
            return None
        r = self._do(lambda a: compliance.add_action(a, int(self.action_incident), self.action_text, self.action_owner),
                     "Follow-up action added.")
        if not self.error:
            self.action_text = ""
        return r

    @rx.event
    def complete(self, incident: str, index: str):
        return self._do(lambda a: compliance.complete_action(a, int(incident), int(index)), "Action done.")

    @rx.event
    def close(self, incident: str):
        return self._do(lambda a: compliance.close_incident(a, int(incident)), "Incident closed.")
