"""Deterministic demo data (``shiftapp seed``): a police LPA, a council transport depot and a
council call centre, or (``--profile force``) a force-sized organisation for scale work.

Everything is drawn from one seeded random generator and placed relative to an anchor
Monday (default: this week's), so the same anchor always gives the same data."""
from __future__ import annotations

import random
from datetime import date, timedelta

import holidays
from sqlmodel import Session, func, select

from ..db import get_engine
from ..models import Person, PublicHoliday, Unit, User
from ..services.auth import hash_password
from .callcentre import seed_callcentre
from .common import DEMO_PASSWORD, SeedContext
from .police import seed_police
from .transport import seed_transport

DEMO_LOGINS_DOC = "Every demo login uses the password " + DEMO_PASSWORD


def this_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today - timedelta(days=today.weekday())


def is_empty(url: str | None = None) -> bool:
    with Session(get_engine(url)) as s:
        return s.exec(select(func.count()).select_from(Unit)).one() == 0


def seed(profile: str = "demo", anchor: date | None = None, url: str | None = None, seed_value: int = 20261123) -> list[tuple[str, str, str]]:
    """Fill an empty database; returns the demo logins (username, role, who)."""
    anchor = this_monday(anchor)
    if not is_empty(url):
        raise RuntimeError("The database already has data; seed only fills an empty database.")
    with Session(get_engine(url)) as s:
        ctx = SeedContext(session=s, anchor=anchor, rng=random.Random(seed_value), password_hash=hash_password(DEMO_PASSWORD))
        _holidays(ctx)
        if profile == "force":
            _force(ctx)
        else:
            _demo(ctx)
        s.commit()
        return ctx.logins


def _holidays(ctx: SeedContext) -> None:
    for year in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1):
        # BH-02: with observed=True both the weekend date and the substitute are listed; the
        # employment bank holiday is the substitute, so drop weekend dates that have one.
        cal = holidays.country_holidays("GB", subdiv="ENG", years=year)
        for d, name in sorted(cal.items()):
            if d.weekday() >= 5 and any("(observed)" in n and n.startswith(name) for n in cal.values()):
                continue
            ctx.session.add(PublicHoliday(region="ENG", date=d, name=name.replace(" (observed)", " (substitute day)")))


def _admin(ctx: SeedContext, unit: Unit) -> None:
    g, f = "Alex", "Morgan"
    admin = ctx.add(Person(employee_no="ADM001", given_name=g, family_name=f, unit_id=unit.id,
                           job_title="System administrator", rule_pack="council-njc"))
    ctx.user_for(admin, "admin", ("admin",), demo_role="admin")


def _demo(ctx: SeedContext) -> None:
    police = seed_police(ctx)
    council = ctx.add(Unit(code="LCC", name="Leeds City Council", kind="organisation", service="transport",
                           rule_pack="council-njc"))
    transport = seed_transport(ctx, council=council)
    cc = seed_callcentre(ctx, council=council)
    # Named demo logins, one per role.
    team1 = police["teams"][0]
    officer = police["people_by_team"][team1.id][6]
    ctx.user_for(officer, "officer", ("staff",), demo_role="staff (police officer)")
    sergeant = police["people_by_team"][team1.id][1]
    ctx.user_for(sergeant, "sergeant", ("staff",), demo_role="staff (police sergeant)")
    ctx.user_for(police["staff_people"][3], "callhandler", ("staff",), demo_role="staff (police staff)")
    planner = ctx.add(Person(employee_no="PPL001", given_name="Dana", family_name="Whitfield",
                             unit_id=police["area"].id, job_title="Duty Planner, Resource Management",
                             rule_pack="police-ew-staff"))
    ctx.user_for(planner, "planner", ("planner", "staff"), (police["area"].id,), demo_role="planner (police)")
    advisor = cc["people"][12]
    ctx.user_for(advisor, "advisor", ("staff",), demo_role="staff (call-centre advisor)")
    ctx.user_for(cc["people"][0], "ccmanager", ("planner", "staff"), (cc["centre"].id,),
                 demo_role="planner (call-centre duty manager)")
    tp = ctx.add(Person(employee_no="TPL001", given_name="Sam", family_name="Okafor", unit_id=transport["service"].id,
                        job_title="Transport Planner", rule_pack="council-njc"))
    ctx.user_for(tp, "transport", ("transport_planner",), (transport["service"].id,), demo_role="transport planner")
    # The demo driver and escort are crew the planner allocated to runs on the anchor Monday.
    from ..models import Run
    _transport_runs(ctx, transport["depot"])
    crewed = set(ctx.session.exec(select(Run.driver_id).where(Run.date == ctx.anchor)).all()) | \
        set(ctx.session.exec(select(Run.escort_id).where(Run.date == ctx.anchor)).all())
    driver = next((p for p in transport["drivers"] if p.id in crewed), transport["drivers"][0])
    ctx.user_for(driver, "driver", ("driver",), demo_role="driver")
    home_escort = next((p for p in transport["escorts"] if p.home_based and p.id in crewed),
                       next(p for p in transport["escorts"] if p.home_based))
    ctx.user_for(home_escort, "escort", ("escort",), demo_role="passenger escort (home-based)")
    _admin(ctx, council)
    # Everyone else can log in too, as <employee number> with the demo password.
    named = set(ctx.session.exec(select(User.person_id)).all())
    for person in ctx.session.exec(select(Person)).all():
        if person.id in named:
            continue
        role = "driver" if person.job_title == "Driver" else "escort" if person.job_title == "Passenger Assistant" else "staff"
        ctx.user_for(person, None, (role,))


def _transport_runs(ctx: SeedContext, depot: Unit) -> None:
    """The anchor week's runs (Monday to Friday), planned by the real engine with short time
    limits so the seed stays quick; solver output under a time limit can differ slightly from
    run to run."""
    from ..services.transport.planning import plan_days_for_seed
    ctx.session.flush()
    plan_days_for_seed(ctx.session, depot, [ctx.anchor + timedelta(days=k) for k in range(5)])


def _force(ctx: SeedContext) -> None:
    """4,000 officers and 2,000 staff, a year of duties, for scale work."""
    force = ctx.add(Unit(code="F-FORCE", name="Greater Northshire Police", kind="organisation", service="police"))
    for a in range(8):
        seed_police(ctx, teams=5, per_team=100, staff=250, past_days=0, future_days=364, prefix="F",
                    force=force, area_code=f"A{a + 1}", area_name=f"Area {a + 1} LPA", with_noise=False)
    planner = ctx.add(Person(employee_no="FPL001", given_name="Dana", family_name="Whitfield", unit_id=force.id,
                             job_title="Force Resource Planner", rule_pack="police-ew-staff"))
    ctx.user_for(planner, "planner", ("planner", "staff"), (force.id,), demo_role="planner (whole force)")
    _admin(ctx, force)
