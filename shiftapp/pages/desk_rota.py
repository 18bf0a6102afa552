"""Rota grid: people by days with coloured duty codes, a cover row per shift and skill, filters,
the duty editor (findings before saving), abstractions and publishing a period."""
import reflex as rx

from ..components.layout import card, desk_shell
from ..state.desk_pages import RotaState as S

CELL = {"padding": "2px 0", "text_align": "center", "font_size": "12px", "min_width": "30px",
        "border": "1px solid var(--gray-4)"}


def unit_select(state, on_change=None) -> rx.Component:
    """The desk's unit picker; ``on_change`` for a page that reloads on a new unit (default: just set it)."""
    return rx.select.root(
        rx.select.trigger(placeholder="Unit", aria_label="Unit"),
        rx.select.content(rx.foreach(state.units, lambda u: rx.select.item(u["name"], value=u["id"]))),
        name="unit", value=state.unit_id, on_change=on_change or state.set_unit_id,
    )


def _filters() -> rx.Component:
    def opts(items, label):
        return rx.select.content(rx.select.item(label, value="all"),
                                 rx.foreach(items, lambda x: rx.select.item(x["name"], value=x["id"])))
    return rx.form(
        rx.hstack(
            unit_select(S),
            rx.input(name="start", type="date", default_value=S.start, aria_label="From", key=S.start),
            rx.select.root(rx.select.trigger(aria_label="Weeks"),
                           rx.select.content(*[rx.select.item(f"{w} weeks", value=str(w)) for w in (1, 2, 4, 6, 8, 13)]),
                           name="weeks", default_value="4"),
            rx.select.root(rx.select.trigger(aria_label="Team"), opts(S.teams, "All teams"), name="team",
                           default_value="all"),
            rx.select.root(rx.select.trigger(aria_label="Skill"), opts(S.skills, "Any skill"), name="skill",
                           default_value="all"),
            rx.select.root(rx.select.trigger(aria_label="Rank"),
                           rx.select.content(rx.select.item("Any rank", value="all"),
                                             rx.foreach(S.ranks, lambda r: rx.select.item(r, value=r))),
                           name="rank", default_value="all"),
            rx.button("Show", type="submit"),
            rx.button(rx.icon("chevron_left"), "Week", type="button", variant="soft", on_click=S.shift_weeks(-1)),
            rx.button("Week", rx.icon("chevron_right"), type="button", variant="soft", on_click=S.shift_weeks(1)),
            spacing="2", wrap="wrap", align="center",
        ),
        on_submit=S.set_filters, reset_on_submit=False,
    )


def _duty_cell(cell: rx.Var, person: rx.Var, day: rx.Var) -> rx.Component:
    return rx.el.td(
        rx.text(cell["code"], weight="bold", size="1"),
        rx.cond(cell["extra"] != "", rx.text(cell["extra"], size="1", color="var(--pink-11)")),
        title=cell["title"],
        background=f"var(--{cell['colour']}-4)",
        opacity=rx.cond(cell["status"] == "draft", "0.6", "1"),
        cursor="pointer",
        on_click=S.select(cell["id"], person["name"], day["date"]),
        style=CELL,
        # a shift outside the days and hours agreed under flexible working: outlined, for re-rostering
        outline=rx.cond(cell["flex"] != "", "2px dashed var(--amber-10)", "none"),
        outline_offset="-3px",
        custom_attrs={"data-kind": cell["kind"], "data-status": cell["status"], "data-flex": cell["flex"]},
    )


def _person_row(cells: rx.Var, i: rx.Var) -> rx.Component:
    person = S.people[i]
    return rx.el.tr(
        rx.el.td(rx.vstack(rx.hstack(rx.text(person["name"], size="1", weight="medium", white_space="nowrap"),
                                     rx.cond(person["flex"] != "",
                                             rx.tooltip(rx.badge("flex", size="1", color_scheme="amber"),
                                                        content=person["flex"])),
                                     spacing="1", align="center"),
                           rx.text(person["rank"], " · ", person["team"], size="1", color="var(--gray-10)",
                                   white_space="nowrap"), spacing="0"),
                 position="sticky", left="0", background="var(--color-panel-solid)", padding="2px 6px",
                 border="1px solid var(--gray-4)", z_index="1"),
        rx.foreach(cells, lambda c, j: _duty_cell(c, person, S.days[j])),
    )


def _cover_row(cells: rx.Var, i: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.text(S.cover_labels[i], size="1", white_space="nowrap"), position="sticky", left="0",
                 background="var(--gray-3)", padding="2px 6px", border="1px solid var(--gray-4)", z_index="1"),
        rx.foreach(cells, lambda c: rx.el.td(
            rx.text(c["text"], size="1"), title=c["title"], style=CELL,
            background=rx.match(c["status"], ("short", "var(--red-5)"), ("below_target", "var(--amber-4)"),
                                ("ok", "var(--green-3)"), "var(--gray-2)"),
            custom_attrs={"data-cover": c["status"]})),
    )


