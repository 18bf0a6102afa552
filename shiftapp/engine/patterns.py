"""Rotating shift patterns: expanding a cycle of shift codes onto dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterator, Sequence

REST_CODES = frozenset({"", "R", "-"})


@dataclass(frozen=True)
class PatternDay:
    day: date
    code: str  # "" for a rest day

    @property
    def is_rest(self) -> bool:
        return self.code in REST_CODES


def expand(steps: Sequence[str], anchor: date, offset_days: int, start: date, end: date) -> Iterator[PatternDay]:
    """Yield each date in [start, end] with its code. Day ``anchor`` is step ``offset_days`` of the cycle."""
    if not steps:
        raise ValueError("A pattern needs at least one step.")
    if end < start:
        return
    n = len(steps)
    d = start
    while d <= end:
        code = steps[((d - anchor).days + offset_days) % n]
        yield PatternDay(d, "" if code in REST_CODES else code)
        d += timedelta(days=1)


def average_weekly_minutes(steps: Sequence[str], minutes_by_code: dict[str, int]) -> float:
    work = sum(minutes_by_code[c] for c in steps if c not in REST_CODES)
    return work * 7 / len(steps)
