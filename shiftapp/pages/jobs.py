"""Administration: scheduled jobs, their schedules (editable), last and next runs, run now."""
import reflex as rx

from ..components.layout import card, desk_shell
from ..state.jobs import JobsState as S


def _outcome(outcome: rx.Var) -> rx.Component:
    return rx.badge(outcome, color_scheme=rx.match(outcome, ("succeeded", "green"), ("failed", "red"),
                                                   ("running", "blue"), "gray"))


def _job(j: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(j["name"], weight="bold"), rx.text(j["description"], size="1",
                                                                           color="var(--gray-11)"), spacing="0")),
        rx.table.cell(rx.form(
            rx.hstack(
                rx.input(name="name", type="hidden", value=j["name"]),
                rx.input(name="cron", default_value=j["cron"], width="130px", aria_label="Schedule (crontab)"),
                rx.checkbox("on", name="enabled", default_checked=j["enabled"]),
                rx.button("Save", type="submit", size="1", variant="soft"),
                align="center",
            ),
            on_submit=S.save_schedule, reset_on_submit=False,
        )),
        rx.table.cell(j["last_run"], " ", rx.cond(j["last_outcome"] != "", _outcome(j["last_outcome"]))),
        rx.table.cell(j["last_seconds"]),
        rx.table.cell(j["next_run"], white_space="nowrap"),
        rx.table.cell(rx.button("Run now", on_click=S.run_now(j["name"]), loading=S.running == j["name"], size="1",
                                white_space="nowrap")),
    )


def _run(r: rx.Var) -> rx.Component:
    return rx.table.row(rx.table.cell(r["started"]), rx.table.cell(r["job"]), rx.table.cell(r["trigger"]),
                        rx.table.cell(r["seconds"]), rx.table.cell(r["outcome"]), rx.table.cell(r["attempts"]),
                        rx.table.cell(rx.text(r["summary"], " ", r["error"], size="1")))


def jobs_page() -> rx.Component:
    return desk_shell(
        card(
            rx.heading("Scheduled jobs", size="4"),
            rx.text("Times are Europe/London. Each trigger runs once across all app workers.", size="2",
                    color="var(--gray-11)"),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Job", "Schedule", "Last run", "Seconds", "Next run", "")])),
                rx.table.body(rx.foreach(S.jobs, _job)), width="100%",
            ),
            id="jobs",
        ),
        card(
            rx.heading("Recent runs", size="4"),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("Started", "Job", "Trigger", "Seconds", "Outcome", "Tries", "Result")])),
                rx.table.body(rx.foreach(S.runs, _run)), width="100%", size="1",
            ),
        ),
        title="Scheduled jobs", active="jobs",
    )
