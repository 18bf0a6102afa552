"""Staff self-service: the secret calendar-feed link and when I last looked at my rota."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel

from .base import utcnow


class CalendarFeed(SQLModel, table=True):
    """A per-person secret iCalendar URL. Only the token's SHA-256 is kept; revoking sets ``revoked_at``."""
    id: Optional[int] = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: Optional[datetime] = None
    last_fetched_at: Optional[datetime] = None


class RotaSeen(SQLModel, table=True):
    """When a user last acknowledged their rota: later duty changes are highlighted until then."""
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    seen_at: datetime = Field(default_factory=utcnow)
