"""Ledgers: annual leave, TOIL, rest days owed, overtime against a unit's budget, compensatory rest."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from .base import one_of, utcnow

LEDGERS = ("annual_leave", "toil", "rest_days_owed", "overtime", "compensatory_rest", "public_holiday_in_lieu")


class LedgerEntry(SQLModel, table=True):
    """A signed movement on one person's ledger. Balances are sums; nothing is ever overwritten."""
    __table_args__ = (one_of("ledger", LEDGERS, "ck_ledger_kind"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    ledger: str = Field(max_length=30, index=True)
    minutes: int = 0  # signed: + credit, - debit (rest days are 1 per entry in ``days``)
    days: float = 0.0
    amount_pence: int = 0  # overtime pay
    effective_date: date
    leave_year: Optional[int] = None  # the year the leave year starts in
    due_by: Optional[date] = None  # e.g. a re-rostered rest day to be notified by
    source: str = Field(default="manual", max_length=30)
    ref_type: Optional[str] = Field(default=None, max_length=20)
    ref_id: Optional[int] = None
    note: str = Field(default="", max_length=240)
    created_at: datetime = Field(default_factory=utcnow)


class UnitBudget(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("unit_id", "month", name="uq_budget_unit_month"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    month: date  # first day of the month
    overtime_budget_pence: int = 0
