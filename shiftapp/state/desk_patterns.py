"""Shift patterns page: the unit's patterns with their check; a new pattern typed as codes, checked and
then saved (the save checks again; changing the text after a check asks for a new one); someone put on a
pattern from a date."""
from __future__ import annotations

from datetime import date

import reflex as rx

from ..services.desk import patterns
from ..services.errors import DomainError, InvalidInput
from .desk_pages import DeskBaseState


def _check(c: patterns.PatternCheck) -> dict:
    return {"cycle": str(c.cycle_days), "hours": c.weekly_hours, "rest": c.rest_days_per_week,
            "weekly": "yes" if c.cycle_days % 7 == 0 else ""}


class PatternsState(DeskBaseState):
    rows: list[dict[str, str]] = []
    row_weeks: list[list[list[str]]] = []
    row_findings: list[list[dict[str, str]]] = []
    codes: list[dict[str, str]] = []
    name: str = ""
    steps: str = ""
    checked: bool = False
    check: dict[str, str] = {}
    weeks: list[list[str]] = []
    findings: list[dict[str, str]] = []
    people: list[dict[str, str]] = []

    @rx.event
    def load(self):
        actor, redirect = self._guard()  # sets the unit on the first visit
        if actor is None:
            return redirect
        try:
            rows = patterns.list_patterns(actor, int(self.unit_id))
            self.codes = patterns.shift_codes(actor, int(self.unit_id))
            self.people = patterns.pattern_people(actor, int(self.unit_id))
        except DomainError as err:
            self._fail(err)
            return None
        self.rows = [{"id": str(r.id), "name": r.name, "unit": r.unit, "people": str(r.people),
                      "joining": str(r.joining), **_check(r.check)}
                     for r in rows]
        self.row_weeks = [r.check.weeks for r in rows]
        self.row_findings = [r.check.findings for r in rows]
        return None

    @rx.event
    def choose_unit(self, value: str):
        self.unit_id, self.checked = value, False
        return PatternsState.load

    @rx.event
    def set_name(self, value: str):
        self.name = value

    @rx.event
    def set_steps(self, value: str):
        self.steps, self.checked = value, False

    @rx.event
    def run_check(self):
        ok, out = self._desk_call(patterns.check_steps, int(self.unit_id), self.steps)
        self.checked = ok
        if not ok:
            return out
        self.error, self.check, self.weeks, self.findings = "", _check(out), out.weeks, out.findings
        return None

    @rx.event
    def save(self):
        if not self.checked:
            self.error = "Check the pattern before saving it."
            return None
        ok, out = self._desk_call(patterns.create_pattern, int(self.unit_id), self.name, self.steps)
        if not ok:
            return out
        self.error, self.notice = "", f"Saved the pattern {' '.join(self.name.split())}."
        self.name, self.steps, self.checked = "", "", False
        return PatternsState.load

    @rx.event
    def assign(self, form: dict):
        try:
            start = date.fromisoformat(str(form.get("start") or ""))
            step = int(form.get("step") or 1)
            person_id, pattern_id = int(form.get("person") or 0), int(form.get("pattern") or 0)
        except ValueError:
            self._fail(InvalidInput("Choose the person, the pattern, a date and a day of the cycle."))
            return None
        ok, out = self._desk_call(patterns.assign_pattern, person_id, pattern_id, start, step,
                                  published_too=bool(form.get("published_too")))
        if not ok:
            return out
        self.error = ""
        self.notice = (f"{out.person} is on {out.pattern} from {out.start:%a %d %b %Y}; they have been told."
                       + (f" {out.redrafted} draft duties drawn again from it." if out.redrafted else "")
                       + (f" {out.published_changed} published duties changed to it at their request."
                          if out.published_changed else "")
                       + ((f" {out.published_left} days of leave or absence stay as they were." if out.at_request else
                           f" {out.published_left} published duties from then are as they were: change them on the "
                           "rota, with notice.") if out.published_left else ""))
        return PatternsState.load
