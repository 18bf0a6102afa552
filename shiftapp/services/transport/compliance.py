"""Contractors and their compliance audits (results, when the next is due), and incidents and
accidents with follow-up actions. Planners see only contractors working for their depots and
incidents on their depots' runs."""
from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, func, select

from ...db import service
from ...engine.timeutil import utc_to_local
from ...models import ComplianceAudit, Contractor, Incident, Run, User, Vehicle
from ...models.base import utcnow
from .. import audit
from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotFound, PermissionDenied
from ..requests.common import london_today
from . import bridge as B
from .views import planner_units

AUDIT_RESULTS = ("pass", "pass_with_actions", "fail")
DEFAULT_AUDIT_INTERVAL_DAYS = 182      # policy choice: twice a year, in step with HTS-04's 6-monthly checks
INCIDENT_KINDS = ("incident", "accident", "safeguarding", "complaint")
SEVERITIES = ("low", "medium", "high")


def _contractor_ids(s: Session, actor: Actor) -> set[int]:
    units = planner_units(s, actor)
    depots = {d.id for d in B.depots_under(s, units)} if "admin" not in actor.roles else set(units)
    return set(s.exec(select(Vehicle.contractor_id).where(Vehicle.unit_id.in_(depots),
                                                          Vehicle.contractor_id.is_not(None))).all())


@service
def contractors(s: Session, actor: Actor, today: date | None = None) -> list[dict[str, str]]:
    today = today or london_today()
    ids = _contractor_ids(s, actor)
    out = []
    for c in s.exec(select(Contractor).where(Contractor.id.in_(ids)).order_by(Contractor.name)).all():
        last = s.exec(select(ComplianceAudit).where(ComplianceAudit.contractor_id == c.id)
                      .order_by(ComplianceAudit.audit_date.desc())).first()
        due = last.next_due if last else None
        state = ("no audit" if last is None else "overdue" if due and due < today
                 else "failed" if last.result == "fail" else "due soon" if due and due <= today + timedelta(days=30)
                 else "ok")
        runs = s.exec(select(func.count()).select_from(Run).where(Run.contractor_id == c.id, Run.date >= today,
                                                                 Run.date < today + timedelta(days=7))).one()
        vehicles = s.exec(select(func.count()).select_from(Vehicle).where(Vehicle.contractor_id == c.id)).one()
        out.append({"id": str(c.id), "name": c.name, "contact": f"{c.contact_name} {c.phone}".strip(),
                    "contract": c.contract_ref, "authority": c.licensing_authority, "vehicles": str(vehicles),
                    "runs_week": str(runs), "last": f"{last.audit_date:%d %b %Y}" if last else "",
                    "result": (last.result.replace("_", " ") if last else ""), "notes": last.notes if last else "",
                    "next_due": f"{due:%d %b %Y}" if due else "", "state": state})
    return out


@service
def record_audit(s: Session, actor: Actor, contractor_id: int, audit_date: date, result: str, notes: str = "",
                 next_due: date | None = None) -> ComplianceAudit:
    if contractor_id not in _contractor_ids(s, actor):
        raise PermissionDenied("You can only audit contractors working for your depots.")
    if result not in AUDIT_RESULTS:
        raise InvalidInput("The result is pass, pass with actions or fail.")
    if audit_date > london_today():
        raise InvalidInput("An audit can't be recorded before it has happened.")
    next_due = next_due or audit_date + timedelta(days=DEFAULT_AUDIT_INTERVAL_DAYS if result == "pass" else 30)
    if next_due <= audit_date:
        raise InvalidInput("The next audit must be after this one.")
    row = ComplianceAudit(contractor_id=contractor_id, audit_date=audit_date, result=result, notes=notes[:1000],
                          next_due=next_due)
    s.add(row)
    s.flush()
    audit.record(s, actor, "contractor_audited", "contractor", contractor_id, f"audit {audit_date}: {result}")
    return row


def _incident_scope(s: Session, actor: Actor, inc: Incident) -> None:
    units = planner_units(s, actor)
    run = s.get(Run, inc.run_id) if inc.run_id else None
    if "admin" not in actor.roles and (run is None or run.unit_id not in units):
        raise PermissionDenied("You can only handle incidents on your own depots' runs.")


