"""The rostering problem: plain dataclasses in, a roster (person -> one code per day) out.

One model serves police, passenger transport and the call centre; the public Curtois–Qu
shift scheduling instances are a special case (see ``curtois.py``).

Conventions
- Days are integers ``0 .. horizon-1``; ``first_weekday`` says which weekday day 0 is
  (0 = Monday), so day ``d`` is a Saturday when ``(first_weekday + d) % 7 == 5``.
- A roster is ``dict[person_id, list[str]]`` with one entry per day: a shift type id, or
  ``""`` for a day off.
- Every rule number (minimum rest, maximum consecutive shifts, the working-time average) is
  a plain field: the rules engine's packs are mapped onto these fields by the caller.
- Weights are integers; the objective is the sum of soft penalties (minimised).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

OFF = ""
Roster = dict[str, list[str]]

#: penalty per missing person on a *hard* minimum: the solver treats the hard minimum
#: elastically (so it can always return a partial roster and explain the gap), but this
#: weight makes one missing person cost more than any realistic soft objective.
HARD_COVER_PENALTY = 1_000_000


@dataclass(frozen=True)
class ShiftType:
    """A shift type. ``start``/``end`` in minutes after midnight (``end <= start`` means the
    shift ends the next day); without times only ``minutes`` and ``forbidden_next`` count."""

    id: str
    minutes: int
    start: int | None = None
    end: int | None = None
    night: bool = False
    #: shift ids that may not be worked on the day after this one (explicit rule)
    forbidden_next: frozenset[str] = frozenset()
    label: str = ""

    def end_abs(self) -> int | None:
        """End in minutes after midnight of the start day (may exceed 1440)."""
        if self.start is None or self.end is None:
            return None
        return self.end if self.end > self.start else self.end + 1440


@dataclass
class Person:
    """One member of staff and their individual limits (``None`` = no limit)."""

    id: str
    name: str = ""
    skills: frozenset[str] = frozenset()
    #: most shifts of a type over the horizon; a missing type is unlimited, 0 = never
    max_shifts: dict[str, int] = field(default_factory=dict)
    max_minutes: int | None = None  # over the horizon (contract maximum)
    min_minutes: int | None = None  # over the horizon (contract minimum)
    max_consecutive: int | None = None  # longest run of working days
    min_consecutive: int | None = None  # shortest run of working days (edge runs exempt)
    min_days_off: int | None = None  # shortest run of days off (edge runs exempt)
    max_weekends: int | None = None  # worked weekends (Sat or Sun worked) over the horizon
    #: history before day 0: the shift worked the day before (None = off) and how many
    #: days in a row had been worked up to then (for max consecutive across the boundary)
    shift_before: str | None = None
    run_before: int = 0
    #: minutes worked in the part of the working-time reference period before day 0
    prior_minutes: int = 0


@dataclass(frozen=True)
class Cover:
    """Cover for one day and a set of shift types (one shift, or every shift that covers a
    time band), optionally only counting people with ``skill``."""

    day: int
    shifts: tuple[str, ...]
    target: int  # soft target
    weight_under: int = 1
    weight_over: int = 0
    minimum: int = 0  # hard minimum (elastic in the solver, reported as hard by the evaluator)
    skill: str | None = None
    label: str = ""

    def name(self) -> str:
        what = self.label or "/".join(self.shifts)
        return f"{what}{' with ' + self.skill if self.skill else ''}"


@dataclass(frozen=True)
class Request:
    """A wish. ``on=True``: pay ``weight`` unless ``shift`` is worked that day (``shift=None``:
    unless any shift is worked). ``on=False``: pay ``weight`` if ``shift`` (``None``: any
    shift) is worked that day."""

    person: str
    day: int
    shift: str | None
    on: bool
    weight: int


@dataclass(frozen=True)
class Restriction:
    """On one day a person may be off or work only ``shifts`` (e.g. the hours agreed under
    flexible working, or when they are available): a hard rule, like ``unavailable`` but for
    some shifts only. ``reason`` names the hours for the explanations ("outside their
    <reason>")."""

    shifts: frozenset[str]
    reason: str = "available hours"


@dataclass(frozen=True)
class Fairness:
    """Share out some shifts evenly. Each person in the group has a fair share: the demand
    (sum of the soft targets of the single-shift, skill-free covers on those shifts and
    days) split in proportion to the days they are available; pay ``weight`` for each shift
    above the share rounded up or below it rounded down. The group is ``people``, or
    everyone who may work one of the shifts. (Per-person deviations, not max − min: every
    person's term is local, which suits neighbourhood search.)

    ``carried``: (person, shifts) pairs, how many of these shifts each person has worked
    above (+) or below (−) their fair share before the horizon; their share here is lowered
    (raised) by as much, never below 0, so that a few weeks' roster evens out the months
    before it instead of treating everyone as starting level. Figures from a look-back
    (worked less the share there) sum to about 0 over the group; a share cut off at 0 is
    not handed to anyone else. ``total``: see below."""

    name: str
    weight: int
    shifts: tuple[str, ...] | None = None
    days: tuple[int, ...] | None = None
    people: tuple[str, ...] | None = None
    carried: tuple[tuple[str, int], ...] = ()
    #: the number of these shifts to share out, when it is not the covers' demand: a group
    #: that is a part of the workforce (the people on one pattern) shares out what it works
    total: int | None = None


@dataclass
class Stability:
    """Changing a published duty costs ``base`` plus ``per_day_closer`` for each day it is
    nearer than ``notice_days`` to day 0 (today)."""

    base: int = 10
    per_day_closer: int = 5
    notice_days: int = 28

    def cost(self, day: int) -> int:
        return self.base + self.per_day_closer * max(0, self.notice_days - day)


@dataclass
class RosterProblem:
    name: str
    horizon: int
    shift_types: list[ShiftType]
    people: list[Person]
    covers: list[Cover] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    #: (person, day) -> reason ("annual leave", "day off", "sick", "training"…): no shift
    unavailable: dict[tuple[str, int], str] = field(default_factory=dict)
    #: (person, day) -> shift id or "" (locked off): must stay as it is
    locked: dict[tuple[str, int], str] = field(default_factory=dict)
    #: (person, day) -> the only shifts they may work that day (off is always allowed)
    restricted: dict[tuple[str, int], Restriction] = field(default_factory=dict)
    first_weekday: int = 0
    #: minimum rest between the end of one shift and the start of the next (WTR-07: 660)
    min_rest_minutes: int | None = None
    #: working-time average (WTR-02: 48 h = 2880 min a week over 119 days); the fixed block
    #: is the horizon plus the ``reference_days - horizon`` days before it (``prior_minutes``)
    avg_week_minutes: int | None = None
    reference_days: int = 119
    fairness: list[Fairness] = field(default_factory=list)
    #: a published roster (person -> codes) and what changing it costs
    published: Roster | None = None
    stability: Stability = field(default_factory=Stability)
    public_holidays: tuple[int, ...] = ()

    # ---- derived look-ups -------------------------------------------------------------
    def shift(self, sid: str) -> ShiftType:
        return self._shift_index()[sid]

    def _shift_index(self) -> dict[str, ShiftType]:
        idx = getattr(self, "_sidx", None)
        if idx is None or len(idx) != len(self.shift_types):
            idx = {s.id: s for s in self.shift_types}
            object.__setattr__(self, "_sidx", idx)
        return idx

    def person(self, pid: str) -> Person:
        for p in self.people:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def is_weekend(self, day: int) -> bool:
        return (self.first_weekday + day) % 7 in (5, 6)

    def weekends(self) -> list[tuple[int, ...]]:
        """Each weekend inside the horizon as its days (Saturday, Sunday; may be cut)."""
        out: list[tuple[int, ...]] = []
        d = 0
        while d < self.horizon:
            wd = (self.first_weekday + d) % 7
            if wd == 5:
                out.append(tuple(x for x in (d, d + 1) if x < self.horizon))
                d += 2
            elif wd == 6:
                out.append((d,))
                d += 1
            else:
                d += 1
        return out

    def rest_minutes(self, a: str, b: str) -> int | None:
        """Rest between shift ``a`` on one day and shift ``b`` the next, if times are known."""
        sa, sb = self.shift(a), self.shift(b)
        ea = sa.end_abs()
        if ea is None or sb.start is None:
            return None
        return 1440 + sb.start - ea

    def forbidden_pairs(self) -> set[tuple[str, str]]:
        """(a, b): b may not be worked the day after a — explicit rules plus those derived
        from ``min_rest_minutes`` when shift times are known."""
        pairs = {(s.id, n) for s in self.shift_types for n in s.forbidden_next}
        if self.min_rest_minutes is not None:
            for a in self.shift_types:
                for b in self.shift_types:
                    r = self.rest_minutes(a.id, b.id)
                    if r is not None and r < self.min_rest_minutes:
                        pairs.add((a.id, b.id))
        return pairs

    def avg_limit_minutes(self) -> int | None:
        """Most minutes allowed in the block (prior part + horizon) by the average."""
        if self.avg_week_minutes is None:
            return None
        days = max(self.reference_days, self.horizon)
        return self.avg_week_minutes * days // 7

    def empty_roster(self) -> Roster:
        return {p.id: [OFF] * self.horizon for p in self.people}


def shifts_covering(shift_types: Iterable[ShiftType], band_start: int, band_end: int) -> tuple[str, ...]:
    """Ids of the shifts whose hours include the whole band [band_start, band_end) (minutes
    after midnight of the shift's day; ``band_end`` may exceed 1440)."""
    out = []
    for s in shift_types:
        ea = s.end_abs()
        if s.start is None or ea is None:
            continue
        if s.start <= band_start and band_end <= ea:
            out.append(s.id)
    return tuple(out)
