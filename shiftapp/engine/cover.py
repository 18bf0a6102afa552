"""Cover: how many people are on each shift (and with each skill) against minimum and target.

Pure: dataclasses in, dataclasses out. The services turn duties and requirements from the
database into ``OnDuty`` and ``Need`` rows; this module does the counting.

Counting rules (stated here because the issue is silent on them):
- a person counts on a shift when one of their duties that day has that shift type and is a
  working kind (shift, overtime, event); a person counts once per shift and day even with two
  lines;
- a skill requirement counts people on the shift who hold the skill; a requirement with no
  skill counts everyone;
- an event requirement counts only the people staffed to that event; people at an event do
  not count towards the unit's ordinary requirements (they are abstracted);
- for ordinary requirements the most specific rule wins per (unit, shift, skill): a rule for
  the date, else one for the weekday, else one for every day.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Sequence

COUNTED_KINDS = frozenset({"shift", "overtime", "event"})


@dataclass(frozen=True, slots=True)
class Rule:
    """A requirement as stored: minimum and target for a shift (and skill) on a weekday, a date or every day."""
    unit_id: int
    shift_type_id: int
    skill_id: int | None
    minimum: int
    target: int
    weekday: int | None = None
    on_date: date | None = None
    event_id: int | None = None
    event_start: date | None = None  # an event rule without on_date applies over the event's dates
    event_end: date | None = None


@dataclass(frozen=True, slots=True)
class Need:
    """A requirement on one date."""
    date: date
    unit_id: int
    shift_type_id: int
    skill_id: int | None
    minimum: int
    target: int
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class OnDuty:
    person_id: int
    date: date
    shift_type_id: int
    kind: str = "shift"
    unit_ids: frozenset[int] = frozenset()  # the units this person counts for (their unit and its ancestors)
    skills: frozenset[int] = frozenset()
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class CoverCell:
    date: date
    unit_id: int
    shift_type_id: int
    skill_id: int | None
    event_id: int | None
    actual: int
    minimum: int
    target: int
    people: tuple[int, ...] = field(default=(), compare=False)

    @property
    def shortfall(self) -> int:
        return max(0, self.minimum - self.actual)

    @property
    def below_target(self) -> int:
        return max(0, self.target - self.actual)

    @property
    def status(self) -> str:
        if self.actual < self.minimum:
            return "short"
        if self.actual < self.target:
            return "below_target"
        return "ok"

    @property
    def key(self) -> tuple:
        return (self.date, self.unit_id, self.shift_type_id, self.skill_id, self.event_id)


def dates(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def expand(rules: Iterable[Rule], start: date, end: date) -> list[Need]:
    """Requirements on each date in [start, end]. Ordinary rules: most specific wins; event rules add."""
    days = dates(start, end)
    ordinary: dict[tuple, tuple[int, Rule]] = {}
    needs: list[Need] = []
    rules = list(rules)
    for r in rules:
        if r.event_id is not None:
            for d in days:
                if r.on_date is not None:
                    hit = d == r.on_date
                else:
                    hit = (r.event_start is None or d >= r.event_start) and (r.event_end is None or d <= r.event_end)
                if hit and (r.weekday is None or r.weekday == d.weekday()):
                    needs.append(Need(d, r.unit_id, r.shift_type_id, r.skill_id, r.minimum, r.target, r.event_id))
            continue
        for d in days:
            if r.on_date is not None:
                if d != r.on_date:
                    continue
                rank = 2
            elif r.weekday is not None:
                if d.weekday() != r.weekday:
                    continue
                rank = 1
            else:
                rank = 0
            key = (d, r.unit_id, r.shift_type_id, r.skill_id)
            old = ordinary.get(key)
            if old is None or rank > old[0]:
                ordinary[key] = (rank, r)
    for (d, _, _, _), (_, r) in ordinary.items():
        needs.append(Need(d, r.unit_id, r.shift_type_id, r.skill_id, r.minimum, r.target))
    needs.sort(key=lambda n: (n.date, n.unit_id, n.shift_type_id, n.skill_id or 0, n.event_id or 0))
    return needs


class CoverIndex:
    """People on duty by (date, shift type), built once; cover for any need is then a cheap count."""

    def __init__(self, on_duty: Iterable[OnDuty]):
        self.by_slot: dict[tuple[date, int], dict[int, OnDuty]] = {}
        for o in on_duty:
            if o.kind not in COUNTED_KINDS:
                continue
            slot = self.by_slot.setdefault((o.date, o.shift_type_id), {})
            prev = slot.get(o.person_id)
            if prev is None or (o.event_id is not None and prev.event_id is None):
                slot[o.person_id] = o

    def people(self, need: Need) -> tuple[int, ...]:
        slot = self.by_slot.get((need.date, need.shift_type_id), {})
        out = []
        for pid, o in slot.items():
            if need.unit_id not in o.unit_ids:
                continue
            if need.event_id is not None:
                if o.event_id != need.event_id:
                    continue
            elif o.event_id is not None:
                continue
            if need.skill_id is not None and need.skill_id not in o.skills:
                continue
            out.append(pid)
        return tuple(sorted(out))

    def cell(self, need: Need) -> CoverCell:
        people = self.people(need)
        return CoverCell(need.date, need.unit_id, need.shift_type_id, need.skill_id, need.event_id, len(people),
                         need.minimum, need.target, people)


def cover(needs: Sequence[Need], on_duty: Iterable[OnDuty] | CoverIndex) -> list[CoverCell]:
    index = on_duty if isinstance(on_duty, CoverIndex) else CoverIndex(on_duty)
    return [index.cell(n) for n in needs]


def gaps(cells: Iterable[CoverCell]) -> list[CoverCell]:
    """Cells below minimum, worst first then by date."""
    out = [c for c in cells if c.actual < c.minimum]
    out.sort(key=lambda c: (c.date, -c.shortfall, c.shift_type_id, c.skill_id or 0))
    return out


def without(cells_by_key: dict[tuple, CoverCell], person_skills: frozenset[int], person_units: frozenset[int],
            day: date, shift_type_id: int) -> list[CoverCell]:
    """The cells that would drop below minimum if this person left (day, shift): for 'move' options."""
    hurt = []
    for key, c in cells_by_key.items():
        if key[0] != day or key[2] != shift_type_id or c.event_id is not None:
            continue
        if c.unit_id not in person_units:
            continue
        if c.skill_id is not None and c.skill_id not in person_skills:
            continue
        if c.actual - 1 < c.minimum:
            hurt.append(c)
    return hurt
