"""Leave on the phone: balances, a request form, my requests with their history."""
import reflex as rx

from ..components.layout import big_button, card, history, phone_shell, status_badge
from ..state.requests import LeaveState as S

FIELD = {"width": "100%", "size": "3"}


def _balance(b: rx.Var) -> rx.Component:
    return rx.vstack(rx.text(b["label"], size="1", color="var(--gray-11)"), rx.text(b["text"], weight="bold"),
                     spacing="0", min_width="0")


def _request(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(r["label"], weight="bold"), status_badge(r["status"]), rx.spacer(),
                  rx.text(r["amount"], size="2"), width="100%", align="center", wrap="wrap"),
        rx.text(r["dates"], size="2"),
        rx.cond(r["decision_reason"] != "", rx.text("Decision: ", r["decision_reason"], size="2")),
        history(r["history"]),
        rx.cond(r["status"] == "pending",
                big_button("Withdraw", on_click=S.withdraw(r["id"]), variant="soft", color_scheme="red", size="2")),
        width="100%", padding_y="10px", border_bottom="1px solid var(--gray-4)", spacing="1", class_name="leave-request",
    )


def leave_page() -> rx.Component:
    return phone_shell(
        card(rx.text("Balances", size="2", color="var(--gray-11)"),
             rx.grid(rx.foreach(S.balances, _balance), columns="2", spacing="3", width="100%"),
             id="balances"),
        card(
            rx.heading("Ask for leave", size="4"),
            rx.form(
                rx.vstack(
                    rx.text("Type", size="2"),
                    rx.el.select(
                        rx.el.option("Annual leave", value="annual"), rx.el.option("TOIL", value="toil"),
                        rx.el.option("Rest day in lieu", value="rdil"), rx.el.option("Special leave", value="special"),
                        name="kind", id="leave-kind", style={"width": "100%", "minHeight": "44px", "fontSize": "16px",
                                                              "padding": "0 8px", "borderRadius": "6px"},
                    ),
                    rx.grid(
                        rx.vstack(rx.text("First day", size="2"), rx.input(type="date", name="start", id="leave-start",
                                                                           **FIELD), spacing="1"),
                        rx.vstack(rx.text("Last day", size="2"), rx.input(type="date", name="end", id="leave-end",
                                                                          **FIELD), spacing="1"),
                        columns="2", spacing="2", width="100%",
                    ),
                    rx.text("Hours (only for part of one day; leave empty for whole days)", size="2"),
                    rx.input(type="number", name="hours", step="0.25", min="0", placeholder="e.g. 2.5", id="leave-hours",
                             input_mode="decimal", **FIELD),
                    rx.text("Reason (needed for special leave)", size="2"),
                    rx.text_area(name="reason", id="leave-reason", width="100%", size="3", rows="2"),
                    big_button("Send request", type="submit", width="100%"),
                    width="100%", spacing="2",
                ),
                on_submit=S.submit, reset_on_submit=False, width="100%",
            ),
        ),
        card(rx.heading("My requests", size="4"),
             rx.cond(S.requests.length() > 0, rx.foreach(S.requests, _request),
                     rx.text("No leave requests yet.", color="var(--gray-11)")), id="my-leave"),
        title="Leave", active="leave",
    )
