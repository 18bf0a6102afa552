"""Shift swaps between colleagues.

A swap exchanges what two people are rostered to do on one or two dates. The requester picks one
of their duties (date d1) and either a colleague's duty (date d2, a *direct* offer) or offers it
to anyone eligible (an *open* offer; whoever accepts names their duty, by default their own duty
on d1). On every date involved the two people's rostered days are exchanged, so on the same date
an early for a late; across dates, "you work my Saturday, I work your Sunday".

Eligible colleagues: active, same unit (team), and holding every skill the giver holds that the
unit's minimum staffing asks for on that shift. The rules engine runs for both people before an
offer is made (direct), when it is accepted, and again when a planner decides. Statuses:
offered -> accepted -> approved | refused; offered -> declined | withdrawn; accepted -> withdrawn.
Of two colleagues accepting one open offer at once, exactly one wins; the other gets ``Conflict``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, or_, select

from ...db import service
from ...engine.timeutil import utc_to_local
from ...models import Duty, Person, PersonSkill, Requirement, ShiftType, Skill, SwapRequest
from ...models.rota import WORKING_KINDS
from .. import audit, duties
from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ..home import KIND_LABELS
from ..rules_bridge import DutyFacts, findings_for, new_findings
from .common import add_event, ancestors, roster_colleagues, roster_unit, history, london_today, person_of, planner_user_ids, \
    require_planner_for, stamp, transition, HistoryRow

CONTENT = ("kind", "shift_type_id", "start_utc", "end_utc", "break_minutes", "location_id", "event_id", "role_note")
OPEN_STATES = ("offered", "accepted")
SWAPPABLE = ("shift", "rest_day", "free_day")  # leave, sickness, training, court belong to the person


def _label(s: Session, d: Duty | None) -> str:
    if d is None:
        return "no duty"
    st = s.get(ShiftType, d.shift_type_id) if d.shift_type_id else None
    text = st.name if st and d.kind == "shift" else KIND_LABELS.get(d.kind, d.kind)
    if d.start_utc and d.end_utc:
        text += f" {utc_to_local(d.start_utc):%H:%M}–{utc_to_local(d.end_utc):%H:%M}"
    return f"{d.date:%a %d %b}: {text}"


def _main(s: Session, person_id: int, day: date) -> Duty | None:
    return s.exec(select(Duty).where(Duty.person_id == person_id, Duty.date == day, Duty.line == "main")).first()


def _working(d: Duty | None) -> bool:
    return d is not None and d.kind in WORKING_KINDS and d.start_utc is not None


def _skills(s: Session, person_id: int) -> set[int]:
    return set(s.exec(select(PersonSkill.skill_id).where(PersonSkill.person_id == person_id)).all())


def needed_skills(s: Session, giver: Person, d: Duty) -> set[int]:
    """Skills the giver brings to ``d`` that minimum staffing for that shift asks for."""
    if not _working(d) or d.shift_type_id is None:
        return set()
    wanted = set(s.exec(select(Requirement.skill_id).where(
        Requirement.skill_id.is_not(None), Requirement.unit_id.in_(ancestors(s, d.unit_id)),
        or_(Requirement.shift_type_id == d.shift_type_id, Requirement.shift_type_id.is_(None)))).all())
    return wanted & _skills(s, giver.id)


@dataclass(frozen=True)
class SwapPlan:
    """Per date: (requester's duty, counterpart's duty), exchanged on approval."""
    pairs: list[tuple[Duty, Duty]]
    versions: dict[int, int]


def _plan(s: Session, a: Person, a_duty: Duty, b: Person, b_duty: Duty, today: date) -> tuple[SwapPlan, list]:
    """Check everything about exchanging ``a``'s and ``b``'s days; raise with the reason if not."""
    if b.id == a.id:
        raise InvalidInput("You can't swap with yourself.")
    if not b.active:
        raise InvalidInput(f"{b.display_name} isn't on the active roster.")
    if b.unit_id != a.unit_id and roster_unit(s, b.unit_id) != roster_unit(s, a.unit_id):
        raise InvalidInput(f"{b.display_name} doesn't work your unit's shifts, so they can't swap with you.")
    dates = sorted({a_duty.date, b_duty.date})
    if dates[0] <= today:
        raise InvalidInput("Swaps are for future duties: today's and past duties can't be swapped.")
    pairs = []
    for day in dates:
        da = a_duty if day == a_duty.date else _main(s, a.id, day)
        db = b_duty if day == b_duty.date else _main(s, b.id, day)
        if da is None or db is None:
            raise InvalidInput(f"There's no published rota for both of you on {day:%a %d %b}.")
        for d in (da, db):
            if d.status != "published":
                raise InvalidInput(f"The duty on {day:%a %d %b} isn't published yet, so it can't be swapped.")
        for d in (da, db):
            if d.kind not in SWAPPABLE:
                raise InvalidInput(f"{_label(s, d)} can't be swapped: only shifts and rest days can.")
        if not _working(da) and not _working(db):
            raise InvalidInput(f"Neither of you is working on {day:%a %d %b}: there's nothing to swap.")
        for giver, taker, d in ((a, b, da), (b, a, db)):
            missing = needed_skills(s, giver, d) - _skills(s, taker.id)
            if missing:
                names = ", ".join(sorted(s.exec(select(Skill.name).where(Skill.id.in_(missing))).all()))
                raise InvalidInput(f"{taker.display_name if taker is b else 'You'} can't cover {_label(s, d)}: "
                                   f"it needs {names}, which minimum staffing relies on.")
        pairs.append((da, db))
    busy = s.exec(select(SwapRequest).where(SwapRequest.status.in_(OPEN_STATES), or_(
        SwapRequest.requester_duty_id.in_([x.id for p in pairs for x in p]),
        SwapRequest.counterpart_duty_id.in_([x.id for p in pairs for x in p])))).all()
    return SwapPlan(pairs, {x.id: x.version for p in pairs for x in p}), busy


def _facts(d: Duty, date_: date) -> DutyFacts:
    return DutyFacts(date_, d.kind, d.start_utc, d.end_utc, d.break_minutes)


def _rule_check(s: Session, a: Person, b: Person, plan: SwapPlan) -> list[dict]:
    """Run the rules for both people with the exchange made; blocking findings refuse it."""
    lo, hi = plan.pairs[0][0].date, plan.pairs[-1][0].date
    warnings = []
    for person, mine_idx in ((a, 0), (b, 1)):
        replace = [_facts(pair[1 - mine_idx], pair[mine_idx].date) for pair in plan.pairs]
        before = findings_for(s, person, (lo, hi))
        added = new_findings(before, findings_for(s, person, (lo, hi), replace=replace))
        blocks = [f for f in added if f.severity == "block"]
        who = "you" if person is a else person.display_name
        if blocks:
            raise InvalidInput(f"This swap would break a working-time rule for {who}: " +
                               "; ".join(f"{f.rule} {f.message}" for f in blocks[:3]))
        warnings += [dict(f.as_dict(), person=person.display_name) for f in added]
    return warnings


def _checked_plan(s, a, a_duty, b, b_duty, today, ignore_swap: int | None = None) -> tuple[SwapPlan, list[dict]]:
    plan, busy = _plan(s, a, a_duty, b, b_duty, today)
    busy = [x for x in busy if x.id != ignore_swap]
    if busy:
        raise InvalidInput("One of these duties is already in another swap waiting for an answer. "
                           "Withdraw that one first.")
    return plan, _rule_check(s, a, b, plan)


def _own_duty(s: Session, person_id: int, duty_id: int) -> Duty:
    d = s.get(Duty, duty_id)
    if d is None or d.person_id != person_id:
        raise NotFound("That duty isn't yours.")
    return d


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    duty_id: int
    duty: str  # "Sat 05 Dec: Late 15:00–23:00"


@service
def swap_candidates(s: Session, actor: Actor, my_duty_id: int, today: date | None = None) -> list[Candidate]:
    """Eligible colleagues for a direct swap of my duty on the same date: same team, the skills
    the duty needs, a different day to give back, and no rule broken for either of us."""
    me = person_of(s, actor.require_person(what="swap a duty"))
    mine = _own_duty(s, me.id, my_duty_id)
    today = today or london_today()
    out = []
    for p in roster_colleagues(s, me):
        theirs = _main(s, p.id, mine.date)
        if theirs is None or (theirs.kind, theirs.shift_type_id, theirs.start_utc) == (mine.kind, mine.shift_type_id, mine.start_utc):
            continue
        try:
            _checked_plan(s, me, mine, p, theirs, today)
        except (InvalidInput, NotFound):
            continue
        out.append(Candidate(p.id, p.display_name, theirs.id, _label(s, theirs)))
    return out


@dataclass(frozen=True)
class SwapRow:
    id: int
    status: str
    direction: str  # "mine", "to_me", "open" (an open offer I could take)
    requester: str
    counterpart: str
    gives: str  # the requester's duty
    takes: str  # the counterpart's duty ("anyone eligible" for an open offer not yet taken)
    note: str
    decision_reason: str
    version: int
    history: list[HistoryRow]


def _swap_row(s: Session, r: SwapRequest, direction: str, hist) -> SwapRow:
    req_p = s.get(Person, r.requester_id)
    cp = s.get(Person, r.counterpart_id) if r.counterpart_id else None
    frozen = r.impact or {}  # labels as agreed: after approval the duty rows hold the swapped duties
    return SwapRow(r.id, r.status, direction, req_p.display_name, cp.display_name if cp else "Anyone eligible",
                   frozen.get("gives") or _label(s, s.get(Duty, r.requester_duty_id)),
                   frozen.get("takes") or (_label(s, s.get(Duty, r.counterpart_duty_id)) if r.counterpart_duty_id
                                           else "Their duty that day"),
                   r.note, r.decision_reason, r.version, hist.get(r.id, []))


@service
def offer_swap(s: Session, actor: Actor, my_duty_id: int, their_duty_id: int | None = None, note: str = "",
               today: date | None = None) -> SwapRow:
    """Offer my duty: to the owner of ``their_duty_id`` (direct; eligibility and the rules for both
    of us are checked now), or with no ``their_duty_id`` to any eligible colleague (open)."""
    me = person_of(s, actor.require_person(what="swap a duty"))
    today = today or london_today()
    mine = _own_duty(s, me.id, my_duty_id)
    note = (note or "").strip()[:500]
    if mine.date <= today:
        raise InvalidInput("Swaps are for future duties: today's and past duties can't be swapped.")
    if mine.status != "published":
        raise InvalidInput("That duty isn't published yet, so it can't be swapped.")
    if their_duty_id:
        theirs = s.get(Duty, their_duty_id)
        if theirs is None:
            raise NotFound("That colleague's duty doesn't exist any more.")
        other = person_of(s, theirs.person_id)
        plan, warnings = _checked_plan(s, me, mine, other, theirs, today)
        row = SwapRequest(requester_id=me.id, requester_duty_id=mine.id, counterpart_id=other.id,
                          counterpart_duty_id=theirs.id, note=note, status="offered",
                          impact={"versions": {str(k): v for k, v in plan.versions.items()}, "findings": warnings,
                                  "gives": _label(s, mine), "takes": _label(s, theirs)})
        s.add(row)
        s.flush()
        audit.notify_people(s, [other.id], "swap_offer", f"{me.display_name} asks to swap",
                            f"You'd work {_label(s, mine)}; they'd work {_label(s, theirs)}." + (f" “{note}”" if note else ""),
                            link="/swaps")
    else:
        if not _working(mine):
            raise InvalidInput("Only a working duty can be offered to anyone; for a rest day pick a colleague's duty.")
        busy = s.exec(select(SwapRequest).where(SwapRequest.status.in_(OPEN_STATES), or_(
            SwapRequest.requester_duty_id == mine.id, SwapRequest.counterpart_duty_id == mine.id))).first()
        if busy:
            raise InvalidInput("That duty is already in a swap waiting for an answer. Withdraw that one first.")
        row = SwapRequest(requester_id=me.id, requester_duty_id=mine.id, note=note, status="offered",
                          impact={"versions": {str(mine.id): mine.version}, "gives": _label(s, mine)})
        s.add(row)
        s.flush()
        colleagues = [p.id for p in roster_colleagues(s, me)]
        audit.notify_people(s, colleagues, "swap_offer", f"{me.display_name} offers a duty",
                            f"{_label(s, mine)} is up for swap." + (f" “{note}”" if note else ""), link="/swaps")
    add_event(s, "swap", row.id, "offered", actor, note)
    audit.record(s, actor, "swap_offered", "swap_request", row.id, f"{_label(s, mine)}", unit_id=me.unit_id)
    return _swap_row(s, row, "mine", history(s, "swap", [row.id]))


@service
def respond_swap(s: Session, actor: Actor, swap_id: int, accept: bool, my_duty_id: int | None = None,
                 expected_version: int | None = None, today: date | None = None) -> SwapRow:
    """The colleague accepts or declines. For an open offer any eligible colleague may accept,
    giving ``my_duty_id`` (default: their own duty on the offered date); declining an open offer
    just hides nothing and is refused. The first accept wins: a second gets ``Conflict``."""
    me = person_of(s, actor.require_person(what="answer a swap"))
    today = today or london_today()
    row = s.get(SwapRequest, swap_id)
    if row is None:
        raise NotFound("That swap doesn't exist any more.")
    if row.requester_id == me.id:
        raise InvalidInput("This is your own offer. You can withdraw it instead.")
    if row.counterpart_id is not None and row.counterpart_id != me.id:
        raise PermissionDenied("This swap was offered to someone else.")
    requester = person_of(s, row.requester_id)
    theirs = s.get(Duty, row.requester_duty_id)
    if not accept:
        if row.counterpart_id is None:
            raise InvalidInput("An open offer can't be declined; just leave it for someone else.")
        transition(s, SwapRequest, row.id, from_statuses=("offered",), expected_version=expected_version,
                   values={"status": "declined"}, what="swap")
        add_event(s, "swap", row.id, "declined", actor)
        audit.notify_people(s, [requester.id], "swap_declined", f"{me.display_name} declined your swap",
                            _label(s, theirs), link="/swaps")
        s.refresh(row)
        return _swap_row(s, row, "to_me", history(s, "swap", [row.id]))
    if row.counterpart_duty_id is not None:
        mine = s.get(Duty, row.counterpart_duty_id)
    elif my_duty_id:
        mine = _own_duty(s, me.id, my_duty_id)
    else:
        mine = _main(s, me.id, theirs.date)
        if mine is None:
            raise InvalidInput(f"You have no rota on {theirs.date:%a %d %b}, so you can't take this duty.")
    if row.status != "offered":
        raise Conflict(_taken(s, row))
    plan, warnings = _checked_plan(s, requester, theirs, me, mine, today, ignore_swap=row.id)
    vers = {str(k): v for k, v in plan.versions.items()}
    if any(str(k) in vers and vers[str(k)] != v for k, v in ((row.impact or {}).get("versions") or {}).items()):
        raise Conflict("The rota for this swap has changed since it was offered. Ask for a fresh offer.")
    try:
        transition(s, SwapRequest, row.id, from_statuses=("offered",), expected_version=expected_version or row.version,
                   values={"status": "accepted", "counterpart_id": me.id, "counterpart_duty_id": mine.id,
                           "impact": {"versions": vers, "findings": warnings, "gives": _label(s, theirs),
                                      "takes": _label(s, mine)}}, what="swap")
    except Conflict:
        s.refresh(row)
        raise Conflict(_taken(s, row)) from None
    s.refresh(row)
    add_event(s, "swap", row.id, "accepted", actor)
    audit.record(s, actor, "swap_accepted", "swap_request", row.id, f"{_label(s, theirs)} <-> {_label(s, mine)}",
                 unit_id=me.unit_id)
    audit.notify_people(s, [requester.id], "swap_accepted", f"{me.display_name} accepted your swap",
                        f"{_label(s, theirs)} for {_label(s, mine)}. A planner will now decide.", link="/swaps")
    audit.notify_users(s, planner_user_ids(s, requester.unit_id), "swap_request",
                       f"Swap to approve: {requester.display_name} and {me.display_name}",
                       f"{_label(s, theirs)} for {_label(s, mine)}", link="/desk")
    return _swap_row(s, row, "to_me", history(s, "swap", [row.id]))


def _taken(s: Session, row: SwapRequest) -> str:
    if row.status == "accepted" and row.counterpart_id:
        return f"Too late: {s.get(Person, row.counterpart_id).display_name} has already accepted this swap."
    return f"This swap is no longer open (it was {row.status})."


@service
def withdraw_swap(s: Session, actor: Actor, swap_id: int) -> None:
    """The requester withdraws an offer that a planner hasn't decided yet."""
    me = actor.require_person(what="withdraw a swap")
    row = s.get(SwapRequest, swap_id)
    if row is None or row.requester_id != me:
        raise NotFound("That swap isn't yours.")
    transition(s, SwapRequest, row.id, from_statuses=OPEN_STATES, expected_version=None,
               values={"status": "withdrawn", "decided_at": stamp()}, what="swap")
    add_event(s, "swap", row.id, "withdrawn", actor)
    if row.counterpart_id:
        audit.notify_people(s, [row.counterpart_id], "swap_withdrawn", "A swap offered to you was withdrawn",
                            _label(s, s.get(Duty, row.requester_duty_id)), link="/swaps")


