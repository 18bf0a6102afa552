"""Management information for a unit and a run of months: overtime hours and spend against budget, TOIL
owed, rest days owed and re-rostered, duty changes by reason and notice, sickness, rule findings.
Every table is a list of flat dicts (columns in order) so the page can chart it and export it as CSV."""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, func, select

from ...db import service
from ...models import Duty, DutyChange, LedgerEntry, Person, Unit, UnitBudget
from ..actor import Actor
from ..errors import InvalidInput
from ..rules_bridge import findings_for
from . import common as c

NOTICE_BANDS = (("same day or next", -99, 0), ("1–7 clear days", 1, 7), ("8–14 clear days", 8, 14),
                ("15+ clear days", 15, 10 ** 6))
TABLES = ("overtime", "toil", "rest_days", "changes", "sickness", "findings")


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def add_month(d: date, n: int = 1) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def _budget_unit(parent: dict[int, int | None], budgets: set[int], unit_id: int) -> int | None:
    u, seen = unit_id, set()
    while u is not None and u not in seen:
        if u in budgets:
            return u
        seen.add(u)
        u = parent.get(u)
    return None


def overtime_month(s: Session, unit_id: int, day: date) -> tuple[int, int, str] | None:
    """(spent pence, budget pence, unit name) for the budget-holding unit above ``unit_id`` in ``day``'s month."""
    m = month_start(day)
    budgets = {b.unit_id: b.overtime_budget_pence for b in s.exec(select(UnitBudget).where(UnitBudget.month == m)).all()}
    parent = c.parents(s)
    bu = _budget_unit(parent, set(budgets), unit_id)
    if bu is None:
        return None
    units = c.subtree(s, bu)
    spent = s.exec(select(func.coalesce(func.sum(LedgerEntry.amount_pence), 0))
                   .join(Person, LedgerEntry.person_id == Person.id)
                   .where(Person.unit_id.in_(units), LedgerEntry.ledger == "overtime",
                          LedgerEntry.effective_date >= m, LedgerEntry.effective_date < add_month(m))).one()
    return int(spent), budgets[bu], s.get(Unit, bu).name


@dataclass(frozen=True)
class Report:
    unit: str
    months: list[str]
    tables: dict[str, list[dict]]


