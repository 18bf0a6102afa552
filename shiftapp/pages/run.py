"""Driver and escort home on the phone: today's duty and runs, credentials."""
import reflex as rx

from ..components.layout import card, phone_shell
from ..state.crew import CrewHomeState as S


def _run(r: rx.Var) -> rx.Component:
    return rx.hstack(rx.badge(r["session"]), rx.text(r["code"], weight="bold"), rx.spacer(), rx.text(r["vehicle"]),
                     width="100%", min_height="44px", align="center")


def _credential(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(c["kind"], " ", c["detail"]), rx.spacer(),
        rx.badge(c["expires"], color_scheme=rx.match(c["state"], ("expired", "red"), ("expiring", "amber"), "green")),
        width="100%", min_height="36px", align="center",
    )


def run_page() -> rx.Component:
    return phone_shell(
        rx.text(S.name, " · ", S.job_title, size="2", color="var(--gray-11)"),
        card(
            rx.text("Today", size="2", color="var(--gray-11)"),
            rx.cond(S.today.contains("label"),
                    rx.vstack(rx.heading(S.today["label"], size="5"), rx.text(S.today["day"], " · ", S.today["times"]),
                              spacing="1"),
                    rx.text("Not on duty today.")),
            id="today",
        ),
        card(
            rx.text("My runs today", size="2", color="var(--gray-11)"),
            rx.cond(S.runs.length() > 0, rx.foreach(S.runs, _run),
                    rx.text("No runs allocated to you yet. The transport office publishes them the afternoon before.")),
        ),
        card(rx.text("My licences, checks and training", size="2", color="var(--gray-11)"),
             rx.foreach(S.credentials, _credential)),
        title="Today's runs", active="home", home_href="/run",
    )
