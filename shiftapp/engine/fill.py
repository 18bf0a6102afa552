"""Options to fill a cover gap, ranked: move someone already on duty, overtime for someone
eligible, cancel a rest day, recall to duty.

Pure: dataclasses in and out. Each option carries its cost (hours × rate from the rule pack's
``compensate``, by the notice given), a quick working-time check (rest before and after, days in
a row, hours in the week, a day off in the week), how often the person was asked lately and a
plain-English reason. The services add full rules-engine findings for the options they show.

Choices where the issue is silent (documented for the planner in the README):
- overtime means extending a tour that ends when the gap starts or starts when it ends
  (planned overtime, POL-08); coming back between two tours is a recall, offered only for a
  shift that starts within ``RECALL_WITHIN_HOURS`` of now, with ``RECALL_TRAVEL_MINUTES`` travel;
- inspectors and above get no overtime (POL-08) and are not offered for overtime or recall; a
  cancelled rest day gives them a day in lieu (POL-04), shown at no pay cost;
- ranking score (lower is better, in pence): cost + £20 per time asked in the last 28 days +
  £200 per short rest or tour run straight into another, £50 per other working-time warning + a day owed (re-rostered rest day or day in lieu) scored as the
  hours at plain time + £5; options that would overlap another duty are not offered;
- a candidate must already work shifts of the gap's shift-type family (the service filters them),
  so control-room staff are not offered for response shifts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from .cover import CoverCell
from .rules import Change, RulesInputError, compensate, is_bank_holiday

LONDON = ZoneInfo("Europe/London")
KINDS = ("move", "overtime", "cancel_rest_day", "recall")
KIND_LABELS = {"move": "Move from another shift", "overtime": "Overtime", "cancel_rest_day": "Cancel a rest day",
               "recall": "Recall to duty"}
WORKING = frozenset({"shift", "overtime", "event", "training", "court"})
REST_KINDS = frozenset({"rest_day", "public_holiday", "free_day"})
NO_OVERTIME_RANKS = frozenset({"inspector", "chief inspector", "superintendent", "chief superintendent"})
RECALL_WITHIN_HOURS = 48
RECALL_TRAVEL_MINUTES = 60
ASK_PENALTY = 2000
WARN_PENALTY = 5000
REST_PENALTY = 20000  # short rest or a tour run straight into another: a real cost to the officer
REST_OWED_PENALTY = 500
NOT_OFFERED = 10 ** 9  # the score of an option that would overlap another duty
MIN_REST_MINUTES = 11 * 60
MAX_DAYS_IN_A_ROW = 7
MAX_WEEK_MINUTES = 48 * 60


@dataclass(frozen=True, slots=True)
class ShiftSpec:
    id: int
    code: str
    name: str
    start: time
    end: time
    break_minutes: int = 0

    def interval(self, day: date) -> tuple[datetime, datetime]:
        s = datetime.combine(day, self.start, tzinfo=LONDON)
        e = datetime.combine(day + timedelta(days=1) if self.end <= self.start else day, self.end, tzinfo=LONDON)
        return s, e


@dataclass(frozen=True, slots=True)
class DayDuty:
    """One of a candidate's duties near the gap (London-aware times for working duties)."""
    date: date
    kind: str
    line: str = "main"
    shift_type_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    duty_id: int | None = None
    version: int = 1
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    """Flexible working agreed (approved or on trial) from ``since``: the days off are the
    person's, and with days and hours agreed (``hours``: per weekday Monday first, start and
    end in minutes after midnight, the end past 1440 for a night; None = not a working day)
    so are the hours. ``hours=None``: an agreed pattern, days off only."""
    since: date
    hours: tuple[tuple[int, int] | None, ...] | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    name: str
    rank: str = ""
    rule_pack: str = "police-ew-constable"
    unit_ids: frozenset[int] = frozenset()
    skills: frozenset[int] = frozenset()
    hourly_pence: int = 2300
    asked_recently: int = 0
    duties: tuple[DayDuty, ...] = ()  # around the gap (a week either side is enough)
    agreement: Agreement | None = None
    work: tuple[tuple[datetime, datetime, date, int, DayDuty], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self):
        work = sorted(((d.start, d.end, d.date, int((d.end - d.start).total_seconds()) // 60, d)
                       for d in self.duties if _working(d)), key=lambda w: w[0])
        object.__setattr__(self, "work", tuple(work))

    @property
    def overtime_eligible(self) -> bool:
        return self.rank.strip().lower() not in NO_OVERTIME_RANKS


@dataclass(frozen=True, slots=True)
class Option:
    kind: str
    person_id: int
    name: str
    rank: str
    date: date
    shift_type_id: int
    start: datetime
    end: datetime
    cost_pence: int
    rate: float
    hours: float
    credited_minutes: int
    clear_days: int | None
    compensation: dict
    effects: tuple[str, ...]
    warnings: int
    asked_recently: int
    reason: str
    score: int
    duty_id: int | None = None
    duty_version: int | None = None
    from_shift_type_id: int | None = None
    rest_day_owed: bool = False

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class FillContext:
    """What ranking needs besides the candidates: shift types, cover now, the moment of notice."""
    shifts: dict[int, ShiftSpec]
    now: datetime
    cells: Iterable[CoverCell] = ()  # cover now (ordinary and event cells)
    by_slot: dict[tuple[date, int], list[CoverCell]] = field(default_factory=dict, init=False)

    def __post_init__(self):
        for cell in self.cells:
            self.by_slot.setdefault((cell.date, cell.shift_type_id), []).append(cell)


def _pounds(pence: int) -> str:
    return f"£{pence / 100:,.2f}"


def _hm(minutes: int) -> str:
    h, m = divmod(int(minutes), 60)
    return f"{h} h {m:02d} min" if m else f"{h} h"


@lru_cache(maxsize=4096)
def _compensate(pack: str, kind: str, start: datetime, end: datetime, notified: datetime, toil: bool,
                planned: bool = False, travel: int = 0) -> tuple[dict | None, str]:
    try:
        c = compensate(pack, Change(kind=kind, start=start, end=end, notified=notified, planned=planned,
                                    travel_minutes=travel, toil=toil))
        return c.to_dict(), ""
    except RulesInputError as err:
        return None, str(err)


def compensation_for(kind: str, pack: str, start: datetime, end: datetime, now: datetime, *, toil: bool = False,
                     rank: str = "", hourly_pence: int = 0) -> tuple[dict, int]:
    """(compensation dict, cost in pence) for an option of ``kind`` — the same figures the apply step writes."""
    minutes = int((end - start).total_seconds() // 60)
    if kind == "move":
        notes = ["change of tour on a working day: no premium"]
        if (start - now) < timedelta(hours=8):
            notes.append("start brought forward with under 8 h notice is overtime for the time brought forward (POL-08c)")
        return {"rule": "", "rate": 1.0, "credited_minutes": 0, "clear_days_notice": None, "notes": notes,
                "toil": False, "worked_minutes": minutes}, 0
    if rank.strip().lower() in NO_OVERTIME_RANKS:
        note = ("inspectors and above: no overtime or rest-day pay; a day in lieu within 12 months (POL-04)"
                if kind == "cancel_rest_day" else "inspectors and above get no overtime (POL-08)")
        return {"rule": "POL-04", "rate": 1.0, "credited_minutes": 0, "clear_days_notice": None,
                "day_in_lieu": kind == "cancel_rest_day", "notes": [note], "toil": False,
                "worked_minutes": minutes}, 0
    change_kind = {"overtime": "overtime", "recall": "recall"}.get(kind, "rest_day_worked")
    if kind == "cancel_rest_day" and is_bank_holiday(start.date(), pack):
        change_kind = "public_holiday_worked"
    comp, err = _compensate(pack, change_kind, start, end, now, toil, kind == "overtime",
                            RECALL_TRAVEL_MINUTES if kind == "recall" else 0)
    if comp is None:  # the pack has no police pay rules (council, police staff): plain time, said so
        comp = {"rule": "", "rate": 1.0, "credited_minutes": minutes, "clear_days_notice": None,
                "rerostered_rest_day": False, "toil": toil,
                "notes": [f"no compensation rule in the {pack} pack ({err}); plain time assumed"]}
    comp = dict(comp, worked_minutes=minutes)
    cost = 0 if comp.get("toil") else round(comp["credited_minutes"] * hourly_pence / 60)
    return comp, cost


def _working(d: DayDuty) -> bool:
    return d.kind in WORKING and d.start is not None and d.end is not None


def quick_effects(c: Candidate, start: datetime, end: datetime, replacing: DayDuty | None = None) -> tuple[list[str], bool]:
    """Fast working-time effect of adding [start, end) (and dropping ``replacing``): messages, and
    whether it overlaps another duty (not offered)."""
    msgs: list[str] = []
    last_end = first_start = None
    day = start.date()
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    worked_days = {day}
    week_minutes = int((end - start).total_seconds()) // 60
    week_days = {day}
    for ws, we, wd, mins, d in c.work:
        if d is replacing:
            continue
        if ws < end and start < we:
            return [f"overlaps a duty on {wd:%a %d %b}"], True
        if we <= start:
            last_end = we
        elif first_start is None and ws >= end:
            first_start = ws
        worked_days.add(wd)
        if monday <= wd <= sunday:
            week_minutes += mins
            week_days.add(wd)
    length = int((end - start).total_seconds()) // 60
    if last_end is not None:
        gap = int((start - last_end).total_seconds()) // 60
        if gap == 0:
            prev = max(w[3] for w in c.work if w[1] == last_end)
            msgs.append(f"runs straight on from another duty: {_hm(prev + length)} in one go")
        elif gap < MIN_REST_MINUTES:
            msgs.append(f"WTR-07: {_hm(gap)} rest before, needs 11 h")
    if first_start is not None:
        gap = int((first_start - end).total_seconds()) // 60
        if gap == 0:
            nxt = max(w[3] for w in c.work if w[0] == first_start)
            msgs.append(f"runs straight into another duty: {_hm(nxt + length)} in one go")
        elif gap < MIN_REST_MINUTES:
            msgs.append(f"WTR-07: {_hm(gap)} rest after, needs 11 h")
    run, d = 1, day - timedelta(days=1)
    while d in worked_days:
        run, d = run + 1, d - timedelta(days=1)
    d = day + timedelta(days=1)
    while d in worked_days:
        run, d = run + 1, d + timedelta(days=1)
    if run > MAX_DAYS_IN_A_ROW:
        msgs.append(f"{run} working days in a row (local limit {MAX_DAYS_IN_A_ROW})")
    if week_minutes > MAX_WEEK_MINUTES:
        msgs.append(f"{_hm(week_minutes)} in the week of {monday:%d %b} (over 48 h; averaged over 17 weeks)")
    if len(week_days) >= 7:
        msgs.append(f"WTR-08: no day off in the week of {monday:%d %b}")
    return msgs, False


def agreement_effects(a: Agreement | None, kind: str, start: datetime, end: datetime) -> list[str]:
    """What working [start, end) this way would do to someone's agreed flexible working ``a``:
    a rest day cancelled is one of their agreed days off; a move, overtime or recall may fall
    outside the hours agreed for that weekday (with an agreed pattern, a move changes one of its
    shifts). [start, end) in London time; ``kind`` one of KINDS (a rota edit of a shift is a move)."""
    if a is None or start.date() < a.since:
        return []
    if kind == "cancel_rest_day":
        return ["takes a day off agreed under flexible working"]
    if a.hours is None:
        return ["changes a shift of their agreed flexible-working pattern"] if kind == "move" else []
    why = outside_agreement(a, start, end)
    return [why] if why else []


def outside_agreement(a: Agreement | None, start: datetime, end: datetime) -> str | None:
    """Why a shift [start, end) (London time) is outside the days and hours agreed under ``a``;
    None when it is inside them, or no days and hours were agreed (a pattern), or not yet."""
    day = start.date()
    if a is None or a.hours is None or day < a.since:
        return None
    hours = a.hours[day.weekday()]
    if hours is None:
        return f"{day:%A} is not a working day under their flexible-working agreement"
    lo = start.hour * 60 + start.minute
    hi = lo + int((end - start).total_seconds()) // 60
    if not (hours[0] <= lo and hi <= hours[1]):
        return f"outside the hours agreed under flexible working ({_clock(hours[0])}–{_clock(hours[1])})"
    return None


def describe_agreement(a: Agreement) -> str:
    """``Flexible working agreed from 09 Dec 2026: Mon–Fri 07:00–15:00`` (or: an agreed pattern)."""
    head = f"Flexible working agreed from {a.since:%d %b %Y}"
    if a.hours is None:
        return f"{head}: an agreed pattern"
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    parts: list[str] = []
    i = 0
    while i < 7:  # runs of weekdays with the same hours
        j = i
        while j + 1 < 7 and a.hours[j + 1] == a.hours[i]:
            j += 1
        if a.hours[i] is not None:
            days = names[i] if i == j else f"{names[i]}–{names[j]}"
            parts.append(f"{days} {_clock(a.hours[i][0])}–{_clock(a.hours[i][1])}")
        i = j + 1
    return f"{head}: {', '.join(parts) or 'no working days'}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def main_duty(c: Candidate, day: date) -> DayDuty | None:
    """``c``'s main duty (shift or rest day) on ``day``, if the rota has one."""
    return next((d for d in c.duties if d.date == day and d.line == "main"), None)


def person_options(c: Candidate, gap: CoverCell, ctx: FillContext, *, toil: bool = False) -> list[Option]:
    """Every way ``c`` could fill ``gap`` (move, cancel a rest day, ...), those that would
    overlap another duty included with the score NOT_OFFERED: for a planner who picked the
    person, where ``options_for_gap`` ranks the best people."""
    spec = ctx.shifts[gap.shift_type_id]
    start, end = spec.interval(gap.date)
    return list(_options_for(c, main_duty(c, gap.date), gap, spec, start, end, ctx, toil))


def _asked(n: int) -> str:
    return "not asked in the last 28 days" if n == 0 else f"asked {n} time{'s' if n != 1 else ''} in the last 28 days"


def options_for_gap(gap: CoverCell, candidates: Sequence[Candidate], ctx: FillContext, *, limit: int = 12,
                    per_kind: int = 4, toil: bool = False) -> list[Option]:
    """Ranked options to fill ``gap``: the best ``per_kind`` of each kind, then the best overall, up to ``limit``."""
    spec = ctx.shifts[gap.shift_type_id]
    start, end = spec.interval(gap.date)
    already = set(gap.people)
    by_kind: dict[str, list[Option]] = {k: [] for k in KINDS}
    for c in candidates:
        if c.person_id in already or gap.unit_id not in c.unit_ids:
            continue
        if gap.skill_id is not None and gap.skill_id not in c.skills:
            continue
        main = main_duty(c, gap.date)
        for opt in _options_for(c, main, gap, spec, start, end, ctx, toil):
            if opt.score < NOT_OFFERED:  # overlapping another duty
                by_kind[opt.kind].append(opt)
    out: list[Option] = []
    rest: list[Option] = []
    order = lambda o: (o.score, KINDS.index(o.kind), o.name, o.person_id)  # noqa: E731
    for k in KINDS:
        by_kind[k].sort(key=order)
        out.extend(by_kind[k][:per_kind])
        rest.extend(by_kind[k][per_kind:])
    out.sort(key=order)
    if len(out) < limit:  # room left: the next best of any kind
        out.extend(sorted(rest, key=order)[:limit - len(out)])
    return sorted(out, key=order)[:limit]


def _options_for(c: Candidate, main: DayDuty | None, gap: CoverCell, spec: ShiftSpec, start: datetime,
                 end: datetime, ctx: FillContext, toil: bool) -> Iterable[Option]:
    if main is None:
        return
    if main.kind == "shift" and main.shift_type_id is not None and main.shift_type_id != gap.shift_type_id \
            and main.event_id is None:
        # Move: only when their own shift stays at or above every minimum without them.
        other = ctx.shifts.get(main.shift_type_id)
        hurt = [cell for cell in ctx.by_slot.get((gap.date, main.shift_type_id), ())
                if cell.event_id is None and c.person_id in cell.people and cell.actual - 1 < cell.minimum]
        if not hurt and other is not None:
            yield _make(c, "move", gap, spec, start, end, ctx, toil, replacing=main,
                        why=f"on {other.name} ({other.code}) that day, which stays at or above its minimum without them",
                        from_shift=main.shift_type_id)
        # Overtime: extend an adjacent tour (run on or start early).
        if c.overtime_eligible and main.start and main.end and (main.end == start or main.start == end):
            how = "staying on after" if main.end == start else "starting early before"
            yield _make(c, "overtime", gap, spec, start, end, ctx, toil,
                        why=f"{how} their {other.name if other else 'tour'} ({main.start:%H:%M}–{main.end:%H:%M}): planned overtime")
        elif c.overtime_eligible and main.start and main.end and start - ctx.now < timedelta(hours=RECALL_WITHIN_HOURS) \
                and start > ctx.now:
            yield _make(c, "recall", gap, spec, start, end, ctx, toil,
                        why=f"off duty between tours (on {main.start:%H:%M}–{main.end:%H:%M}); recalled with "
                            f"{RECALL_TRAVEL_MINUTES} min travel")
    elif main.kind in REST_KINDS:
        label = main.kind.replace("_", " ")
        yield _make(c, "cancel_rest_day", gap, spec, start, end, ctx, toil, replacing=main,
                    why=f"{label} on {gap.date:%a %d %b} cancelled")


def _make(c: Candidate, kind: str, gap: CoverCell, spec: ShiftSpec, start: datetime, end: datetime, ctx: FillContext,
          toil: bool, *, why: str, replacing: DayDuty | None = None, from_shift: int | None = None) -> Option:
    effects, overlap = quick_effects(c, start, end, replacing if kind in ("move", "cancel_rest_day") else None)
    agreed = agreement_effects(c.agreement, kind, start, end)
    comp, cost = compensation_for(kind, c.rule_pack, start, end, ctx.now, toil=toil, rank=c.rank,
                                  hourly_pence=c.hourly_pence)
    owed = bool(comp.get("rerostered_rest_day"))
    if overlap:
        score = NOT_OFFERED
    else:
        # A rest day or day in lieu owed costs a future day of this person's time: scored as plain time.
        day_owed = owed or bool(comp.get("day_in_lieu"))
        later = round(comp.get("worked_minutes", 0) * c.hourly_pence / 60) + REST_OWED_PENALTY if day_owed else 0
        rest_hits = sum(("rest" in e and "WTR-07" in e) or "in one go" in e for e in effects)
        score = (cost + ASK_PENALTY * c.asked_recently + WARN_PENALTY * (len(effects) - rest_hits + len(agreed))
                 + REST_PENALTY * rest_hits + later)
    hours = round(comp.get("worked_minutes", 0) / 60, 2)
    parts = [f"{c.name} is {why}."]
    if kind != "move":
        rate = comp.get("rate", 1.0)
        clear = comp.get("clear_days_notice")
        notice = f"{clear} clear days' notice; " if clear is not None else ""
        if owed:
            parts.append(f"{notice}no premium, but another rest day is owed, to be notified by "
                         f"{comp.get('rerostered_notify_by')}.")
        elif comp.get("day_in_lieu") and not comp.get("credited_minutes"):
            parts.append("A day in lieu is owed instead of pay.")
        elif comp.get("toil"):
            parts.append(f"{notice}{hours:g} h at ×{rate:g} = {_hm(comp['credited_minutes'])} time off in lieu.")
        else:
            parts.append(f"{notice}{_hm(comp['credited_minutes'])} credited at ×{rate:g} "
                         f"(from {hours:g} h worked) = {_pounds(cost)}.")
    else:
        parts.append("No extra pay.")
    parts.append(("Working time: " + "; ".join(effects) + ".") if effects else "No working-time problems found.")
    if agreed:
        parts.append("Flexible working: " + "; ".join(agreed) + ".")
    effects = effects + agreed
    parts.append(_asked(c.asked_recently).capitalize() + ".")
    return Option(
        kind=kind, person_id=c.person_id, name=c.name, rank=c.rank, date=gap.date, shift_type_id=gap.shift_type_id,
        start=start, end=end, cost_pence=cost, rate=float(comp.get("rate", 1.0)), hours=hours,
        credited_minutes=int(comp.get("credited_minutes", 0)), clear_days=comp.get("clear_days_notice"),
        compensation=comp, effects=tuple(effects), warnings=len(effects), asked_recently=c.asked_recently,
        reason=" ".join(parts), score=score, duty_id=replacing.duty_id if replacing else None,
        duty_version=replacing.version if replacing else None, from_shift_type_id=from_shift, rest_day_owed=owed,
    ) if not overlap else _overlap(c, kind, gap, start, end, effects)


def _overlap(c, kind, gap, start, end, effects) -> Option:
    return Option(kind, c.person_id, c.name, c.rank, gap.date, gap.shift_type_id, start, end, 0, 1.0, 0, 0, None, {},
                  tuple(effects), 1, c.asked_recently, f"{c.name}: {effects[0]}; not offered.", NOT_OFFERED)
