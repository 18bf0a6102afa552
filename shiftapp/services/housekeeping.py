"""Housekeeping the scheduler runs every night: leave-year roll-over with carry-over limits,
TOIL expiry warnings, and licence/DBS/training expiry warnings. Each is idempotent, so a
re-run (a retry, or a catch-up after a restart) changes nothing twice."""
from __future__ import annotations

import os
from datetime import date, timedelta

from sqlmodel import func, select

from ..db import unit_of_work
from ..engine import rules
from ..models import Credential, LedgerEntry, Person, Unit, UserRole, UserUnit
from . import audit
from .actor import unit_subtree
from .home import leave_year_start

# Carry-over limits in days (POL-11: up to 5 days for officers; councils commonly allow 5 too).
CARRY_OVER_DAYS = {"police-ew-constable": 5, "default": 5}
TOIL_VALID_DAYS = int(os.environ.get("SHIFTAPP_TOIL_VALID_DAYS", "90"))  # POL-08: historically 3 months
TOIL_WARN_DAYS = 14
CREDENTIAL_WARN_DAYS = int(os.environ.get("SHIFTAPP_CREDENTIAL_WARN_DAYS", "30"))


def roll_over_leave(today: date) -> dict:
    """At the start of a leave year (1 April), credit each person's new entitlement and carry over
    unused leave up to the limit. One transaction per unit; safe to run every day."""
    year = leave_year_start(today)
    start = date(year, 4, 1)
    credited = carried = 0
    with unit_of_work() as s:
        units = s.exec(select(Unit.id)).all()
    for unit_id in units:
        with unit_of_work() as s:
            for p in s.exec(select(Person).where(Person.unit_id == unit_id, Person.active)).all():
                done = s.exec(select(LedgerEntry.id).where(
                    LedgerEntry.person_id == p.id, LedgerEntry.ledger == "annual_leave",
                    LedgerEntry.leave_year == year, LedgerEntry.source == "entitlement")).first()
                if done:
                    continue
                hours_week = p.contract_minutes_per_week / 60 if p.contract_minutes_per_week else None
                ent = rules.annual_leave_entitlement(p.rule_pack, start, service_start=p.service_start,
                                                     contract_hours=hours_week)
                leave_days = ent.days - ent.fixed_days
                minutes = round(ent.hours * 60 * leave_days / ent.days) if ent.days else 0
                s.add(LedgerEntry(person_id=p.id, ledger="annual_leave", minutes=minutes, effective_date=start,
                                  leave_year=year, source="entitlement",
                                  note=f"Annual leave {start.year}/{(start.year + 1) % 100:02d}: {leave_days:g} days ({ent.rule})"))
                credited += 1
                left = s.exec(select(func.coalesce(func.sum(LedgerEntry.minutes), 0)).where(
                    LedgerEntry.person_id == p.id, LedgerEntry.ledger == "annual_leave",
                    LedgerEntry.leave_year == year - 1)).one()
                day_minutes = (p.contract_minutes_per_week or 2400) / 5
                limit = CARRY_OVER_DAYS.get(p.rule_pack, CARRY_OVER_DAYS["default"]) * day_minutes
                carry = int(min(max(left, 0), limit))
                if carry:
                    s.add(LedgerEntry(person_id=p.id, ledger="annual_leave", minutes=-carry, effective_date=start,
                                      leave_year=year - 1, source="carry_over", note="Carried into the next leave year"))
                    s.add(LedgerEntry(person_id=p.id, ledger="annual_leave", minutes=carry, effective_date=start,
                                      leave_year=year, source="carry_over",
                                      note=f"Carried over from {year - 1}/{year % 100:02d} (limit "
                                           f"{CARRY_OVER_DAYS.get(p.rule_pack, CARRY_OVER_DAYS['default'])} days)"))
                    carried += 1
    return {"leave_year": year, "entitlements_credited": credited, "carried_over": carried}


def _toil_credits_left(entries: list[LedgerEntry]) -> list[tuple[LedgerEntry, int]]:
    """TOIL is taken oldest first: which credits still have minutes left, and how many."""
    credits = [[e, e.minutes] for e in sorted(entries, key=lambda e: (e.effective_date, e.id)) if e.minutes > 0]
    spent = -sum(e.minutes for e in entries if e.minutes < 0)
    for c in credits:
        use = min(c[1], spent)
        c[1] -= use
        spent -= use
    return [(e, m) for e, m in credits if m > 0]


def warn_toil_expiry(today: date) -> dict:
    warned = 0
    with unit_of_work() as s:
        people = s.exec(select(LedgerEntry.person_id).where(LedgerEntry.ledger == "toil").distinct()).all()
        for pid in people:
            entries = s.exec(select(LedgerEntry).where(LedgerEntry.person_id == pid, LedgerEntry.ledger == "toil")).all()
            for e, left in _toil_credits_left(entries):
                expires = e.effective_date + timedelta(days=TOIL_VALID_DAYS)
                if today <= expires <= today + timedelta(days=TOIL_WARN_DAYS):
                    warned += audit.notify_people(
                        s, [pid], "toil_expiry", f"{left // 60} h {left % 60:02d} min of TOIL expires on {expires:%d %b}",
                        "Book it as time off before then, or ask your planner about it.", link="/me",
                        dedupe_key=f"toil:{e.id}")
    return {"toil_warnings": warned}


def warn_credential_expiry(today: date, within_days: int = CREDENTIAL_WARN_DAYS) -> dict:
    warned = 0
    with unit_of_work() as s:
        planners: dict[int, set[int]] = {}
        for uid, unit_id in s.exec(select(UserUnit.user_id, UserUnit.unit_id).join(
                UserRole, UserRole.user_id == UserUnit.user_id).where(UserRole.role == "transport_planner")).all():
            for u in unit_subtree(s, {unit_id}):
                planners.setdefault(u, set()).add(uid)
        rows = s.exec(select(Credential, Person).join(Person, Credential.person_id == Person.id).where(
            Credential.expires.is_not(None), Credential.expires <= today + timedelta(days=within_days))).all()
        for c, p in rows:
            what = c.kind.replace("_", " ") + (f" ({c.detail})" if c.detail else "")
            state = "expired" if c.expires < today else "expires"
            key = f"cred:{c.id}:{c.expires.isoformat()}:{state}"
            title = f"{what} {state} {c.expires:%d %b %Y}"
            warned += audit.notify_people(s, [p.id], "credential_expiry", f"Your {title}",
                                          "Renew it in time or you can't be given runs that need it.", link="/run",
                                          dedupe_key=key)
            warned += audit.notify_users(s, planners.get(p.unit_id, set()), "credential_expiry",
                                         f"{p.display_name}: {title}", "", link="/transport", dedupe_key=key)
    return {"credential_warnings": warned}
