"""Transport planner home: the service at a glance and compliance that needs attention."""
import reflex as rx

from ..components.layout import card, desk_shell, stat
from ..state.transport import TransportHomeState as S


def _row(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["person"]), rx.table.cell(c["label"]), rx.table.cell(c["expires"]),
        rx.table.cell(rx.badge(c["state"], color_scheme=rx.match(c["state"], ("expired", "red"), ("expiring", "amber"),
                                                                 "green"))),
    )


def transport_page() -> rx.Component:
    return desk_shell(
        rx.hstack(
            stat("Passengers", S.figures["passengers"]), stat("Schools and centres", S.figures["destinations"]),
            stat("Vehicles", S.figures["vehicles"]), stat("Off the road today", S.figures["off_road"], "amber"),
            stat("Drivers and escorts", S.figures["crew"]), stat("Runs today", S.figures["runs_today"], "blue"),
            spacing="4", wrap="wrap",
        ),
        card(
            rx.heading("Licences, DBS checks and training expired or expiring in 30 days", size="4"),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Person", "Credential", "Expires", "")])),
                rx.table.body(rx.foreach(S.expiring, _row)),
                width="100%",
            ),
            id="expiring",
        ),
        title="Passenger transport", active="transport",
    )
