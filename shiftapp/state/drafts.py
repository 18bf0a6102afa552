from __future__ import annotations

import reflex as rx

from ..services import drafts
from .session import SessionState


class DraftsState(SessionState):
    """The nightly optimiser's latest draft per unit, beside the planner's own optimiser runs."""
    rows: list[dict[str, str]] = []

    @rx.event
    def load(self):
        ok, rows = self._call(drafts.latest_drafts)
        if not ok:
            return rows
        self.rows = [{**{k: str(v) for k, v in r.__dict__.items() if k not in ("explanation", "lines")},
                      "explanation": " ".join(r.explanation), "lines": "; ".join(r.lines)} for r in rows]
        return None

    @rx.event
    def accept(self, draft_id: int):
        ok, n = self._call(drafts.accept_draft, int(draft_id))
        if not ok:
            return n
        self.error, self.notice = "", f"Draft accepted: {n} duties changed and the people told."
        return DraftsState.load

    @rx.event
    def discard(self, draft_id: int):
        ok, out = self._call(drafts.discard_draft, int(draft_id))
        if not ok:
            return out
        self.error, self.notice = "", "Draft discarded."
        return DraftsState.load
