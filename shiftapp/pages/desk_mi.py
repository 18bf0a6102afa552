"""Management information: overtime against budget, TOIL, rest days owed, duty changes by reason and
notice, sickness, rule findings — charts, tables and a CSV download for each."""
import reflex as rx

from ..components.layout import card, desk_shell
from ..state.desk_pages import MIState as S
from .desk_rota import unit_select


def _csv(table: str) -> rx.Component:
    return rx.button(rx.icon("download", size=14), "CSV", size="1", variant="soft", on_click=S.download(table),
                     id=f"csv-{table}")


def _table(rows, cols: list[tuple[str, str]]) -> rx.Component:
    return rx.box(rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h, _ in cols])),
        rx.table.body(rx.foreach(rows, lambda r: rx.table.row(*[rx.table.cell(r[k]) for _, k in cols]))),
        size="1", width="100%"), max_height="320px", overflow_y="auto", width="100%")


def _head(title: str, table: str) -> rx.Component:
    return rx.hstack(rx.heading(title, size="4"), rx.spacer(), _csv(table), width="100%")


def desk_mi_page() -> rx.Component:
    return desk_shell(
        rx.form(rx.hstack(unit_select(S),
                          rx.input(name="month", type="month", default_value=S.first_month, key=S.first_month,
                                   aria_label="First month"),
                          rx.select.root(rx.select.trigger(aria_label="Months"),
                                         rx.select.content(*[rx.select.item(f"{m} months", value=str(m)) for m in (1, 3, 6, 12)]),
                                         name="months", default_value="3"),
                          rx.button("Show", type="submit"), spacing="2", align="center", wrap="wrap"),
                on_submit=S.set_range, reset_on_submit=False),
        rx.grid(
            card(_head("Overtime spend against budget (£)", "overtime"),
                 rx.recharts.bar_chart(
                     rx.recharts.bar(data_key="spend_gbp", name="Spend", fill="#1d4ed8"),
                     rx.recharts.bar(data_key="budget_gbp", name="Budget", fill="#cbd5e1"),
                     rx.recharts.x_axis(data_key="month"), rx.recharts.y_axis(), rx.recharts.legend(),
                     rx.recharts.graphing_tooltip(),
                     data=S.overtime, height=240, width="100%"),
                 _table(S.overtime, [("Unit", "unit"), ("Month", "month"), ("Hours", "hours"), ("Spend £", "spend_gbp"),
                                     ("Budget £", "budget_gbp"), ("Used %", "used_pct")]),
                 id="mi-overtime"),
            card(_head("Duty changes by reason and notice", "changes"),
                 rx.recharts.bar_chart(
                     rx.recharts.bar(data_key="changes", name="Changes", fill="#d97706"),
                     rx.recharts.x_axis(data_key="reason"), rx.recharts.y_axis(allow_decimals=False),
                     rx.recharts.graphing_tooltip(),
                     data=S.changes_by_reason, height=240, width="100%"),
                 _table(S.changes, [("Reason", "reason"), ("Notice", "notice"), ("Changes", "changes")]),
                 id="mi-changes"),
            card(_head("Sickness (days)", "sickness"),
                 rx.recharts.bar_chart(
                     rx.recharts.bar(data_key="sick_days", name="Sick days", fill="#dc2626"),
                     rx.recharts.x_axis(data_key="unit"), rx.recharts.y_axis(allow_decimals=False),
                     rx.recharts.graphing_tooltip(),
                     data=S.sickness, height=200, width="100%"),
                 _table(S.sickness, [("Unit", "unit"), ("Month", "month"), ("Sick days", "sick_days")]),
                 id="mi-sickness"),
            card(_head("Rule findings (people with changed duties)", "findings"),
                 _table(S.findings, [("Rule", "rule"), ("Severity", "severity"), ("Findings", "findings")]),
                 id="mi-findings"),
            card(_head("TOIL owed", "toil"),
                 _table(S.toil, [("Person", "person"), ("Unit", "unit"), ("TOIL hours", "toil_hours")]), id="mi-toil"),
            card(_head("Rest days owed and re-rostered", "rest_days"),
                 _table(S.rest_days, [("Person", "person"), ("For", "for_date"), ("Days", "days"),
                                      ("Notify by", "notify_by"), ("Ledger", "ledger")]), id="mi-rest-days"),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="4", width="100%",
        ),
        title="Management information", active="mi",
    )
