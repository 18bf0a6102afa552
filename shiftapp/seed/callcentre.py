"""A council call centre with its published structure, opening 08:30–18:00 on weekdays and a
Saturday-morning rota; channels with half-hourly forecasts."""
from __future__ import annotations

from datetime import date, time

from ..models import Channel, Location, Pattern, PatternAssignment, Person, Requirement, ShiftType, Unit, VolumeForecast
from .common import SeedContext, njc_entitlements, bulk_insert_duties, days, pattern_duties, t

STRUCTURE = [  # title, count, part_time_count
    ("Call Centre Manager", 1, 0),
    ("Team Leader", 3, 0),
    ("Customer/Technical Advisor", 6, 1),
    ("Development Officer", 1, 0),
    ("Customer Service Representative", 22, 7),
]


def seed_callcentre(ctx: SeedContext, *, council: Unit) -> dict:
    s = ctx.session
    centre = ctx.add(Unit(code="LCC-CC", name="Customer Contact Centre", kind="centre", service="callcentre",
                          parent_id=council.id, rule_pack="council-njc"))
    ctx.add(Location(unit_id=centre.id, name="Merrion House contact centre", address="110 Merrion Centre, Leeds",
                     lat=53.8030, lon=-1.5440))
    sts = {
        "E": ctx.add(ShiftType(unit_id=centre.id, code="E", name="Early 08:15–16:45", start_time=t("08:15"),
                               end_time=t("16:45"), paid_minutes=450, break_minutes=60, colour="amber")),
        "L": ctx.add(ShiftType(unit_id=centre.id, code="L", name="Late 09:30–18:00", start_time=t("09:30"),
                               end_time=t("18:00"), paid_minutes=450, break_minutes=60, colour="blue")),
        "SAT": ctx.add(ShiftType(unit_id=centre.id, code="SAT", name="Saturday 08:45–12:45", start_time=t("08:45"),
                                 end_time=t("12:45"), paid_minutes=240, break_minutes=0, colour="purple")),
        "PT": ctx.add(ShiftType(unit_id=centre.id, code="PT", name="Part-time 09:00–14:00", start_time=t("09:00"),
                                end_time=t("14:00"), paid_minutes=300, break_minutes=0, colour="green")),
    }
    # Two-week full-time rota: alternate early and late weeks, one Saturday in four (TOIL later in the week).
    full = [["E"] * 5 + ["SAT", "R"], ["L"] * 5 + ["R", "R"], ["E"] * 5 + ["R", "R"], ["L"] * 5 + ["R", "R"]]
    full = [c for wk in full for c in wk]
    part = ["PT", "PT", "PT", "R", "R", "R", "R"]
    patterns = {
        "full": ctx.add(Pattern(unit_id=centre.id, name="4-week early/late with Saturday", cycle_days=28, steps=full)),
        "part": ctx.add(Pattern(unit_id=centre.id, name="Part-time Mon–Wed mornings", cycle_days=7, steps=part)),
    }
    start, end = ctx.anchor - days(28), ctx.anchor + days(55)
    rows, people = [], []
    n = 0
    for title, count, pt in STRUCTURE:
        for i in range(count):
            g, f = ctx.name()
            part_time = i >= count - pt
            person = ctx.add(Person(
                employee_no=ctx.next_employee_no("C"), given_name=g, family_name=f, unit_id=centre.id,
                job_title=title, rule_pack="council-njc", contract="part_time" if part_time else "full_time",
                contract_minutes_per_week=900 if part_time else 2220,
                birth_date=date(ctx.anchor.year - 20 - ctx.rng.randint(0, 40), ctx.rng.randint(1, 12), 3),
                service_start=date(ctx.anchor.year - ctx.rng.choice([0, 1, 3, 6, 9, 12]), ctx.rng.randint(1, 12), 1),
            ))
            people.append(person)
            steps = part if part_time else full
            offset = 0 if part_time else (n % 4) * 7
            pat = patterns["part" if part_time else "full"]
            s.add(PatternAssignment(person_id=person.id, pattern_id=pat.id, offset_days=offset, start_date=start))
            rows += pattern_duties(person.id, centre.id, steps, offset, ctx.anchor, start, end, sts)
            n += 1
    bulk_insert_duties(s, rows)
    channels = [
        ctx.add(Channel(unit_id=centre.id, code="phone", name="Telephone", service_level_pct=80,
                        service_level_seconds=60, aht_seconds=300, shrinkage_pct=30, max_occupancy_pct=85)),
        ctx.add(Channel(unit_id=centre.id, code="face_to_face", name="Face to face", service_level_pct=80,
                        service_level_seconds=600, aht_seconds=900, shrinkage_pct=30, max_occupancy_pct=85)),
        ctx.add(Channel(unit_id=centre.id, code="email", name="Email and web forms", service_level_pct=90,
                        service_level_seconds=86400, aht_seconds=420, shrinkage_pct=30, max_occupancy_pct=90)),
    ]
    # Half-hourly forecasts for 4 weeks: a Monday peak and a mid-morning hump, typical of council lines.
    shape = [0.6, 0.9, 1.3, 1.5, 1.4, 1.2, 1.0, 1.1, 1.2, 1.1, 1.0, 0.9, 0.8, 0.8, 0.9, 0.9, 0.8, 0.7, 0.5]
    day_factor = [1.35, 1.1, 1.0, 0.95, 0.85, 0.0, 0.0]
    base = {"phone": 38.0, "face_to_face": 4.0, "email": 12.0}
    for ch in channels:
        for d in range(28):
            day = ctx.anchor + days(d)
            wd = day.weekday()
            if wd == 6:
                continue
            slots = shape if wd < 5 else shape[:8]
            open_at = time(8, 30) if wd < 5 else time(9, 0)
            for k, f in enumerate(slots):
                minutes = open_at.hour * 60 + open_at.minute + 30 * k
                vol = base[ch.code] * f * (day_factor[wd] if wd < 5 else 0.5)
                s.add(VolumeForecast(channel_id=ch.id, date=day, interval_start=time(minutes // 60, minutes % 60),
                                     volume=round(vol * (0.9 + 0.2 * ctx.rng.random()), 1)))
    for code, mn, tg, weekdays in (("E", 8, 10, range(5)), ("L", 8, 10, range(5)), ("SAT", 3, 4, (5,))):
        for wd in weekdays:
            s.add(Requirement(unit_id=centre.id, shift_type_id=sts[code].id, weekday=wd, minimum=mn, target=tg))
    njc_entitlements(ctx, people)
    return {"centre": centre, "people": people, "channels": channels}
