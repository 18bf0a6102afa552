"""Flexible working on the phone (uk-rules FWR-01/02)."""
import reflex as rx

from ..components.layout import big_button, card, history, phone_shell, status_badge
from ..state.requests import FlexState as S

SELECT = {"width": "100%", "minHeight": "44px", "fontSize": "16px", "padding": "0 8px", "borderRadius": "6px"}
DAYS = (("mon", "Mon"), ("tue", "Tue"), ("wed", "Wed"), ("thu", "Thu"), ("fri", "Fri"), ("sat", "Sat"), ("sun", "Sun"))


def _request(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(r["change_kind"], weight="bold"), status_badge(r["status"]), wrap="wrap"),
        rx.text(r["description"], size="2"),
        rx.text(r["proposal"], size="2"),
        rx.text("From ", r["effective_from"], " · received ", r["received"], " · decision due by ",
                rx.text.strong(r["deadline"]), size="2"),
        rx.text(r["basis"], " · earlier request: ", r["previous"], size="1", color="var(--gray-11)"),
        rx.cond(r["refusal_reason"] != "", rx.text("Refused: ", r["refusal_reason"], size="2")),
        rx.cond(r["decision_note"] != "", rx.text(r["decision_note"], size="2")),
        history(r["history"]),
        rx.cond(r["status"] == "pending",
                big_button("Withdraw", on_click=S.withdraw(r["id"]), size="2", variant="soft", color_scheme="red")),
        width="100%", padding_y="10px", border_bottom="1px solid var(--gray-4)", spacing="1", class_name="flex-request",
    )


def flex_page() -> rx.Component:
    return phone_shell(
        card(
            rx.heading("Flexible working", size="4"),
            rx.cond(S.policy,
                    rx.callout("Police officers hold an office, not a contract: your request follows force policy "
                               "with the same timetable as the statutory right.", icon="info", size="1"),
                    rx.text("A statutory request (Employment Rights Act 1996 s.80F). The decision, including any "
                            "appeal, is due within 2 months.", size="2")),
            rx.text("Requests in the last 12 months: ", S.made, " of 2",
                    rx.cond(S.last_request != "", " · last on " + S.last_request.to(str), ""), size="2"),
            rx.cond(S.next_allowed != "",
                    rx.callout("You've made 2 requests in 12 months. The next can be made from " + S.next_allowed + ".",
                               icon="triangle_alert", color_scheme="amber", size="1")),
        ),
        card(
            rx.heading("New request", size="4"),
            rx.form(
                rx.vstack(
                    rx.text("What do you want to change?", size="2"),
                    rx.el.select(rx.el.option("Hours (how many)", value="hours"),
                                 rx.el.option("Times (when I work)", value="times"),
                                 rx.el.option("Days (which days)", value="days"),
                                 rx.el.option("Place (where I work)", value="place"),
                                 name="change_kind", id="flex-kind", style=SELECT),
                    rx.text("Describe the change", size="2"),
                    rx.text_area(name="description", id="flex-description", rows="3", width="100%", size="3"),
                    rx.text("From", size="2"),
                    rx.input(type="date", name="effective_from", id="flex-from", width="100%", size="3"),
                    rx.segmented_control.root(
                        rx.segmented_control.item("A unit pattern", value="pattern"),
                        rx.segmented_control.item("Days and hours", value="days"),
                        value=S.proposal, on_change=S.set_proposal, width="100%", size="3", height="44px",
                    ),
                    rx.cond(
                        S.proposal == "pattern",
                        rx.el.select(rx.foreach(S.patterns, lambda p: rx.el.option(p["name"], value=p["id"])),
                                     name="pattern_id", id="flex-pattern", style=SELECT),
                        rx.grid(*[rx.hstack(rx.text(label, size="2", min_width="36px"),
                                            rx.input(name=key, placeholder="09:00-17:00", size="3", flex="1",
                                                     min_width="0", id=f"flex-{key}"), align="center")
                                  for key, label in DAYS], columns="1", spacing="1", width="100%"),
                    ),
                    big_button("Send request", type="submit", width="100%"),
                    width="100%", spacing="2",
                ),
                on_submit=S.submit, width="100%",
            ),
        ),
        card(rx.heading("My requests", size="4"),
             rx.cond(S.requests.length() > 0, rx.foreach(S.requests, _request),
                     rx.text("None yet.", color="var(--gray-11)")), id="my-flex"),
        title="Flexible working", active="flex",
    )