@service
def decide_swap(s: Session, actor: Actor, swap_id: int, approve: bool, reason: str = "",
                expected_version: int | None = None, today: date | None = None) -> SwapRow:
    """A planner approves or refuses an accepted swap.

    Permission: ``planner`` whose units include the requester's unit. Conditional update on
    status ``accepted`` and ``expected_version``: if another planner decided first ->
    ``Conflict("This swap was already approved by X at HH:MM on DD Mon.")``, nothing changes.
    Approving re-checks eligibility and the rules for both people, refuses with ``Conflict`` if
    any duty changed since the colleague accepted, then exchanges the duties through
    ``duties.change_duty`` (reason ``swap``). Refusing needs a ``reason``. Both people are told."""
    row = s.get(SwapRequest, swap_id)
    if row is None:
        raise NotFound("That swap doesn't exist.")
    a = person_of(s, row.requester_id)
    require_planner_for(s, actor, a, "decide swaps")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise InvalidInput("Give the reason for refusing, so both people know why.")
    status = "approved" if approve else "refused"
    transition(s, SwapRequest, row.id, from_statuses=("accepted",), expected_version=expected_version,
               values={"status": status, "decided_by_user_id": actor.user_id, "decided_at": stamp(),
                       "decision_reason": reason[:500]}, what="swap")
    s.refresh(row)
    b = person_of(s, row.counterpart_id)
    if approve:
        plan, warnings = _checked_plan(s, a, s.get(Duty, row.requester_duty_id), b, s.get(Duty, row.counterpart_duty_id),
                                       today or london_today(), ignore_swap=row.id)
        agreed = (row.impact or {}).get("versions") or {}
        for pair in plan.pairs:
            for d in pair:
                if str(d.id) in agreed and agreed[str(d.id)] != d.version:
                    raise Conflict(f"{_label(s, d)} has changed since the swap was agreed. Refuse this swap and "
                                   "ask them to offer it again.")
        for da, db in plan.pairs:
            va, vb = {f: getattr(da, f) for f in CONTENT}, {f: getattr(db, f) for f in CONTENT}
            why = f"Swap with {b.display_name} approved"
            duties.change_duty(s, actor, da, dict(vb, source="swap"), reason_code="swap", reason=why,
                               expected_version=da.version, notify=False)
            duties.change_duty(s, actor, db, dict(va, source="swap"), reason_code="swap",
                               reason=f"Swap with {a.display_name} approved", expected_version=db.version, notify=False)
        row.impact = dict(row.impact or {}, findings_at_decision=warnings)
        s.add(row)
    add_event(s, "swap", row.id, status, actor, reason)
    audit.record(s, actor, f"swap_{status}", "swap_request", row.id, f"{a.display_name} <-> {b.display_name}",
                 unit_id=a.unit_id)
    audit.notify_people(s, [a.id, b.id], "swap_decision", f"Swap {status}: {a.display_name} and {b.display_name}",
                        (f"{actor.display_name}: {reason.rstrip('.')}." if reason else f"Decided by {actor.display_name}.")
                        + (" Your rota has been updated." if approve else ""), link="/swaps")
    return _swap_row(s, row, "mine", history(s, "swap", [row.id]))


