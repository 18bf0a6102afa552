"""Staff home on the phone: next duty first, then the next two weeks, then balances."""
import reflex as rx

from ..components.layout import card, phone_shell
from ..state.staff import StaffHomeState as S

KIND_COLOURS = {"shift": "blue", "rest_day": "gray", "annual_leave": "green", "sickness": "red", "toil": "teal",
                "rdil": "teal", "training": "purple", "court": "orange", "overtime": "amber"}


def _day_row(d: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(d["day"], weight="medium", min_width="92px"),
        rx.badge(d["label"], color_scheme=rx.match(d["kind"], *KIND_COLOURS.items(), "gray"), size="2"),
        rx.spacer(),
        rx.text(d["times"], color="var(--gray-11)"),
        width="100%", padding_y="10px", border_bottom="1px solid var(--gray-4)", align="center", min_height="44px",
    )


def me_page() -> rx.Component:
    return phone_shell(
        rx.text(S.name, " · ", S.job_title, size="2", color="var(--gray-11)"),
        card(
            rx.text("Next duty", size="2", color="var(--gray-11)"),
            rx.cond(
                S.next_duty.contains("day"),
                rx.vstack(
                    rx.heading(S.next_duty["label"], size="6"),
                    rx.text(S.next_duty["day"], " · ", S.next_duty["times"], size="4"),
                    rx.text(S.unit, color="var(--gray-11)"),
                    spacing="1",
                ),
                rx.text("No duties in the next two weeks."),
            ),
            id="next-duty",
        ),
        card(
            rx.text("Balances", size="2", color="var(--gray-11)"),
            rx.grid(
                rx.vstack(rx.text("Annual leave", size="1"), rx.heading(S.balances["annual_leave_days"], " days", size="4"),
                          rx.text(S.balances["annual_leave"], size="1", color="var(--gray-11)"), spacing="0"),
                rx.vstack(rx.text("TOIL", size="1"), rx.heading(S.balances["toil"], size="4"), spacing="0"),
                rx.vstack(rx.text("Rest days owed", size="1"), rx.heading(S.balances["rest_days_owed"], size="4"),
                          spacing="0"),
                columns="3", spacing="2", width="100%",
            ),
        ),
        card(rx.text("Next 14 days", size="2", color="var(--gray-11)"), rx.foreach(S.days, _day_row), id="rota-list"),
        title="My rota", active="home",
    )
