"""Planner's run view: a date's runs, a run's stops, re-planning and today's variations."""
from __future__ import annotations

import asyncio
from datetime import date

import reflex as rx
from sqlmodel import select

from ..db import unit_of_work
from ..models import Passenger, Person, Vehicle
from ..services.errors import DomainError
from ..services.requests.common import london_today
from ..services.transport import bridge as B
from ..services.transport import planning, variations, views
from .session import SessionState


class TransportRunsState(SessionState):
    day: str = ""
    runs: list[dict[str, str]] = []
    totals: dict[str, str] = {}
    unplanned: list[dict[str, str]] = []
    selected: str = ""
    selected_code: str = ""
    stops: list[dict[str, str]] = []
    busy: bool = False
    passengers: list[dict[str, str]] = []
    vehicles: list[dict[str, str]] = []
    crew: list[dict[str, str]] = []
    variation: str = "absent"
    target: str = ""
    session: str = "both"
    _stops: dict[str, list[dict[str, str]]] = {}
    _unit: int = 0

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        if not self.day:
            self.day = london_today().isoformat()
        self._refresh(actor)
        return None

    def _refresh(self, actor) -> None:
        try:
            dr = views.day_runs(actor, date.fromisoformat(self.day))
        except (DomainError, ValueError) as err:
            self._fail(err if isinstance(err, DomainError) else DomainError("Choose a valid date."))
            return
        self.error = "" if not self.busy else self.error
        self.runs, self.totals, self.unplanned = dr.runs, dr.totals, dr.unplanned
        self._stops = {str(k): v for k, v in dr.stops.items()}
        self._unit = int(dr.depots[0]["id"]) if dr.depots else 0
        if self.selected not in self._stops:
            self.selected = dr.runs[0]["id"] if dr.runs else ""
        self._show()
        with unit_of_work() as s:
            if not self.passengers and self._unit:
                self.passengers = [{"id": str(p.id), "label": f"{p.reference} {p.given_name} {p.family_name}"}
                                   for p in s.exec(select(Passenger).where(Passenger.unit_id == self._unit,
                                                                           Passenger.active).order_by(Passenger.reference)).all()]
                self.vehicles = [{"id": str(v.id), "label": f"{v.registration} {v.description}"}
                                 for v in s.exec(select(Vehicle).where(Vehicle.unit_id == self._unit)
                                                 .order_by(Vehicle.registration)).all()]
                self.crew = [{"id": str(p.id), "label": f"{p.display_name} ({p.job_title})"}
                             for p in s.exec(select(Person).where(Person.unit_id == self._unit, Person.job_title.in_(
                                 (B.DRIVER_TITLE, B.ESCORT_TITLE))).order_by(Person.family_name)).all()]

    def _show(self) -> None:
        self.stops = self._stops.get(self.selected, [])
        self.selected_code = next((r["code"] for r in self.runs if r["id"] == self.selected), "")

    @rx.event
    def set_day(self, value: str):
        self.day = value
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        self.notice = ""
        self._refresh(actor)
        return None

    @rx.event
    def select_run(self, run_id: str):
        self.selected = run_id
        self._show()

    @rx.event
    def set_variation(self, value: str):
        self.variation, self.target = value, ""

    @rx.event
    def set_target(self, value: str):
        self.target = value

    @rx.event
    def set_session(self, value: str):
        self.session = value

    @rx.event(background=True)
    async def plan(self):
        async with self:
            actor = self._actor()
            if actor is None or self.busy:
                return
            self.busy, self.error, self.notice = True, "", f"Planning {self.day}… (up to a minute)"
            unit, day = self._unit, date.fromisoformat(self.day)
        try:
            res = await asyncio.to_thread(planning.plan_date, actor, unit, day)
            msg, err = " ".join(planning.describe(r) for r in res), ""
        except DomainError as e:
            msg, err = "", e.message
        async with self:
            self.busy, self.notice, self.error = False, msg, err
            self._refresh(actor)

    @rx.event(background=True)
    async def apply_variation(self):
        async with self:
            actor = self._actor()
            if actor is None or self.busy:
                return
            if not self.target:
                self.error = "Choose who or what the variation is about."
                return
            self.busy, self.error, self.notice = True, "", "Re-planning with least disruption…"
            kind, target, session, day = self.variation, int(self.target), self.session, date.fromisoformat(self.day)
        try:
            if kind == "absent":
                res = await asyncio.to_thread(variations.passenger_absent, actor, target, day, session, "Planner")
                results = [res] if res else []
            elif kind == "off_road":
                results = await asyncio.to_thread(variations.vehicle_off_road, actor, target, day, day)
            else:
                res = await asyncio.to_thread(variations.crew_sick, actor, target, day)
                results = [res] if res else []
            msg = " ".join(planning.describe(r) for r in results) or "Recorded. The date has no runs yet."
            err = ""
        except DomainError as e:
            msg, err = "", e.message
        async with self:
            self.busy, self.notice, self.error = False, msg, err
            self._refresh(actor)
