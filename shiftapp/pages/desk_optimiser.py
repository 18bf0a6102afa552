"""Optimiser: choose a unit and period, run in the background with progress and cancel, see the changes
against the current rota and what stays unmet, accept or discard."""
import reflex as rx

from ..components.layout import card, desk_shell
from ..state.desk_pages import OptimiserState as S
from ..state.drafts import DraftsState as D
from .desk_rota import unit_select


def _change(c: rx.Var) -> rx.Component:
    return rx.table.row(rx.table.cell(c["day"], white_space="nowrap"), rx.table.cell(c["person"]),
                        rx.table.cell(rx.badge(c["before"], color_scheme="gray")),
                        rx.table.cell(rx.badge(c["after"], color_scheme="blue")))


def _draft(d: rx.Var) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(d["unit"], weight="bold"), rx.text(d["period"]), rx.spacer(),
                  rx.badge(d["status"], color_scheme=rx.match(d["status"], ("draft", "blue"), ("accepted", "green"), "gray"))),
        rx.text("Made ", d["made"], " in ", d["seconds"], " s: ", d["changes"], " changes.", size="2",
                color="var(--gray-11)"),
        rx.text(d["explanation"], size="2"),
        rx.text(d["lines"], size="1"),
        rx.cond(d["status"] == "draft", rx.hstack(
            rx.button("Use this draft", size="1", on_click=D.accept(d["id"].to(int))),
            rx.button("Drop draft", size="1", variant="soft", color_scheme="gray", on_click=D.discard(d["id"].to(int))))),
        spacing="1", width="100%"), width="100%")


def nightly_drafts() -> rx.Component:
    return card(
        rx.heading("Last night's drafts", size="4"),
        rx.text("The nightly optimiser re-plans each unit's next weeks and keeps the result here; nothing "
                "changes until a planner accepts it.", size="2", color="var(--gray-11)"),
        rx.cond(D.rows.length() > 0, rx.foreach(D.rows, _draft), rx.text("No drafts yet.", size="2")),
        id="nightly-drafts",
    )


def desk_optimiser_page() -> rx.Component:
    return desk_shell(
        nightly_drafts(),
        card(
            rx.form(rx.hstack(
                unit_select(S),
                rx.input(name="start", type="date", default_value=S.start, key=S.start, aria_label="From"),
                rx.select.root(rx.select.trigger(aria_label="Weeks"),
                               rx.select.content(*[rx.select.item(f"{w} week{'s' if w > 1 else ''}", value=str(w)) for w in (1, 2, 3, 4, 6)]),
                               name="weeks", default_value="2"),
                rx.select.root(rx.select.trigger(aria_label="Time limit"),
                               rx.select.content(*[rx.select.item(f"{t} s", value=str(t)) for t in (10, 20, 30, 60, 120)]),
                               name="seconds", default_value="20"),
                rx.button(rx.icon("play", size=16), "Run optimiser", type="submit", loading=S.running,
                          disabled=S.running),
                rx.cond(S.running, rx.button("Cancel", type="button", color_scheme="red", variant="soft",
                                             on_click=S.cancel)),
                spacing="2", align="center", wrap="wrap"), on_submit=S.run, reset_on_submit=False),
            rx.cond(S.running, rx.vstack(rx.progress(value=S.progress_pct, width="100%"),
                                         rx.text(S.progress, size="2", id="optimiser-progress"), width="100%")),
            rx.text("Runs in the background: you can keep working. It moves shifts and rest days to meet minimum "
                    "staffing and targets, keeps everyone's hours and rest rules, and counts every change to a "
                    "published duty as a cost (more the closer it is).", size="1", color="var(--gray-10)"),
        ),
        rx.cond(S.summary != "", card(
            rx.hstack(rx.heading("Proposal", size="4"), rx.badge(S.status), rx.spacer(),
                      rx.button("Accept", on_click=S.accept, id="accept-proposal", disabled=S.changes.length() == 0),
                      rx.button("Discard", on_click=S.discard, variant="soft", color_scheme="gray"), width="100%"),
            rx.text(S.summary, id="proposal-summary"),
            rx.foreach(S.notes, lambda n: rx.text(n, size="1", color="var(--gray-10)")),
            rx.heading("Still unmet", size="3"),
            rx.cond(S.unmet.length() == 0, rx.text("Everything is covered to its minimum.", size="2"),
                    rx.vstack(rx.foreach(S.unmet, lambda u: rx.text("• ", u, size="2")), spacing="1")),
            rx.heading("Changes against the current rota", size="3"),
            rx.box(rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Day", "Person", "Was", "Now")])),
                rx.table.body(rx.foreach(S.changes, _change)), size="1", width="100%"),
                max_height="55vh", overflow_y="auto", width="100%"),
            id="proposal",
        )),
        title="Optimiser", active="optimiser",
    )
