"""Planner desk: working-time findings — open ones, who acknowledged them, overrides with reasons."""
import reflex as rx

from ..components.layout import card, desk_shell
from ..state.findings import FindingsState as S


def _row(f: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.badge(f["rule"], color_scheme=rx.cond(f["severity"] == "block", "red", "amber"))),
        rx.table.cell(f["person"]), rx.table.cell(f["unit"]), rx.table.cell(rx.text(f["message"], size="2")),
        rx.table.cell(rx.text(f["period"], size="1")), rx.table.cell(f["status"], rx.text(f["note"], size="1")),
        rx.table.cell(rx.cond(
            f["status"] == "open",
            rx.hstack(
                rx.button("Acknowledge", size="1", variant="soft", on_click=S.acknowledge(f["id"])),
                rx.cond(f["override_allowed"], rx.form(
                    rx.hstack(rx.input(name="id", type="hidden", value=f["id"].to_string()),
                              rx.input(name="reason", placeholder="Override reason", size="1"),
                              rx.button("Override", size="1", color_scheme="red", variant="soft", type="submit")),
                    on_submit=S.override, reset_on_submit=True)),
                wrap="wrap",
            ),
        )),
    )


def findings_page() -> rx.Component:
    return desk_shell(
        rx.hstack(*[rx.button(label, variant=rx.cond(S.status == value, "solid", "soft"), on_click=S.show(value))
                    for label, value in (("Open", "open"), ("Acknowledged", "acknowledged"),
                                         ("Overridden", "overridden"), ("Resolved", "resolved"), ("All", "all"))]),
        card(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Rule", "Person", "Unit", "Finding", "When", "Status", "")])),
                rx.table.body(rx.foreach(S.rows, _row)), width="100%",
            ),
            rx.cond(S.rows.length() == 0, rx.text("No findings here.", color="var(--gray-11)")),
            id="findings",
        ),
        title="Working-time findings", active="findings",
    )
