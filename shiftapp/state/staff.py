"""Staff home (/me): my rota in list, week and month views; the next duty first."""
from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from ..services import rota
from ..services.errors import DomainError
from ..services.requests import leave as leave_svc
from ..services.requests.common import london_today
from .session import SessionState

SYNC_ROTA = "window.shiftappSyncRota && window.shiftappSyncRota()"


class StaffHomeState(SessionState):
    name: str = ""
    job_title: str = ""
    unit: str = ""
    next_duty: dict[str, str] = {}
    days: list[dict[str, str]] = []
    month_cells: list[dict[str, str]] = []
    balances: dict[str, str] = {}
    changed_count: int = 0
    view: str = "list"  # list (28 days), week, month
    offset: int = 0  # weeks or months from the current one
    range_label: str = ""
    loaded: bool = False

    def _range(self) -> tuple[date, date]:
        today = london_today()
        if self.view == "week":
            start = today - timedelta(days=today.weekday()) + timedelta(weeks=self.offset)
            return start, start + timedelta(days=6)
        if self.view == "month":
            y, m = divmod(today.month - 1 + self.offset, 12)
            first = date(today.year + y, m + 1, 1)
            nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        start = today + timedelta(days=28 * self.offset)
        return start, start + timedelta(days=27)

    def _refresh(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        start, end = self._range()
        try:
            v = rota.my_rota(actor, start, end)
            bal = leave_svc.leave_overview(actor)[0]
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.name, self.job_title, self.unit = v.name, v.job_title, v.unit
        self.next_duty, self.days, self.changed_count, self.unread = v.next_duty or {}, v.days, v.changed_count, v.unread
        self.balances = {k: b.text for k, b in bal.items()}
        self.range_label = f"{start:%d %b} – {end:%d %b %Y}" if self.view != "month" else f"{start:%B %Y}"
        self.month_cells = self._month(start, end) if self.view == "month" else []
        self.loaded = True
        return None

    def _month(self, first: date, last: date) -> list[dict[str, str]]:
        by_date = {}
        for c in self.days:
            if c["date"] not in by_date or c["working"]:
                by_date[c["date"]] = c
        cells = [{"day": "", "code": "", "kind": "blank", "changed": ""} for _ in range(first.weekday())]
        d = first
        while d <= last:
            c = by_date.get(d.isoformat(), {})
            code = c.get("code") or {"rest_day": "R", "annual_leave": "AL", "toil": "TL", "rdil": "RL",
                                     "sickness": "S", "training": "T", "special_leave": "SL"}.get(c.get("kind", ""), "")
            cells.append({"day": str(d.day), "code": code, "kind": c.get("kind", "none"),
                          "changed": c.get("changed", ""), "today": "yes" if d == london_today() else ""})
            d += timedelta(days=1)
        return cells

    @rx.event
    def load(self):
        self.view, self.offset, self.notice = "list", 0, ""
        out = self._refresh()
        return out if out is not None else rx.call_script(SYNC_ROTA)

    @rx.event
    def set_view(self, view: str | list[str]):
        if view in ("list", "week", "month"):
            self.view, self.offset = view, 0
        return self._refresh()

    @rx.event
    def move(self, step: int):
        self.offset = max(-12, min(12, self.offset + int(step)))
        return self._refresh()

    @rx.event
    def mark_seen(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        rota.mark_rota_seen(actor)
        return self._refresh()
