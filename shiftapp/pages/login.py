import reflex as rx

from ..components.layout import BRAND
from ..state.login import LoginState


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.hstack(rx.icon("calendar_clock", size=32, color=BRAND), rx.heading("ShiftApp", size="7"),
                              align="center"),
                    rx.text("Rotas, leave and transport runs for public services.", color="var(--gray-11)"),
                    rx.cond(LoginState.error != "",
                            rx.callout(LoginState.error, icon="triangle_alert", color_scheme="red", role="alert",
                                       width="100%")),
                    rx.text("Username", as_="label", html_for="username", weight="medium"),
                    rx.input(id="username", name="username", placeholder="e.g. officer", auto_complete="username",
                             auto_capitalize="none", size="3", width="100%", required=True),
                    rx.text("Password", as_="label", html_for="password", weight="medium"),
                    rx.input(id="password", name="password", type="password", auto_complete="current-password",
                             size="3", width="100%", required=True),
                    rx.button("Sign in", type="submit", size="3", width="100%", min_height="48px"),
                    spacing="3", width="100%",
                ),
                on_submit=LoginState.submit, reset_on_submit=False, width="100%",
            ),
            width="100%", max_width="400px", size="4",
        ),
        min_height="100vh", padding="16px", background="var(--gray-2)",
    )
