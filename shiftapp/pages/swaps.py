"""Shift swaps on the phone: pick my duty, then a colleague's or offer it to anyone eligible;
answer offers to me; follow my swaps."""
import reflex as rx

from ..components.layout import big_button, card, history, phone_shell, status_badge
from ..state.requests import SwapState as S


def _duty(d: rx.Var) -> rx.Component:
    return rx.el.option(d["label"], value=d["id"])


def _candidate(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(c["person"], weight="bold"), rx.text(c["duty"], size="2"), spacing="0", flex="1",
                  min_width="0"),
        big_button("Ask", on_click=S.offer_to(c["duty_id"]), size="2"),
        width="100%", padding_y="8px", border_bottom="1px solid var(--gray-4)", align="center",
        class_name="swap-candidate",
    )


def _swap(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(r["requester"], " ↔ ", r["counterpart"], weight="bold"), status_badge(r["status"]),
                  width="100%", wrap="wrap", align="center"),
        rx.text(r["requester"], " gives: ", r["gives"], size="2"),
        rx.text(r["counterpart"], " gives: ", r["takes"], size="2"),
        rx.cond(r["note"] != "", rx.text("“", r["note"], "”", size="2", color="var(--gray-11)")),
        rx.cond(r["decision_reason"] != "", rx.text("Decision: ", r["decision_reason"], size="2")),
        history(r["history"]),
        rx.hstack(
            rx.cond((r["direction"] == "to_me") & (r["status"] == "offered"),
                    rx.hstack(big_button("Accept", on_click=S.accept(r["id"]), size="2"),
                              big_button("Decline", on_click=S.decline(r["id"]), size="2", variant="soft",
                                         color_scheme="red"))),
            rx.cond(r["direction"] == "open",
                    big_button("Take it (my duty that day in return)", on_click=S.accept(r["id"]), size="2")),
            rx.cond((r["direction"] == "mine") & ((r["status"] == "offered") | (r["status"] == "accepted")),
                    big_button("Withdraw", on_click=S.withdraw(r["id"]), size="2", variant="soft", color_scheme="red")),
            wrap="wrap",
        ),
        width="100%", padding_y="10px", border_bottom="1px solid var(--gray-4)", spacing="1", class_name="swap-row",
    )


def swaps_page() -> rx.Component:
    return phone_shell(
        card(
            rx.heading("Swap a duty", size="4"),
            rx.text("1. Pick your duty", size="2"),
            rx.el.select(rx.el.option("Choose a duty…", value=""), rx.foreach(S.duties, _duty),
                         value=S.selected, on_change=S.choose, id="swap-duty",
                         style={"width": "100%", "minHeight": "44px", "fontSize": "16px", "padding": "0 8px",
                                "borderRadius": "6px"}),
            rx.cond(
                S.selected != "",
                rx.vstack(
                    rx.text("2. Ask a colleague who can take it (same unit, the skills it needs, no rule broken)",
                            size="2"),
                    rx.cond(S.candidates.length() > 0, rx.foreach(S.candidates, _candidate),
                            rx.text("Nobody can swap that day without breaking a rule or leaving a skill gap.",
                                    size="2", color="var(--gray-11)")),
                    rx.text("…or offer it to anyone eligible:", size="2"),
                    big_button("Offer to anyone eligible", on_click=S.offer_open, variant="soft", width="100%"),
                    width="100%", spacing="2", id="swap-choices",
                ),
            ),
        ),
        card(rx.heading("Offers to me", size="4"),
             rx.cond(S.to_me.length() > 0, rx.foreach(S.to_me, _swap), rx.text("None.", color="var(--gray-11)")),
             id="swaps-to-me"),
        card(rx.heading("Open offers in my unit", size="4"),
             rx.cond(S.open_offers.length() > 0, rx.foreach(S.open_offers, _swap),
                     rx.text("None.", color="var(--gray-11)")), id="swaps-open"),
        card(rx.heading("My swaps", size="4"),
             rx.cond(S.mine.length() > 0, rx.foreach(S.mine, _swap), rx.text("None yet.", color="var(--gray-11)")),
             id="swaps-mine"),
        title="Swaps", active="swaps",
    )
