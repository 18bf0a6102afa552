"""Builders for rules-engine tests: duties from plain dates and "HH:MM" strings."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from shiftapp.engine.rules import Duty, Override


def at(day: date, hhmm: str) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(h, m))


def shift(day: date, start: str, end: str, brk: int = 0, **kw) -> Duty:
    """A work duty; an end at or before the start is on the next day."""
    s, e = at(day, start), at(day, end)
    if e <= s:
        e += timedelta(days=1)
    return Duty("work", s, e, break_minutes=brk, **kw)


def rest(day: date) -> Duty:
    return Duty("rest_day", day=day)


def weeks(monday: date, n: int, start: str, end: str, brk: int = 0,
          workdays: tuple[int, ...] = (0, 1, 2, 3, 4), off_kind: str = "rest_day") -> list[Duty]:
    """``n`` weeks from ``monday``: a shift on each of ``workdays``, rest days otherwise."""
    out = []
    for i in range(n * 7):
        day = monday + timedelta(days=i)
        if day.weekday() in workdays:
            out.append(shift(day, start, end, brk))
        else:
            out.append(Duty(off_kind, day=day))
    return out


def rules_of(findings, severity: str | None = None) -> list[str]:
    return [f.rule for f in findings if severity is None or f.severity == severity]


EMERGENCY = Override(reason="serious disorder, Op Example", approver="Supt A. Example")
