"""Run-sheet marks (collected, absent, delivered, incident) from the phone, online or replayed
from the offline queue. Each mark carries a client-made id; the server stores an id once, so
a replay is never counted twice and a lost answer can simply be sent again."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ...db import service
from ...models import Incident, Run, RunSheetEvent, RunStop, UserRole, UserUnit
from ...models.base import utcnow
from ...models.transport import RUN_EVENT_KINDS
from .. import audit
from ..actor import Actor
from ..errors import InvalidInput

CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
MAX_BATCH = 200
STOP_KINDS = {"collected": ("pickup",), "absent": ("pickup",), "delivered": ("dropoff",),
              "incident": ("pickup", "dropoff", "depart", "return")}


def _when(value, now: datetime) -> datetime:
    if not value:
        return now
    try:
        t = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return now
    t = t if t.tzinfo else t.replace(tzinfo=timezone.utc)
    # a phone's clock may be wrong: never in the future, never before the run could have started
    return min(t.astimezone(timezone.utc), now)


def _check(s: Session, actor: Actor, m: dict) -> tuple[Run, RunStop | None, int | None, str]:
    kind = str(m.get("kind", ""))
    if kind not in RUN_EVENT_KINDS:
        raise InvalidInput(f"Unknown mark {kind!r}.")
    try:
        run_id = int(m.get("run_id"))
    except (TypeError, ValueError):
        raise InvalidInput("A mark needs its run.") from None
    run = s.get(Run, run_id)
    if run is None or actor.person_id is None or actor.person_id not in (run.driver_id, run.escort_id):
        raise InvalidInput("You can only mark your own runs.")
    stop = None
    if m.get("stop_id") is not None:
        try:
            stop = s.get(RunStop, int(m["stop_id"]))
        except (TypeError, ValueError):
            stop = None
        if stop is None or stop.run_id != run.id:
            raise InvalidInput("That stop is not on this run any more; the run has changed.")
        if stop.kind not in STOP_KINDS[kind]:
            raise InvalidInput(f"A {kind} mark doesn't fit a {stop.kind} stop.")
    passenger_id = stop.passenger_id if stop is not None else None
    if m.get("passenger_id") is not None:
        try:
            passenger_id = int(m["passenger_id"])
        except (TypeError, ValueError):
            raise InvalidInput("Unknown passenger.") from None
        on_run = s.exec(select(RunStop.id).where(RunStop.run_id == run.id, RunStop.passenger_id == passenger_id)).first()
        if on_run is None:
            raise InvalidInput("That passenger is not on this run.")
    if kind != "incident" and passenger_id is None:
        raise InvalidInput(f"A {kind} mark needs a passenger.")
    return run, stop, passenger_id, kind


@service
def record_marks(s: Session, actor: Actor, marks: list[dict]) -> dict:
    """Store each mark once by its ``client_id`` (and a collected/absent/delivered fact once per
    passenger and run, whoever sends it). Returns the client ids ``stored`` now, already
    stored before (``duplicates``: the phone may drop them from its queue), and ``rejected``
    with a reason (also to be dropped: sending again would not help)."""
    actor.require("driver", "escort", what="mark run sheets")
    if not isinstance(marks, list) or len(marks) > MAX_BATCH:
        raise InvalidInput(f"Send a list of at most {MAX_BATCH} marks.")
    now = utcnow()
    stored, duplicates, rejected = [], [], []
    for m in marks:
        cid = str(m.get("client_id", "")) if isinstance(m, dict) else ""
        if not CLIENT_ID.match(cid):
            rejected.append({"client_id": cid[:64], "reason": "A mark needs a client id of 8–64 letters or digits."})
            continue
        if s.exec(select(RunSheetEvent.id).where(RunSheetEvent.client_id == cid)).first() is not None:
            duplicates.append(cid)
            continue
        try:
            run, stop, passenger_id, kind = _check(s, actor, m)
        except InvalidInput as err:
            rejected.append({"client_id": cid, "reason": err.message})
            continue
        if kind != "incident" and s.exec(select(RunSheetEvent.id).where(
                RunSheetEvent.run_id == run.id, RunSheetEvent.passenger_id == passenger_id,
                RunSheetEvent.kind == kind)).first() is not None:
            # the same fact already recorded (a double tap, or the driver and the escort both
            # marking): nothing new to store, and the phone may drop it from its queue
            duplicates.append(cid)
            continue
        note = str(m.get("note", ""))[:500]
        ev = RunSheetEvent(client_id=cid, run_id=run.id, stop_id=stop.id if stop else None, passenger_id=passenger_id,
                           kind=kind, recorded_utc=_when(m.get("recorded_at"), now), received_utc=now,
                           recorded_by_user_id=actor.user_id, note=note)
        try:
            with s.begin_nested():          # a simultaneous replay of the same id loses here, cleanly
                s.add(ev)
                s.flush()
        except IntegrityError:
            duplicates.append(cid)
            continue
        stored.append(cid)
        if run.status in ("planned", "published"):
            run.status = "in_progress"
            s.add(run)
        if kind == "incident":
            _incident(s, actor, run, ev)
    return {"stored": stored, "duplicates": duplicates, "rejected": rejected}


def _incident(s: Session, actor: Actor, run: Run, ev: RunSheetEvent) -> None:
    inc = Incident(run_id=run.id, occurred_utc=ev.recorded_utc, kind="incident", severity="medium",
                   description=ev.note or "Reported from the run sheet (no details given).",
                   reported_by_user_id=actor.user_id, actions=[], status="open")
    s.add(inc)
    s.flush()
    audit.record(s, actor, "incident_reported", "incident", inc.id, f"{run.code} {run.date}: incident reported",
                 unit_id=run.unit_id)
    from ..actor import unit_subtree
    planners = s.exec(select(UserRole.user_id).where(UserRole.role == "transport_planner")).all()
    scoped = [u for u in planners
              if run.unit_id in unit_subtree(s, set(s.exec(select(UserUnit.unit_id).where(UserUnit.user_id == u)).all()))]
    audit.notify_users(s, scoped, "incident", f"Incident on {run.code} ({run.date:%a %d %b})",
                       (ev.note or "")[:300], link="/transport/compliance", dedupe_key=f"incident:{ev.client_id}")


@service
def marks_for_run(s: Session, actor: Actor, run_id: int) -> list[dict]:
    from .views import _may_read_run
    run = s.get(Run, run_id)
    if run is None:
        return []
    _may_read_run(s, actor, run)
    return [{"client_id": e.client_id, "kind": e.kind, "stop_id": e.stop_id, "passenger_id": e.passenger_id}
            for e in s.exec(select(RunSheetEvent).where(RunSheetEvent.run_id == run_id)).all()]