@service
def my_swaps(s: Session, actor: Actor, today: date | None = None) -> dict[str, list[SwapRow]]:
    """``mine``: swaps I asked for; ``to_me``: direct offers to me and swaps I accepted;
    ``open``: open offers in my team I could take."""
    me = person_of(s, actor.require_person(what="see swaps"))
    today = today or london_today()
    mine = s.exec(select(SwapRequest).where(SwapRequest.requester_id == me.id)
                  .order_by(SwapRequest.created_at.desc(), SwapRequest.id.desc()).limit(30)).all()
    to_me = s.exec(select(SwapRequest).where(SwapRequest.counterpart_id == me.id)
                   .order_by(SwapRequest.created_at.desc(), SwapRequest.id.desc()).limit(30)).all()
    team = [p.id for p in roster_colleagues(s, me)]
    open_ = s.exec(select(SwapRequest).join(Duty, Duty.id == SwapRequest.requester_duty_id).where(
        SwapRequest.status == "offered", SwapRequest.counterpart_id.is_(None), SwapRequest.requester_id.in_(team),
        Duty.date > today).order_by(Duty.date).limit(30)).all()
    hist = history(s, "swap", [r.id for r in (*mine, *to_me, *open_)])
    return {"mine": [_swap_row(s, r, "mine", hist) for r in mine],
            "to_me": [_swap_row(s, r, "to_me", hist) for r in to_me],
            "open": [_swap_row(s, r, "open", hist) for r in open_]}


