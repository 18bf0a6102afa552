"""Flexible-working requests (uk-rules FWR-01, FWR-02).

The request says what change is asked for (hours, times, days or place), from when, and
records earlier requests; at most 2 in any 12 months; the decision (with any appeal) is due
within 2 months of receipt. The proposed pattern is one of the unit's patterns or days and
hours. Police officers hold an office, not a contract, so their requests follow force policy
with the same workflow and are flagged as such (FWR-02). A refusal needs one of the eight
business reasons and a consultation first."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlmodel import Session, select

from ...db import service
from ...engine import rules
from ...engine.rules.timeutil import add_months
from ...models import FlexRequest, Pattern, Person, ShiftType
from ...models.requests import FLEX_REFUSAL_REASONS
from .. import audit
from ..actor import Actor
from ..errors import InvalidInput, NotFound
from .common import add_event, ancestors, history, london_today, person_of, planner_user_ids, \
    require_planner_for, stamp, transition, HistoryRow

MAX_IN_12_MONTHS = 2
CHANGE_KINDS = {"hours": "Hours (how many)", "times": "Times (when I work)", "days": "Days (which days)",
                "place": "Place (where I work)"}
REFUSAL_LABELS = {
    "extra_costs": "Extra costs", "customer_demand": "Harm to meeting customer demand",
    "reorganise_work": "Can't reorganise work among existing staff", "recruit_staff": "Can't recruit more staff",
    "quality": "Harm to quality", "performance": "Harm to performance",
    "insufficient_work": "Not enough work when proposed", "structural_changes": "Planned structural changes",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)\s*[-–]\s*([01]\d|2[0-3]):([0-5]\d)$")


def is_policy(person: Person) -> bool:
    """Police officers' requests are force policy, not statute (FWR-02)."""
    return person.rule_pack.startswith("police-ew-constable") or person.rank in (
        "Constable", "Sergeant", "Inspector", "Chief Inspector")


def parse_days(days: dict | None) -> dict[str, str]:
    """``{"mon": "09:00-15:00", "tue": "", ...}`` -> the working days only, validated."""
    out = {}
    for k, v in (days or {}).items():
        k, v = str(k).lower()[:3], str(v or "").strip()
        if k not in WEEKDAYS:
            raise InvalidInput(f"'{k}' isn't a day of the week.")
        if not v:
            continue
        if not HOURS_RE.match(v):
            raise InvalidInput(f"Write the hours for {k.title()} as start–end, e.g. 09:00-15:00.")
        out[k] = v.replace("–", "-").replace(" ", "")
    return out


def _pattern_shifts(s: Session, pattern: Pattern) -> list[rules.PatternShift | None]:
    from ..rules_bridge import pattern_shifts
    types = {st.code: st for st in s.exec(select(ShiftType).where(ShiftType.unit_id == pattern.unit_id)).all()}
    return pattern_shifts(pattern.steps, types)


def _days_shifts(days: dict[str, str]) -> list[rules.PatternShift | None]:
    out = []
    for k in WEEKDAYS:
        v = days.get(k)
        if not v:
            out.append(None)
            continue
        a, b = v.split("-")
        length = (int(b[:2]) * 60 + int(b[3:])) - (int(a[:2]) * 60 + int(a[3:]))
        out.append(rules.PatternShift(a, b, 30 if (length % 1440) > 360 else 0))
    return out


def impact(s: Session, person: Person, req: FlexRequest) -> dict:
    """The proposed pattern through the rules engine: weekly hours, rest days, findings."""
    if req.proposed_pattern_id:
        shifts = _pattern_shifts(s, s.get(Pattern, req.proposed_pattern_id))
    elif req.proposed_days:
        shifts = _days_shifts(req.proposed_days)
    else:
        return {}
    from ..rules_bridge import person_facts
    start = req.effective_from
    start = start.fromordinal(start.toordinal() - start.weekday())
    report = rules.check_pattern(person.rule_pack, shifts, start, person=person_facts(person))
    seen, findings = set(), []
    for f in report.findings:
        if (f.rule, f.severity) in seen:
            continue
        seen.add((f.rule, f.severity))
        findings.append({"rule": f.rule, "severity": f.severity, "message": f.message})
    return {"weekly_hours": round(report.average_weekly_minutes / 60, 1),
            "rest_days_per_week": round(report.rest_days_per_week, 1), "findings": findings[:10]}


