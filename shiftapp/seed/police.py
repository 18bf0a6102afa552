"""A police local policing area: 5 response teams on a rotating pattern, police staff, skills,
minimum staffing, leave and sickness."""
from __future__ import annotations

from datetime import date

from sqlmodel import select

from ..models import (
    LeaveRequest, LedgerEntry, Location, Pattern, PatternAssignment, Person, PersonSkill, Requirement,
    RequestEvent, RosterPeriod, ShiftType, Skill, Unit, UnitBudget,
)
from .common import SeedContext, bulk_insert_duties, days, pattern_duties, t

POLICE_SKILLS = [
    ("driver_basic", "Basic driver", "driving"),
    ("driver_response", "Response driver", "driving"),
    ("driver_advanced", "Advanced (pursuit) driver", "driving"),
    ("public_order", "Public order level 2", "public_order"),
    ("custody", "Custody trained", "custody"),
    ("tutor", "Tutor constable", "tutor"),
    ("taser", "Taser trained", "weapons"),
    ("first_aid", "First aid (FAW)", "medical"),
]

# 35-day cycle for 5 teams offset by a week: on every day exactly one team is on Earlies, one on
# Lates and one on Nights (24/7 cover, weekends included); 25 eight-hour duties and 10 rest days =
# 40 h and 2 rest days a week (POL-02); at most 4 nights and 7 duties in a row; no quick returns
# (N->E/L/D, L->E, D->E). Found with CP-SAT; every weekday column is a permutation of E, L, N, D/R.
RESPONSE_PATTERN = (
    ["D", "R", "R", "N", "N", "N", "N"] + ["R", "R", "L", "L", "L", "L", "L"]
    + ["L", "L", "R", "R", "D", "D", "D"] + ["N", "N", "N", "R", "R", "E", "E"]
    + ["E", "E", "E", "E", "E", "R", "R"]
)
# Police staff (control room): 12-hour days and nights, 4 on 4 off.
STAFF_PATTERN = ["D12", "D12", "N12", "N12", "R", "R", "R", "R"]


