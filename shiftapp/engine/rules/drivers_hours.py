"""GB domestic drivers' hours for passenger vehicles (HTS-06, Transport Act 1968).

Duties separated by less than the reduced daily rest (8.5 h) form one working day, so a
school-run driver's morning and afternoon runs are one day with a long break between.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .findings import finding
from .model import Finding, PersonFacts
from .packs import RulePack
from .timeline import Timeline, Work, midnight
from .timeutil import hm, monday_of


@dataclass
class WorkingDay:
    items: list[Work] = field(default_factory=list)

    @property
    def s(self) -> int:
        return self.items[0].s

    @property
    def e(self) -> int:
        return self.items[-1].e

    @property
    def day(self) -> date:
        return self.items[0].day

    def driving(self) -> int:
        return sum(w.driving if w.driving is not None else max(0, w.minutes - w.break_minutes)
                   for w in self.items)


def working_days(tl: Timeline, reduced_rest_s: int) -> list[WorkingDay]:
    """Group duties into working days: a new day starts after a rest of at least the
    reduced daily rest, or 24 h after the current day started."""
    days: list[WorkingDay] = []
    for w in tl.work:
        if days and w.s - days[-1].e < reduced_rest_s and w.s - days[-1].s < 86400:
            days[-1].items.append(w)
        else:
            days.append(WorkingDay([w]))
    return days


def _longest_continuous_driving(wd: WorkingDay, break_min: int) -> int:
    """Minutes of driving without a qualifying break. A break given only as
    ``break_minutes`` is taken to split the duty's driving in half."""
    longest = run = 0
    prev_end = None
    for w in wd.items:
        if prev_end is not None and (w.s - prev_end) // 60 >= break_min:
            run = 0
        drive = w.driving if w.driving is not None else max(0, w.minutes - w.break_minutes)
        if w.breaks:
            # distribute driving over the segments between explicit breaks, in proportion
            segs, cursor = [], w.s
            for a, b in w.breaks:
                segs.append((a - cursor, (b - a) // 60))
                cursor = b
            segs.append((w.e - cursor, None))
            work_s = sum(x for x, _ in segs) or 1
            for length, brk in segs:
                run += drive * length / work_s
                longest = max(longest, run)
                if brk is not None and brk >= break_min:
                    run = 0
        elif w.break_minutes >= break_min:
            longest = max(longest, run + drive / 2)
            run = drive / 2
        else:
            run += drive
        longest = max(longest, run)
        prev_end = w.e
    return int(round(longest))


def _breaks_total(wd: WorkingDay) -> int:
    total = 0
    for w in wd.items:
        total += sum((b - a) // 60 for a, b in w.breaks) if w.breaks else w.break_minutes
    for a, b in zip(wd.items, wd.items[1:]):
        total += (b.s - a.e) // 60
    return total


def hts_06_gb_domestic(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    """HTS-06: 10 h driving a day; a 30 min break after 5.5 h driving (or 45 min of breaks
    in a day of at most 8.5 h); 10 h daily rest (8.5 h up to 3 times a week); 16 h
    spreadover; 24 h off in each fixed fortnight. A week with no day over 4 h driving is
    exempt; with at most 2 such days, those days keep the driving and spreadover limits and
    10 h rest before and after."""
    cfg = pack.rule("HTS-06")
    if not cfg.get("enabled") or not tl.work:
        return []
    out: list[Finding] = []
    reduced = int(cfg["reduced_daily_rest_hours"] * 3600)
    full_rest = int(cfg["daily_rest_hours"] * 3600)
    exempt_limit = cfg["exempt_day_driving_hours"] * 60
    days = working_days(tl, reduced)
    long_days: dict[date, int] = {}
    for wd in days:
        if wd.driving() > exempt_limit:
            wk = monday_of(wd.day)
            long_days[wk] = long_days.get(wk, 0) + 1

    def mode(wd: WorkingDay) -> str:
        n = long_days.get(monday_of(wd.day), 0)
        if n == 0:
            return "exempt"
        if n <= cfg["max_exempt_long_days_per_week"]:
            return "partial" if wd.driving() > exempt_limit else "exempt"
        return "full"

    reduced_used: dict[date, int] = {}
    max_drive = cfg["max_driving_hours"] * 60
    max_spread = int(cfg["max_spreadover_hours"] * 3600)
    for k, wd in enumerate(days):
        m = mode(wd)
        if m == "exempt":
            continue
        drive = wd.driving()
        if drive > max_drive:
            out.append(finding(pack, "HTS-06", wd.s, wd.e, (
                f"{hm(drive)} driving in the working day, limit {hm(max_drive)}"),
                driving_minutes=drive, limit_minutes=max_drive))
        spread = wd.e - wd.s
        if spread > max_spread:
            out.append(finding(pack, "HTS-06", wd.s, wd.e, (
                f"spreadover {hm(spread / 60)}, limit {hm(max_spread / 60)}"),
                spreadover_minutes=spread // 60, limit_minutes=max_spread // 60))
        if m == "full":
            cont = _longest_continuous_driving(wd, cfg["break_minutes"])
            if cont > cfg["break_after_driving_minutes"]:
                alt_ok = ((wd.e - wd.s) // 60 <= cfg["alt_window_minutes"]
                          and _breaks_total(wd) >= cfg["alt_break_total_minutes"])
                if not alt_ok:
                    out.append(finding(pack, "HTS-06", wd.s, wd.e, (
                        f"{hm(cont)} driving without a {cfg['break_minutes']} min break, "
                        f"limit {hm(cfg['break_after_driving_minutes'])}"),
                        continuous_driving_minutes=cont,
                        limit_minutes=cfg["break_after_driving_minutes"]))
        # daily rest before this working day
        if k > 0:
            prev = days[k - 1]
            rest = wd.s - prev.e
            wk = monday_of(wd.day)
            strict = m == "partial" or mode(prev) == "partial"
            if rest < full_rest:
                allowed = (not strict and rest >= reduced
                           and reduced_used.get(wk, 0) < cfg["max_reduced_rests_per_week"])
                if allowed:
                    reduced_used[wk] = reduced_used.get(wk, 0) + 1
                else:
                    need = full_rest
                    out.append(finding(pack, "HTS-06", prev.e, wd.s, (
                        f"{hm(rest / 60)} daily rest, needs {hm(need / 60)}"
                        + ("" if strict or rest < reduced else
                           f" (8 h 30 min allowed only {cfg['max_reduced_rests_per_week']} times a week)")),
                        rest_minutes=rest // 60, required_minutes=need // 60))
    # after a partially exempt long day, 10 h rest before the next day
    for k, wd in enumerate(days[:-1]):
        if mode(wd) == "partial" and mode(days[k + 1]) != "partial":
            rest = days[k + 1].s - wd.e
            if rest < full_rest:
                out.append(finding(pack, "HTS-06", wd.e, days[k + 1].s, (
                    f"{hm(rest / 60)} daily rest, needs {hm(full_rest / 60)}"),
                    rest_minutes=rest // 60, required_minutes=full_rest // 60))
    # 24 h off duty in each fixed fortnight (only fortnights in which the rules apply)
    anchor = date.fromisoformat(cfg["fortnight_anchor"])
    off = int(cfg["fortnight_off_hours"] * 3600)
    d = tl.first + timedelta(days=(anchor - tl.first).days % 14)
    while d + timedelta(days=13) <= tl.last:
        weeks = (d, d + timedelta(days=7))
        if any(long_days.get(w, 0) > cfg["max_exempt_long_days_per_week"] for w in weeks):
            lo, hi = midnight(d), midnight(d + timedelta(days=14))
            longest = max((b - a for a, b in tl.off_duty_stretches(lo, hi)), default=0)
            if longest < off:
                out.append(finding(pack, "HTS-06", lo, hi, (
                    f"longest time off {hm(longest / 60)} in the fortnight from {d:%a %d %b}, "
                    f"needs {hm(off / 60)}"), rest_minutes=longest // 60,
                    required_minutes=off // 60))
        d += timedelta(days=14)
    return out