@dataclass(frozen=True)
class FlexRow:
    id: int
    status: str
    statutory: bool
    basis: str  # "Statutory request (ERA 1996 s.80F)" or "Force policy (police officer)"
    change_kind: str
    description: str
    proposal: str
    effective_from: str
    received: str
    deadline: str
    previous: str
    refusal_reason: str
    decision_note: str
    version: int
    history: list[HistoryRow]
    rostered: str = ""  # from a decision that put the person on the agreed pattern: from when, what changed


def _proposal(s: Session, r: FlexRequest) -> str:
    if r.proposed_pattern_id:
        return f"Pattern: {s.get(Pattern, r.proposed_pattern_id).name}"
    if r.proposed_days:
        return ", ".join(f"{k.title()} {v}" for k, v in r.proposed_days.items())
    return ""


def _flex_row(s: Session, r: FlexRequest, hist) -> FlexRow:
    return FlexRow(r.id, r.status, r.statutory,
                   "Statutory request (Employment Rights Act 1996 s.80F)" if r.statutory
                   else "Force policy for police officers (not statutory)",
                   CHANGE_KINDS.get(r.change_kind, r.change_kind), r.change_description, _proposal(s, r),
                   f"{r.effective_from:%d %b %Y}", f"{r.received_date:%d %b %Y}", f"{r.decision_deadline:%d %b %Y}",
                   f"{r.previous_request_date:%d %b %Y}" if r.previous_request_date else "none",
                   REFUSAL_LABELS.get(r.refusal_reason or "", ""), r.decision_note, r.version, hist.get(r.id, []))


def _recent(s: Session, person_id: int, today: date) -> list[FlexRequest]:
    since = add_months(today, -12)
    return list(s.exec(select(FlexRequest).where(FlexRequest.person_id == person_id,
                                                 FlexRequest.received_date > since)
                       .order_by(FlexRequest.received_date)).all())


@dataclass(frozen=True)
class FlexOptions:
    patterns: list[dict]  # [{"id": "3", "name": "..."}] of my unit and the units above it
    policy: bool
    made_in_12_months: int
    next_allowed: str  # "" when a request can be made now
    last_request: str


@service
def flex_options(s: Session, actor: Actor, today: date | None = None) -> tuple[FlexOptions, list[FlexRow]]:
    """What the form needs (patterns, allowance, earlier requests) and my requests."""
    me = person_of(s, actor.require_person(what="ask for flexible working"))
    today = today or london_today()
    pats = s.exec(select(Pattern).where(Pattern.unit_id.in_(ancestors(s, me.unit_id))).order_by(Pattern.name)).all()
    recent = _recent(s, me.id, today)
    nxt = ""
    if len(recent) >= MAX_IN_12_MONTHS:
        nxt = f"{add_months(recent[-MAX_IN_12_MONTHS].received_date, 12):%d %b %Y}"
    rows = s.exec(select(FlexRequest).where(FlexRequest.person_id == me.id)
                  .order_by(FlexRequest.received_date.desc(), FlexRequest.id.desc())).all()
    hist = history(s, "flex", [r.id for r in rows])
    last = f"{rows[0].received_date:%d %b %Y}" if rows else ""
    return (FlexOptions([{"id": str(p.id), "name": p.name} for p in pats], is_policy(me), len(recent), nxt, last),
            [_flex_row(s, r, hist) for r in rows])


