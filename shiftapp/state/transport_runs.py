"""Planner's run view: a date's runs, a run's stops, re-planning, variations (passenger absent,
new passenger, change of address, vehicle off the road, crew sick) and a manual crew change."""
from __future__ import annotations

import asyncio
from datetime import date

import reflex as rx
from ..services.errors import DomainError
from ..services.requests.common import london_today
from ..services.transport import crew as crew_service
from ..services.transport import planning, variations, views
from .session import SessionState

# the new-passenger and change-of-address forms (text fields; needs are a list of their own)
FORM_FIELDS = ("given_name", "family_name", "destination", "address", "coords", "max_ride", "contact_name",
               "contact_phone", "new_address", "new_coords")
FLAGS = ("wheelchair", "escort_required", "travel_alone", "needs_stability")
NEED_CHOICES = ("epilepsy", "medication", "autism", "behaviour", "harness", "visual_impairment", "hearing_impairment")
NEED_NAMES = {n: views.NEED_LABELS[n] for n in NEED_CHOICES}  # the form's labels, as the run sheets word them
EMPTY_FORM = {k: "" for k in FORM_FIELDS + FLAGS}


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
    destinations: list[dict[str, str]] = []
    variation: str = "absent"
    target: str = ""
    session: str = "both"
    form: dict[str, str] = EMPTY_FORM
    needs: list[str] = []
    # the selected run's crew, and the planner's change to it
    selected_version: str = ""
    selected_driver: str = ""
    selected_escort: str = ""
    selected_inhouse: bool = True
    crew_role: str = "driver"
    crew_options: list[dict[str, str]] = []
    crew_hint: str = ""
    crew_person: str = ""
    crew_reason: str = ""
    # outcomes shown in the form's own card (the forms sit below the fold of the page's messages)
    var_error: str = ""
    var_notice: str = ""
    crew_error: str = ""
    crew_notice: str = ""
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
        if not self.passengers and self._unit:
            try:
                lists = views.depot_lists(actor, self._unit)
            except DomainError as err:
                self._fail(err)
                return
            self.passengers, self.vehicles = lists.passengers, lists.vehicles
            self.crew, self.destinations = lists.crew, lists.destinations

    def _show(self) -> None:
        self.stops = self._stops.get(self.selected, [])
        row = next((r for r in self.runs if r["id"] == self.selected), {})
        self.selected_code, self.selected_version = row.get("code", ""), row.get("version", "")
        self.selected_driver, self.selected_escort = row.get("driver", ""), row.get("escort", "")
        self.selected_inhouse = row.get("operator", "In-house") == "In-house"
        self.crew_person = ""
        self._candidates()

    def _candidates(self) -> None:
        """Who could take the selected run in the chosen role (and why not, for the others)."""
        self.crew_options, self.crew_hint = [], ""
        if not self.selected:
            return
        if self.crew_role == "driver" and not self.selected_inhouse:
            self.crew_hint = "A contractor's run: the contractor supplies the driver."
            return
        actor = self._actor()
        if actor is None:
            return
        try:
            self.crew_options = crew_service.crew_candidates(actor, int(self.selected), self.crew_role)
        except DomainError as err:
            self.crew_hint = err.message
            return
        if not self.crew_options and self.crew_role == "escort":
            self.crew_hint = "Nobody on this run needs an escort."

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
        self.selected, self.crew_error, self.crew_notice = run_id, "", ""
        self._show()

    @rx.event
    def set_variation(self, value: str):
        self.variation, self.target, self.var_error, self.var_notice = value, "", "", ""

    @rx.event
    def set_target(self, value: str):
        self.target = value

    @rx.event
    def set_session(self, value: str):
        self.session = value

    @rx.event
    def set_form(self, name: str, value: str):
        if name in FORM_FIELDS:
            self.form = {**self.form, name: value}

    @rx.event
    def set_flag(self, name: str, value: bool):
        if name in FLAGS:
            self.form = {**self.form, name: "yes" if value else ""}

    @rx.event
    def toggle_need(self, need: str, value: bool):
        if need in NEED_CHOICES:
            self.needs = sorted((set(self.needs) | {need}) if value else (set(self.needs) - {need}))

    @rx.event
    def set_crew_role(self, value: str):
        self.crew_role, self.crew_person, self.crew_error, self.crew_notice = value, "", "", ""
        self._candidates()

    @rx.event
    def set_crew_person(self, value: str):
        self.crew_person = value

    @rx.event
    def set_crew_reason(self, value: str):
        self.crew_reason = value

    @rx.event
    def change_crew(self):
        """The planner's own choice of driver or escort for the selected run (quick: no solving)."""
        self.crew_error = self.crew_notice = ""
        if not self.selected or not self.crew_person:
            self.crew_error = "Choose the run, then who should take it."
            return None
        ok, res = self._call(crew_service.override_crew, int(self.selected), self.crew_role, int(self.crew_person),
                             expected_version=int(self.selected_version or 0), reason=self.crew_reason)
        if not ok and res is not None:
            return res                      # signed out: the redirect
        refused, self.error = ("" if ok else self.error), ""
        actor = self._actor()
        if actor is not None:
            self._refresh(actor)            # the latest crews either way (a conflict says to reload)
        if ok:
            self.crew_reason = ""
            self.crew_notice = f"{res['person']} is now the {res['role']} of {res['run']}; the crew have been told."
        else:
            self.crew_error = refused
        return None

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
            self.busy = False
            self._refresh(actor)            # clears an old error, so the outcome is set after it
            self.notice, self.error = msg, err or self.error

    def _variation(self, actor, day: date):
        """The service call for the chosen variation (run off the event loop), or DomainError for
        input that can't even be read (the services check the rest)."""
        kind, target, form = self.variation, self.target, dict(self.form)
        if kind in ("absent", "address", "off_road", "sick") and not target:
            raise DomainError("Choose who or what the variation is about.")
        if kind == "absent":
            return lambda: [variations.passenger_absent(actor, int(target), day, self.session, "Planner")]
        if kind == "off_road":
            return lambda: variations.vehicle_off_road(actor, int(target), day, day)
        if kind == "sick":
            return lambda: [variations.crew_sick(actor, int(target), day)]
        if kind == "address":
            lat, lon = variations.parse_coordinates(form.get("new_coords", ""))
            return lambda: variations.change_address(actor, int(target), form.get("new_address", ""), lat, lon, day=day)
        lat, lon = variations.parse_coordinates(form.get("coords", ""))
        ride = form.get("max_ride", "").strip()
        if ride and not ride.isdigit():
            raise DomainError("Enter the assessed ride limit in whole minutes, or leave it empty for the guidance.")
        kwargs = dict(given_name=form.get("given_name", ""), family_name=form.get("family_name", ""),
                      destination_id=int(form["destination"]) if form.get("destination") else None,
                      address=form.get("address", ""), lat=lat, lon=lon, needs=list(self.needs),
                      max_ride_minutes=int(ride) if ride else None, contact_name=form.get("contact_name", ""),
                      contact_phone=form.get("contact_phone", ""), start=day,
                      **{f: form.get(f) == "yes" for f in FLAGS})
        unit = self._unit

        def add():
            p, results = variations.add_passenger(actor, unit, **kwargs)
            return [f"{p.reference} {p.given_name} {p.family_name} added."] + results
        return add

    @rx.event(background=True)
    async def apply_variation(self):
        async with self:
            actor = self._actor()
            if actor is None or self.busy:
                return
            self.var_error = self.var_notice = ""
            try:
                call = self._variation(actor, date.fromisoformat(self.day))
            except DomainError as e:
                self.var_error = e.message
                return
            self.busy, self.var_notice = True, "Re-planning with least disruption…"
            kind = self.variation
        try:
            results = await asyncio.to_thread(call)
            said = [r for r in results if isinstance(r, str)]
            plans = [r for r in results if r is not None and not isinstance(r, str)]
            msg = " ".join(said + [planning.describe(r) for r in plans])
            if not plans:
                msg += (" No date from this one on has runs yet: the change is used when it is planned."
                        if kind in ("new", "address") else " Recorded. The date has no runs yet.")
            err = ""
        except DomainError as e:
            msg, err = "", e.message
        async with self:
            self.busy = False
            if not err and kind in ("new", "address"):
                self.form, self.needs, self.target = dict(EMPTY_FORM), [], ""
                self.passengers = []        # reload the list with the new passenger in it
            self._refresh(actor)
            self.var_notice, self.var_error = msg.strip(), err
