"""A council passenger-transport depot around Leeds: drivers, escorts (about half home-based),
vehicles, contractors, schools and day centres with bell times, passengers with needs."""
from __future__ import annotations

import math
from datetime import date

from ..models import (
    ComplianceAudit, Contractor, Credential, Destination, Passenger, Person, ShiftType, Unit, Vehicle,
)
from .common import SeedContext, njc_entitlements, bulk_insert_duties, days, pattern_duties, t

DEPOT = (53.7765, -1.5307)  # Hunslet, Leeds
CENTRE = (53.8008, -1.5491)

DESTINATIONS = [  # name, kind, phase, start, finish
    ("Beckett Park Primary", "school", "primary", "08:50", "15:15"),
    ("Oakwood Special School", "school", "primary", "09:00", "15:00"),
    ("Kirkstall Valley Primary", "school", "primary", "08:45", "15:10"),
    ("Rothwell Academy", "school", "secondary", "08:40", "15:20"),
    ("Roundhay Park Academy", "school", "secondary", "08:35", "15:05"),
    ("Woodhouse Moor SEN School", "school", "secondary", "09:00", "15:00"),
    ("Armley Grange School", "school", "primary", "08:55", "15:15"),
    ("Meanwood Valley Academy", "school", "secondary", "08:45", "15:25"),
    ("Temple Newsam Learning Centre", "school", "secondary", "09:10", "14:50"),
    ("Horsforth Oaks Primary", "school", "primary", "08:50", "15:20"),
    ("Chapel Allerton Day Centre", "day_centre", "adult", "09:30", "15:30"),
    ("Seacroft Resource Centre", "day_centre", "adult", "09:30", "15:00"),
    ("Pudsey Wellbeing Centre", "day_centre", "adult", "10:00", "15:30"),
    ("Headingley Opportunities Centre", "day_centre", "adult", "09:45", "15:15"),
    ("Morley Community Hub", "day_centre", "adult", "09:30", "15:00"),
]
NEEDS = ["autism", "epilepsy", "medication", "behaviour", "visual_impairment", "hearing_impairment", "harness"]
TRAINING_TOPICS = ["wheelchair", "epilepsy", "medication", "autism", "behaviour", "harness"]


def _scatter(ctx: SeedContext, centre: tuple[float, float], km: float) -> tuple[float, float]:
    r = km * math.sqrt(ctx.rng.random())
    a = ctx.rng.random() * 2 * math.pi
    return (round(centre[0] + r * math.cos(a) / 111.0, 5),
            round(centre[1] + r * math.sin(a) / (111.0 * math.cos(math.radians(centre[0]))), 5))