def seed_police(ctx: SeedContext, *, teams: int = 5, per_team: int = 24, staff: int = 24,
                past_days: int = 56, future_days: int = 91, prefix: str = "P", force_name: str = "Northshire Police",
                area_name: str = "Northshire Central LPA", force: Unit | None = None, area_code: str = "LPA1",
                with_noise: bool = True) -> dict:
    s = ctx.session
    for code, name, cat in POLICE_SKILLS:
        if code not in ctx.skills:
            existing = s.exec(select(Skill).where(Skill.code == code)).first()
            ctx.skills[code] = (existing or ctx.add(Skill(code=code, name=name, category=cat))).id
    force = force or ctx.add(Unit(code=f"{prefix}-FORCE", name=force_name, kind="organisation", service="police"))
    area = ctx.add(Unit(code=f"{prefix}-{area_code}", name=area_name, kind="area", service="police", parent_id=force.id,
                        overtime_budget_pence=4_500_000))
    station = ctx.add(Location(unit_id=area.id, name="Central Police Station", address="1 Bridge Street",
                               lat=53.7997, lon=-1.5492))
    start, end = ctx.anchor - days(past_days), ctx.anchor + days(future_days)
    published_until = ctx.anchor + days(future_days)
    team_units, people_by_team = [], {}
    all_rows: list[dict] = []
    first_month = date(ctx.anchor.year, ctx.anchor.month, 1)
    for m in range(-2, 4):
        y, mo = divmod(first_month.month - 1 + m, 12)
        s.add(UnitBudget(unit_id=area.id, month=date(first_month.year + y, mo + 1, 1), overtime_budget_pence=4_500_000))

    # Teams rotate through the same shifts, so shift types and minimum staffing belong to the area:
    # whichever team is on must put out at least the minimum.
    sts = {
        "E": ctx.add(ShiftType(unit_id=area.id, code="E", name="Early", start_time=t("07:00"), end_time=t("15:00"),
                               paid_minutes=480, break_minutes=45, colour="amber")),
        "L": ctx.add(ShiftType(unit_id=area.id, code="L", name="Late", start_time=t("15:00"), end_time=t("23:00"),
                               paid_minutes=480, break_minutes=45, colour="blue")),
        "N": ctx.add(ShiftType(unit_id=area.id, code="N", name="Night", start_time=t("23:00"), end_time=t("07:00"),
                               paid_minutes=480, break_minutes=45, is_night=True, colour="indigo")),
        "D": ctx.add(ShiftType(unit_id=area.id, code="D", name="Day", start_time=t("10:00"), end_time=t("18:00"),
                               paid_minutes=480, break_minutes=45, colour="green")),
    }
    pattern = ctx.add(Pattern(unit_id=area.id, name="Response 5-team 35-day", cycle_days=35, steps=RESPONSE_PATTERN))
    scale = per_team / 24
    for code in ("E", "L", "N"):
        s.add(Requirement(unit_id=area.id, shift_type_id=sts[code].id, minimum=round(12 * scale), target=round(16 * scale)))
        s.add(Requirement(unit_id=area.id, shift_type_id=sts[code].id, skill_id=ctx.skills["driver_response"],
                          minimum=round(4 * scale), target=round(6 * scale)))
        s.add(Requirement(unit_id=area.id, shift_type_id=sts[code].id, skill_id=ctx.skills["public_order"],
                          minimum=round(2 * scale), target=round(4 * scale)))
    s.add(Requirement(unit_id=area.id, shift_type_id=sts["N"].id, skill_id=ctx.skills["custody"], minimum=1, target=2))

    for ti in range(teams):
        team = ctx.add(Unit(code=f"{prefix}-{area_code}-RT{ti + 1}", name=f"Response Team {ti + 1}", kind="team",
                            service="police", parent_id=area.id, rule_pack="police-ew-constable"))
        team_units.append(team)
        people = []
        for i in range(per_team):
            rank = "Inspector" if i == 0 else "Sergeant" if i <= 3 else "Constable"
            g, f = ctx.name()
            years = ctx.rng.choice([1, 2, 3, 5, 8, 11, 14, 17, 21, 26])
            person = ctx.add(Person(
                employee_no=ctx.next_employee_no(prefix), given_name=g, family_name=f, unit_id=team.id,
                job_title=f"{rank}, Response Team {ti + 1}", rank=rank,
                rule_pack="police-ew-constable",
                contract="full_time", contract_minutes_per_week=2400,
                birth_date=date(ctx.anchor.year - 22 - years - ctx.rng.randint(0, 8), ctx.rng.randint(1, 12), ctx.rng.randint(1, 28)),
                service_start=date(ctx.anchor.year - years, ctx.rng.randint(1, 12), 1),
                phone=f"07700 9{ctx.rng.randint(10000, 99999)}",
            ))
            people.append(person)
            for code, chance in (("driver_basic", 0.95), ("driver_response", 0.45), ("driver_advanced", 0.1),
                                 ("public_order", 0.3), ("custody", 0.15), ("tutor", 0.12), ("taser", 0.3),
                                 ("first_aid", 0.5)):
                if ctx.rng.random() < chance:
                    s.add(PersonSkill(person_id=person.id, skill_id=ctx.skills[code]))
            s.add(PatternAssignment(person_id=person.id, pattern_id=pattern.id, offset_days=ti * 7,
                                    start_date=start))
            all_rows += pattern_duties(person.id, team.id, RESPONSE_PATTERN, ti * 7, ctx.anchor, start, end, sts,
                                       status_until=published_until)
            leave_year = ctx.anchor.year if ctx.anchor.month >= 4 else ctx.anchor.year - 1
            s.add(LedgerEntry(person_id=person.id, ledger="annual_leave", minutes=_police_leave_days(years) * 480,
                              effective_date=date(leave_year, 4, 1), leave_year=leave_year, source="entitlement",
                              note="Annual leave entitlement (Annex O scale)"))
        people_by_team[team.id] = people
        bulk_insert_duties(s, all_rows)
        all_rows = []
        s.add(RosterPeriod(unit_id=team.id, start_date=start, end_date=published_until,
                           published_at=None))

    staff_unit = ctx.add(Unit(code=f"{prefix}-{area_code}-CR", name="Control Room (police staff)", kind="department",
                              service="police", parent_id=area.id, rule_pack="police-ew-staff"))
    staff_sts = {
        "D12": ctx.add(ShiftType(unit_id=staff_unit.id, code="D12", name="Day 12h", start_time=t("07:00"),
                                 end_time=t("19:00"), paid_minutes=660, break_minutes=60, colour="green")),
        "N12": ctx.add(ShiftType(unit_id=staff_unit.id, code="N12", name="Night 12h", start_time=t("19:00"),
                                 end_time=t("07:00"), paid_minutes=660, break_minutes=60, is_night=True, colour="indigo")),
    }
    staff_pattern = ctx.add(Pattern(unit_id=staff_unit.id, name="4 on 4 off (12h)", cycle_days=8, steps=STAFF_PATTERN))
    for code in staff_sts:
        s.add(Requirement(unit_id=staff_unit.id, shift_type_id=staff_sts[code].id, minimum=4, target=5))
    staff_people = []
    for i in range(staff):
        g, f = ctx.name()
        title = "Control Room Supervisor" if i < 2 else "Call Handler"
        person = ctx.add(Person(
            employee_no=ctx.next_employee_no(prefix + "S"), given_name=g, family_name=f, unit_id=staff_unit.id,
            job_title=title, rule_pack="police-ew-staff", contract="full_time", contract_minutes_per_week=2220,
            birth_date=date(ctx.anchor.year - 25 - ctx.rng.randint(0, 30), ctx.rng.randint(1, 12), 15),
            service_start=date(ctx.anchor.year - ctx.rng.randint(0, 20), ctx.rng.randint(1, 12), 1),
        ))
        staff_people.append(person)
        s.add(PatternAssignment(person_id=person.id, pattern_id=staff_pattern.id, offset_days=(i % 4) * 2,
                                start_date=start))
        all_rows += pattern_duties(person.id, staff_unit.id, STAFF_PATTERN, (i % 4) * 2, ctx.anchor, start, end,
                                   staff_sts, status_until=published_until)
    bulk_insert_duties(s, all_rows)
    s.flush()
    if with_noise:
        _seed_leave_and_sickness(ctx, people_by_team)
    return {"force": force, "area": area, "teams": team_units, "people_by_team": people_by_team,
            "staff_unit": staff_unit, "staff_people": staff_people, "station": station}


