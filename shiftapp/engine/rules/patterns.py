"""Rotating shift patterns (POL-02): averages over the cycle, and the working-time
findings when the pattern is repeated from a start date."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .check import check
from .findings import finding
from .model import Duty, Finding, PersonFacts, RulesInputError
from .packs import RulePack, load_pack
from .timeline import midnight
from .timeutil import hm, parse_hhmm


@dataclass(frozen=True)
class PatternShift:
    """One shift of a pattern: local start and end (the end may be on the next day)."""

    start: str  # "07:00"
    end: str  # "17:00"; an end at or before the start is on the next day
    break_minutes: int = 0

    def nominal_minutes(self) -> int:
        sh, sm = parse_hhmm(self.start)
        eh, em = parse_hhmm(self.end)
        length = (eh * 60 + em) - (sh * 60 + sm)
        return length if length > 0 else length + 1440


@dataclass
class PatternReport:
    cycle_days: int
    average_weekly_minutes: float
    rest_days_per_week: float
    findings: list[Finding] = field(default_factory=list)


def expand(pattern: list[PatternShift | None], start: date, days: int) -> list[Duty]:
    """Duties for ``days`` days of the pattern from ``start`` (None = rest day)."""
    out: list[Duty] = []
    for i in range(days):
        day = start + timedelta(days=i)
        shift = pattern[i % len(pattern)]
        if shift is None:
            out.append(Duty("rest_day", day=day))
            continue
        s = datetime.combine(day, time(*parse_hhmm(shift.start)))
        e = datetime.combine(day, time(*parse_hhmm(shift.end)))
        if e <= s:
            e += timedelta(days=1)
        out.append(Duty("work", s, e, break_minutes=shift.break_minutes))
    return out


def check_pattern(pack: "str | RulePack", pattern: list[PatternShift | None], start: date,
                  person: PersonFacts | None = None, repeats: int | None = None) -> PatternReport:
    """POL-02: a pattern should average the pack's weekly hours (40) and rest days per week
    (2) over its cycle; then the pattern repeated from ``start`` (by default long enough to
    cover a full WTR reference period twice) is checked with :func:`check`."""
    if not pattern:
        raise RulesInputError("a pattern needs at least one day")
    resolved = load_pack(pack, start)
    cfg = resolved.rule("POL-02")
    n = len(pattern)
    weeks = n / 7
    cycle = f"{n // 7}-week" if n % 7 == 0 else f"{n}-day"
    avg = sum(p.nominal_minutes() for p in pattern if p is not None) / weeks
    rest = sum(1 for p in pattern if p is None) / weeks
    findings: list[Finding] = []
    s, e = midnight(start), midnight(start + timedelta(days=n))
    if cfg:
        target = cfg["weekly_hours"] * 60
        if abs(avg - target) > cfg.get("tolerance_minutes", 0):
            findings.append(finding(resolved, "POL-02", s, e, (
                f"pattern averages {hm(avg)} a week over its {cycle} cycle, "
                f"should be {hm(target)}"), severity=cfg.get("severity"),
                average_minutes=round(avg), target_minutes=target))
        if rest < cfg["rest_days_per_week"]:
            findings.append(finding(resolved, "POL-02", s, e, (
                f"pattern gives {rest:.2g} rest days a week over its {cycle} cycle, "
                f"needs {cfg['rest_days_per_week']}"), severity=cfg.get("severity"),
                rest_days_per_week=round(rest, 3), required=cfg["rest_days_per_week"]))
    ref_days = int(resolved.value("WTR-02", "reference_weeks", 17) * 7)
    if repeats is None:
        repeats = max(2, math.ceil(2 * ref_days / n))
    duties = expand(pattern, start, n * repeats)
    findings.extend(check(person or PersonFacts(), resolved, duties))
    return PatternReport(n, avg, rest, findings)
