"""Approvals inbox: leave, swaps, flexible working; the impact of each before deciding."""
import reflex as rx

from ..components.layout import BELOW_TOP_BAR, card, desk_shell, side_by_side
from ..state.desk_approvals import ApprovalsState as S


def _open(kind: str, r: rx.Var, title) -> rx.Component:
    return rx.button("Impact", size="1", variant=rx.cond((S.kind == kind) & (S.item_id == r["id"]), "solid", "soft"),
                     on_click=S.open_item(kind, r["id"], r["version"], title))


def _leave_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(r["person"], weight="medium"), rx.text(r["employee_no"], size="1",
                                                                                color="var(--gray-10)"), spacing="0")),
        rx.table.cell(rx.vstack(rx.text(r["dates"], size="2"),
                                rx.text(r["kind"], " · ", r["amount"], " · ", r["reason"], size="1", color="var(--gray-10)"),
                                spacing="0")),
        rx.table.cell(_open("leave", r, r["person"] + " · " + r["kind"] + " " + r["dates"])),
        custom_attrs={"data-leave": r["employee_no"]},
    )


def _swap_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["requester"], " ⇄ ", r["counterpart"]), rx.table.cell(rx.text(r["gives"], size="1")),
        rx.table.cell(rx.text(r["takes"], size="1")),
        rx.table.cell(_open("swap", r, "Swap " + r["requester"] + " ⇄ " + r["counterpart"])),
    )


def _flex_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(r["change"]), rx.text(r["basis"], size="1", color="var(--gray-10)"), spacing="0")),
        rx.table.cell(rx.text(r["proposal"], size="1")), rx.table.cell(r["from"]),
        rx.table.cell(r["deadline"], white_space="nowrap"),
        rx.table.cell(_open("flex", r, "Flexible working from " + r["from"])),
    )


def _table(headers, rows, fn, empty: str) -> rx.Component:
    return rx.cond(rows.length() == 0, rx.text(empty, size="2", color="var(--gray-10)"), rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, fn)), size="1", width="100%"))


def _impact() -> rx.Component:
    return card(
        rx.heading(S.title, size="4"),
        rx.callout(S.summary, icon="info", color_scheme="blue", size="1"),
        rx.cond(S.detail != "", rx.text(S.detail, size="2")),
        rx.hstack(rx.text("Cost (cheapest cover for any new gap): ", size="2"), rx.text(S.cost, weight="bold")),
        rx.foreach(S.notes, lambda n: rx.text("• ", n, size="1")),
        rx.heading("Cover on every affected shift", size="3"),
        rx.cond(S.cover.length() == 0, rx.text("No shift with minimum staffing is affected.", size="2"),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("Day", "Shift", "Before", "After", "Minimum", "Target", "")])),
                    rx.table.body(rx.foreach(S.cover, lambda c: rx.table.row(
                        rx.table.cell(c["day"], white_space="nowrap"), rx.table.cell(c["label"]),
                        rx.table.cell(c["before"]), rx.table.cell(c["after"]), rx.table.cell(c["minimum"]),
                        rx.table.cell(c["target"]),
                        rx.table.cell(rx.badge(c["status"], color_scheme=rx.match(
                            c["status"], ("short", "red"), ("below_target", "amber"), "green")))))),
                    size="1", width="100%")),
        rx.heading("Rule findings", size="3"),
        rx.cond(S.findings.length() == 0, rx.text("No new rule findings for the people involved.", size="2"),
                rx.vstack(rx.foreach(S.findings, lambda f: rx.text(f["person"], " ", f["rule"], " (", f["severity"], "): ",
                                                                   f["message"], size="2")), spacing="1")),
        rx.cond(S.kind == "flex", rx.vstack(
            rx.text("A refusal needs one of the eight business reasons and a recorded consultation (FWR-01).", size="1"),
            rx.hstack(
                rx.select.root(rx.select.trigger(placeholder="Business reason for a refusal", aria_label="Business reason"),
                               rx.select.content(rx.foreach(S.reasons, lambda x: rx.select.item(x["name"], value=x["id"]))),
                               value=S.refusal_reason, on_change=S.set_refusal_reason),
                rx.input(type="date", value=S.consultation, on_change=S.set_consultation, aria_label="Consultation date"),
                rx.checkbox("Agree as a trial", checked=S.trial, on_change=S.set_trial), spacing="2", wrap="wrap"),
            width="100%")),
        rx.hstack(
            rx.input(placeholder="Reason (needed to refuse; told to the people involved)", value=S.reason,
                     on_change=S.set_reason, width=rx.breakpoints(initial="100%", sm="420px")),
            rx.button("Approve", color_scheme="green", on_click=S.decide(True)),
            rx.button("Refuse", color_scheme="red", variant="soft", on_click=S.decide(False)),
            spacing="2", wrap="wrap"),
        id="impact",
    )


def desk_approvals_page() -> rx.Component:
    return desk_shell(
        side_by_side(
            rx.vstack(
                card(rx.heading("Leave", size="4"),
                     _table(("Person", "Leave", ""), S.leave, _leave_row, "No leave waiting."),
                     id="inbox-leave"),
                card(rx.heading("Swaps", size="4"),
                     _table(("People", "Gives", "Takes", ""), S.swaps, _swap_row, "No swaps waiting."), id="inbox-swaps"),
                card(rx.heading("Flexible working", size="4"),
                     _table(("Change", "Proposal", "From", "Decide by", ""), S.flex, _flex_row,
                            "No flexible-working requests waiting."), id="inbox-flex"),
                flex="1 1 50%", min_width="0", spacing="4"),
            rx.box(rx.cond(S.item_id != "", _impact(), card(rx.text("Choose a request to see its impact before deciding.",
                                                                      size="2"))),
                   flex="1 1 50%", min_width="0", id="impact-pane", scroll_margin_top=BELOW_TOP_BAR),
        ),
        title="Approvals", active="approvals",
    )
