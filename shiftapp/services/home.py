"""What each role's home screen shows: read-only summaries, permission-checked."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta, timezone

from sqlmodel import Session, func, select

from ..db import service
from ..engine.timeutil import utc_to_local
from ..models import (
    AuditEntry, Credential, Destination, Duty, LeaveRequest, LedgerEntry, Location, Notification, Passenger, Person,
    Requirement, Run, RunStop, ShiftType, Unit, User, Vehicle,
)
from .actor import Actor

KIND_LABELS = {
    "shift": "On duty", "rest_day": "Rest day", "free_day": "Free day", "annual_leave": "Annual leave",
    "toil": "TOIL", "rdil": "Rest day in lieu", "special_leave": "Special leave", "public_holiday": "Public holiday",
    "sickness": "Sick", "training": "Training", "court": "Court", "secondment": "Secondment",
    "overtime": "Overtime", "event": "Event",
}


def _hm(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    m = abs(int(minutes))
    return f"{sign}{m // 60} h {m % 60:02d} min" if m % 60 else f"{sign}{m // 60} h"


def duty_card(d: Duty, st: ShiftType | None, location: str = "") -> dict[str, str]:
    times = ""
    if d.start_utc and d.end_utc:
        times = f"{utc_to_local(d.start_utc):%H:%M}–{utc_to_local(d.end_utc):%H:%M}"
    return {
        "id": str(d.id), "date": d.date.isoformat(), "day": f"{d.date:%a %d %b}", "kind": d.kind,
        "label": (st.name if st and d.kind == "shift" else KIND_LABELS.get(d.kind, d.kind)),
        "code": st.code if st else "", "times": times, "location": location, "status": d.status,
        "working": "yes" if d.start_utc else "",
    }


def leave_year_start(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def balances(s: Session, person: Person, today: date) -> dict[str, str]:
    person_id = person.id
    day_minutes = max(person.contract_minutes_per_week / 5, 1)
    ly = leave_year_start(today)
    al = s.exec(select(func.coalesce(func.sum(LedgerEntry.minutes), 0))
                .where(LedgerEntry.person_id == person_id, LedgerEntry.ledger == "annual_leave",
                       LedgerEntry.leave_year == ly)).one()
    toil = s.exec(select(func.coalesce(func.sum(LedgerEntry.minutes), 0))
                  .where(LedgerEntry.person_id == person_id, LedgerEntry.ledger == "toil")).one()
    rdo = s.exec(select(func.coalesce(func.sum(LedgerEntry.days), 0))
                 .where(LedgerEntry.person_id == person_id, LedgerEntry.ledger == "rest_days_owed")).one()
    return {"annual_leave": _hm(al), "annual_leave_days": f"{al / day_minutes:.1f}".removesuffix(".0"),
            "toil": _hm(toil), "rest_days_owed": f"{rdo:g}"}


@dataclass(frozen=True)
class StaffHome:
    name: str
    job_title: str
    unit: str
    next_duty: dict[str, str] | None
    days: list[dict[str, str]]
    balances: dict[str, str]
    unread: int


@service
def staff_home(s: Session, actor: Actor, today: date | None = None, span_days: int = 14) -> StaffHome:
    person_id = actor.require_person(what="see a rota")
    today = today or date.today()
    person = s.get(Person, person_id)
    unit = s.get(Unit, person.unit_id)
    rows = s.exec(
        select(Duty, ShiftType, Location.name)
        .join(ShiftType, Duty.shift_type_id == ShiftType.id, isouter=True)
        .join(Location, Duty.location_id == Location.id, isouter=True)
        .where(Duty.person_id == person_id, Duty.date >= today, Duty.date < today + timedelta(days=span_days),
               Duty.status != "draft")
        .order_by(Duty.date, Duty.line)
    ).all()
    cards = [duty_card(d, st, loc or "") for d, st, loc in rows]
    nxt = next((c for c in cards if c["working"]), None)
    unread = s.exec(select(func.count()).select_from(Notification)
                    .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))).one()
    return StaffHome(person.display_name, person.job_title, unit.name, nxt, cards, balances(s, person, today), unread)


@dataclass(frozen=True)
class CrewHome:
    name: str
    job_title: str
    today: dict[str, str] | None
    runs: list[dict[str, str]]
    credentials: list[dict[str, str]]


@service
def crew_home(s: Session, actor: Actor, today: date | None = None) -> CrewHome:
    actor.require("driver", "escort", what="see run sheets")
    person_id = actor.require_person(what="see run sheets")
    today = today or date.today()
    person = s.get(Person, person_id)
    duty = s.exec(select(Duty, ShiftType).join(ShiftType, Duty.shift_type_id == ShiftType.id, isouter=True)
                  .where(Duty.person_id == person_id, Duty.date == today, Duty.line == "main")).first()
    runs = s.exec(select(Run, Vehicle.registration).join(Vehicle, Run.vehicle_id == Vehicle.id, isouter=True)
                  .where(Run.date >= today, Run.date <= today + timedelta(days=1), Run.status != "cancelled",
                         (Run.driver_id == person_id) | (Run.escort_id == person_id))
                  .order_by(Run.date, Run.session)).all()
    first = {}
    if runs:
        for run_id, t, n in s.exec(select(RunStop.run_id, func.min(RunStop.planned_utc), func.count(RunStop.passenger_id))
                                   .where(RunStop.run_id.in_([r.id for r, _ in runs]), RunStop.kind == "pickup")
                                   .group_by(RunStop.run_id)).all():
            first[run_id] = (f"{utc_to_local(t if t.tzinfo else t.replace(tzinfo=timezone.utc)):%H:%M}", n)
    return CrewHome(
        person.display_name, person.job_title, duty_card(*duty) if duty else None,
        [{"id": str(r.id), "code": r.code, "session": r.session.upper(), "vehicle": reg or "", "status": r.status,
          "day": "Today" if r.date == today else "Tomorrow", "first": first.get(r.id, ("", 0))[0],
          "passengers": str(first.get(r.id, ("", 0))[1]),
          "role": "Driver" if r.driver_id == person_id else "Escort"}
         for r, reg in runs],
        credential_rows(s, [person_id], today),
    )


CREDENTIAL_LABELS = {
    "licence_b": "Driving licence, category B (car)", "licence_d1": "Driving licence, category D1 (minibus)",
    "licence_d": "Driving licence, category D (bus)", "dbs_enhanced_child": "Enhanced DBS check (children)",
    "dbs_enhanced_adult": "Enhanced DBS check (adults)", "first_aid": "First aid", "psv_driver_cpc": "Driver CPC",
}


def credential_label(kind: str, detail: str = "") -> str:
    """What a credential is called on screen: "Driving licence, category D1 (minibus)",
    "Medication training" (a training record names its topic in ``detail``)."""
    if kind == "training":
        return f"{detail.replace('_', ' ').capitalize()} training" if detail else "Training"
    label = CREDENTIAL_LABELS.get(kind, kind.replace("_", " ").capitalize())
    return f"{label}: {detail}" if detail else label


def credential_rows(s: Session, person_ids: list[int], today: date, within_days: int | None = None) -> list[dict[str, str]]:
    q = select(Credential, Person).join(Person, Credential.person_id == Person.id).where(Credential.person_id.in_(person_ids))
    if within_days is not None:
        q = q.where(Credential.expires <= today + timedelta(days=within_days))
    out = []
    for c, p in s.exec(q.order_by(Credential.expires)).all():
        state = "ok"
        if c.expires and c.expires < today:
            state = "expired"
        elif c.expires and c.expires <= today + timedelta(days=30):
            state = "expiring"
        out.append({"person": p.display_name, "label": credential_label(c.kind, c.detail),
                    "expires": f"{c.expires:%d %b %Y}" if c.expires else "", "state": state})
    return out


@dataclass(frozen=True)
class PlannerHome:
    units: list[str]
    cover: list[dict[str, str]]
    pending_leave: int
    short_shifts: int


@service
def planner_home(s: Session, actor: Actor, today: date | None = None) -> PlannerHome:
    actor.require("planner", what="open the planner desk")
    today = today or date.today()
    unit_ids = sorted(actor.unit_ids) if "admin" not in actor.roles else [u for u in s.exec(select(Unit.id)).all()]
    units = s.exec(select(Unit).where(Unit.id.in_(unit_ids)).order_by(Unit.code)).all()
    cover = []
    reqs = s.exec(select(Requirement, ShiftType).join(ShiftType, Requirement.shift_type_id == ShiftType.id)
                  .where(Requirement.unit_id.in_(unit_ids), Requirement.skill_id.is_(None),
                         Requirement.on_date.is_(None), Requirement.event_id.is_(None))).all()
    on_duty = s.exec(select(Duty.shift_type_id, func.count()).where(
        Duty.unit_id.in_(unit_ids), Duty.date == today, Duty.kind == "shift").group_by(Duty.shift_type_id)).all()
    counts = {st_id: n for st_id, n in on_duty}
    unit_names = {u.id: u.name for u in units}
    short = 0
    for req, st in reqs:
        if req.weekday is not None and req.weekday != today.weekday():
            continue
        n = counts.get(st.id, 0)
        status = "short" if n < req.minimum else "below target" if n < req.target else "ok"
        short += status == "short"
        cover.append({"unit": unit_names.get(req.unit_id, ""), "shift": f"{st.name} ({st.code})", "on": str(n),
                      "minimum": str(req.minimum), "target": str(req.target), "status": status})
    team_people = select(Person.id).where(Person.unit_id.in_(unit_ids))
    pending = s.exec(select(func.count()).select_from(LeaveRequest)
                     .where(LeaveRequest.status == "pending", LeaveRequest.person_id.in_(team_people))).one()
    return PlannerHome([u.name for u in units], cover, pending, short)


@dataclass(frozen=True)
class TransportHome:
    passengers: int
    destinations: int
    vehicles: int
    vehicles_off_road: int
    runs_today: int
    crew: int
    expiring: list[dict[str, str]]


@service
def transport_home(s: Session, actor: Actor, today: date | None = None) -> TransportHome:
    actor.require("transport_planner", what="open transport planning")
    today = today or date.today()
    units = set(actor.unit_ids) if "admin" not in actor.roles else set(s.exec(select(Unit.id)).all())
    crew_ids = s.exec(select(Person.id).where(Person.unit_id.in_(units),
                                              Person.job_title.in_(("Driver", "Passenger Assistant")))).all()
    return TransportHome(
        passengers=s.exec(select(func.count()).select_from(Passenger).where(Passenger.unit_id.in_(units), Passenger.active)).one(),
        destinations=s.exec(select(func.count()).select_from(Destination).where(Destination.unit_id.in_(units))).one(),
        vehicles=s.exec(select(func.count()).select_from(Vehicle).where(Vehicle.unit_id.in_(units))).one(),
        vehicles_off_road=s.exec(select(func.count()).select_from(Vehicle).where(
            Vehicle.unit_id.in_(units), Vehicle.off_road_from <= today,
            (Vehicle.off_road_until.is_(None)) | (Vehicle.off_road_until >= today))).one(),
        runs_today=s.exec(select(func.count()).select_from(Run).where(Run.unit_id.in_(units), Run.date == today)).one(),
        crew=len(crew_ids),
        expiring=credential_rows(s, list(crew_ids), today, within_days=30),
    )


@dataclass(frozen=True)
class AdminHome:
    users: int
    active_sessions: int
    audit_today: int


@service
def admin_home(s: Session, actor: Actor) -> AdminHome:
    actor.require("admin", what="open administration")
    from ..models import AuthSession
    from ..models.base import utcnow

    now = utcnow()
    return AdminHome(
        users=s.exec(select(func.count()).select_from(User)).one(),
        active_sessions=s.exec(select(func.count()).select_from(AuthSession)
                               .where(AuthSession.revoked.is_(False), AuthSession.expires_at > now)).one(),
        audit_today=s.exec(select(func.count()).select_from(AuditEntry)
                           .where(AuditEntry.at >= now - timedelta(hours=24))).one(),
    )


def as_dict(obj) -> dict:
    return asdict(obj)