@service
def incidents(s: Session, actor: Actor, include_closed: bool = False) -> list[dict]:
    units = planner_units(s, actor)
    q = select(Incident, Run).join(Run, Incident.run_id == Run.id)
    if "admin" not in actor.roles:
        q = q.where(Run.unit_id.in_(units))
    if not include_closed:
        q = q.where(Incident.status != "closed")
    names = {u.id: u.display_name for u in s.exec(select(User)).all()}
    out = []
    for inc, run in s.exec(q.order_by(Incident.occurred_utc.desc())).all():
        out.append({"id": str(inc.id), "run": f"{run.code} · {run.date:%a %d %b}", "kind": inc.kind,
                    "severity": inc.severity, "status": inc.status, "description": inc.description,
                    "when": f"{utc_to_local(B.aware(inc.occurred_utc)):%d %b %H:%M}",
                    "by": names.get(inc.reported_by_user_id, ""),
                    "actions": [{"i": str(i), "text": a.get("text", ""), "owner": a.get("owner", ""),
                                 "due": a.get("due", ""), "done": "yes" if a.get("done") else ""}
                                for i, a in enumerate(inc.actions)],
                    "open_actions": str(sum(1 for a in inc.actions if not a.get("done")))})
    return out


@service
def report_incident(s: Session, actor: Actor, run_id: int, kind: str, severity: str, description: str) -> Incident:
    run = s.get(Run, run_id)
    if run is None:
        raise NotFound("No such run.")
    inc = Incident(run_id=run.id, occurred_utc=utcnow(), kind=kind, severity=severity, description=description[:2000],
                   reported_by_user_id=actor.user_id, actions=[], status="open")
    _incident_scope(s, actor, inc)
    if kind not in INCIDENT_KINDS or severity not in SEVERITIES:
        raise InvalidInput("Choose the kind and severity.")
    if not description.strip():
        raise InvalidInput("Describe what happened.")
    s.add(inc)
    s.flush()
    audit.record(s, actor, "incident_reported", "incident", inc.id, f"{run.code} {run.date}: {kind} ({severity})",
                 unit_id=run.unit_id)
    return inc


@service
def add_action(s: Session, actor: Actor, incident_id: int, text: str, owner: str = "", due: date | None = None) -> Incident:
    inc = s.get(Incident, incident_id)
    if inc is None:
        raise NotFound("No such incident.")
    _incident_scope(s, actor, inc)
    if inc.status == "closed":
        raise Conflict("This incident is closed.")
    if not text.strip():
        raise InvalidInput("Say what needs doing.")
    inc.actions = list(inc.actions) + [{"text": text.strip()[:300], "owner": owner[:120],
                                        "due": due.isoformat() if due else "", "done": False}]
    inc.status = "actions"
    s.add(inc)
    audit.record(s, actor, "incident_action", "incident", inc.id, f"action: {text[:120]}")
    return inc


@service
def complete_action(s: Session, actor: Actor, incident_id: int, index: int) -> Incident:
    inc = s.get(Incident, incident_id)
    if inc is None or not (0 <= index < len(inc.actions)):
        raise NotFound("No such action.")
    _incident_scope(s, actor, inc)
    actions = [dict(a) for a in inc.actions]
    actions[index]["done"] = True
    actions[index]["done_at"] = utcnow().isoformat()
    inc.actions = actions
    s.add(inc)
    audit.record(s, actor, "incident_action_done", "incident", inc.id, f"done: {actions[index]['text'][:120]}")
    return inc


@service
def close_incident(s: Session, actor: Actor, incident_id: int) -> Incident:
    inc = s.get(Incident, incident_id)
    if inc is None:
        raise NotFound("No such incident.")
    _incident_scope(s, actor, inc)
    if any(not a.get("done") for a in inc.actions):
        raise Conflict("Complete every follow-up action before closing the incident.")
    inc.status = "closed"
    s.add(inc)
    audit.record(s, actor, "incident_closed", "incident", inc.id, "closed")
    return inc
