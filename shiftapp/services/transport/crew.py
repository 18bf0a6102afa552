"""A planner's manual crew change: another driver or escort for one run.

The person must pass the same rules as crew allocation (``engine.routing.eligibility``: the rota
— leave, sickness, not rostered, hours on duty —, enhanced DBS with the barred list for the
passengers, training for every need on the run, the licence category, nothing expired) and their
whole day must still fit (``engine.routing.person_day_problems``: change-over between runs, daily
driving, the break after 5.5 h, spreadover). A refusal says why; nothing is written.

Two planners changing the same run at once: the run's ``version`` is checked and bumped in one
conditional UPDATE (as for requests and duties), so exactly one lands and the other is told who
got there first.
"""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from ...db import service
from ...engine import routing as E
from ...engine.routing.domain import DBS_ADULT, DBS_CHILD
from ...engine.timeutil import utc_to_local
from ...models import AuditEntry, Person, Run, Unit, User
from ...models.base import utcnow
from .. import audit
from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotFound
from . import bridge as B
from .planning import stored_runs

ROLES = {"driver": B.DRIVER_TITLE, "escort": B.ESCORT_TITLE}
ROLE_WORDS = {"driver": "driver", "escort": "passenger assistant (escort)"}
CHANGEABLE = ("planned", "published", "in_progress")


def _plain(reason: str, codes: dict[str, str], facts: B.Facts, this: str) -> str:
    """Engine wording -> the planner's: crew and passenger ids as employee numbers and references,
    run ids as run codes, credential codes in words."""
    text = B.humanise(re.sub(r"^C\d+: ", "", reason), facts)
    for rid, code in codes.items():
        text = re.sub(rf"\b{re.escape(rid)}\b", code, text)
    clash = re.match(r"^(.+) and (.+) overlap or leave no change-over time$", text)
    if clash:
        other = clash.group(2) if clash.group(1) == this else clash.group(1)
        return f"on {other} then (runs overlap or leave no change-over time)"
    text = text.replace(f"dbs {DBS_CHILD}", "enhanced DBS with the children's barred list")
    text = text.replace(f"dbs {DBS_ADULT}", "enhanced DBS with the adults' barred list")
    text = re.sub(r"\btraining (\S+)", lambda m: f"{m.group(1)} training", text)
    return text.replace("_", " ")


def _load(s: Session, run: Run):
    facts = B.load_facts(s, s.get(Unit, run.unit_id), run.date)
    stored = stored_runs(s, run.unit_id, run.date)
    engine_runs = {r.id: B.stored_engine_run(facts, r, st) for r, st in stored}
    codes = {B.engine_run_id(r.session, r.vehicle_id): r.code for r, _ in stored}
    return facts, stored, engine_runs, codes


def _reasons(facts: B.Facts, stored, engine_runs: dict[int, E.Run], codes: dict[str, str], run: Run, role: str,
             person_id: int) -> list[str]:
    """Every reason ``person_id`` can't take ``run`` in ``role`` (empty = they can)."""
    member = next((m for m in facts.crew if m.id == B.cid(person_id)), None)
    if member is None:
        return ["not a driver or escort of this depot"]
    er = engine_runs[run.id]
    why = E.eligibility(member, er, role, run.date, facts.absences)
    duties = [(engine_runs[r.id], "driver" if r.driver_id == person_id else "escort")
              for r, _ in stored if r.id != run.id and person_id in (r.driver_id, r.escort_id)]
    why += E.person_day_problems(member, duties + [(er, role)])
    return list(dict.fromkeys(_plain(w, codes, facts, run.code) for w in why))


def _check_request(s: Session, actor: Actor, run_id: int, role: str) -> Run:
    run = s.get(Run, run_id)
    if run is None:
        raise NotFound("No such run.")
    actor.require("transport_planner", what="change a run's crew")
    actor.require_unit(run.unit_id, what="change a run's crew")
    if role not in ROLES:
        raise InvalidInput("Choose whether to change the driver or the escort.")
    if run.status not in CHANGEABLE:
        raise InvalidInput(f"{run.code} is {run.status}: its crew can't be changed.")
    if role == "driver" and run.contractor_id:
        raise InvalidInput(f"{run.code} is a contractor's run: the contractor supplies the driver.")
    return run


@service
def crew_candidates(s: Session, actor: Actor, run_id: int, role: str) -> list[dict[str, str]]:
    """The depot's drivers (or escorts) for ``run`` in ``role``: who could take it, and why not
    for the others. Eligible people first, then by name."""
    run = _check_request(s, actor, run_id, role)
    facts, stored, engine_runs, codes = _load(s, run)
    if role == "escort" and not engine_runs[run.id].needs_escort:
        return []
    current = run.driver_id if role == "driver" else run.escort_id
    out = []
    for p in sorted(facts.people.values(), key=lambda p: (p.family_name, p.given_name)):
        if p.job_title != ROLES[role] or p.id == current or p.id in (run.driver_id, run.escort_id):
            continue
        why = _reasons(facts, stored, engine_runs, codes, run, role, p.id)
        out.append({"id": str(p.id), "name": p.display_name, "ok": "" if why else "yes", "why": "; ".join(why),
                    "label": p.display_name + (" ✓" if not why else f" — {why[0]}")})
    return sorted(out, key=lambda c: c["ok"] != "yes")