@service
def request_flex(s: Session, actor: Actor, change_kind: str, description: str, effective_from,
                 pattern_id: int | None = None, days: dict | None = None, today: date | None = None) -> FlexRow:
    """Make a flexible-working request. Received today; decision due in 2 months; the earlier
    request (if any) is filled in from the records. A third request within 12 months is refused."""
    me = person_of(s, actor.require_person(what="ask for flexible working"))
    today = today or london_today()
    if change_kind not in CHANGE_KINDS:
        raise InvalidInput("Say what you want to change: hours, times, days or place.")
    description = (description or "").strip()
    if len(description) < 10:
        raise InvalidInput("Describe the change you're asking for (at least a sentence).")
    if len(description) > 1000:
        raise InvalidInput("Keep the description under 1,000 characters.")
    if isinstance(effective_from, str):
        try:
            effective_from = date.fromisoformat(effective_from) if effective_from else None
        except ValueError:
            raise InvalidInput("Choose the date the change should start from.") from None
    if effective_from is None:
        raise InvalidInput("Choose the date the change should start from.")
    if effective_from < today:
        raise InvalidInput("The change can't start in the past.")
    recent = _recent(s, me.id, today)
    if len(recent) >= MAX_IN_12_MONTHS:
        dates = " and ".join(f"{r.received_date:%d %b %Y}" for r in recent[-MAX_IN_12_MONTHS:])
        nxt = add_months(recent[-MAX_IN_12_MONTHS].received_date, 12)
        raise InvalidInput(f"You can make at most {MAX_IN_12_MONTHS} flexible-working requests in 12 months and "
                           f"you made them on {dates}. You can make another from {nxt:%d %b %Y}.")
    pattern = None
    if pattern_id:
        pattern = s.get(Pattern, int(pattern_id))
        if pattern is None or pattern.unit_id not in ancestors(s, me.unit_id):
            raise InvalidInput("Choose one of your unit's patterns.")
    clean_days = parse_days(days)
    if pattern is None and not clean_days:
        raise InvalidInput("Choose a pattern or give the days and hours you propose.")
    if pattern is not None and clean_days:
        raise InvalidInput("Choose a pattern or give days and hours, not both.")
    previous = s.exec(select(FlexRequest.received_date).where(FlexRequest.person_id == me.id)
                      .order_by(FlexRequest.received_date.desc())).first()
    row = FlexRequest(person_id=me.id, received_date=today, statutory=not is_policy(me), change_kind=change_kind,
                      change_description=description, proposed_pattern_id=pattern.id if pattern else None,
                      proposed_days=clean_days or None, effective_from=effective_from, previous_request_date=previous,
                      decision_deadline=add_months(today, 2), status="pending")
    s.add(row)
    s.flush()
    add_event(s, "flex", row.id, "pending", actor)
    audit.record(s, actor, "flex_requested", "flex_request", row.id, f"{CHANGE_KINDS[change_kind]} from {effective_from}",
                 unit_id=me.unit_id)
    audit.notify_users(s, planner_user_ids(s, me.unit_id), "flex_request",
                       f"Flexible-working request: {me.display_name}",
                       f"Decision due by {row.decision_deadline:%d %b %Y}.", link="/desk")
    return _flex_row(s, row, history(s, "flex", [row.id]))


@service
def withdraw_flex(s: Session, actor: Actor, request_id: int) -> None:
    """Withdraw my undecided request (it still counts towards the 2 in 12 months)."""
    me = actor.require_person(what="withdraw a request")
    row = s.get(FlexRequest, request_id)
    if row is None or row.person_id != me:
        raise NotFound("That request isn't yours.")
    transition(s, FlexRequest, row.id, from_statuses=("pending", "consulting"), expected_version=None,
               values={"status": "withdrawn", "decided_at": stamp()})
    add_event(s, "flex", row.id, "withdrawn", actor)


@service
def flex_impact(s: Session, actor: Actor, request_id: int) -> dict:
    """For the planner: the proposed pattern checked against the rules (hours, rest, findings)."""
    row = s.get(FlexRequest, request_id)
    if row is None:
        raise NotFound("That request doesn't exist.")
    person = person_of(s, row.person_id)
    require_planner_for(s, actor, person, "see flexible-working requests")
    return impact(s, person, row)


