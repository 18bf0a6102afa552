"""Phone-first shell for staff and crews; sidebar shell for planners and administrators."""
from __future__ import annotations

import reflex as rx

from ..state.session import SessionState

BRAND = "#1d4ed8"


def messages() -> rx.Component:
    return rx.fragment(
        rx.cond(SessionState.error != "", rx.callout(SessionState.error, icon="triangle_alert", color_scheme="red",
                                                     role="alert", width="100%")),
        rx.cond(SessionState.notice != "", rx.callout(SessionState.notice, icon="check", color_scheme="green",
                                                      role="status", width="100%")),
    )


def _nav_item(label: str, icon: str, href: str, active: bool, badge=None) -> rx.Component:
    ico = rx.icon(icon, size=22)
    if badge is not None:
        ico = rx.box(ico, rx.cond(badge > 0, rx.badge(badge, color_scheme="red", variant="solid", radius="full",
                                                      size="1", position="absolute", top="-6px", right="-12px",
                                                      id="unread-badge")),
                     position="relative")
    return rx.link(
        rx.vstack(ico, rx.text(label, size="1"), spacing="0", align="center"),
        href=href, underline="none", color=BRAND if active else "var(--gray-11)",
        min_width="56px", min_height="48px", padding_y="6px", display="flex", justify_content="center",
        aria_current="page" if active else None, aria_label=label,
    )


def phone_shell(*content: rx.Component, title: str, active: str, home_href: str = "/me") -> rx.Component:
    """A single column at phone width with a fixed bottom navigation (touch targets ≥ 44 px)."""
    if home_href == "/me":
        items = [_nav_item("Rota", "calendar_days", "/me", active == "home"),
                 _nav_item("Leave", "plane", "/leave", active == "leave"),
                 _nav_item("Swaps", "repeat", "/swaps", active == "swaps"),
                 _nav_item("Inbox", "bell", "/inbox", active == "inbox", SessionState.unread),
                 _nav_item("More", "user", "/account", active in ("account", "flex"))]
    else:
        items = [_nav_item("Today", "calendar_days", home_href, active == "home"),
                 _nav_item("Inbox", "bell", "/inbox", active == "inbox", SessionState.unread),
                 _nav_item("Account", "user", "/account", active == "account")]
    return rx.box(
        rx.hstack(
            rx.heading(title, size="4", color="white"),
            rx.spacer(),
            rx.button(rx.icon("log_out", size=18), "Sign out", variant="ghost", color="white", size="2",
                      on_click=SessionState.logout, min_height="44px"),
            background=BRAND, padding_x="16px", padding_y="8px", align="center", width="100%",
            position="sticky", top="0", z_index="10",
        ),
        rx.vstack(messages(), *content, spacing="3", padding="12px", padding_bottom="88px", width="100%",
                  max_width="640px", margin_x="auto"),
        rx.hstack(
            *items,
            justify="between", padding_x="8px", width="100%", position="fixed", bottom="0", left="0",
            background="var(--color-panel-solid)", border_top="1px solid var(--gray-5)", z_index="10",
        ),
        width="100%", overflow_x="hidden", min_height="100vh", background="var(--gray-2)",
    )


def _side_link(label: str, icon: str, href: str, active: bool) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(label, size="3"), align="center", spacing="2"),
        href=href, underline="none", padding="8px 12px", border_radius="6px", width="100%",
        color="white" if active else "var(--gray-12)", background=BRAND if active else "transparent",
    )


#: the desk's pages by role: (who sees them, [(label, icon, href, active key)]); one list for the
#: sidebar and the phone menu
_DESK_LINKS = [
    (SessionState.is_planner, [
        ("Planner desk", "layout_dashboard", "/desk", "desk"),
        ("Approvals", "inbox", "/desk/approvals", "approvals"),
        ("Rota", "calendar_range", "/desk/rota", "rota"),
        ("Gaps and cover", "life_buoy", "/desk/gaps", "gaps"),
        ("Events", "flag", "/desk/events", "events"),
        ("Shift patterns", "repeat", "/desk/patterns", "patterns"),
        ("Optimiser", "sparkles", "/desk/optimiser", "optimiser"),
        ("Management info", "chart_column", "/desk/mi", "mi"),
        ("Working-time findings", "shield_alert", "/findings", "findings"),
    ]),
    (SessionState.is_transport_planner, [
        ("Transport", "bus", "/transport", "transport"),
        ("Runs", "route", "/transport/runs", "transport_runs"),
        ("Compliance", "clipboard_check", "/transport/compliance", "transport_compliance"),
    ]),
    (SessionState.is_admin, [
        ("Administration", "shield", "/admin", "admin"),
        ("Scheduled jobs", "clock", "/admin/jobs", "jobs"),
    ]),
    (None, [("Account & inbox", "user", "/account", "account")]),
]

