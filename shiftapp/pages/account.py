"""Account: inbox of notifications and change password. Phone-friendly for everyone."""
import reflex as rx

from ..components.layout import card, messages
from ..state.account import AccountState as S
from ..state.session import SessionState


def _calendar() -> rx.Component:
    return card(
        rx.heading("Calendar feed", size="4"),
        rx.text("Add your published duties to your phone's calendar. The link is secret: anyone with it can see "
                "your duties, so turn it off or make a new one if it leaks.", size="2"),
        rx.cond(S.feed_active,
                rx.text("A link is on (made ", S.feed_created, ", last fetched ", S.feed_fetched, ").", size="2"),
                rx.text("No link yet.", size="2", color="var(--gray-11)")),
        rx.cond(S.feed_url != "",
                rx.vstack(rx.text("Your link (shown once; copy it into your calendar app):", size="2"),
                          rx.code(S.feed_url, id="feed-url", word_break="break-all", width="100%"),
                          width="100%", spacing="1")),
        rx.hstack(
            rx.button(rx.cond(S.feed_active, "Make a new link", "Make a link"), on_click=S.new_feed,
                      min_height="44px", id="feed-new"),
            rx.cond(S.feed_active, rx.button("Turn off", on_click=S.revoke_feed, variant="soft", color_scheme="red",
                                             min_height="44px")),
            wrap="wrap",
        ),
        id="calendar-feed",
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
                rx.link(rx.hstack(rx.icon("bell"), rx.text("Inbox", weight="bold"), rx.badge(S.unread, " unread"),
                                  rx.spacer(), rx.icon("chevron_right"), align="center", width="100%",
                                  min_height="44px"), href="/inbox", underline="none", width="100%"),
                rx.cond(S.has_person,
                        rx.link(rx.hstack(rx.icon("clock"), rx.text("Flexible working", weight="bold"), rx.spacer(),
                                          rx.icon("chevron_right"), align="center", width="100%", min_height="44px"),
                                href="/flex", underline="none", width="100%")),
            ),
            rx.cond(S.has_person, _calendar()),
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
