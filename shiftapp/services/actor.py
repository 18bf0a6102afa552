"""Who is acting: resolved from the session token on every call, never trusted from the browser."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from ..models import Unit, UserRole, UserUnit
from .errors import PermissionDenied

HOME_BY_ROLE = (  # first match wins
    ("admin", "/admin"),
    ("planner", "/desk"),
    ("transport_planner", "/transport"),
    ("driver", "/run"),
    ("escort", "/run"),
    ("staff", "/me"),
)


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    roles: frozenset[str]
    person_id: int | None = None
    unit_ids: frozenset[int] = field(default_factory=frozenset)  # planner scope, subtree expanded

    @property
    def home(self) -> str:
        for role, route in HOME_BY_ROLE:
            if role in self.roles:
                return route
        return "/me"

    def has(self, *roles: str) -> bool:
        return "admin" in self.roles or bool(self.roles.intersection(roles))

    def require(self, *roles: str, what: str) -> None:
        if not self.has(*roles):
            raise PermissionDenied(f"You don't have permission to {what}.")

    def require_unit(self, unit_id: int | None, *, what: str) -> None:
        if "admin" in self.roles:
            return
        if unit_id is None or unit_id not in self.unit_ids:
            raise PermissionDenied(f"You can't {what} for a unit you don't plan.")

    def require_person(self, *, what: str) -> int:
        if self.person_id is None:
            raise PermissionDenied(f"Your login isn't linked to a staff record, so you can't {what}.")
        return self.person_id


def unit_subtree(session: Session, roots: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for uid, parent in session.exec(select(Unit.id, Unit.parent_id)).all():
        children.setdefault(parent, []).append(uid)
    out, stack = set(), list(roots)
    while stack:
        u = stack.pop()
        if u in out:
            continue
        out.add(u)
        stack.extend(children.get(u, []))
    return out


def load_actor(session: Session, user) -> Actor:
    roles = frozenset(session.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all())
    roots = set(session.exec(select(UserUnit.unit_id).where(UserUnit.user_id == user.id)).all())
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        roles=roles,
        person_id=user.person_id,
        unit_ids=frozenset(unit_subtree(session, roots)) if roots else frozenset(),
    )
