"""Shared pieces of the demo data: names, users, duties from patterns."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import insert
from sqlmodel import Session

from ..engine.patterns import expand
from ..engine.timeutil import shift_interval
from ..models import Duty, Person, ShiftType, User, UserRole, UserUnit

DEMO_PASSWORD = "shiftapp-demo"

GIVEN = (
    "Oliver Amelia George Isla Harry Ava Noah Mia Jack Ivy Leo Freya Arthur Lily Muhammad Florence "
    "Oscar Sophia Charlie Grace Henry Willow Thomas Evie Jacob Rosie Alfie Elsie Theo Poppy Joshua "
    "Sienna Archie Ella James Millie William Ruby Isaac Daisy Edward Phoebe Samuel Zara Daniel Aisha "
    "Priya Ravi Tomasz Agnieszka Kwame Chloe Ryan Megan Liam Hannah Connor Bethany Aaron Jade"
).split()
FAMILY = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner Martin Cooper "
    "Hill Ward Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris Khan Scott Watson Davis "
    "Parker James Bennett Young Phillips Richardson Mitchell Bailey Carter Cook Singh Shaw Bell "
    "Collins Morgan Kelly Begum Miller Cox Hussain Marshall Simpson Price Anderson Adams Wilkinson Ali"
).split()


@dataclass
class SeedContext:
    session: Session
    anchor: date  # the Monday the demo is centred on
    rng: random.Random
    password_hash: str
    skills: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, who)
    _emp: int = 1000

    def name(self) -> tuple[str, str]:
        return self.rng.choice(GIVEN), self.rng.choice(FAMILY)

    def next_employee_no(self, prefix: str) -> str:
        self._emp += 1
        return f"{prefix}{self._emp}"

    def add(self, row):
        self.session.add(row)
        self.session.flush()
        return row

    def user_for(self, person: Person, username: str | None, roles: tuple[str, ...], units: tuple[int, ...] = (),
                 demo_role: str | None = None) -> User:
        username = username or person.employee_no.lower()
        user = self.add(User(username=username, password_hash=self.password_hash, person_id=person.id,
                             display_name=f"{person.given_name} {person.family_name}"))
        for r in roles:
            self.session.add(UserRole(user_id=user.id, role=r))
        for u in units:
            self.session.add(UserUnit(user_id=user.id, unit_id=u))
        if demo_role:
            self.logins.append((username, demo_role, f"{person.given_name} {person.family_name}, {person.job_title}"))
        return user


def pattern_duties(
    person_id: int, unit_id: int, steps: list[str], offset: int, anchor: date, start: date, end: date,
    shift_types: dict[str, ShiftType], rest_kind: str = "rest_day", status_until: date | None = None,
) -> list[dict]:
    """Rows for ``insert(Duty)``: one main-line duty a day from a rotating pattern."""
    rows = []
    for pd in expand(steps, anchor, offset, start, end):
        status = "published" if status_until is None or pd.day <= status_until else "draft"
        if pd.is_rest:
            rows.append(dict(person_id=person_id, unit_id=unit_id, date=pd.day, line="main", kind=rest_kind,
                             status=status, source="pattern", break_minutes=0, role_note="", version=1))
            continue
        st = shift_types[pd.code]
        s, e = shift_interval(pd.day, st.start_time, st.end_time)
        rows.append(dict(person_id=person_id, unit_id=unit_id, date=pd.day, line="main", kind="shift",
                         shift_type_id=st.id, start_utc=s, end_utc=e, break_minutes=st.break_minutes,
                         status=status, source="pattern", role_note="", version=1))
    return rows


def bulk_insert_duties(session: Session, rows: list[dict], chunk: int = 20000) -> None:
    for i in range(0, len(rows), chunk):
        session.execute(insert(Duty), rows[i:i + chunk])


def t(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(int(h), int(m))


def days(n: int) -> timedelta:
    return timedelta(days=n)


def njc_entitlements(ctx: SeedContext, people: list[Person]) -> None:
    """Annual leave for council staff on the local scheme (24 / 28 after 5 / 31 after 10 years, uk-rules
    NJC-02), pro rata to a 37-hour week; the rules engine owns the real calculation."""
    from ..models import LedgerEntry

    leave_year = ctx.anchor.year if ctx.anchor.month >= 4 else ctx.anchor.year - 1
    for p in people:
        years = (ctx.anchor - p.service_start).days // 365 if p.service_start else 0
        days_ = 24 if years < 5 else 28 if years < 10 else 31
        day_minutes = p.contract_minutes_per_week / 5
        ctx.session.add(LedgerEntry(person_id=p.id, ledger="annual_leave", minutes=round(days_ * day_minutes),
                                    effective_date=date(leave_year, 4, 1), leave_year=leave_year,
                                    source="entitlement", note=f"Annual leave entitlement ({days_} days, local scheme)"))
