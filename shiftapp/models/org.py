"""Organisation: units (a tree), locations, skills."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import one_of

UNIT_KINDS = ("organisation", "area", "team", "department", "service", "depot", "centre")
SERVICES = ("police", "transport", "callcentre")


class Unit(SQLModel, table=True):
    __table_args__ = (
        one_of("kind", UNIT_KINDS, "ck_unit_kind"),
        one_of("service", SERVICES, "ck_unit_service"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    parent_id: Optional[int] = Field(default=None, foreign_key="unit.id", index=True)
    code: str = Field(index=True, unique=True, max_length=40)
    name: str = Field(max_length=120)
    kind: str = Field(max_length=20)
    service: str = Field(max_length=20)
    rule_pack: str = Field(default="police-ew-constable", max_length=60)
    overtime_budget_pence: int = Field(default=0, ge=0)  # per month


class Location(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: Optional[int] = Field(default=None, foreign_key="unit.id", index=True)
    name: str = Field(max_length=120)
    address: str = Field(default="", max_length=240)
    lat: Optional[float] = None
    lon: Optional[float] = None


class Skill(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("code", name="uq_skill_code"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=40)
    name: str = Field(max_length=120)
    category: str = Field(default="general", max_length=40)


class PublicHoliday(SQLModel, table=True):
    """Bank and public holidays per region (from the ``holidays`` package, see uk-rules BH-02)."""
    __table_args__ = (UniqueConstraint("region", "date", name="uq_holiday_region_date"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    region: str = Field(default="ENG", max_length=3)
    date: dt.date
    name: str = Field(max_length=80)
