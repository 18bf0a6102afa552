"""Shared fixtures: a migrated, seeded database on SQLite (always) and PostgreSQL (when
SHIFTAPP_TEST_PG_URL is set, as the test command does under CI)."""
from __future__ import annotations

import os
from datetime import date

import pytest
from sqlalchemy import create_engine, text

ANCHOR = date(2026, 11, 23)  # a Monday; every seeded fact in the tests is relative to it
PG_URL = os.environ.get("SHIFTAPP_TEST_PG_URL", "")

BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _fresh_url(backend: str, tmp_path_factory) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'shiftapp.db'}"
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


@pytest.fixture(scope="session", params=BACKENDS)
def seeded_db(request, tmp_path_factory):
    """A database at the latest migration with the demo seed, shared by the service tests."""
    from shiftapp import db, migrations
    from shiftapp.seed import seed

    url = _fresh_url(request.param, tmp_path_factory)
    migrations.upgrade(url)
    seed("demo", ANCHOR, url)
    db.use_database(url)
    yield url
    db.use_database(None)


@pytest.fixture
def login(seeded_db):
    from shiftapp.seed.common import DEMO_PASSWORD
    from shiftapp.services import auth

    def _login(username: str):
        return auth.login(username, DEMO_PASSWORD)

    return _login
