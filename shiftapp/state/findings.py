from __future__ import annotations

import reflex as rx

from ..services import findings
from .session import SessionState


class FindingsState(SessionState):
    rows: list[dict] = []
    status: str = "open"

    @rx.event
    def load(self):
        ok, rows = self._call(findings.list_findings, self.status)
        if not ok:
            return rows
        self.rows = [f.__dict__ for f in rows]
        return None

    @rx.event
    def show(self, status: str):
        self.status = status
        return FindingsState.load

    @rx.event
    def acknowledge(self, finding_id: int):
        ok, out = self._call(findings.acknowledge, int(finding_id))
        if not ok:
            return out
        self.error, self.notice = "", "Acknowledged."
        return FindingsState.load

    @rx.event
    def override(self, form: dict):
        try:
            finding_id = int(form.get("id", 0))
        except (TypeError, ValueError):
            finding_id = 0
        ok, out = self._call(findings.override, finding_id, str(form.get("reason", "")))
        if not ok:
            return out
        self.error, self.notice = "", "Override recorded with its reason."
        return FindingsState.load
