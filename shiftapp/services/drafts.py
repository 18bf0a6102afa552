"""Optimiser drafts made by the nightly job: planners see when it ran, how long it took and what
it would change, then accept (written like a planner's own optimiser run) or discard. Nothing is
ever published without a planner."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from ..db import service, unit_of_work
from ..engine.timeutil import utc_to_local
from ..models import Requirement, RosterDraft, Unit
from . import audit
from .actor import Actor
from .errors import Conflict, NotFound

NIGHTLY_WEEKS = int(os.environ.get("SHIFTAPP_NIGHTLY_WEEKS", "4"))
FREEZE_DAYS = int(os.environ.get("SHIFTAPP_FREEZE_DAYS", "14"))  # inside it only days with broken cover may move
SECONDS_PER_UNIT = float(os.environ.get("SHIFTAPP_NIGHTLY_SECONDS", "30"))

SYSTEM = Actor(user_id=None, username="system", display_name="Nightly optimiser", roles=frozenset({"admin"}))  # type: ignore[arg-type]


def planning_units() -> list[int]:
    """Units whose minimum staffing the optimiser plans for (they own requirements)."""
    with unit_of_work() as s:
        return sorted(set(s.exec(select(Requirement.unit_id).where(Requirement.event_id.is_(None))).all()))


def freeze(prep, freeze_days: int):
    """Lock every cell inside the freeze window except on days whose hard cover is broken now
    (an abstraction or approved leave made a gap): only what broke is re-planned there.
    Returns the prepared solve and those broken days inside the window."""
    from ..engine.roster.evaluator import evaluate

    broken = {v.day for v in evaluate(prep.problem, prep.current).hard
              if v.day is not None and v.day < freeze_days}
    locked = dict(prep.problem.locked)
    unavailable = prep.problem.unavailable
    for person, row in prep.current.items():
        for day in range(min(freeze_days, len(row))):
            if day not in broken and (person, day) not in unavailable:
                locked.setdefault((person, day), row[day])
    prep.problem = dataclasses.replace(prep.problem, locked=locked)
    return prep, sorted(broken)


def freeze_note(broken: list[int], freeze_days: int) -> str:
    """What the freeze window let move, as the draft's last line of explanation."""
    where = f"inside the {freeze_days}-day freeze window"
    if not broken:
        return f"No day {where} had broken cover, so its duties were kept."
    if len(broken) == 1:
        return f"1 day {where} had broken cover and was re-planned."
    return f"{len(broken)} days {where} had broken cover and were re-planned."


def nightly_unit(unit_id: int, start: date, run_id: int | None, *, weeks: int | None = None,
                 seconds: float | None = None, freeze_days: int | None = None) -> dict:
    """Solve one unit and keep the result as a draft, in one transaction (all or nothing).
    Unset, ``weeks``, ``seconds`` and ``freeze_days`` are the module's settings as they are
    at the call (read then, not when the function was defined)."""
    from .desk import optimiser

    weeks = NIGHTLY_WEEKS if weeks is None else weeks
    seconds = SECONDS_PER_UNIT if seconds is None else seconds
    freeze_days = FREEZE_DAYS if freeze_days is None else freeze_days

    prep = optimiser.prepare(SYSTEM, unit_id, start, weeks)
    prep, broken = freeze(prep, freeze_days)
    proposal = optimiser.solve_prepared(prep, time_limit=seconds)
    with unit_of_work() as s:
        s.execute(update(RosterDraft).where(RosterDraft.unit_id == unit_id, RosterDraft.status == "draft",
                                            RosterDraft.source == "nightly").values(status="superseded"))
        draft = RosterDraft(unit_id=unit_id, start_date=start, end_date=start + timedelta(days=prep.days - 1),
                            source="nightly", status="draft", seconds=proposal.seconds,
                            objective=proposal.objective_after, changes=proposal.changes,
                            explanation=proposal.unmet + [freeze_note(broken, freeze_days)],
                            job_run_id=run_id)
        s.add(draft)
        s.flush()
        audit.record(s, None, "nightly_draft", "roster_draft", draft.id,
                     f"{prep.unit_name}: {len(proposal.changes)} changes proposed", unit_id=unit_id)
    return {"changes": len(proposal.changes), "unmet": len(proposal.unmet), "seconds": proposal.seconds}


@dataclass(frozen=True)
class DraftRow:
    id: int
    unit: str
    period: str
    made: str
    seconds: str
    changes: int
    status: str
    explanation: list[str]
    lines: list[str]


@service
def latest_drafts(s: Session, actor: Actor) -> list[DraftRow]:
    actor.require("planner", what="see optimiser drafts")
    q = select(RosterDraft, Unit.name).join(Unit, RosterDraft.unit_id == Unit.id).where(
        RosterDraft.status.in_(("draft", "accepted", "discarded")), RosterDraft.source == "nightly")
    if "admin" not in actor.roles:
        q = q.where(RosterDraft.unit_id.in_(actor.unit_ids))
    out, seen = [], set()
    for d, name in s.exec(q.order_by(RosterDraft.created_at.desc())).all():
        if d.unit_id in seen:
            continue
        seen.add(d.unit_id)
        out.append(DraftRow(d.id, name, f"{d.start_date:%d %b}–{d.end_date:%d %b}",
                            f"{utc_to_local(d.created_at):%a %d %b %H:%M}", f"{d.seconds:.0f}", len(d.changes),
                            d.status, list(d.explanation)[:6],
                            [f"{c['day']} {c['person']}: {c['before']} → {c['after']}" for c in d.changes[:40]]))
    return out


def _claim(s: Session, actor: Actor, draft_id: int, to: str) -> RosterDraft:
    actor.require("planner", what="decide optimiser drafts")
    d = s.get(RosterDraft, draft_id)
    if d is None:
        raise NotFound("That draft no longer exists.")
    actor.require_unit(d.unit_id, what="decide optimiser drafts")
    hit = s.execute(update(RosterDraft).where(RosterDraft.id == draft_id, RosterDraft.status == "draft")
                    .values(status=to)).rowcount
    if hit != 1:
        s.refresh(d)
        raise Conflict(f"This draft was already {d.status}.")
    return d


@service
def accept_draft(s: Session, actor: Actor, draft_id: int) -> int:
    from .desk import optimiser

    d = _claim(s, actor, draft_id, "accepted")
    n = optimiser.accept(actor, d.unit_id, d.changes, session=s) if d.changes else 0
    audit.record(s, actor, "draft_accepted", "roster_draft", d.id, f"{n} changes written", unit_id=d.unit_id)
    return n


@service
def discard_draft(s: Session, actor: Actor, draft_id: int) -> None:
    d = _claim(s, actor, draft_id, "discarded")
    audit.record(s, actor, "draft_discarded", "roster_draft", d.id, "discarded", unit_id=d.unit_id)
