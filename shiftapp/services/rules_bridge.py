"""From database rows to the rules engine's dataclasses, and findings back to plain data.

Every service that needs rule findings (requests before they are sent and when decided,
duty edits, gap-filling options, the nightly scan) goes through here, so the mapping of duty
kinds and person facts is written once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from sqlmodel import Session, select

from ..engine import rules
from ..engine.patterns import REST_CODES
from ..engine.rules.model import WORK_KINDS
from ..engine.timeutil import utc_to_local
from ..models import Duty, Person, ShiftType

# Database duty kinds -> the rules engine's kinds.
KIND_MAP = {
    "shift": "work", "overtime": "overtime", "training": "training", "court": "court", "event": "work",
    "rest_day": "rest_day", "free_day": "free_day", "annual_leave": "annual_leave", "toil": "toil",
    "rdil": "day_in_lieu", "special_leave": "special_leave", "public_holiday": "public_holiday",
    "sickness": "sick", "secondment": "other_leave",
}
HISTORY_DAYS = 17 * 7  # WTR-02: the rolling reference period needs 17 weeks behind the dates checked


@dataclass(frozen=True)
class DutyFacts:
    """A duty as the rules see it, before or after a proposed change."""
    date: date
    kind: str
    start: object = None  # aware datetime or None
    end: object = None
    break_minutes: int = 0
    line: str = "main"


def facts_of(d: Duty) -> DutyFacts:
    return DutyFacts(d.date, d.kind, d.start_utc, d.end_utc, d.break_minutes, d.line)


def pattern_shifts(steps: list[str], types: dict[str, ShiftType]) -> list[rules.PatternShift | None]:
    """A pattern's steps as the rules engine checks them: each code's shift type (by code) as a
    ``PatternShift``, None for a rest day (a rest code, or a code with no shift type)."""
    return [None if code in REST_CODES or code not in types else
            rules.PatternShift(f"{types[code].start_time:%H:%M}", f"{types[code].end_time:%H:%M}",
                               types[code].break_minutes)
            for code in steps]


def person_facts(p: Person) -> rules.PersonFacts:
    return rules.PersonFacts(
        birth_date=p.birth_date, service_start=p.service_start,
        opt_out=rules.OptOut(signed=date(1970, 1, 1)) if p.wtr_opt_out else None,
        contract_hours=p.contract_minutes_per_week / 60 if p.contract_minutes_per_week else None,
    )


def to_rules_duty(f: DutyFacts) -> rules.Duty:
    kind = KIND_MAP.get(f.kind, "other_leave")
    if kind in WORK_KINDS:
        if f.start is None or f.end is None:
            return rules.Duty(kind="other_leave", day=f.date)
        return rules.Duty(kind=kind, start=utc_to_local(f.start), end=utc_to_local(f.end),
                          break_minutes=f.break_minutes)
    return rules.Duty(kind=kind, day=f.date)


def load_facts(s: Session, person_id: int, start: date, end: date) -> dict[tuple[date, str], DutyFacts]:
    rows = s.exec(select(Duty).where(Duty.person_id == person_id, Duty.date >= start, Duty.date <= end)).all()
    return {(d.date, d.line): facts_of(d) for d in rows}


@dataclass(frozen=True)
class FindingRow:
    rule: str
    severity: str
    message: str
    start: str
    end: str
    override_allowed: bool
    day: date | None = None  # the local date the finding starts on

    def as_dict(self) -> dict:
        d = self.__dict__.copy()
        d["day"] = self.day.isoformat() if self.day else ""
        return d


def findings_for(
    s: Session, person: Person, window: tuple[date, date],
    replace: Iterable[DutyFacts] = (), remove: Iterable[tuple[date, str]] = (),
) -> list[FindingRow]:
    """Findings touching ``window`` for ``person`` with some duties replaced or removed (a what-if)."""
    lo, hi = window
    facts = load_facts(s, person.id, lo - timedelta(days=HISTORY_DAYS), hi + timedelta(days=14))
    for key in remove:
        facts.pop(key, None)
    for f in replace:
        facts[(f.date, f.line)] = f
    working_days = {d for (d, _), f in facts.items() if f.start is not None}
    duties = [to_rules_duty(f) for (d, _), f in sorted(facts.items(), key=lambda kv: (kv[0][0], kv[0][1]))
              if f.start is not None or d not in working_days]  # a rest day under an overtime line is not a clash
    found = rules.check(person_facts(person), person.rule_pack, duties)
    out = []
    for f in found:
        if f.end.date() < lo or f.start.date() > hi + timedelta(days=1):
            continue
        out.append(FindingRow(f.rule, f.severity, f.message, f"{f.start:%a %d %b %H:%M}", f"{f.end:%a %d %b %H:%M}",
                              f.override_allowed, f.start.date()))
    return out


def new_findings(before: list[FindingRow], after: list[FindingRow]) -> list[FindingRow]:
    """What a change adds: findings in ``after`` that were not already there."""
    seen = {(f.rule, f.message) for f in before}
    return [f for f in after if (f.rule, f.message) not in seen]
