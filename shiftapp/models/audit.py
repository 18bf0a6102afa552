"""Audit trail and notifications."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from .base import utcnow


class AuditEntry(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: Optional[int] = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=60, index=True)
    entity_type: str = Field(max_length=40, index=True)
    entity_id: Optional[int] = None
    unit_id: Optional[int] = Field(default=None, foreign_key="unit.id", index=True)
    summary: str = Field(default="", max_length=300)
    before: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    after: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))


class Notification(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    kind: str = Field(max_length=30)
    title: str = Field(max_length=160)
    body: str = Field(default="", max_length=1000)
    link: str = Field(default="", max_length=200)
    read_at: Optional[datetime] = None
    dedupe_key: Optional[str] = Field(default=None, max_length=80, index=True)  # the same alert is sent once
