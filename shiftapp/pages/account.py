"""Account: inbox of notifications and change password. Phone-friendly for everyone."""
import reflex as rx

from ..components.layout import card, messages
from ..state.account import AccountState as S
from ..state.session import SessionState


def _note(n: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.cond(n["unread"], rx.badge("new", color_scheme="blue")), rx.text(n["title"], weight="medium"),
                  rx.spacer(), rx.text(n["at"], size="1", color="var(--gray-11)"), width="100%"),
        rx.text(n["body"], size="2"),
        width="100%", padding_y="8px", border_bottom="1px solid var(--gray-4)", spacing="1",
    )


def account_page() -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.hstack(rx.link(rx.button(rx.icon("arrow_left"), "Home", variant="soft", min_height="44px"),
                              href=SessionState.home),
                      rx.spacer(), rx.button("Sign out", on_click=SessionState.logout, variant="ghost",
                                             min_height="44px"), width="100%"),
            rx.heading(SessionState.display_name, size="5"),
            messages(),
            card(
                rx.hstack(rx.heading("Inbox", size="4"), rx.badge(S.unread, " unread"), rx.spacer(),
                          rx.button("Mark all read", on_click=S.mark_all_read, variant="soft", size="1")),
                rx.cond(S.notifications.length() > 0, rx.foreach(S.notifications, _note),
                        rx.text("Nothing yet.", color="var(--gray-11)")),
                id="inbox",
            ),
            card(
                rx.heading("Change password", size="4"),
                rx.form(
                    rx.vstack(
                        rx.input(name="current", type="password", placeholder="Current password",
                                 auto_complete="current-password", width="100%", size="3"),
                        rx.input(name="new", type="password", placeholder="New password (10+ characters)",
                                 auto_complete="new-password", width="100%", size="3"),
                        rx.input(name="confirm", type="password", placeholder="New password again",
                                 auto_complete="new-password", width="100%", size="3"),
                        rx.button("Change password", type="submit", min_height="44px"),
                        width="100%",
                    ),
                    on_submit=S.change_password, reset_on_submit=True,
                ),
            ),
            spacing="3", padding="12px", max_width="640px", margin_x="auto", width="100%",
        ),
        background="var(--gray-2)", min_height="100vh", width="100%", overflow_x="hidden",
    )