@service
def decide_flex(s: Session, actor: Actor, request_id: int, approve: bool, reason: str = "",
                expected_version: int | None = None, refusal_reason: str | None = None,
                consultation_date: date | None = None, trial: bool = False) -> FlexRow:
    """A planner decides a flexible-working request (FWR-01).

    Permission: ``planner`` for the person's unit. Conditional update on status pending or
    consulting and ``expected_version``; a second decision gets ``Conflict("...already approved
    by X at HH:MM...")``. Approving (``trial=True`` for a trial period) re-runs the proposed
    pattern through the rules and is refused while it has a blocking finding. Refusing needs one
    of the eight business reasons (``FLEX_REFUSAL_REASONS``), a ``consultation_date`` (the law
    asks for a consultation before refusing) and an explanation in ``reason``. Approving a request for
    one of the unit's patterns (not a trial) puts the person on it from the effective date (tomorrow at the
    earliest), at the day of its cycle that date is, their published shifts and rest days following it as
    changes at their request (``desk.patterns.assign_pattern``); a request given as days and hours, or a
    trial, is re-rostered by the planner on the rota."""
    row = s.get(FlexRequest, request_id)
    if row is None:
        raise NotFound("That request doesn't exist.")
    person = person_of(s, row.person_id)
    require_planner_for(s, actor, person, "decide flexible-working requests")
    reason = (reason or "").strip()
    if not approve:
        if refusal_reason not in FLEX_REFUSAL_REASONS:
            raise InvalidInput("A refusal must give one of the eight business reasons.")
        if consultation_date is None:
            raise InvalidInput("Consult the person before refusing, and record the date you did.")
        if not reason:
            raise InvalidInput("Explain the refusal in a sentence or two.")
    status = ("trial" if trial else "approved") if approve else "refused"
    transition(s, FlexRequest, row.id, from_statuses=("pending", "consulting"), expected_version=expected_version,
               values={"status": status, "decided_by_user_id": actor.user_id, "decided_at": stamp(),
                       "decision_note": reason[:1000], "refusal_reason": None if approve else refusal_reason,
                       "consultation_date": consultation_date})
    s.refresh(row)
    if approve:
        blocks = [f for f in impact(s, person, row).get("findings", []) if f["severity"] == "block"]
        if blocks:
            raise InvalidInput("The proposed pattern breaks a working-time rule: " +
                               "; ".join(f"{f['rule']} {f['message']}" for f in blocks[:3]) +
                               ". Agree a different pattern or refuse with a business reason.")
    add_event(s, "flex", row.id, status, actor, reason or REFUSAL_LABELS.get(refusal_reason or "", ""))
    rostered = ""
    if status == "approved" and row.proposed_pattern_id:
        from ..desk import patterns  # (the desk's services build on these request services)
        pattern = s.get(Pattern, row.proposed_pattern_id)
        start = max(row.effective_from, london_today() + timedelta(days=1))
        put = patterns.assign_pattern(actor, person.id, pattern.id, start, patterns.aligned_step(pattern.cycle_days, start),
                                      published_too=True, session=s)
        rostered = f"On {put.pattern} from {start:%d %b %Y}: {put.published_changed} published duties changed to it"
        add_event(s, "flex", row.id, status, actor, rostered)
    audit.record(s, actor, f"flex_{status}", "flex_request", row.id, person.display_name, unit_id=person.unit_id)
    label = {"approved": "approved", "trial": "agreed for a trial period", "refused": "refused"}[status]
    body = REFUSAL_LABELS.get(refusal_reason or "", "") + (": " if refusal_reason and reason else "") + reason
    audit.notify_people(s, [person.id], "flex_decision", f"Your flexible-working request was {label}",
                        body or f"Decided by {actor.display_name}.", link="/flex")
    return replace(_flex_row(s, row, history(s, "flex", [row.id])), rostered=rostered)


@service
def pending_flex(s: Session, actor: Actor) -> list[FlexRow]:
    """For the planner's approvals inbox: undecided requests in my units, nearest deadline first."""
    actor.require("planner", what="see flexible-working requests")
    q = select(FlexRequest, Person).join(Person, Person.id == FlexRequest.person_id).where(
        FlexRequest.status.in_(("pending", "consulting")))
    if "admin" not in actor.roles:
        q = q.where(Person.unit_id.in_(actor.unit_ids or {-1}))
    rows = [r for r, _ in s.exec(q.order_by(FlexRequest.decision_deadline)).all()]
    hist = history(s, "flex", [r.id for r in rows])
    return [_flex_row(s, r, hist) for r in rows]
