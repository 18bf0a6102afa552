"""Leave requests: annual leave (whole days or hours), TOIL, rest day in lieu (RDIL), special leave.

A request is checked when it is made and again when a planner decides it: no past dates, no
overlap with other pending or approved leave, enough balance (pending requests count against
it), at least one rostered working day, and no new blocking rule finding. Approving changes the
duties through ``duties.change_duty`` and writes the ledger entries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, func, select

from ...db import service
from ...engine import rules
from ...models import Duty, LeaveRequest, LedgerEntry, Person
from ...models.rota import WORKING_KINDS
from .. import audit, duties
from ..actor import Actor
from ..errors import InvalidInput, NotFound
from ..home import leave_year_start
from ..rules_bridge import DutyFacts, findings_for, new_findings
from .common import add_event, already_done, day_range, hm, history, london_today, person_of, \
    planner_user_ids, require_planner_for, stamp, transition, HistoryRow

KIND_NAMES = {"annual": "Annual leave", "toil": "TOIL", "rdil": "Rest day in lieu", "special": "Special leave"}
DUTY_KIND = {"annual": "annual_leave", "toil": "toil", "rdil": "rdil", "special": "special_leave"}
ACTIVE = ("pending", "approved")
MAX_DAYS = 62


@dataclass(frozen=True)
class Balance:
    """One leave balance. ``available`` already takes off pending requests."""
    kind: str
    label: str
    unit: str  # "minutes" or "days"
    total: float  # ledger sum (entitlement and adjustments less leave taken)
    pending: float
    available: float
    text: str  # for people: "18 days (144 h)"
    note: str = ""


@dataclass(frozen=True)
class LeaveQuote:
    """What a request would take: working days and minutes, the balance after, rule findings."""
    kind: str
    start: date
    end: date
    part_day_minutes: int  # > 0 when asking for hours on one day
    days: list[tuple[date, int]]  # working days in the range and the minutes each would take
    minutes: int
    leave_year: int
    balance_after: str
    findings: list[dict] = field(default_factory=list)  # warnings the planner should see


def _day_minutes(person: Person) -> float:
    return max(person.contract_minutes_per_week / 5, 1)


def entitlement_minutes(s: Session, person: Person, leave_year: int) -> tuple[int, str]:
    """This leave year's entitlement: the ledger's entitlement entries when there are any (they may
    carry local adjustments), otherwise the rules engine (POL-11, NJC-01/02, WTR-13)."""
    booked = s.exec(select(func.sum(LedgerEntry.minutes)).where(
        LedgerEntry.person_id == person.id, LedgerEntry.ledger == "annual_leave",
        LedgerEntry.leave_year == leave_year, LedgerEntry.source == "entitlement")).one()
    ent = rules.annual_leave_entitlement(
        person.rule_pack, date(leave_year, 4, 1), service_start=person.service_start,
        contract_hours=person.contract_minutes_per_week / 60 if person.contract_minutes_per_week else None)
    rule_text = f"{ent.rule}: {ent.days:g} days" + (f" + {ent.fixed_days:g} fixed days" if ent.fixed_days else "")
    if booked is not None:
        return int(booked), rule_text
    return int(round((ent.hours or ent.days * _day_minutes(person) / 60) * 60)), rule_text


def _ledger_sum(s: Session, person_id: int, ledger: str, leave_year: int | None = None, col=LedgerEntry.minutes):
    q = select(func.coalesce(func.sum(col), 0)).where(LedgerEntry.person_id == person_id, LedgerEntry.ledger == ledger)
    if leave_year is not None:
        q = q.where(LedgerEntry.leave_year == leave_year)
    return s.exec(q).one()


def _pending(s: Session, person_id: int, kind: str, leave_year: int | None, exclude: int | None) -> list[LeaveRequest]:
    q = select(LeaveRequest).where(LeaveRequest.person_id == person_id, LeaveRequest.kind == kind,
                                   LeaveRequest.status == "pending")
    if exclude is not None:
        q = q.where(LeaveRequest.id != exclude)
    rows = s.exec(q).all()
    if leave_year is not None:
        rows = [r for r in rows if leave_year_start(r.start_date) == leave_year]
    return rows


def balances_for(s: Session, person: Person, leave_year: int, exclude_request: int | None = None) -> dict[str, Balance]:
    """Balances from the ledgers (and the entitlement rules where the ledger has none)."""
    dm = _day_minutes(person)
    ent, rule_text = entitlement_minutes(s, person, leave_year)
    al_moves = _ledger_sum(s, person.id, "annual_leave", leave_year)
    has_ent = s.exec(select(func.count()).select_from(LedgerEntry).where(
        LedgerEntry.person_id == person.id, LedgerEntry.ledger == "annual_leave", LedgerEntry.leave_year == leave_year,
        LedgerEntry.source == "entitlement")).one()
    al_total = al_moves if has_ent else al_moves + ent
    al_pending = sum(r.minutes for r in _pending(s, person.id, "annual", leave_year, exclude_request))
    toil_total = _ledger_sum(s, person.id, "toil")
    toil_pending = sum(r.minutes for r in _pending(s, person.id, "toil", None, exclude_request))
    rdil_total = _ledger_sum(s, person.id, "rest_days_owed", col=LedgerEntry.days)
    rdil_pending = sum(_working_days_count(r) for r in _pending(s, person.id, "rdil", None, exclude_request))
    al_avail = al_total - al_pending
    return {
        "annual": Balance("annual", "Annual leave", "minutes", al_total, al_pending, al_avail,
                          f"{al_avail / dm:.1f}".removesuffix(".0") + f" days ({hm(al_avail)})",
                          f"Leave year {leave_year}/{(leave_year + 1) % 100:02d}; entitlement {rule_text}"),
        "toil": Balance("toil", "TOIL", "minutes", toil_total, toil_pending, toil_total - toil_pending,
                        hm(toil_total - toil_pending)),
        "rdil": Balance("rdil", "Rest days in lieu", "days", rdil_total, rdil_pending, rdil_total - rdil_pending,
                        f"{rdil_total - rdil_pending:g} days"),
        "special": Balance("special", "Special leave", "days", 0, 0, 0, "by agreement",
                           "Compassionate, dependants, jury service…: the planner decides"),
    }


def _working_days_count(r: LeaveRequest) -> int:
    return int((r.impact or {}).get("days", 1))


def _working_duties(s: Session, person_id: int, start: date, end: date) -> list[Duty]:
    return list(s.exec(select(Duty).where(
        Duty.person_id == person_id, Duty.date >= start, Duty.date <= end, Duty.line == "main",
        Duty.status != "draft", Duty.kind.in_(WORKING_KINDS), Duty.start_utc.is_not(None)).order_by(Duty.date)).all())


def _paid(d: Duty) -> int:
    return int((d.end_utc - d.start_utc).total_seconds() // 60) - (d.break_minutes or 0)


def quote(s: Session, person: Person, kind: str, start: date, end: date, hours: float | None = None, *,
          today: date, exclude_request: int | None = None) -> LeaveQuote:
    """Check a leave request and work out what it takes. Raises ``InvalidInput`` with the reason
    for every refusal (past dates, overlap, balance, nothing rostered, rule findings)."""
    if kind not in KIND_NAMES:
        raise InvalidInput("Choose annual leave, TOIL, rest day in lieu or special leave.")
    if start is None or end is None:
        raise InvalidInput("Choose the first and last day of your leave.")
    if end < start:
        raise InvalidInput("The last day is before the first day.")
    if start < today:
        raise InvalidInput(f"Leave can't start in the past ({start:%a %d %b} has gone). Choose today or a later day.")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(f"One request can cover at most {MAX_DAYS} days. Split it into shorter requests.")
    ly = leave_year_start(start)
    if leave_year_start(end) != ly:
        raise InvalidInput(f"The request crosses into a new leave year on 1 Apr {ly + 1}. "
                           f"Make one request up to 31 Mar and another from 1 Apr.")
    part = 0
    if hours not in (None, 0, ""):
        if kind not in ("annual", "toil"):
            raise InvalidInput("Only annual leave and TOIL can be taken in hours.")
        if start != end:
            raise InvalidInput("Hours can be taken on one day only. For several days ask for whole days.")
        try:
            part = int(round(float(hours) * 60))
        except (TypeError, ValueError):
            raise InvalidInput("Enter the hours as a number, e.g. 2 or 3.5.") from None
        if part <= 0 or part % 15:
            raise InvalidInput("Hours must be more than 0, in quarter hours (e.g. 1.25, 2.5).")
    overlap = s.exec(select(LeaveRequest).where(
        LeaveRequest.person_id == person.id, LeaveRequest.status.in_(ACTIVE),
        LeaveRequest.start_date <= end, LeaveRequest.end_date >= start,
        *( [LeaveRequest.id != exclude_request] if exclude_request else []))).first()
    if overlap:
        raise InvalidInput(f"You already have {KIND_NAMES.get(overlap.kind, overlap.kind).lower()} {overlap.status} for "
                           f"{day_range(overlap.start_date, overlap.end_date)}. Withdraw or change that request first.")
    working = _working_duties(s, person.id, start, end)
    if not working:
        raise InvalidInput(f"You aren't rostered to work on {day_range(start, end)}, so there is no leave to take.")
    if part:
        paid = _paid(working[0])
        if part >= paid:
            raise InvalidInput(f"Your duty that day is {hm(paid)}; for {hm(part)} or more ask for the whole day.")
        days = [(working[0].date, part)]
    else:
        days = [(d.date, _paid(d)) for d in working]
    minutes = sum(m for _, m in days)
    bal = balances_for(s, person, ly, exclude_request)[kind]
    if kind in ("annual", "toil"):
        if minutes > bal.available:
            pending = f" ({hm(bal.pending)} is already asked for in pending requests)" if bal.pending else ""
            raise InvalidInput(f"Not enough {KIND_NAMES[kind].lower() if kind == 'annual' else 'TOIL'}: this needs "
                               f"{hm(minutes)} and you have {hm(max(bal.available, 0))} left{pending}.")
        after = hm(bal.available - minutes)
    elif kind == "rdil":
        if len(days) > bal.available:
            raise InvalidInput(f"Not enough rest days in lieu: this needs {len(days)} and you have "
                               f"{max(bal.available, 0):g} owed to you.")
        after = f"{bal.available - len(days):g} days"
    else:
        after = ""
    new_kind = DUTY_KIND[kind]
    if part:
        d = working[0]
        replace = [DutyFacts(d.date, d.kind, d.start_utc, d.end_utc - timedelta(minutes=part), d.break_minutes)]
    else:
        replace = [DutyFacts(d.date, new_kind) for d in working]
    before = findings_for(s, person, (start, end))
    added = new_findings(before, findings_for(s, person, (start, end), replace=replace))
    blocks = [f for f in added if f.severity == "block"]
    if blocks:
        raise InvalidInput("This leave would break a working-time rule: " +
                           "; ".join(f"{f.rule} {f.message}" for f in blocks[:3]))
    return LeaveQuote(kind, start, end, part, days, minutes, ly, after, [f.as_dict() for f in added])


@dataclass(frozen=True)
class LeaveRow:
    id: int
    kind: str
    label: str
    dates: str
    start: str
    end: str
    amount: str
    status: str
    reason: str
    decision_reason: str
    version: int
    history: list[HistoryRow]


def _row(r: LeaveRequest, hist: list[HistoryRow], person: Person) -> LeaveRow:
    if r.kind == "rdil":
        amount = f"{_working_days_count(r)} day" + ("s" if _working_days_count(r) != 1 else "")
    elif r.kind == "special":
        amount = f"{_working_days_count(r)} working day" + ("s" if _working_days_count(r) != 1 else "")
    else:
        amount = hm(r.minutes)
    return LeaveRow(r.id, r.kind, KIND_NAMES.get(r.kind, r.kind), day_range(r.start_date, r.end_date),
                    r.start_date.isoformat(), r.end_date.isoformat(), amount, r.status, r.reason,
                    r.decision_reason, r.version, hist)


def _parse_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"'{value}' isn't a date. Use the date picker (YYYY-MM-DD).") from None


@service
def leave_overview(s: Session, actor: Actor, today: date | None = None) -> tuple[dict[str, Balance], list[LeaveRow]]:
    """My balances for this leave year and my requests (newest first) with their status history."""
    person = person_of(s, actor.require_person(what="see your leave"))
    today = today or london_today()
    reqs = s.exec(select(LeaveRequest).where(LeaveRequest.person_id == person.id)
                  .order_by(LeaveRequest.created_at.desc(), LeaveRequest.id.desc()).limit(50)).all()
    hist = history(s, "leave", [r.id for r in reqs])
    return balances_for(s, person, leave_year_start(today)), [_row(r, hist[r.id], person) for r in reqs]


@service
def preview_leave(s: Session, actor: Actor, kind: str, start, end, hours: float | None = None,
                  today: date | None = None) -> LeaveQuote:
    """The checks of ``request_leave`` without saving: what it would take, or the refusal."""
    person = person_of(s, actor.require_person(what="ask for leave"))
    return quote(s, person, kind, _parse_date(start), _parse_date(end), hours, today=today or london_today())


@service
def request_leave(s: Session, actor: Actor, kind: str, start, end, hours: float | None = None, reason: str = "",
                  today: date | None = None) -> LeaveRow:
    """Ask for leave. ``kind`` is annual, toil, rdil or special; ``start``/``end`` dates (or ISO
    strings); ``hours`` for part of one day (annual or TOIL). Refusals raise ``InvalidInput``."""
    person = person_of(s, actor.require_person(what="ask for leave"))
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise InvalidInput("Keep the reason under 500 characters.")
    if kind == "special" and not reason:
        raise InvalidInput("Say what the special leave is for (e.g. bereavement, jury service).")
    q = quote(s, person, kind, _parse_date(start), _parse_date(end), hours, today=today or london_today())
    req = LeaveRequest(person_id=person.id, kind=kind, start_date=q.start, end_date=q.end, minutes=q.minutes,
                       part_day=bool(q.part_day_minutes), reason=reason, status="pending",
                       impact={"days": len(q.days), "findings": q.findings, "balance_after": q.balance_after})
    s.add(req)
    s.flush()
    add_event(s, "leave", req.id, "pending", actor, reason)
    audit.record(s, actor, "leave_requested", "leave_request", req.id,
                 f"{KIND_NAMES[kind]} {day_range(q.start, q.end)} ({hm(q.minutes)})", unit_id=person.unit_id)
    audit.notify_users(s, planner_user_ids(s, person.unit_id), "leave_request",
                       f"Leave request: {person.display_name}", f"{KIND_NAMES[kind]} {day_range(q.start, q.end)}",
                       link="/desk")
    return _row(req, history(s, "leave", [req.id])[req.id], person)


@service
def withdraw_leave(s: Session, actor: Actor, request_id: int) -> None:
    """Withdraw one of my pending requests. An approved request has to be cancelled by a planner."""
    person_id = actor.require_person(what="withdraw leave")
    req = s.get(LeaveRequest, request_id)
    if req is None or req.person_id != person_id:
        raise NotFound("That leave request doesn't exist.")
    if req.status != "pending":
        raise InvalidInput(already_done(s, req, "request") + " Only a pending request can be withdrawn.")
    # decided_at doubles as "when it stopped being pending"; nobody decided a withdrawal
    transition(s, LeaveRequest, req.id, from_statuses=("pending",), expected_version=None,
               values={"status": "withdrawn", "decided_at": stamp()})
    s.refresh(req)
    add_event(s, "leave", req.id, "withdrawn", actor)
    audit.record(s, actor, "leave_withdrawn", "leave_request", req.id, f"{day_range(req.start_date, req.end_date)}")


@service
def decide_leave(s: Session, actor: Actor, request_id: int, approve: bool, reason: str = "",
                 expected_version: int | None = None, today: date | None = None) -> LeaveRow:
    """A planner approves or refuses a pending leave request.

    - Permission: ``planner`` whose units include the person's unit.
    - ``expected_version``: the request's ``version`` the planner saw. If another planner decided
      first, ``Conflict("This request was already approved by X at HH:MM on DD Mon.")``; if the
      request merely changed, ``Conflict`` asking to reload. Nothing is written in either case.
    - Approving re-runs every check (balance, overlap, rules), changes each working duty in the
      range to the leave kind (or shortens the duty for hours) through ``duties.change_duty`` and
      writes the ledger entry (annual_leave / toil minutes, rest_days_owed days).
    - Refusing needs a ``reason``. The person is told either way.
    """
    req = s.get(LeaveRequest, request_id)
    if req is None:
        raise NotFound("That leave request doesn't exist.")
    person = person_of(s, req.person_id)
    require_planner_for(s, actor, person, "decide leave")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise InvalidInput("Give the reason for refusing, so the person knows why.")
    now = stamp()
    status = "approved" if approve else "refused"
    transition(s, LeaveRequest, req.id, from_statuses=("pending",), expected_version=expected_version,
               values={"status": status, "decided_by_user_id": actor.user_id, "decided_at": now,
                       "decision_reason": reason[:500]})
    s.refresh(req)
    if approve:
        q = quote(s, person, req.kind, req.start_date, req.end_date,
                  (req.minutes / 60) if req.part_day else None, today=today or london_today(), exclude_request=req.id)
        _apply(s, actor, req, person, q)
        req.impact = dict(req.impact or {}, findings_at_decision=q.findings)
        s.add(req)
    add_event(s, "leave", req.id, status, actor, reason)
    audit.record(s, actor, f"leave_{status}", "leave_request", req.id,
                 f"{person.display_name}: {KIND_NAMES[req.kind]} {day_range(req.start_date, req.end_date)}",
                 unit_id=person.unit_id)
    audit.notify_people(s, [person.id], "leave_decision",
                        f"{KIND_NAMES[req.kind]} {day_range(req.start_date, req.end_date)} {status}",
                        (f"{actor.display_name}: {reason.rstrip('.')}." if reason else f"Decided by {actor.display_name}.")
                        + (" Your rota has been updated." if approve else ""), link="/leave")
    return _row(req, history(s, "leave", [req.id])[req.id], person)


def _apply(s: Session, actor: Actor, req: LeaveRequest, person: Person, q: LeaveQuote) -> None:
    by_date = {d.date: d for d in _working_duties(s, person.id, q.start, q.end)}
    label = KIND_NAMES[req.kind]
    for day, minutes in q.days:
        d = by_date[day]
        if q.part_day_minutes:
            new_end = d.end_utc - timedelta(minutes=minutes)
            length = int((new_end - d.start_utc).total_seconds() // 60)
            duties.change_duty(s, actor, d, {"end_utc": new_end, "break_minutes": d.break_minutes if length > 360 else 0,
                                             "role_note": f"{label} {hm(minutes)} at the end"},
                               reason_code="leave", reason=f"{label} approved", notify=False)
        else:
            duties.change_duty(s, actor, d, {"kind": DUTY_KIND[req.kind], "shift_type_id": None, "start_utc": None,
                                             "end_utc": None, "break_minutes": 0, "location_id": None,
                                             "role_note": "", "source": "request"},
                               reason_code="leave", reason=f"{label} approved", notify=False)
    common = dict(person_id=person.id, effective_date=q.start, source="request", ref_type="leave", ref_id=req.id,
                  note=f"{label} {day_range(q.start, q.end)}")
    if req.kind == "annual":
        s.add(LedgerEntry(ledger="annual_leave", minutes=-q.minutes, leave_year=q.leave_year, **common))
    elif req.kind == "toil":
        s.add(LedgerEntry(ledger="toil", minutes=-q.minutes, **common))
    elif req.kind == "rdil":
        s.add(LedgerEntry(ledger="rest_days_owed", days=-float(len(q.days)), **common))


@service
def pending_leave(s: Session, actor: Actor, limit: int = 100) -> list[dict]:
    """For the planner's approvals inbox: pending leave in the units I plan, oldest first, each with
    the person, dates, amount, the balance after and the findings the request was checked with."""
    actor.require("planner", what="see leave requests")
    q = select(LeaveRequest, Person).join(Person, LeaveRequest.person_id == Person.id).where(
        LeaveRequest.status == "pending")
    if "admin" not in actor.roles:
        q = q.where(Person.unit_id.in_(actor.unit_ids or {-1}))
    rows = s.exec(q.order_by(LeaveRequest.created_at, LeaveRequest.id).limit(limit)).all()
    return [dict(id=r.id, version=r.version, person=p.display_name, person_id=p.id, employee_no=p.employee_no,
                 kind=KIND_NAMES[r.kind],
                 dates=day_range(r.start_date, r.end_date), amount=hm(r.minutes), reason=r.reason,
                 balance_after=(r.impact or {}).get("balance_after", ""), findings=(r.impact or {}).get("findings", []))
            for r, p in rows]
