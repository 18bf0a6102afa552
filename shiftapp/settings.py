"""Settings from the environment, with embedded defaults (SQLite in ./data)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_db_url() -> str:
    data = PROJECT_ROOT / "data"
    data.mkdir(exist_ok=True)
    return f"sqlite:///{data / 'shiftapp.db'}"


@dataclass(frozen=True)
class Settings:
    db_url: str = field(
        default_factory=lambda: os.environ.get("SHIFTAPP_DB_URL")
        or os.environ.get("REFLEX_DB_URL")
        or _default_db_url()
    )
    timezone: str = "Europe/London"
    session_hours: int = int(os.environ.get("SHIFTAPP_SESSION_HOURS", "12"))
    login_max_failures: int = 5
    login_lock_minutes: int = 15


settings = Settings()
