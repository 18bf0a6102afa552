"""Alembic migrations, applied by ``shiftapp db upgrade`` (and by the run command)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from ..settings import settings

HERE = Path(__file__).resolve().parent


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("sqlalchemy.url", url or settings.db_url)
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def revision(message: str, url: str | None = None) -> None:
    command.revision(alembic_config(url), message=message, autogenerate=True)
