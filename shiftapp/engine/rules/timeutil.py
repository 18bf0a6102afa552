"""Europe/London wall-clock <-> real elapsed time, and figures in words."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_EPOCH_DAY = date(1970, 1, 1).toordinal()


def ts(moment: datetime) -> int:
    """Seconds since the epoch (real time) of a London wall-clock or aware datetime.

    A naive time in the October repeated hour is read as its first occurrence (BST); a
    naive time in the March gap is read with the offset before the change (so 01:30 means
    02:30 BST), as ``zoneinfo`` does.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return int(moment.timestamp())


def day_start_ts(day: date, hour: int = 0, minute: int = 0) -> int:
    """Real time of ``hour:minute`` local on ``day``."""
    return ts(datetime.combine(day, time(hour, minute)))


def local(seconds: int) -> datetime:
    """A London-aware datetime for an epoch second."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).astimezone(LONDON)


def local_date(seconds: int) -> date:
    return local(seconds).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def hm(minutes: float) -> str:
    """'9 h 30 min', '11 h', '45 min'."""
    total = int(round(minutes))
    sign = "-" if total < 0 else ""
    h, m = divmod(abs(total), 60)
    if h and m:
        return f"{sign}{h} h {m} min"
    if h:
        return f"{sign}{h} h"
    return f"{sign}{m} min"


def parse_hhmm(text: str) -> tuple[int, int]:
    h, m = text.split(":")
    return int(h), int(m)


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")