def _grid() -> rx.Component:
    return rx.box(
        rx.el.table(
            rx.el.thead(rx.el.tr(
                rx.el.th("Person", position="sticky", left="0", background="var(--color-panel-solid)", z_index="2",
                         style={"text_align": "left", "padding": "2px 6px", "font_size": "12px"}),
                rx.foreach(S.days, lambda d: rx.el.th(
                    rx.vstack(rx.text(d["dow"], size="1"), rx.text(d["dom"], size="1", weight="bold"), spacing="0",
                              align="center"),
                    background=rx.cond(d["weekend"] == "y", "var(--gray-4)", "var(--gray-2)"), style=CELL)),
            )),
            rx.el.tbody(
                rx.foreach(S.cells, _person_row),
                rx.el.tr(rx.el.td(rx.text("Cover: on duty / minimum", size="1", weight="bold"),
                                  col_span=100, padding="6px", background="var(--gray-3)")),
                rx.foreach(S.cover_cells, _cover_row),
            ),
            style={"border_collapse": "collapse"},
        ),
        overflow_x="auto", width="100%", id="rota-grid",
    )


def _editor() -> rx.Component:
    return rx.cond(
        S.sel_id != "",
        card(
            rx.hstack(rx.heading("Edit duty: ", S.sel_label, size="4"), rx.badge(S.sel_status), rx.spacer(),
                      rx.button("Close", variant="ghost", on_click=S.close_editor), width="100%"),
            rx.hstack(
                rx.select.root(rx.select.trigger(aria_label="Duty kind"),
                               rx.select.content(*[rx.select.item(k.replace("_", " "), value=k) for k in (
                                   "shift", "rest_day", "annual_leave", "toil", "rdil", "special_leave",
                                   "public_holiday", "sickness", "training", "court", "secondment", "free_day")]),
                               value=S.sel_kind, on_change=S.set_sel_kind),
                rx.cond(S.sel_kind == "shift", rx.select.root(
                    rx.select.trigger(placeholder="Shift", aria_label="Shift"),
                    rx.select.content(rx.foreach(S.shifts, lambda x: rx.select.item(x["name"], value=x["id"]))),
                    value=S.sel_shift, on_change=S.set_sel_shift)),
                rx.select.root(rx.select.trigger(aria_label="Reason"),
                               rx.select.content(rx.select.item("Exigency of duty", value="exigency"),
                                                 rx.select.item("Officer's request", value="officer_request"),
                                                 rx.select.item("JBB agreed", value="jbb_agreed")),
                               value=S.reason_code, on_change=S.set_reason_code),
                rx.input(placeholder="Reason (told to the officer)", value=S.reason, on_change=S.set_reason,
                         width="280px"),
                rx.button("Check rules", on_click=S.check, variant="soft"),
                rx.button("Save", on_click=S.save, disabled=~S.checked),
                spacing="2", wrap="wrap",
            ),
            rx.cond(S.checked, rx.vstack(rx.foreach(S.findings, lambda f: rx.text("• ", f, size="2")), spacing="1",
                                         id="duty-findings")),
            id="duty-editor",
        ),
    )


def _publish() -> rx.Component:
    return card(
        rx.heading("Publish a period", size="4"),
        rx.text("Published to ", S.published_until, ". A roster covers at least 3 months and is published at least "
                "a month before it starts (POL-03). Draft duties show faded in the grid.", size="2"),
        rx.form(
            rx.hstack(
                rx.input(name="pstart", type="date", default_value=S.period_start, key=S.period_start, aria_label="Period from"),
                rx.input(name="pend", type="date", default_value=S.period_end, key=S.period_end, aria_label="Period to"),
                rx.button("Draft from patterns", type="submit", variant="soft"),
                rx.button("Publish", type="button", on_click=S.publish, id="publish-button"),
                rx.text(S.period_drafts, " draft duties in this period", size="2"),
                spacing="2", align="center", wrap="wrap",
            ),
            on_submit=S.draft, reset_on_submit=False,
        ),
        rx.foreach(S.period_findings, lambda f: rx.callout(f, color_scheme="amber", size="1")),
        id="publish",
    )


def _abstraction() -> rx.Component:
    return card(
        rx.heading("Record an abstraction", size="4"),
        rx.form(
            rx.hstack(
                rx.select.root(rx.select.trigger(placeholder="Person", aria_label="Person"),
                               rx.select.content(rx.foreach(S.people, lambda p: rx.select.item(p["name"], value=p["id"]))),
                               name="person"),
                rx.select.root(rx.select.trigger(aria_label="Abstraction"),
                               rx.select.content(*[rx.select.item(k.replace("_", " ").capitalize(), value=k) for k in (
                                   "sickness", "training", "court", "secondment", "special_leave")]),
                               name="kind", default_value="sickness"),
                rx.input(name="from", type="date", aria_label="From"), rx.input(name="to", type="date", aria_label="To"),
                rx.input(name="why", placeholder="Note"),
                rx.button("Record", type="submit", variant="soft"),
                spacing="2", wrap="wrap",
            ),
            on_submit=S.abstraction,
        ),
        rx.text("People on this page of the grid. Working days become the abstraction; rest days stay "
                "(a secondment takes every day).", size="1", color="var(--gray-10)"),
    )


def desk_rota_page() -> rx.Component:
    return desk_shell(
        _filters(),
        _editor(),
        card(
            rx.hstack(rx.heading("Rota", size="4"), rx.spacer(), rx.text(S.page_label, size="2"),
                      rx.button("Previous", on_click=S.turn(-1), variant="soft", size="1"),
                      rx.button("Next", on_click=S.turn(1), variant="soft", size="1"), width="100%", align="center"),
            _grid(),
            rx.text("Faded: draft. A pink code: overtime on top. Dashed outline: a shift outside the days and hours "
                    "agreed under flexible working (the person's flex badge says what was agreed).",
                    size="1", color="var(--gray-10)"),
        ),
        rx.hstack(_publish(), _abstraction(), width="100%", align="start", spacing="4"),
        title="Rota", active="rota",
    )
