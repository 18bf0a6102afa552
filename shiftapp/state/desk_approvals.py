"""Approvals inbox: leave, swaps and flexible working in the planner's units, each with its impact
(cover before and after against minimum and target, rule findings, cost) before the decision.
Decisions go through the request services' ``decide_*`` with the version the planner saw, so of two
planners deciding at once exactly one lands and the other is told who decided first."""
from __future__ import annotations

from datetime import date

import reflex as rx

from ..services import requests as rq
from ..services.desk import impact
from ..services.errors import DomainError, InvalidInput
from .desk_pages import DeskBaseState
from .session import reveal_on_phone


class ApprovalsState(DeskBaseState):
    leave: list[dict[str, str]] = []
    swaps: list[dict[str, str]] = []
    flex: list[dict[str, str]] = []
    kind: str = ""
    item_id: str = ""
    version: int = 0
    title: str = ""
    detail: str = ""
    summary: str = ""
    cost: str = ""
    cover: list[dict[str, str]] = []
    findings: list[dict[str, str]] = []
    notes: list[str] = []
    reason: str = ""
    refusal_reason: str = ""
    consultation: str = ""
    trial: bool = False
    reasons: list[dict[str, str]] = [{"id": k, "name": v} for k, v in rq.REFUSAL_LABELS.items()]

    @rx.var
    def total(self) -> int:
        return len(self.leave) + len(self.swaps) + len(self.flex)

    @rx.event
    def load(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self._refresh(actor)
        return None

    def _refresh(self, actor):
        try:
            leave = rq.pending_leave(actor)
            swaps = rq.pending_swaps(actor)
            flex = rq.pending_flex(actor)
        except DomainError as err:
            self._fail(err)
            return
        self.leave = [{"id": str(r["id"]), "version": str(r["version"]), "person": r["person"],
                       "employee_no": r["employee_no"] or "", "kind": r["kind"], "dates": r["dates"],
                       "amount": r["amount"], "reason": r["reason"], "balance_after": str(r["balance_after"])}
                      for r in leave]
        self.swaps = [{"id": str(r.id), "version": str(r.version), "requester": r.requester,
                       "counterpart": r.counterpart, "gives": r.gives, "takes": r.takes, "note": r.note}
                      for r in swaps]
        self.flex = [{"id": str(r.id), "version": str(r.version), "basis": r.basis, "change": r.change_kind,
                      "description": r.description, "proposal": r.proposal, "from": r.effective_from,
                      "deadline": r.deadline} for r in flex]

    @rx.event
    def open_item(self, kind: str, item_id: str, version: str, title: str):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.kind, self.item_id, self.version, self.title = kind, item_id, int(version or 0), title
        self.reason, self.refusal_reason, self.consultation, self.trial = "", "", "", False
        try:
            fn = {"leave": impact.leave_impact, "swap": impact.swap_impact, "flex": impact.flex_impact}[kind]
            im = fn(actor, int(item_id))
            extra = []
            if kind == "flex":
                checked = rq.flex_impact(actor, int(item_id))
                if checked:
                    extra = [{"person": "", "rule": f["rule"], "severity": f["severity"], "message": f["message"]}
                             for f in checked.get("findings", [])]
                    self.detail = (f"Proposed pattern: {checked.get('weekly_hours', '')} h a week, "
                                   f"{checked.get('rest_days_per_week', '')} rest days a week.")
                else:
                    self.detail = ""
            else:
                self.detail = ""
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.summary, self.cost, self.cover, self.notes = im.summary, im.cost, im.cover, im.notes
        self.findings = im.findings + extra
        return reveal_on_phone("impact-pane")

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    def set_refusal_reason(self, value: str):
        self.refusal_reason = value

    @rx.event
    def set_consultation(self, value: str):
        self.consultation = value

    @rx.event
    def set_trial(self, value: bool):
        self.trial = bool(value)

    @rx.event
    def decide(self, approve: bool):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        rostered = ""
        try:
            if self.kind == "leave":
                rq.decide_leave(actor, int(self.item_id), approve, self.reason, expected_version=self.version)
            elif self.kind == "swap":
                rq.decide_swap(actor, int(self.item_id), approve, self.reason, expected_version=self.version)
            elif self.kind == "flex":
                try:
                    consulted = date.fromisoformat(self.consultation) if self.consultation else None
                except ValueError:
                    raise InvalidInput("The consultation date must look like 2026-11-23.") from None
                row = rq.decide_flex(actor, int(self.item_id), approve, self.reason, expected_version=self.version,
                                     refusal_reason=self.refusal_reason or None, consultation_date=consulted,
                                     trial=self.trial)
                rostered = row.rostered
            else:
                return None
        except DomainError as err:
            self._fail(err)
            self._refresh(actor)
            return None
        self.error = ""
        self.notice = f"{self.title}: {'approved' if approve else 'refused'}. The people involved have been told."
        if rostered:
            self.notice += f" {rostered}."
        self.kind, self.item_id = "", ""
        self._refresh(actor)
        return None
