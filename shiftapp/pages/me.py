"""Staff home on the phone: next duty first (who else is on), then list / week / month views."""
import reflex as rx

from ..components.layout import card, phone_shell
from ..state.staff import StaffHomeState as S

KIND_COLOURS = {"shift": "blue", "rest_day": "gray", "annual_leave": "green", "sickness": "red", "toil": "teal",
                "rdil": "teal", "training": "purple", "court": "orange", "overtime": "amber",
                "special_leave": "green", "public_holiday": "green"}


def _colour(kind):
    return rx.match(kind, *KIND_COLOURS.items(), "gray")


def _day_row(d: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(d["day"], weight="medium", min_width="88px"),
        rx.badge(d["label"], color_scheme=_colour(d["kind"]), size="2"),
        rx.cond(d["changed"] != "", rx.badge("changed", color_scheme="orange", variant="solid", size="1")),
        rx.spacer(),
        rx.text(d["times"], color="var(--gray-11)", size="2"),
        width="100%", padding_y="8px", border_bottom="1px solid var(--gray-4)", align="center", min_height="44px",
        background=rx.cond(d["changed"] != "", "var(--orange-3)", "transparent"), wrap="wrap",
        class_name="rota-day",
    )


def _cell(c: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(c["day"], size="1", weight=rx.cond(c["today"] == "yes", "bold", "regular")),
        rx.text(c["code"], size="1", weight="bold"),
        spacing="0", align="center", justify="center", min_height="44px", border_radius="6px",
        background=rx.cond(c["kind"] == "blank", "transparent",
                           rx.cond(c["changed"] != "", "var(--orange-4)",
                                   rx.match(c["kind"], ("shift", "var(--blue-3)"), ("rest_day", "var(--gray-3)"),
                                            ("annual_leave", "var(--green-3)"), ("sickness", "var(--red-3)"),
                                            "var(--gray-2)"))),
        border=rx.cond(c["today"] == "yes", "2px solid var(--blue-9)", "none"),
    )


def _views() -> rx.Component:
    return rx.vstack(
        rx.segmented_control.root(
            rx.segmented_control.item("List", value="list"),
            rx.segmented_control.item("Week", value="week"),
            rx.segmented_control.item("Month", value="month"),
            value=S.view, on_change=S.set_view, size="3", width="100%", height="44px",
        ),
        rx.hstack(
            rx.icon_button(rx.icon("chevron_left"), on_click=S.move(-1), variant="soft", size="4",
                           aria_label="Earlier"),
            rx.text(S.range_label, weight="medium", size="2", text_align="center", flex="1"),
            rx.icon_button(rx.icon("chevron_right"), on_click=S.move(1), variant="soft", size="4",
                           aria_label="Later"),
            width="100%", align="center",
        ),
        rx.cond(
            S.view == "month",
            rx.grid(*[rx.text(w, size="1", text_align="center", color="var(--gray-11)") for w in "MTWTFSS"],
                    rx.foreach(S.month_cells, _cell), columns="7", spacing="1", width="100%", id="rota-month"),
            rx.vstack(rx.foreach(S.days, _day_row), spacing="0", width="100%", id="rota-list"),
        ),
        width="100%", spacing="2",
    )


def me_page() -> rx.Component:
    nd = S.next_duty
    return phone_shell(
        rx.text(S.name, " · ", S.job_title, size="2", color="var(--gray-11)"),
        rx.cond(
            S.changed_count > 0,
            rx.card(
                rx.hstack(rx.icon("bell_ring", color="var(--orange-11)"),
                          rx.text(S.changed_count, " day(s) changed since you last looked.", size="2"), rx.spacer(),
                          rx.button("Got it", on_click=S.mark_seen, size="2", min_height="44px"),
                          align="center", width="100%", wrap="wrap"),
                background="var(--orange-3)", width="100%", id="changes-callout",
            ),
        ),
        card(
            rx.text("Next duty", size="2", color="var(--gray-11)"),
            rx.cond(
                nd.contains("day"),
                rx.vstack(
                    rx.hstack(rx.heading(nd["when"], " · ", nd["label"], size="6"),
                              rx.cond(nd["changed"] != "", rx.badge("changed", color_scheme="orange")), wrap="wrap"),
                    rx.text(nd["day"], " · ", nd["times"], size="4"),
                    rx.text(rx.cond(nd["location"] != "", nd["location"], S.unit), color="var(--gray-11)"),
                    rx.cond(nd["colleague_count"] != "0",
                            rx.text(rx.text.strong("Also on (", nd["colleague_count"], "): "), nd["colleagues"],
                                    size="2")),
                    spacing="1",
                ),
                rx.text("No duties coming up."),
            ),
            id="next-duty",
        ),
        card(_views()),
        card(
            rx.text("Balances", size="2", color="var(--gray-11)"),
            rx.grid(
                rx.vstack(rx.text("Annual leave", size="1"), rx.text(S.balances["annual"], weight="bold", size="2"),
                          spacing="0"),
                rx.vstack(rx.text("TOIL", size="1"), rx.text(S.balances["toil"], weight="bold", size="2"), spacing="0"),
                rx.vstack(rx.text("Rest days in lieu", size="1"), rx.text(S.balances["rdil"], weight="bold", size="2"),
                          spacing="0"),
                columns="3", spacing="2", width="100%",
            ),
            rx.link("Offline copy of my rota", href="/offline.html", size="2"),
        ),
        title="My rota", active="home",
    )
