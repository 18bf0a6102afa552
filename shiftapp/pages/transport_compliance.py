"""Contractors & compliance audits; incidents and accidents with follow-up actions (desktop)."""
import reflex as rx

from ..components.layout import card, desk_shell
from ..state.transport_compliance import ComplianceState as S

STATE_COLOURS = (("ok", "green"), ("due soon", "amber"), ("overdue", "red"), ("failed", "red"), ("no audit", "red"))


def _contractor(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(c["name"], weight="bold"), rx.text(c["contract"], " · ", c["contact"], size="1",
                                                                 color="var(--gray-11)")),
        rx.table.cell(c["vehicles"]), rx.table.cell(c["runs_week"]),
        rx.table.cell(c["last"], " · ", c["result"]), rx.table.cell(c["notes"]),
        rx.table.cell(c["next_due"]),
        rx.table.cell(rx.badge(c["state"], color_scheme=rx.match(c["state"], *STATE_COLOURS, "gray"))),
    )


def _incident(i: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(i["when"]), rx.table.cell(i["run"]),
        rx.table.cell(rx.badge(i["kind"]), " ", rx.badge(i["severity"], color_scheme=rx.match(
            i["severity"], ("high", "red"), ("medium", "amber"), "gray"))),
        rx.table.cell(i["description"]), rx.table.cell(i["by"]),
        rx.table.cell(i["status"], " · ", i["open_actions"], " open"),
        rx.table.cell(rx.button("Close", size="1", variant="soft", on_click=S.close(i["id"]))),
    )


def _action(a: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(a["run"]), rx.table.cell(a["text"]), rx.table.cell(a["owner"]),
        rx.table.cell(rx.cond(a["done"] == "yes", rx.badge("done", color_scheme="green"),
                              rx.button("Mark done", size="1", on_click=S.complete(a["incident"], a["i"])))),
    )


def _select(name: str, value, items, placeholder: str = "") -> rx.Component:
    return rx.select.root(rx.select.trigger(placeholder=placeholder, width="100%"), rx.select.content(*items),
                          value=value, on_change=lambda v: S.set_field(name, v))


def compliance_page() -> rx.Component:
    return desk_shell(
        card(
            rx.heading("Contractors and compliance audits", size="4"),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                    "Contractor", "Vehicles", "Runs this week", "Last audit", "Findings", "Next due", "")])),
                rx.table.body(rx.foreach(S.contractors, _contractor)), width="100%", size="1"),
            rx.hstack(
                rx.box(rx.select.root(rx.select.trigger(placeholder="Contractor", width="100%"), rx.select.content(
                    rx.foreach(S.contractors, lambda c: rx.select.item(c["name"], value=c["id"]))),
                    value=S.audit_contractor, on_change=lambda v: S.set_field("audit_contractor", v)), width="240px"),
                rx.input(type="date", value=S.audit_date, on_change=lambda v: S.set_field("audit_date", v), width="160px"),
                rx.box(_select("audit_result", S.audit_result, [rx.select.item("Pass", value="pass"),
                               rx.select.item("Pass with actions", value="pass_with_actions"),
                               rx.select.item("Fail", value="fail")]), width="180px"),
                rx.input(placeholder="Findings", value=S.audit_notes, on_change=lambda v: S.set_field("audit_notes", v),
                         flex="1"),
                rx.button("Record audit", on_click=S.record_audit),
                width="100%", spacing="2",
            ),
            id="contractors",
        ),
        card(
            rx.heading("Incidents and accidents", size="4"),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                    "When", "Run", "Kind", "What happened", "Reported by", "Status", "")])),
                rx.table.body(rx.foreach(S.incidents, _incident)), width="100%", size="1"),
            rx.heading("Follow-up actions", size="3"),
            rx.table.root(rx.table.body(rx.foreach(S.actions, _action)), width="100%", size="1"),
            rx.hstack(
                rx.box(rx.select.root(rx.select.trigger(placeholder="Incident", width="100%"), rx.select.content(
                    rx.foreach(S.incidents, lambda i: rx.select.item(i["run"] + " · " + i["kind"], value=i["id"]))),
                    value=S.action_incident, on_change=lambda v: S.set_field("action_incident", v)), width="280px"),
                rx.input(placeholder="Action", value=S.action_text, on_change=lambda v: S.set_field("action_text", v),
                         flex="1"),
                rx.input(placeholder="Owner", value=S.action_owner, on_change=lambda v: S.set_field("action_owner", v),
                         width="180px"),
                rx.button("Add action", on_click=S.add_action),
                width="100%", spacing="2",
            ),
            id="incidents",
        ),
        title="Contractors, compliance and incidents", active="transport_compliance",
    )
