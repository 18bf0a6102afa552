"""Planner's run view (desktop): a date's runs with costs and warnings, a run's stops with
times and ride times, planning, variations (including a new passenger and a change of address)
and a manual change of a run's driver or escort."""
import reflex as rx

from ..components.layout import card, desk_shell, stat
from ..state.transport_runs import NEED_CHOICES, NEED_NAMES, TransportRunsState as S

VARIATIONS = (("absent", "Passenger absent"), ("new", "New passenger"), ("address", "Change of address"),
              ("off_road", "Vehicle off the road"), ("sick", "Driver or escort sick"))
FLAG_LABELS = (("wheelchair", "Wheelchair user"), ("escort_required", "Needs an escort"),
               ("travel_alone", "Travels alone"), ("needs_stability", "Needs the same crew"))


def _run_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.badge(r["session"])),
        rx.table.cell(rx.text(r["vehicle"], weight="bold", white_space="nowrap"),
                      rx.text(r["vehicle_desc"], size="1", color="var(--gray-11)")),
        rx.table.cell(rx.text(r["start"], "–", r["end"], white_space="nowrap")),
        rx.table.cell(rx.text(r["driver"]), rx.text(r["escort"], size="1", color="var(--gray-11)")),
        rx.table.cell(r["passengers"]),
        rx.table.cell(r["miles"]),
        rx.table.cell(r["cost"]),
        rx.table.cell(r["per_passenger"]),
        rx.table.cell(rx.cond(r["warning_count"] != "0",
                              rx.tooltip(rx.badge(r["warning_count"], color_scheme="amber"), content=r["warnings"]), "")),
        on_click=S.select_run(r["id"]), cursor="pointer",
        background=rx.cond(S.selected == r["id"], "var(--accent-3)", "transparent"),
    )


def _stop_row(st: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(st["time"]),
        rx.table.cell(rx.match(st["kind"], ("pickup", "Pick up"), ("dropoff", "Drop off"), ("depart", "Leave"), "Return")),
        rx.table.cell(rx.text(st["label"]), rx.text(st["ref"], size="1", color="var(--gray-11)")),
        rx.table.cell(rx.text(st["needs"], size="2")),
        rx.table.cell(rx.cond(st["ride"] != "",
                              rx.badge(st["ride"], "/", st["limit"], white_space="nowrap",
                                       color_scheme=rx.cond(st["over"] == "yes", "amber", "green")), "")),
    )


def _field(name: str, placeholder: str, **kw) -> rx.Component:
    return rx.input(placeholder=placeholder, value=S.form[name], on_change=lambda v: S.set_form(name, v),
                    aria_label=placeholder, id=f"f-{name.replace('_', '-')}", width="100%", **kw)