def _police_leave_days(years: int) -> int:
    # The Annex O scale in force until 31 March 2025 (uk-rules POL-11); the rules engine owns the real table.
    return 22 if years < 2 else 25 if years < 10 else 27 if years < 15 else 28 if years < 20 else 30


def _seed_leave_and_sickness(ctx: SeedContext, people_by_team: dict[int, list[Person]]) -> None:
    """Some booked leave, a few sick, a few pending requests — realistic noise on the rota."""
    from sqlmodel import update

    from ..models import Duty

    s = ctx.session
    for team_id, people in people_by_team.items():
        for person in ctx.rng.sample(people[4:], 3):  # booked annual leave: a week of working days
            first = ctx.anchor + days(ctx.rng.randint(-20, 60))
            last = first + days(6)
            n = s.execute(
                update(Duty).where(Duty.person_id == person.id, Duty.date >= first, Duty.date <= last,
                                   Duty.kind == "shift")
                .values(kind="annual_leave", shift_type_id=None, start_utc=None, end_utc=None, break_minutes=0)
            ).rowcount
            req = ctx.add(LeaveRequest(person_id=person.id, kind="annual", start_date=first, end_date=last,
                                       minutes=n * 480, status="approved", reason="Family holiday"))
            s.add(RequestEvent(request_type="leave", request_id=req.id, status="pending"))
            s.add(RequestEvent(request_type="leave", request_id=req.id, status="approved", note="Cover allows"))
            leave_year = first.year if first.month >= 4 else first.year - 1
            s.add(LedgerEntry(person_id=person.id, ledger="annual_leave", minutes=-n * 480, effective_date=first,
                              leave_year=leave_year, source="request", ref_type="leave", ref_id=req.id,
                              note=f"Annual leave {first:%d %b}–{last:%d %b}"))
        sick = ctx.rng.choice(people[4:])
        s.execute(
            update(Duty).where(Duty.person_id == sick.id, Duty.date >= ctx.anchor - days(2),
                               Duty.date <= ctx.anchor + days(3), Duty.kind == "shift")
            .values(kind="sickness", shift_type_id=None, start_utc=None, end_utc=None, break_minutes=0)
        )
        pending = ctx.rng.choice(people[4:])
        first = ctx.anchor + days(ctx.rng.randint(21, 50))
        req = ctx.add(LeaveRequest(person_id=pending.id, kind="annual", start_date=first, end_date=first + days(2),
                                   minutes=3 * 480, status="pending", reason="Wedding"))
        s.add(RequestEvent(request_type="leave", request_id=req.id, status="pending"))
        toil_person = ctx.rng.choice(people[4:])
        s.add(LedgerEntry(person_id=toil_person.id, ledger="toil", minutes=ctx.rng.choice([120, 240, 360]),
                          effective_date=ctx.anchor - days(10), source="overtime", note="Casual overtime taken as TOIL"))
