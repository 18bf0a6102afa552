"""Gaps and cover: every shift below minimum in a period; for a gap, ranked options with cost, notice,
working-time effect, how often the person was asked lately and why; apply one."""
import reflex as rx

from ..components.layout import BELOW_TOP_BAR, card, desk_shell, side_by_side
from ..state.desk_pages import GapsState as S
from .desk_rota import unit_select


def _gap_row(g: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(g["day"], white_space="nowrap"),
        rx.table.cell(rx.vstack(rx.text(g["shift"], size="2"),
                                rx.cond(g["event"] != "", rx.text(g["event"], size="1", color="var(--cyan-11)")),
                                spacing="0"), white_space="nowrap"),
        rx.table.cell(g["skill"]),
        rx.table.cell(g["actual"], "/", g["minimum"], white_space="nowrap", title="target " + g["target"]),
        rx.table.cell(rx.badge("short ", g["short"], color_scheme="red")),
        rx.table.cell(rx.button("Options", size="1", variant=rx.cond(S.selected == g["key"], "solid", "soft"),
                                on_click=S.choose(g["key"], g["day"] + " · " + g["shift"] + " · " + g["skill"]))),
        custom_attrs={"data-gap": g["key"]},
    )


def _option(o: rx.Var, i: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(o["label"], color_scheme=rx.match(o["kind"], ("move", "green"), ("overtime", "blue"),
                                                           ("cancel_rest_day", "amber"), "red")),
                rx.text(o["name"], weight="bold"), rx.text(o["rank"], size="2", color="var(--gray-10)"),
                rx.spacer(),
                rx.text(o["cost"], weight="bold", size="4"),
                rx.button("Apply", size="2", on_click=S.apply(o["kind"], o["person_id"])),
                width="100%", align="center",
            ),
            rx.hstack(rx.text("Rate ", o["rate"], size="1"), rx.text("Hours ", o["hours"], size="1"),
                      rx.text("Notice ", o["notice"], size="1"), rx.text("Asked lately ", o["asked"], size="1"),
                      rx.text("Quick check: ", o["effects"], size="1"), spacing="4", color="var(--gray-11)", wrap="wrap"),
            rx.text(o["reason"], size="2"),
            rx.foreach(S.option_findings[i], lambda f: rx.text("⚠ ", f, size="1", color="var(--amber-11)")),
            spacing="1", width="100%",
        ),
        width="100%", custom_attrs={"data-option": o["kind"]},
    )


def desk_gaps_page() -> rx.Component:
    return desk_shell(
        rx.form(
            rx.hstack(unit_select(S),
                      rx.input(name="start", type="date", default_value=S.start, key=S.start, aria_label="From"),
                      rx.input(name="end", type="date", default_value=S.end, key=S.end, aria_label="To"),
                      rx.button("Show gaps", type="submit"), spacing="2", align="center", wrap="wrap"),
            on_submit=S.set_range, reset_on_submit=False,
        ),
        side_by_side(
            card(
                rx.heading("Shifts below minimum", size="4"),
                rx.text(S.rows.length(), " gaps", size="2", color="var(--gray-11)"),
                rx.box(rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("Day", "Shift", "Skill", "On/min", "", "")])),
                    rx.table.body(rx.foreach(S.rows, _gap_row)), size="1", width="100%"),
                    max_height="70vh", overflow_y="auto", width="100%"),
                id="gaps", flex="1 1 48%",
            ),
            card(
                rx.heading("Options", size="4"),
                rx.cond(S.selected == "", rx.text("Choose a gap to see the ways to fill it.", size="2"),
                        rx.vstack(
                            rx.hstack(rx.text(S.selected_label, weight="bold"), rx.spacer(),
                                      rx.text("Officer chooses TOIL", size="2"),
                                      rx.switch(checked=S.toil, on_change=S.set_toil, aria_label="Officer chooses TOIL"),
                                      width="100%", align="center"),
                            rx.cond(S.result != "", rx.callout(
                                rx.vstack(rx.text(S.result, size="2"),
                                          rx.foreach(S.result_lines, lambda x: rx.text(x, size="2")), spacing="1"),
                                icon="check", color_scheme="green", id="fill-result", width="100%")),
                            rx.cond(S.options.length() == 0, rx.text("No options: the gap is filled, or nobody "
                                                                     "eligible is free.", size="2")),
                            rx.box(rx.vstack(rx.foreach(S.options, _option), spacing="2", width="100%"),
                                   max_height="64vh", overflow_y="auto", width="100%"),
                            width="100%", spacing="2",
                        )),
                id="options", flex="1 1 52%", scroll_margin_top=BELOW_TOP_BAR,
            ),
        ),
        title="Gaps and cover", active="gaps",
    )