#: a desk from the ``sm`` breakpoint up (768 px, in Reflex's styles and Radix's props alike);
#: below it, a phone: the sidebar gives way to a top bar with a menu and two panes stack
_WIDE = rx.breakpoints(initial="none", sm="flex")
_NARROW = rx.breakpoints(initial="flex", sm="none")
#: ``scroll_margin_top`` for what ``reveal_on_phone`` scrolls to: clear of the sticky top bar
BELOW_TOP_BAR = "72px"


def _for_role(who, items: list[rx.Component]) -> rx.Component:
    block = rx.fragment(*items)
    return block if who is None else rx.cond(who, block)


def _desk_menu(active: str) -> rx.Component:
    """The phone's way round the desk: the same pages as the sidebar, in a menu."""
    items = [_for_role(who, [rx.menu.item(rx.icon(icon, size=16), label, on_click=rx.redirect(href),
                                          color=BRAND if active == key else None)
                             for label, icon, href, key in links])
             for who, links in _DESK_LINKS]
    return rx.menu.root(
        rx.menu.trigger(rx.button(rx.icon("menu", size=18), "Menu", variant="soft", min_height="44px",
                                  aria_label="Menu")),
        rx.menu.content(*items, rx.menu.separator(),
                        rx.menu.item(rx.icon("log_out", size=16), "Sign out", on_click=SessionState.logout)),
    )


def desk_shell(*content: rx.Component, title: str, active: str) -> rx.Component:
    sidebar = rx.vstack(
        rx.heading("ShiftApp", size="5", color=BRAND, padding_bottom="8px"),
        *[_for_role(who, [rx.vstack(*[_side_link(label, icon, href, active == key)
                                      for label, icon, href, key in links], spacing="1", width="100%")])
          for who, links in _DESK_LINKS],
        rx.spacer(),
        rx.text(SessionState.display_name, size="2", color="var(--gray-11)"),
        rx.button(rx.icon("log_out", size=16), "Sign out", variant="soft", on_click=SessionState.logout, width="100%"),
        width="230px", min_width="230px", height="100vh", padding="16px", position="sticky", top="0",
        border_right="1px solid var(--gray-5)", background="var(--gray-1)", align="start", display=_WIDE,
        id="desk-sidebar",
    )
    topbar = rx.hstack(
        rx.heading("ShiftApp", size="4", color=BRAND), rx.spacer(), _desk_menu(active),
        padding_x="12px", padding_y="8px", align="center", width="100%", position="sticky", top="0", z_index="10",
        border_bottom="1px solid var(--gray-5)", background="var(--gray-1)", display=_NARROW,
    )
    return rx.box(
        topbar,
        rx.hstack(
            sidebar,
            rx.vstack(rx.heading(title, size="7"), messages(), *content, padding=rx.breakpoints(initial="12px", sm="24px"),
                      spacing="4", width="100%", align="start", min_width="0"),  # min_width 0: wide content scrolls inside
            spacing="0", width="100%", align="start",
        ),
        width="100%", background="var(--gray-2)", min_height="100vh",
    )


def side_by_side(*children: rx.Component, **props) -> rx.Component:
    """Two panes beside each other on a desk, one above the other on a phone (the shell's ``sm``
    breakpoint)."""
    return rx.flex(*children, direction=rx.breakpoints(initial="column", sm="row"),
                   align=rx.breakpoints(initial="stretch", sm="start"), width="100%", spacing="4", **props)


def history(items: rx.Var) -> rx.Component:
    """A request's status history, oldest first."""
    return rx.vstack(
        rx.foreach(items.to(list[dict[str, str]]),
                   lambda h: rx.text(h["at"], " · ", h["status"], rx.cond(h["by"] != "", " · " + h["by"], ""),
                                     rx.cond(h["note"] != "", " · " + h["note"], ""),
                                     size="1", color="var(--gray-11)")),
        spacing="0", width="100%",
    )


STATUS_COLOURS = (("pending", "amber"), ("offered", "amber"), ("accepted", "blue"), ("approved", "green"),
                  ("trial", "green"), ("refused", "red"), ("declined", "red"), ("withdrawn", "gray"))


def status_badge(status: rx.Var) -> rx.Component:
    return rx.badge(status, color_scheme=rx.match(status, *STATUS_COLOURS, "gray"), size="2")


def big_button(*children, **props) -> rx.Component:
    props.setdefault("min_height", "44px")
    props.setdefault("size", "3")
    return rx.button(*children, **props)


def card(*children, **props) -> rx.Component:
    props.setdefault("width", "100%")
    return rx.card(rx.vstack(*children, spacing="2", width="100%"), **props)


def stat(label: str, value, colour: str = "gray") -> rx.Component:
    return rx.card(
        rx.vstack(rx.text(label, size="2", color="var(--gray-11)"), rx.heading(value, size="7", color_scheme=colour),
                  spacing="1"),
        min_width="160px",
    )