@service
def pending_swaps(s: Session, actor: Actor, limit: int = 100) -> list[SwapRow]:
    """For the planner's approvals inbox: accepted swaps in the units I plan, oldest first."""
    actor.require("planner", what="see swaps")
    q = select(SwapRequest, Person).join(Person, Person.id == SwapRequest.requester_id).where(
        SwapRequest.status == "accepted")
    if "admin" not in actor.roles:
        q = q.where(Person.unit_id.in_(actor.unit_ids or {-1}))
    rows = [r for r, _ in s.exec(q.order_by(SwapRequest.created_at).limit(limit)).all()]
    hist = history(s, "swap", [r.id for r in rows])
    return [_swap_row(s, r, "mine", hist) for r in rows]


@service
def my_future_duties(s: Session, actor: Actor, days: int = 42, today: date | None = None) -> list[dict]:
    """My published duties after today (for picking the duty to swap)."""
    me = actor.require_person(what="swap a duty")
    today = today or london_today()
    from datetime import timedelta
    rows = s.exec(select(Duty).where(Duty.person_id == me, Duty.date > today, Duty.date <= today + timedelta(days=days),
                                     Duty.line == "main", Duty.status == "published").order_by(Duty.date)).all()
    return [{"id": str(d.id), "label": _label(s, d), "working": "yes" if _working(d) else ""} for d in rows]
