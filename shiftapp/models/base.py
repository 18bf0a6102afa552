"""Shared helpers for the tables: UTC timestamps and check-constraint builders."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import CheckConstraint


def utcnow() -> datetime:
    """Now, timezone-aware in UTC: every instant is stored in UTC (DESIGN.md §3)."""
    return datetime.now(timezone.utc)


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)
