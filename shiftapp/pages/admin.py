"""Administration: the audit trail with filters."""
import reflex as rx

from ..components.layout import card, desk_shell, stat
from ..state.admin import AdminState as S


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["at"], white_space="nowrap"), rx.table.cell(r["user"]), rx.table.cell(r["action"]),
        rx.table.cell(r["entity"]), rx.table.cell(r["summary"]),
        rx.table.cell(rx.text(r["before"], size="1", color="var(--gray-11)")),
        rx.table.cell(rx.text(r["after"], size="1", color="var(--gray-11)")),
    )


def admin_page() -> rx.Component:
    return desk_shell(
        rx.hstack(stat("Users", S.users), stat("Signed-in sessions", S.active_sessions),
                  stat("Audit entries, last 24 h", S.audit_today), spacing="4"),
        card(
            rx.heading("Audit trail", size="4"),
            rx.form(
                rx.hstack(
                    rx.select.root(rx.select.trigger(placeholder="Any action"),
                                   rx.select.content(rx.select.item("Any action", value="all"),
                                                     rx.foreach(S.actions, lambda a: rx.select.item(a, value=a))),
                                   name="action", default_value="all"),
                    rx.input(name="user", placeholder="Username"),
                    rx.input(name="since", type="date", aria_label="From"),
                    rx.input(name="until", type="date", aria_label="To"),
                    rx.button("Filter", type="submit"),
                    spacing="2", wrap="wrap",
                ),
                on_submit=S.apply_filters, reset_on_submit=False,
            ),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("When", "Who", "Action", "What", "Summary", "Before", "After")])),
                rx.table.body(rx.foreach(S.rows, _row)),
                width="100%", size="1",
            ),
            rx.hstack(rx.button("Previous", on_click=S.turn(-1), variant="soft"), rx.text(S.page_label),
                      rx.button("Next", on_click=S.turn(1), variant="soft"), align="center"),
            id="audit",
        ),
        title="Administration", active="admin",
    )
