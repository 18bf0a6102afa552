"""Engine and transactions. Services open one transaction per use case with ``unit_of_work``."""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache, wraps
from typing import Callable, Iterator, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from .settings import settings


_current_url: str | None = None


def use_database(url: str | None) -> None:
    """Point every later transaction at ``url`` (tests use it to run services on SQLite and PostgreSQL)."""
    global _current_url
    _current_url = url


def current_url() -> str:
    return _current_url or settings.db_url


def get_engine(url: str | None = None) -> Engine:
    return _engine(url or current_url())


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@contextmanager
def unit_of_work(url: str | None = None) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error (nothing half-written)."""
    session = Session(get_engine(url), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


P = ParamSpec("P")
R = TypeVar("R")


def service(fn: Callable[..., R]) -> Callable[..., R]:
    """Run ``fn(session, …)`` in its own transaction, or in the caller's when ``session=`` is given."""

    @wraps(fn)
    def wrapper(*args, session: Session | None = None, **kwargs):
        if session is not None:
            return fn(session, *args, **kwargs)
        with unit_of_work() as s:
            return fn(s, *args, **kwargs)

    return wrapper