def _choice(options, value, on_change, placeholder: str, id_: str) -> rx.Component:
    return rx.select.root(rx.select.trigger(placeholder=placeholder, width="100%", aria_label=placeholder, id=id_),
                          rx.select.content(rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                          value=value, on_change=on_change)


def _outcome(error, notice) -> rx.Component:
    """A form's result in its own card (role alert / status, like the page's messages)."""
    return rx.fragment(
        rx.cond(error != "", rx.callout(error, icon="triangle_alert", color_scheme="red", role="alert", size="1",
                                        width="100%")),
        rx.cond(notice != "", rx.callout(notice, icon="check", color_scheme="green", role="status", size="1",
                                         width="100%")),
    )


def _new_passenger() -> rx.Component:
    return rx.vstack(
        rx.hstack(_field("given_name", "First name"), _field("family_name", "Family name"), width="100%"),
        _choice(S.destinations, S.form["destination"], lambda v: S.set_form("destination", v), "School or centre",
                "f-destination"),
        _field("address", "Home address"),
        _field("coords", "Home coordinates: latitude, longitude"),
        rx.text("From a map (e.g. 53.7960, -1.5479): there is no address look-up; the coordinates are routed.",
                size="1", color="var(--gray-11)"),
        rx.flex(*[rx.checkbox(label, checked=S.form[key] == "yes", on_change=lambda v, k=key: S.set_flag(k, v))
                  for key, label in FLAG_LABELS], wrap="wrap", spacing="3"),
        rx.text("Needs (on the run sheet; crews are checked for the training the medical ones need)", size="1",
                color="var(--gray-11)"),
        rx.flex(*[rx.checkbox(NEED_NAMES[n], checked=S.needs.contains(n), on_change=lambda v, n=n: S.toggle_need(n, v),
                              size="1") for n in NEED_CHOICES], wrap="wrap", spacing="2"),
        _field("max_ride", "Assessed ride limit, minutes (optional)"),
        rx.hstack(_field("contact_name", "Emergency contact"), _field("contact_phone", "Contact phone"), width="100%"),
        spacing="2", width="100%", id="new-passenger",
    )


def _new_address() -> rx.Component:
    return rx.vstack(
        _field("new_address", "New home address"),
        _field("new_coords", "New coordinates: latitude, longitude"),
        rx.text("Every planned date from this one is re-planned, so no sheet sends a crew to the old address.",
                size="1", color="var(--gray-11)"),
        spacing="2", width="100%", id="change-address",
    )


def _variations() -> rx.Component:
    options = rx.match(S.variation, ("absent", S.passengers), ("address", S.passengers), ("off_road", S.vehicles),
                       S.crew)
    return rx.box(card(
        rx.heading("Variations", size="4"),
        rx.text("Recorded and re-planned with least disruption; crews whose runs change are told.", size="2",
                color="var(--gray-11)"),
        rx.select.root(rx.select.trigger(width="100%", aria_label="Variation", id="variation"), rx.select.content(
            *[rx.select.item(label, value=key) for key, label in VARIATIONS]), value=S.variation,
            on_change=S.set_variation),
        rx.cond(S.variation != "new",
                _choice(options.to(list[dict[str, str]]), S.target, S.set_target, "Who or what", "variation-target")),
        rx.cond(S.variation == "absent",
                rx.select.root(rx.select.trigger(width="100%"), rx.select.content(
                    rx.select.item("Morning and afternoon", value="both"), rx.select.item("Morning", value="am"),
                    rx.select.item("Afternoon", value="pm")), value=S.session, on_change=S.set_session)),
        rx.cond(S.variation == "new", _new_passenger()),
        rx.cond(S.variation == "address", _new_address()),
        rx.button(rx.cond(S.variation == "new", "Add the passenger and re-plan", "Record and re-plan"),
                  on_click=S.apply_variation, loading=S.busy, width="100%", id="apply-variation"),
        _outcome(S.var_error, S.var_notice),
    ), width="420px", min_width="420px", id="variations")


def _crew_change() -> rx.Component:
    return rx.box(card(
        rx.heading("Crew · ", rx.el.span(S.selected_code, id="crew-run"), size="4"),
        rx.text("Driver: ", S.selected_driver, rx.cond(S.selected_escort != "", " · Escort: " + S.selected_escort, ""),
                size="2", id="selected-crew"),
        rx.select.root(rx.select.trigger(width="100%", aria_label="Role"), rx.select.content(
            rx.select.item("Change the driver", value="driver"), rx.select.item("Change the escort", value="escort")),
            value=S.crew_role, on_change=S.set_crew_role),
        rx.cond(S.crew_hint != "", rx.text(S.crew_hint, size="2", color="var(--gray-11)"),
                _choice(S.crew_options, S.crew_person, S.set_crew_person, "Who should take it", "crew-person")),
        rx.input(placeholder="Reason (for the audit trail)", value=S.crew_reason, on_change=S.set_crew_reason,
                 width="100%", aria_label="Reason for the change"),
        rx.button("Change the crew", on_click=S.change_crew, width="100%", id="change-crew",
                  disabled=(S.crew_hint != "") | (S.selected == "")),
        _outcome(S.crew_error, S.crew_notice),
        rx.text("✓ passes every check (rota, DBS, training, licence, expiry, drivers' hours); for the others the "
                "list says why not.", size="1", color="var(--gray-11)"),
    ), width="360px", min_width="360px", id="crew-change")


def transport_runs_page() -> rx.Component:
    return desk_shell(
        rx.hstack(
            rx.input(type="date", value=S.day, on_change=S.set_day, id="run-date", width="180px"),
            rx.button(rx.icon("route", size=16), "Plan / re-plan this date", on_click=S.plan, loading=S.busy,
                      id="plan-date"),
            rx.link("Contractors, compliance and incidents →", href="/transport/compliance"),
            spacing="3", align="center",
        ),
        rx.hstack(
            stat("Runs", S.totals["runs"], "blue"), stat("Passengers carried", S.totals["carried"]),
            stat("Cost", S.totals["cost"]), stat("Per passenger", S.totals["per_passenger"]),
            stat("Warnings", S.totals["warnings"], "amber"), stat("Not planned", S.totals["unplanned"], "red"),
            spacing="3", wrap="wrap",
        ),
        rx.hstack(
            rx.box(card(
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                        "", "Run", "Times", "Driver / escort", "Pax", "Miles", "Cost", "Per pax", "")])),
                    rx.table.body(rx.foreach(S.runs, _run_row)),
                    size="1", width="100%",
                ),
                # the date whose runs the server has sent (the date field shows a new one at once)
                max_height="64vh", overflow_y="auto", id="runs", custom_attrs={"data-day": S.day},
            ), flex="3", min_width="0"),
            rx.box(card(
                rx.heading("Stops · ", S.selected_code, size="4"),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                        "Time", "", "Where / who", "Needs", "Ride / limit (min)")])),
                    rx.table.body(rx.foreach(S.stops, _stop_row)),
                    size="1", width="100%",
                ),
                max_height="64vh", overflow_y="auto", id="stops",
            ), flex="2", min_width="0"),
            spacing="3", align="start", width="100%",
        ),
        rx.hstack(
            _variations(),
            _crew_change(),
            rx.cond(S.unplanned.length() > 0, rx.box(card(
                rx.heading("Not on any run", size="4"),
                rx.foreach(S.unplanned, lambda u: rx.text(u["session"], " · ", u["ref"], " ", u["name"], " · ",
                                                          u["needs"], size="2")),
            ), flex="1", min_width="0")),
            spacing="3", align="start", width="100%",
        ),
        title="Runs", active="transport_runs",
    )
