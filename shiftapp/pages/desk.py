"""Planner desk home: today's cover against minimum staffing, and the queue of requests."""
import reflex as rx

from ..components.layout import card, desk_shell, stat
from ..state.desk import DeskState as S


def _cover_row(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["unit"]), rx.table.cell(c["shift"]), rx.table.cell(c["on"]), rx.table.cell(c["minimum"]),
        rx.table.cell(c["target"]),
        rx.table.cell(rx.badge(c["status"], color_scheme=rx.match(c["status"], ("short", "red"),
                                                                  ("below target", "amber"), "green"))),
    )


def desk_page() -> rx.Component:
    return desk_shell(
        rx.hstack(
            stat("Shifts below minimum today", S.short_shifts, "red"),
            stat("Leave requests waiting", S.pending_leave, "blue"),
            stat("Units I plan", S.units.length()),
            spacing="4", wrap="wrap",
        ),
        card(
            rx.heading("Cover today", size="4"),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Unit", "Shift", "On duty", "Minimum", "Target", "")])),
                rx.table.body(rx.foreach(S.cover, _cover_row)),
                width="100%",
            ),
            rx.cond(S.no_cover_note != "", rx.text(S.no_cover_note, color_scheme="gray", id="no-cover-today")),
            id="cover-today",
        ),
        title="Planner desk", active="desk",
    )
