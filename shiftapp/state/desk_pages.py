"""Planner desk pages' state: rota grid, gaps and cover, events, management information.

Thin: each handler resolves the actor from the session, calls a service, and keeps small DTOs
(strings and lists of string dicts) for the page. The rota is paged on the server."""
from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from ..services.desk import common, events, gaps, mi, rota
from ..services.errors import DomainError, InvalidInput
from .session import SessionState, reveal_on_phone


def _date(text: str, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        raise InvalidInput("Dates must look like 2026-11-23.") from None


def _int(text) -> int | None:
    try:
        return int(text) if text not in ("", None, "all") else None
    except (TypeError, ValueError):
        return None


class DeskBaseState(SessionState):
    """The unit a planner is working on, shared by every desk page."""
    unit_id: str = ""
    units: list[dict[str, str]] = []

    @rx.event
    def set_unit_id(self, value: str):
        self.unit_id = value

    def _desk_actor(self):
        actor = self._actor()
        if actor is None:
            return None
        if not self.units:
            self.units, default = common.desk_units(actor)
            self.unit_id = self.unit_id or str(default)
        return actor

    def _guard(self):
        try:
            actor = self._desk_actor()
        except DomainError as err:
            self._fail(err)
            return None, None
        if actor is None:
            return None, rx.redirect("/login")
        return actor, None

    def _desk_call(self, fn, *args, **kwargs):
        """A service called as the planner on this page: ``(True, result)``; ``(False, redirect)`` when the
        session has gone; ``(False, None)`` with ``error`` set when the service refuses."""
        actor, redirect = self._guard()
        if actor is None:
            return False, redirect
        try:
            return True, fn(actor, *args, **kwargs)
        except DomainError as err:
            self._fail(err)
            return False, None


class RotaState(DeskBaseState):
    start: str = ""
    weeks: int = 4
    team: str = "all"
    skill: str = "all"
    rank: str = "all"
    page: int = 0
    page_size: int = 25
    total: int = 0
    days: list[dict[str, str]] = []
    people: list[dict[str, str]] = []
    cells: list[list[dict[str, str]]] = []
    cover_labels: list[str] = []
    cover_cells: list[list[dict[str, str]]] = []
    teams: list[dict[str, str]] = []
    skills: list[dict[str, str]] = []
    ranks: list[str] = []
    shifts: list[dict[str, str]] = []
    drafts: int = 0
    # duty editor
    sel_id: str = ""
    sel_label: str = ""
    sel_kind: str = "shift"
    sel_shift: str = ""
    sel_version: int = 0
    sel_status: str = ""
    reason_code: str = "exigency"
    reason: str = ""
    findings: list[str] = []
    checked: bool = False
    # publishing
    period_start: str = ""
    period_end: str = ""
    period_drafts: int = 0
    period_findings: list[str] = []
    published_until: str = ""

    @rx.var
    def page_label(self) -> str:
        if not self.total:
            return "No people"
        return f"{self.page * self.page_size + 1}–{min((self.page + 1) * self.page_size, self.total)} of {self.total}"

    @rx.event
    def load(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        if not self.start:
            today = date.today()
            self.start = (today - timedelta(days=today.weekday())).isoformat()
        self._refresh(actor)
        self._period(actor)
        return None

    def _refresh(self, actor):
        try:
            p = rota.rota_grid(actor, int(self.unit_id), _date(self.start, date.today()), self.weeks,
                               team_id=_int(self.team), skill_id=_int(self.skill),
                               rank="" if self.rank == "all" else self.rank, page=self.page, page_size=self.page_size)
        except DomainError as err:
            self._fail(err)
            return
        self.error = ""
        self.total, self.days, self.drafts = p.total, p.days, p.drafts
        self.people = [{"id": r["id"], "name": r["name"], "rank": r["rank"], "team": r["team"], "flex": r["flex"]}
                       for r in p.rows]
        self.cells = [r["cells"] for r in p.rows]
        self.cover_labels = [r["label"] for r in p.cover]
        self.cover_cells = [r["cells"] for r in p.cover]
        self.teams, self.skills, self.ranks, self.shifts = p.teams, p.skills, p.ranks, p.shifts

    def _period(self, actor):
        try:
            info = rota.next_period(actor, int(self.unit_id))
        except DomainError as err:
            self._fail(err)
            return
        if not self.period_start:
            self.period_start, self.period_end = info.start, info.end
        self.period_drafts, self.period_findings, self.published_until = info.drafts, info.findings, info.published_until

    @rx.event
    def set_filters(self, form: dict):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.unit_id = str(form.get("unit") or self.unit_id)
        self.start = str(form.get("start") or self.start)
        self.weeks = max(1, min(13, _int(form.get("weeks")) or 4))
        self.team, self.skill, self.rank = (str(form.get(k) or "all") for k in ("team", "skill", "rank"))
        self.page = 0
        self._refresh(actor)
        return None

    @rx.event
    def turn(self, delta: int):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        last = max(0, (self.total - 1) // self.page_size)
        self.page = max(0, min(last, self.page + delta))
        self._refresh(actor)
        return None

    @rx.event
    def shift_weeks(self, delta: int):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.start = (_date(self.start, date.today()) + timedelta(days=7 * delta)).isoformat()
        self._refresh(actor)
        return None

    @rx.event
    def select(self, duty_id: str, name: str, day: str):
        if not duty_id:
            return
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        try:
            d = rota.duty_for_edit(actor, int(duty_id))
        except DomainError as err:
            self._fail(err)
            return None
        self.sel_kind, self.sel_shift = d["kind"], str(d["shift_type_id"] or "")
        self.sel_version, self.sel_status = d["version"], d["status"]
        self.sel_id, self.sel_label = duty_id, f"{name}, {day}"
        self.findings, self.checked, self.reason = [], False, ""
        return None

    @rx.event
    def set_sel_kind(self, value: str):
        self.sel_kind, self.checked = value, False

    @rx.event
    def set_sel_shift(self, value: str):
        self.sel_shift, self.checked = value, False

    @rx.event
    def set_reason_code(self, value: str):
        self.reason_code = value

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    def check(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        try:
            out = rota.duty_preview(actor, int(self.sel_id), self.sel_kind, _int(self.sel_shift))
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.findings, self.checked = "", out["findings"] or ["No new rule findings."], True
        return None

    @rx.event
    def save(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        if not self.checked:
            self.error = "Check the rule findings before saving."
            return None
        try:
            out = rota.save_duty(actor, int(self.sel_id), self.sel_kind, _int(self.sel_shift),
                                 expected_version=self.sel_version, reason_code=self.reason_code, reason=self.reason,
                                 override=True)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.notice = f"Saved {self.sel_label}." + (
            f" {out['clear_days']} clear days' notice recorded." if out.get("clear_days") is not None else "")
        self.sel_id, self.checked = "", False
        self._refresh(actor)
        return None

    @rx.event
    def close_editor(self):
        self.sel_id, self.checked, self.findings = "", False, []

    @rx.event
    def set_period(self, form: dict):
        self.period_start = str(form.get("pstart") or self.period_start)
        self.period_end = str(form.get("pend") or self.period_end)

    @rx.event
    def draft(self, form: dict):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.set_period(form)
        try:
            n = rota.draft_period(actor, int(self.unit_id), _date(self.period_start, date.today()),
                                  _date(self.period_end, date.today()))
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", f"Drafted {n} duties from patterns for {self.period_start} to {self.period_end}."
        self._period(actor)
        self._refresh(actor)
        return None

    @rx.event
    def publish(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        try:
            n = rota.publish_period(actor, int(self.unit_id), _date(self.period_start, date.today()),
                                    _date(self.period_end, date.today()))
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.notice = f"Published {n} duties for {self.period_start} to {self.period_end}; everyone affected has been told."
        self.period_start = ""
        self._period(actor)
        self._refresh(actor)
        return None

    @rx.event
    def abstraction(self, form: dict):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        try:
            n = rota.record_abstraction(actor, _int(form.get("person")) or 0, str(form.get("kind") or ""),
                                        _date(str(form.get("from") or ""), date.today()),
                                        _date(str(form.get("to") or ""), date.today()), str(form.get("why") or ""))
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", f"Recorded {str(form.get('kind')).replace('_', ' ')}: {n} duties changed."
        self._refresh(actor)
        return None


class GapsState(DeskBaseState):
    start: str = ""
    end: str = ""
    rows: list[dict[str, str]] = []
    selected: str = ""
    selected_label: str = ""
    toil: bool = False
    options: list[dict[str, str]] = []
    option_findings: list[list[str]] = []
    result: str = ""
    result_lines: list[str] = []

    @rx.event
    def load(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        if not self.start:
            self.start = date.today().isoformat()
            self.end = (date.today() + timedelta(days=27)).isoformat()
        self._refresh(actor)
        return None

    def _refresh(self, actor):
        try:
            found = gaps.list_gaps(actor, int(self.unit_id), _date(self.start, date.today()),
                                   _date(self.end, date.today()))
        except DomainError as err:
            self._fail(err)
            return
        self.rows = [{k: str(v) for k, v in g.__dict__.items()} for g in found[:300]]

    @rx.event
    def set_range(self, form: dict):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.unit_id = str(form.get("unit") or self.unit_id)
        self.start, self.end = str(form.get("start") or self.start), str(form.get("end") or self.end)
        self.selected, self.options = "", []
        self._refresh(actor)
        return None

    @rx.event
    def choose(self, key: str, label: str):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.selected, self.selected_label, self.result, self.result_lines = key, label, "", []
        self._options(actor)
        return reveal_on_phone("options")

    def _options(self, actor):
        try:
            opts = gaps.gap_options(actor, self.selected, toil=self.toil)
        except DomainError as err:
            self._fail(err)
            return
        self.error = ""
        self.options = [{"kind": o.kind, "label": o.label, "person_id": str(o.person_id), "name": o.name,
                         "rank": o.rank, "cost": o.cost, "rate": o.rate, "hours": o.hours, "notice": o.notice or "–",
                         "asked": str(o.asked), "reason": o.reason,
                         "effects": "; ".join(o.effects) or "none"} for o in opts]
        self.option_findings = [o.findings for o in opts]

    @rx.event
    def set_toil(self, value: bool):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.toil = bool(value)
        if self.selected:
            self._options(actor)
        return None

    @rx.event
    def apply(self, kind: str, person_id: str):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        try:
            res = gaps.apply_option(actor, self.selected, kind, int(person_id), toil=self.toil)
        except DomainError as err:
            self._fail(err)
            return None
        self.error = ""
        self.result = res.summary
        self.result_lines = [f"Ledger: {x}" for x in res.ledger] + ([res.budget_note] if res.budget_note else [])
        self.notice = "Gap filled; the officer has been notified."
        self._refresh(actor)
        self._options(actor)
        return None


class EventsState(DeskBaseState):
    rows: list[dict[str, str]] = []
    shifts: list[dict[str, str]] = []
    skills: list[dict[str, str]] = []
    reqs: list[dict[str, str]] = []
    selected: str = ""
    selected_name: str = ""
    cover: list[dict[str, str]] = []
    choices: list[list[dict[str, str]]] = []

    @rx.event
    def load(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self._refresh(actor)
        return None

    def _refresh(self, actor):
        try:
            rows = events.list_events(actor, int(self.unit_id))
            self.shifts, self.skills = events.requirement_choices(actor, int(self.unit_id))
        except DomainError as err:
            self._fail(err)
            return
        self.rows = [{k: str(v) for k, v in r.__dict__.items()} for r in rows]
        if self.selected:
            self._cover(actor)

    def _cover(self, actor):
        try:
            rows = events.event_cover(actor, int(self.selected))
        except DomainError as err:
            self._fail(err)
            return
        self.cover = [{k: v for k, v in r.items() if k != "choices"} for r in rows]
        self.choices = [r["choices"] for r in rows]

    @rx.event
    def add_req(self, form: dict):
        shift = str(form.get("shift") or "")
        if not shift:
            self.error = "Choose a shift for the requirement."
            return
        skill = str(form.get("skill") or "")
        self.reqs = self.reqs + [{
            "shift_type_id": shift, "skill_id": "" if skill in ("", "all") else skill,
            "minimum": str(form.get("minimum") or "1"), "target": str(form.get("target") or form.get("minimum") or "1"),
            "label": next((x["name"] for x in self.shifts if x["id"] == shift), shift) + " · " + next(
                (x["name"] for x in self.skills if x["id"] == skill), "any officer"),
        }]
        self.error = ""

    @rx.event
    def clear_reqs(self):
        self.reqs = []

    @rx.event
    def create(self, form: dict):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        try:
            ev = events.create_event(actor, int(self.unit_id), str(form.get("name") or ""), str(form.get("kind") or "event"),
                                     _date(str(form.get("start") or ""), date.today()),
                                     _date(str(form.get("end") or ""), date.today()),
                                     [{k: r[k] for k in ("shift_type_id", "skill_id", "minimum", "target")} for r in self.reqs],
                                     str(form.get("notes") or ""))
        except (DomainError, ValueError) as err:
            self._fail(err if isinstance(err, DomainError) else InvalidInput("Numbers must be whole numbers."))
            return None
        self.error, self.notice, self.reqs = "", "Event created.", []
        self.selected = str(ev)
        self.selected_name = str(form.get("name") or "")
        self._refresh(actor)
        return None

    @rx.event
    def open_event(self, event_id: str, name: str):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.selected, self.selected_name = event_id, name
        self._cover(actor)
        return None

    @rx.event
    def staff(self, form: dict):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        try:
            msg = events.staff_event(actor, str(form.get("key") or ""), _int(form.get("person")) or 0)
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", msg
        self._refresh(actor)
        return None


class MIState(DeskBaseState):
    first_month: str = ""
    months: int = 3
    overtime: list[dict] = []
    toil: list[dict[str, str]] = []
    rest_days: list[dict[str, str]] = []
    changes: list[dict] = []
    sickness: list[dict] = []
    findings: list[dict] = []
    changes_by_reason: list[dict] = []

    @rx.event
    def load(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        if not self.first_month:
            today = date.today()
            self.first_month = mi.add_month(mi.month_start(today), -1).isoformat()[:7]
        self._refresh(actor)
        return None

    def _report(self, actor):
        return mi.report(actor, int(self.unit_id), _date(self.first_month + "-01", date.today()), self.months)

    def _refresh(self, actor):
        try:
            rep = self._report(actor)
        except DomainError as err:
            self._fail(err)
            return
        t = rep.tables
        self.overtime, self.changes, self.sickness, self.findings = t["overtime"], t["changes"], t["sickness"], t["findings"]
        self.toil = [{k: str(v) for k, v in r.items()} for r in t["toil"][:50]]
        self.rest_days = [{k: str(v) for k, v in r.items()} for r in t["rest_days"][:100]]
        by_reason: dict[str, int] = {}
        for r in t["changes"]:
            by_reason[r["reason"]] = by_reason.get(r["reason"], 0) + r["changes"]
        self.changes_by_reason = [{"reason": k, "changes": v} for k, v in sorted(by_reason.items())]

    @rx.event
    def set_range(self, form: dict):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        self.unit_id = str(form.get("unit") or self.unit_id)
        self.first_month = str(form.get("month") or self.first_month)[:7]
        self.months = max(1, min(12, _int(form.get("months")) or 3))
        self._refresh(actor)
        return None

    @rx.event
    def download(self, table: str):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        if table not in mi.TABLES:
            return None
        try:
            rep = self._report(actor)
        except DomainError as err:
            self._fail(err)
            return None
        return rx.download(data=mi.to_csv(rep.tables[table]) or "no rows\n",
                           filename=f"shiftapp-{table}-{self.first_month}.csv", mime_type="text/csv")


class OptimiserState(DeskBaseState):
    """Run the optimiser in the background (``asyncio.to_thread``) with progress and cancel; show the
    proposal; accept or discard. The proposal's duty ids and versions stay on the server (``_changes``)."""
    start: str = ""
    weeks: int = 2
    seconds: int = 20
    running: bool = False
    cancel_requested: bool = False
    progress: str = ""
    progress_pct: int = 0
    status: str = ""
    summary: str = ""
    changes: list[dict[str, str]] = []
    unmet: list[str] = []
    notes: list[str] = []
    _changes: list[dict[str, str]] = []
    _unit: int = 0

    @rx.event
    def load(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        if not self.start:
            today = date.today()
            self.start = (today - timedelta(days=today.weekday()) + timedelta(days=35)).isoformat()
        return None

    def _apply_form(self, form: dict):
        self.unit_id = str(form.get("unit") or self.unit_id)
        self.start = str(form.get("start") or self.start)
        self.weeks = max(1, min(6, _int(form.get("weeks")) or 2))
        self.seconds = max(5, min(120, _int(form.get("seconds")) or 20))

    @rx.event
    def cancel(self):
        self.cancel_requested = True
        self.progress = "Cancelling…"

    @rx.event
    def discard(self):
        self.changes, self.unmet, self._changes, self.summary, self.status = [], [], [], "", ""
        self.notice = "Proposal discarded; the rota is unchanged."

    @rx.event(background=True)
    async def run(self, form: dict):
        import asyncio
        import threading

        from ..services.desk import optimiser

        async with self:
            if self.running:
                return
            self._apply_form(form)
            actor, redirect = self._guard()
            if actor is None:
                return redirect
            self.running, self.cancel_requested, self.progress_pct = True, False, 0
            self.changes, self.unmet, self._changes, self.summary, self.status, self.error = [], [], [], "", "", ""
            self.notice, self.progress = "", "Reading the rota…"
            unit, start, weeks, limit = int(self.unit_id), self.start, self.weeks, self.seconds
        try:
            prep = await asyncio.to_thread(optimiser.prepare, actor, unit, _date(start, date.today()), weeks)
        except DomainError as err:
            async with self:
                self._fail(err)
                self.running, self.progress = False, ""
            return None
        latest: dict = {}
        stop = threading.Event()
        task = asyncio.ensure_future(asyncio.to_thread(
            optimiser.solve_prepared, prep, float(limit), lambda p: latest.update(p=p), stop))
        while not task.done():
            await asyncio.sleep(0.5)
            async with self:
                if self.cancel_requested:
                    stop.set()
                p = latest.get("p")
                if p is not None and not self.cancel_requested:
                    self.progress = (f"{p.seconds:.0f} s of {limit} s · best score {p.objective} · {p.phase}"
                                     if p.objective is not None else f"{p.seconds:.0f} s · searching…")
                    self.progress_pct = min(100, int(100 * p.seconds / max(limit, 1)))
        try:
            prop = task.result()
        except Exception as err:  # noqa: BLE001 - the solver failing must not leave the page spinning
            async with self:
                self.error = f"The optimiser stopped with an error: {err}"
                self.running, self.progress = False, ""
            return None
        async with self:
            self.running, self.progress_pct = False, 100
            self.status = prop.status
            self.progress = ""
            self._unit = unit
            self._changes = prop.changes
            self.changes = [{k: x[k] for k in ("person", "day", "before", "after")} for x in prop.changes[:400]]
            self.unmet = prop.unmet[:50]
            self.notes = prep.notes
            self.summary = (f"{prop.status.capitalize()} after {prop.seconds:g} s: {len(prop.changes)} changes; shifts below "
                            f"minimum {prop.gaps_before} → {prop.gaps_after}.")
        return None

    @rx.event
    def accept(self):
        actor, redirect = self._guard()
        if actor is None:
            return redirect
        from ..services.desk import optimiser
        try:
            n = optimiser.accept(actor, self._unit, self._changes)
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", f"Accepted: {n} duties changed; the people affected have been told."
        self.changes, self.unmet, self._changes, self.summary, self.status = [], [], [], "", ""
        return None
