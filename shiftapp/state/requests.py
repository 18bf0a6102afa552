"""Leave, swaps and flexible working on the phone: thin states over services/requests."""
from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from ..services import requests as R
from ..services.errors import DomainError
from .session import SessionState


def _rows(rows) -> list[dict]:
    out = []
    for r in rows:
        d = asdict(r)
        d["history"] = [dict(h) for h in d.get("history", [])]
        out.append(d)
    return out


class LeaveState(SessionState):
    balances: list[dict[str, str]] = []
    requests: list[dict] = []
    kind: str = "annual"
    preview: str = ""

    def _load(self, actor) -> None:
        bal, rows = R.leave_overview(actor)
        self.balances = [{"kind": b.kind, "label": b.label, "text": b.text, "note": b.note} for b in bal.values()]
        self.requests = _rows(rows)
        self._count_unread(actor)

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        self.error = self.notice = self.preview = ""
        try:
            self._load(actor)
        except DomainError as err:
            self._fail(err)
        return None

    @rx.event
    def set_kind(self, kind: str):
        self.kind = kind

    @rx.event
    def submit(self, form: dict):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            row = R.request_leave(actor, str(form.get("kind") or self.kind), form.get("start"),
                                  form.get("end") or form.get("start"), form.get("hours") or None,
                                  str(form.get("reason", "")))
            self._load(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.notice = f"{row.label} for {row.dates} sent: pending a planner's decision."
        return None

    @rx.event
    def withdraw(self, request_id: int):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            R.withdraw_leave(actor, int(request_id))
            self._load(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", "Request withdrawn."
        return None


class SwapState(SessionState):
    duties: list[dict[str, str]] = []
    selected: str = ""
    selected_label: str = ""
    candidates: list[dict[str, str]] = []
    mine: list[dict] = []
    to_me: list[dict] = []
    open_offers: list[dict] = []
    searching: bool = False

    def _load(self, actor) -> None:
        self.duties = R.my_future_duties(actor)
        lists = R.my_swaps(actor)
        self.mine, self.to_me, self.open_offers = _rows(lists["mine"]), _rows(lists["to_me"]), _rows(lists["open"])
        self._count_unread(actor)

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        self.error = self.notice = ""
        self.selected, self.selected_label, self.candidates = "", "", []
        try:
            self._load(actor)
        except DomainError as err:
            self._fail(err)
        return None

    @rx.event
    def choose(self, duty_id: str):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        self.selected = duty_id
        self.selected_label = next((d["label"] for d in self.duties if d["id"] == duty_id), "")
        try:
            self.candidates = [{"person": c.name, "duty_id": str(c.duty_id), "duty": c.duty}
                               for c in R.swap_candidates(actor, int(duty_id))]
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        return None

    def _do(self, fn, notice: str):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            fn(actor)
            self._load(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", notice
        self.selected, self.selected_label, self.candidates = "", "", []
        return None

    @rx.event
    def offer_to(self, their_duty_id: str):
        return self._do(lambda a: R.offer_swap(a, int(self.selected), int(their_duty_id)),
                        "Swap offered. Your colleague has been told.")

    @rx.event
    def offer_open(self):
        return self._do(lambda a: R.offer_swap(a, int(self.selected)),
                        "Offered to everyone eligible. The first to accept goes to a planner.")

    @rx.event
    def accept(self, swap_id: int):
        return self._do(lambda a: R.respond_swap(a, int(swap_id), True), "Accepted. A planner will decide.")

    @rx.event
    def decline(self, swap_id: int):
        return self._do(lambda a: R.respond_swap(a, int(swap_id), False), "Declined.")

    @rx.event
    def withdraw(self, swap_id: int):
        return self._do(lambda a: R.withdraw_swap(a, int(swap_id)), "Swap withdrawn.")


class FlexState(SessionState):
    patterns: list[dict[str, str]] = []
    policy: bool = False
    made: int = 0
    next_allowed: str = ""
    last_request: str = ""
    requests: list[dict] = []
    proposal: str = "pattern"  # pattern or days

    def _load(self, actor) -> None:
        opts, rows = R.flex_options(actor)
        self.patterns, self.policy, self.made = opts.patterns, opts.policy, opts.made_in_12_months
        self.next_allowed, self.last_request = opts.next_allowed, opts.last_request
        self.requests = _rows(rows)
        self._count_unread(actor)

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        self.error = self.notice = ""
        try:
            self._load(actor)
        except DomainError as err:
            self._fail(err)
        return None

    @rx.event
    def set_proposal(self, value: str | list[str]):
        self.proposal = value

    @rx.event
    def submit(self, form: dict):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        days = {k: str(form.get(k, "")) for k in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        use_pattern = self.proposal == "pattern"
        try:
            row = R.request_flex(actor, str(form.get("change_kind", "")), str(form.get("description", "")),
                                 form.get("effective_from") or None,
                                 pattern_id=int(form["pattern_id"]) if use_pattern and form.get("pattern_id") else None,
                                 days=None if use_pattern else days)
            self._load(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.notice = f"Request sent. The decision is due by {row.deadline}."
        return None

    @rx.event
    def withdraw(self, request_id: int):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            R.withdraw_flex(actor, int(request_id))
            self._load(actor)
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", "Request withdrawn."
        return None