@service
def report(s: Session, actor: Actor, unit_id: int, first_month: date, months: int = 3,
           findings: bool = True) -> Report:
    unit = c.check_unit(s, actor, unit_id, "see management information")
    if not 1 <= months <= 12:
        raise InvalidInput("Choose between 1 and 12 months.")
    m0 = month_start(first_month)
    m_end = add_month(m0, months)
    units = c.subtree(s, unit.id)
    names = dict(s.exec(select(Unit.id, Unit.name).where(Unit.id.in_(units))).all())
    parent = c.parents(s)
    people = {p.id: p for p in s.exec(select(Person).where(Person.unit_id.in_(units))).all()}
    month_list = [add_month(m0, i) for i in range(months)]
    t: dict[str, list[dict]] = {}

    # Overtime hours and spend against budget, by budget-holding unit and month.
    budgets = {(b.unit_id, b.month): b.overtime_budget_pence for b in s.exec(
        select(UnitBudget).where(UnitBudget.unit_id.in_(units), UnitBudget.month >= m0, UnitBudget.month < m_end)).all()}
    budget_units = {u for u, _ in budgets} or {unit.id}
    agg: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    for e in s.exec(select(LedgerEntry).where(LedgerEntry.person_id.in_(list(people) or [-1]),
                                              LedgerEntry.ledger == "overtime", LedgerEntry.effective_date >= m0,
                                              LedgerEntry.effective_date < m_end)).all():
        bu = _budget_unit(parent, budget_units, people[e.person_id].unit_id) or unit.id
        a = agg[(bu, month_start(e.effective_date))]
        a[0] += e.minutes
        a[1] += e.amount_pence
    t["overtime"] = [{"unit": names.get(bu, ""), "month": f"{m:%b %Y}", "hours": round(agg[(bu, m)][0] / 60, 1),
                      "spend_gbp": round(agg[(bu, m)][1] / 100, 2),
                      "budget_gbp": round(budgets.get((bu, m), 0) / 100, 2),
                      "used_pct": round(100 * agg[(bu, m)][1] / budgets[(bu, m)], 1) if budgets.get((bu, m)) else 0.0}
                     for bu in sorted(budget_units) for m in month_list]

    # TOIL owed (balance to date), by person with a balance.
    toil = s.exec(select(LedgerEntry.person_id, func.sum(LedgerEntry.minutes)).where(
        LedgerEntry.person_id.in_(list(people) or [-1]), LedgerEntry.ledger == "toil", LedgerEntry.effective_date < m_end)
        .group_by(LedgerEntry.person_id)).all()
    t["toil"] = sorted(({"person": people[pid].display_name, "unit": names.get(people[pid].unit_id, ""),
                         "toil_hours": round(mins / 60, 2)} for pid, mins in toil if mins),
                       key=lambda r: -r["toil_hours"])

    # Rest days owed (re-rostered and in lieu) with the notify-by date.
    t["rest_days"] = [{"person": people[e.person_id].display_name, "unit": names.get(people[e.person_id].unit_id, ""),
                       "for_date": e.effective_date.isoformat(), "days": e.days,
                       "notify_by": e.due_by.isoformat() if e.due_by else "", "ledger": e.ledger, "note": e.note}
                      for e in s.exec(select(LedgerEntry).where(
                          LedgerEntry.person_id.in_(list(people) or [-1]),
                          LedgerEntry.ledger.in_(("rest_days_owed", "public_holiday_in_lieu")),
                          LedgerEntry.effective_date >= m0, LedgerEntry.effective_date < m_end)
                          .order_by(LedgerEntry.effective_date)).all()]

    # Duty changes by reason and notice.
    counts: Counter = Counter()
    for reason, clear in s.exec(select(DutyChange.reason_code, DutyChange.clear_days_notice).where(
            DutyChange.person_id.in_(list(people) or [-1]), DutyChange.date >= m0, DutyChange.date < m_end)).all():
        band = next((b for b, lo, hi in NOTICE_BANDS if clear is not None and lo <= clear <= hi), "unknown")
        counts[(reason, band)] += 1
    t["changes"] = [{"reason": r, "notice": b, "changes": n} for (r, b), n in sorted(counts.items())]

    # Sickness days by unit and month.
    sick = Counter()
    for uid, d in s.exec(select(Duty.unit_id, Duty.date).where(Duty.unit_id.in_(units), Duty.kind == "sickness",
                                                               Duty.date >= m0, Duty.date < m_end)).all():
        sick[(uid, month_start(d))] += 1
    t["sickness"] = [{"unit": names.get(u, ""), "month": f"{m:%b %Y}", "sick_days": n}
                     for (u, m), n in sorted(sick.items(), key=lambda kv: (names.get(kv[0][0], ""), kv[0][1]))]

    # Rule findings in the period for people with duties changed in it (a full scan is the nightly job's).
    rows = Counter()
    if findings:
        changed = set(s.exec(select(DutyChange.person_id).where(
            DutyChange.person_id.in_(list(people) or [-1]), DutyChange.date >= m0, DutyChange.date < m_end)).all())
        for pid in sorted(changed)[:200]:
            for f in findings_for(s, people[pid], (m0, m_end - timedelta(days=1))):
                rows[(f.rule, f.severity)] += 1
    t["findings"] = [{"rule": r, "severity": sev, "findings": n} for (r, sev), n in sorted(rows.items())]
    return Report(unit.name, [f"{m:%b %Y}" for m in month_list], t)


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return buf.getvalue()
