"""The demo organisations have the shape the brief asks for, and seeding is deterministic."""
from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlmodel import Session, func, select

from shiftapp import migrations
from shiftapp.db import get_engine
from shiftapp.models import Contractor, Destination, Passenger, Person, PublicHoliday, Unit, User, Vehicle
from shiftapp.seed import seed
from tests.conftest import ANCHOR


def _count(s, model, *where):
    return s.exec(select(func.count()).select_from(model).where(*where)).one()


def test_demo_organisations(seeded_db):
    with Session(get_engine(seeded_db)) as s:
        teams = s.exec(select(Unit).where(Unit.kind == "team", Unit.service == "police")).all()
        assert len(teams) == 5
        officers = _count(s, Person, Person.unit_id.in_([t.id for t in teams]))
        assert officers == 120
        assert _count(s, Person, Person.job_title == "Driver") == 40
        escorts = s.exec(select(Person).where(Person.job_title == "Passenger Assistant")).all()
        assert len(escorts) == 40 and sum(e.home_based for e in escorts) == 20
        assert _count(s, Vehicle) == 25 and _count(s, Vehicle, Vehicle.wheelchair_spaces > 0) >= 8
        assert _count(s, Contractor) == 3 and _count(s, Destination) == 15
        # the seed's references are PT5000-PT5119; service tests sharing this database add
        # passengers of their own (PT9000 + id) through the planner's form
        seeded = Passenger.reference.startswith("PT5")
        assert _count(s, Passenger, seeded) == 120 and _count(s, Passenger, seeded, Passenger.wheelchair) > 5
        centre = s.exec(select(Unit).where(Unit.service == "callcentre")).one()
        staff = s.exec(select(Person).where(Person.unit_id == centre.id)).all()
        assert len(staff) == 33 and sum(p.contract == "part_time" for p in staff) == 8
        titles = sorted({p.job_title for p in staff})
        assert "Call Centre Manager" in titles and "Development Officer" in titles
        hol = s.exec(select(PublicHoliday.date).where(func.extract("year", PublicHoliday.date) == 2026)).all() \
            if s.get_bind().dialect.name == "postgresql" else \
            [d for d in s.exec(select(PublicHoliday.date)).all() if d.year == 2026]
        assert len(hol) == 8 and all(d.weekday() < 5 for d in hol)  # BH-02: substitute days, not weekends
        assert _count(s, User) == _count(s, Person)


def _digest(url: str) -> str:
    h = hashlib.sha256()
    with get_engine(url).connect() as c:
        for table in ("person", "duty", "passenger", "credential", "ledgerentry", "vehicle"):
            for row in c.execute(text(f"SELECT * FROM {table} ORDER BY id")):
                h.update(repr([v for k, v in row._mapping.items() if k not in ("created_at", "updated_at")]).encode())
    return h.hexdigest()


def test_seeding_is_deterministic(tmp_path):
    urls = [f"sqlite:///{tmp_path / f'{i}.db'}" for i in range(2)]
    for url in urls:
        migrations.upgrade(url)
        seed("demo", ANCHOR, url)
    assert _digest(urls[0]) == _digest(urls[1])


def test_migrations_match_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrations.upgrade(url)
    with get_engine(url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
