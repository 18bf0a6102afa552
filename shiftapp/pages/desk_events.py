"""Events and operations: create one with its requirements, see its cover, staff it by hand."""
import reflex as rx

from ..components.layout import card, desk_shell
from ..state.desk_pages import EventsState as S


def _event_row(e: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(e["name"]), rx.table.cell(e["kind"]), rx.table.cell(e["start"], " – ", e["end"]),
        rx.table.cell(e["requirements"]), rx.table.cell(e["staffed"]),
        rx.table.cell(rx.cond(e["short"] == "0", rx.badge("covered", color_scheme="green"),
                              rx.badge(e["short"], " short", color_scheme="red"))),
        rx.table.cell(rx.button("Open", size="1", variant="soft", on_click=S.open_event(e["id"], e["name"]))),
    )


def _cover_row(c: rx.Var, i: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["day"], white_space="nowrap"), rx.table.cell(c["label"]),
        rx.table.cell(c["actual"], " / ", c["minimum"], " (target ", c["target"], ")"),
        rx.table.cell(rx.badge(c["status"], color_scheme=rx.match(c["status"], ("short", "red"),
                                                                  ("below_target", "amber"), "green"))),
        rx.table.cell(rx.text(c["people"], size="1")),
        rx.table.cell(rx.form(rx.hstack(
            rx.el.input(type="hidden", name="key", value=c["key"]),
            rx.select.root(rx.select.trigger(placeholder="Person", aria_label="Person to staff"),
                           rx.select.content(rx.foreach(S.choices[i], lambda p: rx.select.item(p["name"], value=p["id"]))),
                           name="person", size="1"),
            rx.button("Staff", size="1", type="submit"), spacing="1"), on_submit=S.staff)),
    )


def _new_event() -> rx.Component:
    def sel(name, items, placeholder, any_label=None):
        content = [rx.select.item(any_label, value="all")] if any_label else []
        return rx.select.root(rx.select.trigger(placeholder=placeholder, aria_label=placeholder),
                              rx.select.content(*content, rx.foreach(items, lambda x: rx.select.item(x["name"], value=x["id"]))),
                              name=name)
    return card(
        rx.heading("New event or operation", size="4"),
        rx.form(rx.hstack(sel("shift", S.shifts, "Shift"), sel("skill", S.skills, "Skill", "Any officer"),
                          rx.input(name="minimum", type="number", placeholder="Minimum", width="100px", min=1),
                          rx.input(name="target", type="number", placeholder="Target", width="100px", min=1),
                          rx.button("Add requirement", type="submit", variant="soft"), spacing="2", wrap="wrap"),
                on_submit=S.add_req),
        rx.foreach(S.reqs, lambda r: rx.text("• ", r["label"], ": minimum ", r["minimum"], ", target ", r["target"],
                                             size="2")),
        rx.form(rx.hstack(
            rx.input(name="name", placeholder="Name, e.g. Christmas market", width="260px"),
            rx.select.root(rx.select.trigger(aria_label="Kind"),
                           rx.select.content(rx.select.item("Event", value="event"),
                                             rx.select.item("Operation", value="operation"),
                                             rx.select.item("Mutual aid", value="mutual_aid")),
                           name="kind", default_value="event"),
            rx.input(name="start", type="date", aria_label="Event from"),
            rx.input(name="end", type="date", aria_label="Event to"),
            rx.input(name="notes", placeholder="Notes"),
            rx.button("Create event", type="submit"), spacing="2", wrap="wrap"), on_submit=S.create),
        id="new-event",
    )


def desk_events_page() -> rx.Component:
    return desk_shell(
        card(rx.heading("Events and operations", size="4"),
             rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                 "Event", "Kind", "Dates", "Requirements", "Staffed", "Cover", "")])),
                 rx.table.body(rx.foreach(S.rows, _event_row)), size="1", width="100%"), id="events"),
        rx.cond(S.selected != "", card(
            rx.heading(S.selected_name, ": cover and staffing", size="4"),
            rx.text("People staffed to the event leave their ordinary shift's cover. Someone on a rest day has it "
                    "cancelled, with compensation.", size="1", color="var(--gray-10)"),
            rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                "Day", "Requirement", "On / minimum", "", "Staffed", "Staff by hand")])),
                rx.table.body(rx.foreach(S.cover, _cover_row)), size="1", width="100%"),
            id="event-cover")),
        _new_event(),
        title="Events", active="events",
    )