def seed_transport(ctx: SeedContext, *, council: Unit) -> dict:
    s = ctx.session
    service = ctx.add(Unit(code="LCC-PT", name="Passenger Transport Service", kind="service", service="transport",
                           parent_id=council.id, rule_pack="psv-driver-gb"))
    depot = ctx.add(Unit(code="LCC-PT-HUN", name="Hunslet Depot", kind="depot", service="transport",
                         parent_id=service.id, rule_pack="psv-driver-gb"))
    dests = []
    for name, kind, phase, st, fin in DESTINATIONS:
        lat, lon = _scatter(ctx, CENTRE, 9)
        dests.append(ctx.add(Destination(unit_id=depot.id, name=name, kind=kind, phase=phase, lat=lat, lon=lon,
                                         start_time=t(st), finish_time=t(fin), address=f"{name}, Leeds",
                                         phone=f"0113 496 {ctx.rng.randint(1000, 9999)}")))
    contractors = [
        ctx.add(Contractor(name=n, contact_name=" ".join(ctx.name()), phone=f"0113 496 {ctx.rng.randint(1000, 9999)}",
                           licensing_authority="Leeds City Council", contract_ref=f"PT-{2024 + i}-{17 + i:03d}"))
        for i, n in enumerate(["Aire Valley Private Hire", "White Rose Cars", "Kirkgate Travel"])
    ]
    for i, c in enumerate(contractors):
        s.add(ComplianceAudit(contractor_id=c.id, audit_date=ctx.anchor - days(40 + 30 * i),
                              result=["pass", "pass_with_actions", "pass"][i],
                              notes=["All vehicles and badges checked", "Two DBS update checks overdue", "No issues"][i],
                              next_due=ctx.anchor + days(140 - 30 * i)))
    vehicles = []
    for i in range(25):
        contractor = contractors[(i - 17) % 3] if i >= 17 else None
        accessible = i < 8 or (contractor is not None and i % 4 == 0)
        seats = 16 if i < 8 else 8 if i < 17 else 4 if not accessible else 6
        base = DEPOT if contractor is None else _scatter(ctx, CENTRE, 5)
        vehicles.append(ctx.add(Vehicle(
            unit_id=depot.id, registration=f"{'YX' if contractor is None else 'YH'}{21 + i % 5} {chr(65 + i % 26)}{chr(66 + i % 24)}{chr(67 + i % 23)}",
            description=("Wheelchair-accessible minibus" if i < 8 else "Minibus" if i < 17
                         else "Wheelchair-accessible taxi" if accessible else "Saloon taxi"),
            seats=seats, wheelchair_spaces=(2 if i < 8 else 1 if accessible else 0),
            licence_needed="licence_d1" if seats > 8 else "licence_b",
            base_lat=base[0], base_lon=base[1], contractor_id=contractor.id if contractor else None,
            cost_per_day_pence=9500 if contractor is None else 0,
            cost_per_mile_pence=65 if contractor is None else 210,
        )))
    # 06:30: a driver checks the vehicle before the first morning departures; 18:00 covers the
    # latest day-centre drop-offs home.
    am = ctx.add(ShiftType(unit_id=depot.id, code="SPL", name="Split (school runs)", start_time=t("06:30"),
                           end_time=t("18:00"), paid_minutes=420, break_minutes=240, colour="teal"))
    sts = {"SPL": am}
    start, end = ctx.anchor - days(14), ctx.anchor + days(41)
    week = ["SPL"] * 5 + ["R", "R"]
    rows = []
    drivers, escorts = [], []
    for i in range(80):
        is_driver = i < 40
        g, f = ctx.name()
        home_based = (not is_driver) and i % 2 == 0
        home = _scatter(ctx, CENTRE, 8) if home_based else (None, None)
        person = ctx.add(Person(
            employee_no=ctx.next_employee_no("T"), given_name=g, family_name=f, unit_id=depot.id,
            job_title="Driver" if is_driver else "Passenger Assistant", rule_pack="psv-driver-gb" if is_driver else "council-njc",
            contract="part_year", contract_minutes_per_week=1650 if is_driver else 1200,
            birth_date=date(ctx.anchor.year - 24 - ctx.rng.randint(0, 40), ctx.rng.randint(1, 12), 9),
            service_start=date(ctx.anchor.year - ctx.rng.randint(0, 15), 9, 1),
            home_based=home_based, home_lat=home[0], home_lon=home[1],
            phone=f"07700 9{ctx.rng.randint(10000, 99999)}",
        ))
        (drivers if is_driver else escorts).append(person)
        rows += pattern_duties(person.id, depot.id, week, 0, ctx.anchor, start, end, sts)
        _credentials(ctx, person, is_driver, i)
    bulk_insert_duties(s, rows)
    njc_entitlements(ctx, drivers + escorts)
    passengers = []
    for i in range(120):
        dest = dests[i % len(dests)]
        g, f = ctx.name()
        wheelchair = ctx.rng.random() < 0.15
        needs = sorted(ctx.rng.sample(NEEDS, ctx.rng.choice([0, 0, 1, 1, 2])))
        lat, lon = _scatter(ctx, (dest.lat, dest.lon), 7)
        passengers.append(ctx.add(Passenger(
            unit_id=depot.id, reference=f"PT{5000 + i}", given_name=g, family_name=f, destination_id=dest.id,
            phase=dest.phase, address=f"{ctx.rng.randint(1, 180)} {ctx.rng.choice(['Oak', 'Elm', 'Ash', 'Beech', 'Victoria', 'Station', 'Church'])} "
                                      f"{ctx.rng.choice(['Road', 'Street', 'Avenue', 'Lane', 'Grove'])}, Leeds",
            lat=lat, lon=lon, wheelchair=wheelchair, escort_required=wheelchair or ctx.rng.random() < 0.25,
            travel_alone=False, needs=needs + (["wheelchair"] if wheelchair else []),
            max_ride_minutes=(35 if "autism" in needs and ctx.rng.random() < 0.5 else None),
            needs_stability="autism" in needs, contact_name=" ".join(ctx.name()),
            contact_phone=f"07700 9{ctx.rng.randint(10000, 99999)}",
        )))
    return {"service": service, "depot": depot, "destinations": dests, "vehicles": vehicles,
            "contractors": contractors, "drivers": drivers, "escorts": escorts, "passengers": passengers}


def _credentials(ctx: SeedContext, person: Person, is_driver: bool, i: int) -> None:
    s = ctx.session
    a = ctx.anchor
    # A few deliberately near expiry or expired, so the compliance views have something to say.
    dbs_expiry = a + days(10) if i % 13 == 5 else a - days(3) if i % 29 == 7 else a + days(300 + i)
    s.add(Credential(person_id=person.id, kind="dbs_enhanced_child", reference=f"DBS{100000 + i}",
                     issued=dbs_expiry - days(3 * 365), expires=dbs_expiry, next_check=a + days(60 + i % 120)))
    if is_driver:
        s.add(Credential(person_id=person.id, kind="licence_d1" if i % 3 else "licence_b",
                         reference=f"{person.family_name[:5].upper()}{i:03d}", expires=a + days(400 + 9 * i)))
        if i % 3:
            s.add(Credential(person_id=person.id, kind="licence_b", reference=f"{person.family_name[:5].upper()}{i:03d}",
                             expires=a + days(400 + 9 * i)))
    topics = ctx.rng.sample(TRAINING_TOPICS, 3 if is_driver else 4)
    for topic in topics:
        s.add(Credential(person_id=person.id, kind="training", detail=topic, issued=a - days(200),
                         expires=a + days(ctx.rng.choice([20, 180, 365, 500]))))
    # Added without drawing from the random generator, so the rest of the demo data is unchanged:
    # most crews also hold the adults' barred-list check (day centres), the core training
    # (wheelchair restraint, epilepsy, medication), and every escort the passenger-assistant course
    # (one of them lapsed, so the allocation has a real reason to leave them out).
    if i % 5 != 4:
        s.add(Credential(person_id=person.id, kind="dbs_enhanced_adult", reference=f"DBA{100000 + i}",
                         issued=dbs_expiry - days(3 * 365), expires=dbs_expiry, next_check=a + days(60 + i % 120)))
    for topic in ("wheelchair", "epilepsy", "medication"):
        if topic not in topics and i % 4 != 0:
            s.add(Credential(person_id=person.id, kind="training", detail=topic, issued=a - days(300),
                             expires=a + days(400 + i)))
    if not is_driver:
        s.add(Credential(person_id=person.id, kind="training", detail="passenger_assistant", issued=a - days(700),
                         expires=a - days(5) if i == 47 else a + days(300 + i)))
