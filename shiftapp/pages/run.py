"""Driver and escort home on the phone: today's duty and runs, credentials."""
import reflex as rx

from ..components.layout import card, phone_shell
from ..state.crew import CrewHomeState as S


def _run(r: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.badge(r["session"]),
        rx.vstack(rx.text(r["code"], weight="bold"),
                  rx.text(r["day"], " · ", r["role"], " · first pick-up ", r["first"], " · ", r["passengers"], " passengers",
                          size="2", color="var(--gray-11)"), spacing="0"),
        width="100%", min_height="44px", align="center",
    )


def _credential(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(c["label"]), rx.spacer(),
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
            rx.text("My runs today and tomorrow", size="2", color="var(--gray-11)"),
            rx.cond(S.runs.length() > 0, rx.foreach(S.runs, _run),
                    rx.text("No runs allocated to you yet. The transport office publishes them the afternoon before.")),
            # a full page load (not the client-side router, which would show its 404): the run
            # sheet is a static page that works with no signal
            rx.link(rx.button(rx.icon("clipboard_list", size=18), "Open my run sheet", size="3", min_height="48px",
                              width="100%"),
                    href="/runsheet.html", reload_document=True, id="open-run-sheet", width="100%"),
            rx.text("Works offline: marks made without signal are sent when it returns.", size="1",
                    color="var(--gray-11)"),
        ),
        card(rx.text("My licences, checks and training", size="2", color="var(--gray-11)"),
             rx.foreach(S.credentials, _credential)),
        title="Today's runs", active="home", home_href="/run",
    )