def _who_changed(s: Session, run: Run) -> str:
    last = s.exec(select(AuditEntry).where(AuditEntry.entity_type == "run", AuditEntry.entity_id == run.id)
                  .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).first()
    if last is None or last.user_id is None or B.aware(run.updated_at) > B.aware(last.at) + timedelta(seconds=5):
        return f"{run.code} changed since you opened it (it was re-planned)."
    who = s.get(User, last.user_id)
    what = last.summary.removeprefix(f"{run.code} ")
    return (f"{run.code} was changed by {who.display_name if who else 'another planner'} at "
            f"{utc_to_local(B.aware(last.at)):%H:%M} ({what}).")


@service
def override_crew(s: Session, actor: Actor, run_id: int, role: str, person_id: int, *, expected_version: int,
                  reason: str = "") -> dict[str, str]:
    """Put ``person_id`` on ``run`` as its ``role`` (driver or escort) instead of whoever is there.

    ``expected_version`` is the run's version the planner saw: if the run changed since (another
    planner's override, a re-plan), ``Conflict`` says who changed it and nothing is written. If the
    person isn't eligible, ``InvalidInput`` gives every reason and nothing is written. Otherwise the
    run is changed, audited, and the people affected — the new person, the one taken off and the
    rest of the crew — are told."""
    run = _check_request(s, actor, run_id, role)
    person = s.get(Person, person_id)
    if person is None or person.unit_id != run.unit_id or person.job_title not in ROLES.values():
        raise InvalidInput("Choose a driver or escort of this run's depot.")
    if person.job_title != ROLES[role]:
        raise InvalidInput(f"{person.display_name} is a {person.job_title.lower()}, not a {ROLE_WORDS[role]}.")
    column = "driver_id" if role == "driver" else "escort_id"
    old_id = getattr(run, column)
    if old_id == person.id:
        raise InvalidInput(f"{person.display_name} is already the {role} of {run.code}.")
    if person.id in (run.driver_id, run.escort_id):
        raise InvalidInput(f"{person.display_name} is already on {run.code} in the other role.")
    # claim the run first: of two planners at once exactly one gets past this line
    hit = s.execute(update(Run).where(Run.id == run.id, Run.version == expected_version,
                                      Run.status.in_(CHANGEABLE))
                    .values(**{column: person.id}, version=Run.version + 1, updated_at=utcnow())).rowcount
    if hit != 1:
        s.refresh(run)
        raise Conflict(_who_changed(s, run) + " Reload to see the latest crew before you change it.")
    s.refresh(run)
    facts, stored, engine_runs, codes = _load(s, run)
    er = engine_runs[run.id]
    if role == "escort" and not er.needs_escort:
        raise InvalidInput(f"Nobody on {run.code} needs an escort.")
    why = _reasons(facts, stored, engine_runs, codes, run, role, person.id)
    if why:
        raise InvalidInput(f"{person.display_name} can't be the {role} of {run.code}: {'; '.join(why)}.")

    old = s.get(Person, old_id) if old_id else None
    note = (reason or "").strip()[:200]
    # the warnings about this role no longer hold; a passenger who needs stability is flagged
    keep = [w for w in run.warnings if not w.startswith(f"no {role}") and f"stability: {role} changes" not in w]
    for pid in er.stability_passenger_ids:
        if old is not None:
            keep.append(f"crew: {B.humanise(pid, facts)} needs stability: {role} changed by a planner "
                        f"from {old.employee_no} to {person.employee_no}")
    run.warnings = keep
    s.add(run)
    s.flush()
    summary = (f"{run.code} {run.date:%a %d %b}: {role} {old.display_name if old else 'none'} → {person.display_name}"
               + (f" ({note})" if note else ""))
    audit.record(s, actor, "run_crew_override", "run", run.id, summary, before={column: old_id},
                 after={column: person.id, "reason": note}, unit_id=run.unit_id)
    when = f"{run.date:%a %d %b}"
    audit.notify_people(s, [person.id], "run_changed", f"You're the {role} of {run.code} on {when}",
                        f"Changed by {actor.display_name}. Open the run sheet for the stops and times.", link="/run")
    if old is not None:
        audit.notify_people(s, [old.id], "run_changed", f"You're no longer the {role} of {run.code} on {when}",
                            f"{person.display_name} takes it (changed by {actor.display_name}).", link="/run")
    other = run.escort_id if role == "driver" else run.driver_id
    if other:
        audit.notify_people(s, [other], "run_changed", f"{run.code} on {when}: your {role} is now {person.display_name}",
                            f"Changed by {actor.display_name}.", link="/run")
    return {"run": run.code, "role": role, "person": person.display_name, "version": str(run.version),
            "summary": summary}
