"""A person's duties prepared once for every rule: sorted, validated, in real time.

Every rule reads a :class:`Timeline`; nothing re-sorts or re-parses duties.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache

from .model import ALL_KINDS, DAY_KINDS, Duty, Override, RulesInputError
from .timeutil import day_start_ts, hm, local, ts


class Work:
    """One working duty in real time (epoch seconds)."""

    __slots__ = ("s", "e", "day", "minutes", "break_minutes", "breaks", "driving",
                 "emergency", "duty")

    def __init__(self, s: int, e: int, day: date, minutes: int, break_minutes: int,
                 breaks: tuple[tuple[int, int], ...], driving: int | None,
                 emergency: Override | None, duty: Duty):
        self.s, self.e, self.day = s, e, day
        self.minutes = minutes  # elapsed minutes, real time
        self.break_minutes = break_minutes
        self.breaks = breaks
        self.driving = driving
        self.emergency = emergency
        self.duty = duty


class Timeline:
    """Work sorted by start, day entries by date, and the dates the duties cover."""

    __slots__ = ("work", "starts", "days", "first", "last", "_bands")

    def __init__(self, work: list[Work], days: dict[date, set[str]], first: date, last: date):
        self._bands: dict[tuple, list[int]] = {}
        self.work = work
        self.starts = [w.s for w in work]
        self.days = days
        self.first = first
        self.last = last

    def band_minutes(self, start_hm: tuple[int, int], end_hm: tuple[int, int]) -> list[int]:
        """Minutes of each work item inside a daily local band (e.g. night), cached."""
        key = (start_hm, end_hm)
        got = self._bands.get(key)
        if got is None:
            got = [overlap_with_band(w.s, w.e, start_hm, end_hm, w.day) // 60 for w in self.work]
            self._bands[key] = got
        return got

    def worked_minutes(self, w: Work, breaks_count: bool) -> int:
        return w.minutes if breaks_count else max(0, w.minutes - w.break_minutes)

    def first_index_at_or_after(self, moment: int) -> int:
        """Index of the first work item ending after ``moment`` (for window scans)."""
        i = bisect_right(self.starts, moment) - 1
        if i >= 0 and self.work[i].e > moment:
            return i
        return i + 1

    def off_duty_stretches(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Off-duty stretches inside the real-time window [lo, hi), clipped to it."""
        out: list[tuple[int, int]] = []
        cursor = lo
        i = self.first_index_at_or_after(lo)
        work = self.work
        n = len(work)
        while i < n and work[i].s < hi:
            if work[i].s > cursor:
                out.append((cursor, work[i].s))
            if work[i].e > cursor:
                cursor = work[i].e
            i += 1
        if cursor < hi:
            out.append((cursor, hi))
        return out


def _as_local_naive(value: datetime) -> datetime:
    if value.tzinfo is not None:
        return local(int(value.timestamp())).replace(tzinfo=None)
    return value


def prepare(duties: list[Duty]) -> Timeline:
    """Validate and sort duties. Raises RulesInputError on end before start, overlaps,
    unknown kinds or a rest day on a date with a working duty."""
    work: list[Work] = []
    days: dict[date, set[str]] = {}
    for n, d in enumerate(duties, 1):
        if d.kind not in ALL_KINDS:
            raise RulesInputError(f"duty {n}: unknown kind {d.kind!r}")
        if d.kind in DAY_KINDS:
            if d.day is None:
                raise RulesInputError(f"duty {n}: a {d.kind} needs a date")
            days.setdefault(d.day, set()).add(d.kind)
            continue
        if d.start is None or d.end is None:
            raise RulesInputError(f"duty {n}: a {d.kind} duty needs a start and an end")
        start, end = _as_local_naive(d.start), _as_local_naive(d.end)
        s, e = ts(start), ts(end)
        if e <= s:
            raise RulesInputError(
                f"duty {n}: ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})")
        if d.break_minutes < 0:
            raise RulesInputError(f"duty {n}: break_minutes cannot be negative")
        breaks = []
        longest = d.break_minutes
        for bs, be in d.breaks:
            b0, b1 = ts(_as_local_naive(bs)), ts(_as_local_naive(be))
            if b1 <= b0 or b0 < s or b1 > e:
                raise RulesInputError(f"duty {n}: a break must lie inside the duty and end after it starts")
            breaks.append((b0, b1))
            longest = max(longest, (b1 - b0) // 60)
        minutes = (e - s) // 60
        if longest > minutes:
            raise RulesInputError(f"duty {n}: break of {hm(longest)} is longer than the duty")
        if d.driving_minutes is not None and not 0 <= d.driving_minutes <= minutes:
            raise RulesInputError(f"duty {n}: driving_minutes must be between 0 and the duty length")
        work.append(Work(s, e, start.date(), minutes, longest, tuple(sorted(breaks)),
                         d.driving_minutes, d.emergency, d))
    work.sort(key=lambda w: w.s)
    for a, b in zip(work, work[1:]):
        if b.s < a.e:
            raise RulesInputError(
                f"overlapping duties: {_fmt(a)} and {_fmt(b)}")
    for w in work:
        kinds = days.get(w.day)
        if kinds and "rest_day" in kinds:
            raise RulesInputError(
                f"overlapping duties: rest day on {w.day} and a {w.duty.kind} duty starting that day")
    all_dates = [w.day for w in work] + list(days)
    if work:
        all_dates.append(local(work[-1].e).date())
    if not all_dates:
        today = date.today()
        return Timeline([], {}, today, today)
    return Timeline(work, days, min(all_dates), max(all_dates))


def _fmt(w: Work) -> str:
    return f"{local(w.s):%Y-%m-%d %H:%M}-{local(w.e):%H:%M}"


@lru_cache(maxsize=4096)
def window_on(day: date, start_hm: tuple[int, int], end_hm: tuple[int, int]) -> tuple[int, int]:
    """Real-time bounds of a local time band that starts on ``day`` (may cross midnight)."""
    lo = day_start_ts(day, *start_hm)
    end_day = day + timedelta(days=1) if end_hm <= start_hm else day
    return lo, day_start_ts(end_day, *end_hm)


def overlap_with_band(s: int, e: int, start_hm: tuple[int, int], end_hm: tuple[int, int],
                      start_day: date | None = None) -> int:
    """Seconds of [s, e) inside a daily local time band (e.g. night 23:00-06:00).
    ``start_day`` is the local date of ``s`` when the caller knows it."""
    total = 0
    d = (start_day or local(s).date()) - timedelta(days=1)
    while True:
        lo, hi = window_on(d, start_hm, end_hm)
        if lo >= e:
            break
        a, b = max(s, lo), min(e, hi)
        if b > a:
            total += b - a
        d += timedelta(days=1)
    return total


@lru_cache(maxsize=8192)
def midnight(day: date) -> int:
    return day_start_ts(day)
