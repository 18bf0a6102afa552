"""Planner's run view (desktop): a date's runs with costs and warnings, a run's stops with
times and ride times, planning and today's variations."""
import reflex as rx

from ..components.layout import card, desk_shell, stat
from ..state.transport_runs import TransportRunsState as S


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
                              rx.badge(st["ride"], " / ", st["limit"], " min",
                                       color_scheme=rx.cond(st["over"] == "yes", "amber", "green")), "")),
    )


def _variations() -> rx.Component:
    options = rx.match(S.variation, ("absent", S.passengers), ("off_road", S.vehicles), S.crew)
    return rx.box(card(
        rx.heading("Today's variations", size="4"),
        rx.text("Recorded and re-planned with least disruption; crews whose runs change are told.", size="2",
                color="var(--gray-11)"),
        rx.select.root(rx.select.trigger(width="100%"), rx.select.content(
            rx.select.item("Passenger absent", value="absent"), rx.select.item("Vehicle off the road", value="off_road"),
            rx.select.item("Driver or escort sick", value="sick")), value=S.variation, on_change=S.set_variation),
        rx.select.root(rx.select.trigger(placeholder="Who or what", width="100%"),
                       rx.select.content(rx.foreach(options.to(list[dict[str, str]]),
                                                    lambda o: rx.select.item(o["label"], value=o["id"]))),
                       value=S.target, on_change=S.set_target),
        rx.cond(S.variation == "absent",
                rx.select.root(rx.select.trigger(width="100%"), rx.select.content(
                    rx.select.item("Morning and afternoon", value="both"), rx.select.item("Morning", value="am"),
                    rx.select.item("Afternoon", value="pm")), value=S.session, on_change=S.set_session)),
        rx.button("Record and re-plan", on_click=S.apply_variation, loading=S.busy, width="100%", id="apply-variation"),
    ), width="420px", min_width="420px")


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
                max_height="64vh", overflow_y="auto", id="runs",
            ), flex="3", min_width="0"),
            rx.box(card(
                rx.heading("Stops · ", S.selected_code, size="4"),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                        "Time", "", "Where / who", "Needs", "Ride / limit")])),
                    rx.table.body(rx.foreach(S.stops, _stop_row)),
                    size="1", width="100%",
                ),
                max_height="64vh", overflow_y="auto", id="stops",
            ), flex="2", min_width="0"),
            spacing="3", align="start", width="100%",
        ),
        rx.hstack(
            _variations(),
            rx.cond(S.unplanned.length() > 0, rx.box(card(
                rx.heading("Not on any run", size="4"),
                rx.foreach(S.unplanned, lambda u: rx.text(u["session"], " · ", u["ref"], " ", u["name"], " · ",
                                                          u["needs"], size="2")),
            ), flex="1", min_width="0")),
            spacing="3", align="start", width="100%",
        ),
        title="Runs", active="transport_runs",
    )
