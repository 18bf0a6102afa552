"""Helpers for the staff self-service tests: people picked so no other test touches them."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from shiftapp.db import unit_of_work
from shiftapp.models import Duty, Person, Unit, User
from tests.conftest import ANCHOR


def username_in(unit_code: str, index: int) -> str:
    """The login of the ``index``-th person (by id) of a unit."""
    with unit_of_work() as s:
        unit = s.exec(select(Unit).where(Unit.code == unit_code)).one()
        people = s.exec(select(Person).where(Person.unit_id == unit.id).order_by(Person.id)).all()
        return s.exec(select(User.username).where(User.person_id == people[index].id)).one()


def duties_of(person_id: int, start=ANCHOR, days: int = 35) -> list[Duty]:
    with unit_of_work() as s:
        return list(s.exec(select(Duty).where(Duty.person_id == person_id, Duty.date >= start,
                                              Duty.date < start + timedelta(days=days), Duty.line == "main")
                           .order_by(Duty.date)).all())


def first_working(person_id: int, after=ANCHOR, skip: int = 0) -> Duty:
    rows = [d for d in duties_of(person_id, after + timedelta(days=1)) if d.kind == "shift"]
    return rows[skip]
