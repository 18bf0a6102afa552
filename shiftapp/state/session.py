"""The login session every page shares. The browser keeps only an opaque token."""
from __future__ import annotations

import reflex as rx

from ..services import auth
from ..services.actor import Actor
from ..services.errors import DomainError, NotAuthenticated


def reveal_on_phone(elem_id: str) -> rx.event.EventSpec:
    """Scroll to ``elem_id`` when a page's panes are stacked (below 768 px, the desk shell's ``sm``
    breakpoint: a phone), where what a click opened sits below the list it was chosen from; the
    element's ``scroll_margin_top`` (``layout.BELOW_TOP_BAR``) keeps it clear of the sticky top bar.
    Returned by the handler that fills it, so it runs once the content is there."""
    return rx.call_script(f"if (window.innerWidth < 768) "
                          f"document.getElementById('{elem_id}')?.scrollIntoView({{behavior: 'smooth'}})")


class SessionState(rx.State):
    token: str = rx.LocalStorage("", name="shiftapp_session")
    display_name: str = ""
    roles: list[str] = []
    home: str = "/login"
    error: str = ""
    notice: str = ""
    unread: int = 0  # my unread notifications, for the badge on the bottom navigation

    def _actor(self) -> Actor | None:
        """The current actor, or None (with ``error`` set) when the session is missing or expired."""
        try:
            actor = auth.current_actor(self.token)
        except NotAuthenticated as err:
            self.error = err.message
            return None
        self.display_name, self.roles, self.home = actor.display_name, sorted(actor.roles), actor.home
        return actor

    def _count_unread(self, actor: Actor) -> None:
        from ..services import audit
        self.unread = audit.unread_count(actor)

    def _fail(self, err: DomainError) -> None:
        self.error = err.message
        self.notice = ""

    def _call(self, fn, *args, **kwargs):
        """Call a service as the signed-in actor: ``(True, result)``; ``(False, redirect)`` when the
        session has gone (return the redirect); ``(False, None)`` with ``error`` set on a domain error."""
        actor = self._actor()
        if actor is None:
            return False, rx.redirect("/login")
        try:
            return True, fn(actor, *args, **kwargs)
        except DomainError as err:
            self._fail(err)
            return False, None

    @rx.var
    def is_planner(self) -> bool:
        return bool({"planner", "admin"} & set(self.roles))

    @rx.var
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @rx.var
    def is_transport_planner(self) -> bool:
        return bool({"transport_planner", "admin"} & set(self.roles))

    @rx.var
    def is_crew(self) -> bool:
        return bool({"driver", "escort"} & set(self.roles))

    @rx.event
    def logout(self):
        auth.logout(self.token)
        self.token = ""
        self.display_name, self.roles, self.home = "", [], "/login"
        # the offline copy of the rota belongs to this login: drop it
        # (the run sheets hold passengers' personal data; queued marks stay in IndexedDB until sent)
        return [rx.call_script("window.caches && (caches.delete('shiftapp-rota-v1'), caches.delete('shiftapp-runsheets-v1'))"),
                rx.redirect("/login")]
