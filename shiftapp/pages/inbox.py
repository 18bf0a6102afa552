"""The notifications inbox on the phone: newest first, unread marked; tap to open."""
import reflex as rx

from ..components.layout import big_button, card, phone_shell
from ..state.account import InboxState as S
from ..state.session import SessionState


def _note(n: rx.Var) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.hstack(rx.cond(n["unread"], rx.box(width="10px", height="10px", border_radius="50%",
                                                  background="var(--blue-9)", flex_shrink="0")),
                      rx.text(n["title"], weight=rx.cond(n["unread"], "bold", "regular"), flex="1", min_width="0"),
                      rx.text(n["at"], size="1", color="var(--gray-11)", white_space="nowrap"),
                      width="100%", align="center"),
            rx.text(n["body"], size="2", color="var(--gray-12)"),
            spacing="1", width="100%",
        ),
        on_click=S.open_note(n["id"], n["link"]), cursor="pointer", width="100%", padding_y="10px",
        min_height="44px", border_bottom="1px solid var(--gray-4)", class_name="inbox-item", role="button",
    )


def inbox_page() -> rx.Component:
    return phone_shell(
        card(
            rx.hstack(rx.heading("Inbox", size="4"), rx.badge(SessionState.unread, " unread", id="unread-count"),
                      rx.spacer(), big_button("Mark all read", on_click=S.mark_all_read, variant="soft", size="2"),
                      width="100%", align="center", wrap="wrap"),
            rx.cond(S.notifications.length() > 0, rx.foreach(S.notifications, _note),
                    rx.text("Nothing yet.", color="var(--gray-11)")),
            id="inbox",
        ),
        title="Inbox", active="inbox",
    )
