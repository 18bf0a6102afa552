"""People and their logins: Person, PersonSkill, User, roles, planner scope, sessions."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import one_of, utcnow

ROLES = ("staff", "planner", "transport_planner", "driver", "escort", "admin")
CONTRACTS = ("full_time", "part_time", "part_year", "irregular")


class Person(SQLModel, table=True):
    __table_args__ = (
        one_of("contract", CONTRACTS, "ck_person_contract"),
        CheckConstraint("contract_minutes_per_week >= 0", name="ck_person_minutes"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    employee_no: str = Field(index=True, unique=True, max_length=20)
    given_name: str = Field(max_length=60)
    family_name: str = Field(max_length=60)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    job_title: str = Field(default="", max_length=80)
    rank: str = Field(default="", max_length=40)
    rule_pack: str = Field(default="police-ew-constable", max_length=60)
    contract: str = Field(default="full_time", max_length=20)
    contract_minutes_per_week: int = Field(default=40 * 60)
    birth_date: Optional[date] = None
    service_start: Optional[date] = None
    wtr_opt_out: bool = False
    home_based: bool = False
    home_lat: Optional[float] = None
    home_lon: Optional[float] = None
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=120)
    active: bool = True

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class PersonSkill(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("person_id", "skill_id", name="uq_person_skill"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    skill_id: int = Field(foreign_key="skill.id", index=True)


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=60)
    password_hash: str = Field(max_length=255)
    person_id: Optional[int] = Field(default=None, foreign_key="person.id", unique=True)
    display_name: str = Field(max_length=120)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    password_changed_at: datetime = Field(default_factory=utcnow)


class UserRole(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("user_id", "role", name="uq_user_role"),
        one_of("role", ROLES, "ck_user_role"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    role: str = Field(max_length=30)


class UserUnit(SQLModel, table=True):
    """The units a planner may act on (each includes the units below it)."""
    __table_args__ = (UniqueConstraint("user_id", "unit_id", name="uq_user_unit"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)


class AuthSession(SQLModel, table=True):
    """A server-side login session. The browser holds only the opaque token; we store its hash."""
    id: Optional[int] = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked: bool = False


class LoginAttempt(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(index=True, max_length=60)
    at: datetime = Field(default_factory=utcnow, index=True)
    success: bool = False
