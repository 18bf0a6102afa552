"""Wall-clock Europe/London <-> UTC. Durations are real elapsed time, so a night shift
across a clock change is an hour longer or shorter than its wall-clock length."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def local_to_utc(day: date, at: time) -> datetime:
    """A London wall-clock time on ``day`` as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(timezone.utc)


def utc_to_local(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.utc)
    return instant.astimezone(LONDON)


def shift_interval(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """UTC start and end of a shift starting on ``day``; an end at or before the start is next day."""
    end_day = day + timedelta(days=1) if end <= start else day
    return local_to_utc(day, start), local_to_utc(end_day, end)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
