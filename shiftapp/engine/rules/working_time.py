"""Working Time Regulations 1998 checks (WTR-02, 04, 05, 06, 07, 08, 09, 10).

One function per rule, each ``(timeline, person, pack) -> list[Finding]``. Every number
comes from the pack; the rule ids and their meaning are in ``uk-rules.md``.
"""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate

from .findings import finding
from .model import WARN, Finding, PersonFacts
from .packs import RulePack
from .timeline import Timeline, midnight
from .timeutil import hm, monday_of, parse_hhmm

DAY = 86400


def _daily_minutes(tl: Timeline, breaks_count: bool) -> list[int]:
    """Working minutes per local date (a duty belongs to the date it starts)."""
    n = (tl.last - tl.first).days + 1
    out = [0] * n
    first = tl.first
    for w in tl.work:
        out[(w.day - first).days] += w.minutes if breaks_count else max(0, w.minutes - w.break_minutes)
    return out


def _leave_year_start(day: date, mmdd: str) -> date:
    m, d = (int(x) for x in mmdd.split("-"))
    start = date(day.year, m, d)
    return start if start <= day else date(day.year - 1, m, d)


def _excluded_days(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[bool]:
    """WTR-04 excluded days: reg 13 leave (first N days a leave year), sickness, family
    leave, and days on which an opt-out is in force."""
    cfg = pack.rule("WTR-04")
    kinds = set(cfg.get("excluded_kinds", []))
    leave_kind = cfg.get("annual_leave_kind", "annual_leave")
    cap = cfg.get("reg13_leave_days_per_leave_year", 20)
    year_start = cfg.get("leave_year_start", "01-01")
    n = (tl.last - tl.first).days + 1
    out = [False] * n
    used: dict[date, int] = {}
    opt = person.opt_out if pack.value("WTR-02", "opt_out_allowed", True) else None
    for day in sorted(tl.days):
        k = tl.days[day]
        i = (day - tl.first).days
        if k & kinds:
            out[i] = True
        elif leave_kind in k:
            ly = _leave_year_start(day, year_start)
            if used.get(ly, 0) < cap:
                used[ly] = used.get(ly, 0) + 1
                out[i] = True
    if opt is not None:
        for i in range(n):
            if opt.in_force(tl.first + timedelta(days=i)):
                out[i] = True
    return out


def wtr_02_04_average_week(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    """WTR-02 (48 h average over the reference period) and WTR-04 (average = (A + B) / C
    with compensatory days; an average whose compensatory days are not yet rostered is
    provisional and gives a WTR-04 warning instead of a WTR-02 breach)."""
    cfg = pack.rule("WTR-02")
    if not cfg.get("enabled") or not tl.work:
        return []
    opt = person.opt_out if cfg.get("opt_out_allowed", True) else None
    limit = cfg["max_average_hours"] * 60
    ref_days = int(cfg["reference_weeks"] * 7)
    minutes = _daily_minutes(tl, pack.value("WTR-01", "breaks_count_as_working_time", False))
    n = len(minutes)
    use_excluded = pack.enabled("WTR-04")
    excluded = _excluded_days(tl, person, pack) if use_excluded else [False] * n
    pre_min = [0, *accumulate(minutes)]
    pre_exc = [0, *accumulate(int(x) for x in excluded)]
    work_idx = [i for i, m in enumerate(minutes) if m > 0]
    pre_work = [0, *accumulate(minutes[i] for i in work_idx)]

    windows: list[tuple[int, int]] = []  # (first index, last index) inclusive
    ss = person.service_start
    ss_i = (ss - tl.first).days if ss is not None else None
    if cfg.get("reference_mode") == "fixed" and cfg.get("fixed_anchor"):
        anchor = date.fromisoformat(cfg["fixed_anchor"])
        k0 = -((anchor - tl.first).days // ref_days) - 1
        k = k0
        while True:
            a = (anchor - tl.first).days + k * ref_days
            if a + ref_days - 1 >= n:
                break
            if a >= 0:
                windows.append((a, a + ref_days - 1))
            k += 1
    else:
        for e in range(ref_days - 1, n):
            windows.append((e - ref_days + 1, e))
    if ss_i is not None and ss_i >= 0:
        windows = [(a, e) for a, e in windows if a >= ss_i]
        # less than a reference period of service: average over whole weeks since starting
        for e in range(ss_i + 6, min(n, ss_i + ref_days - 1), 7):
            windows.append((ss_i, e))
        windows.sort(key=lambda w: (w[1], w[0]))

    breaches: list[tuple[int, int, float, bool, int]] = []
    for a, e in windows:
        if opt is not None and all(opt.in_force(tl.first + timedelta(days=i)) for i in (a, e)):
            continue
        A = pre_min[e + 1] - pre_min[a]
        N = pre_exc[e + 1] - pre_exc[a] if use_excluded else 0
        weeks = (e - a + 1) / 7
        j = bisect_right(work_idx, e)
        available = len(work_idx) - j
        take = min(N, available)
        B = pre_work[j + take] - pre_work[j]
        pending = N - take
        if pending:
            worked_days = sum(1 for i in work_idx[bisect_right(work_idx, a - 1):j]) or 1
            projected = (A + B + pending * (A / worked_days)) / weeks
            if projected > limit:
                breaches.append((a, e, projected, True, pending))
        else:
            avg = (A + B) / weeks
            if avg > limit:
                breaches.append((a, e, avg, False, 0))
    return _merge_average_findings(tl, pack, breaches, limit, cfg["reference_weeks"])


def _merge_average_findings(tl, pack, breaches, limit, ref_weeks) -> list[Finding]:
    out: list[Finding] = []
    for provisional in (False, True):
        runs: list[list] = []
        for a, e, avg, prov, pending in breaches:
            if prov != provisional:
                continue
            if runs and a <= runs[-1][1] + 1:
                r = runs[-1]
                r[1] = max(r[1], e)
                if avg > r[2]:
                    r[2], r[3], r[4], r[5] = avg, a, e, pending
            else:
                runs.append([a, e, avg, a, e, pending])
        for a, e, avg, wa, we, pending in runs:
            s = midnight(tl.first + timedelta(days=a))
            end = midnight(tl.first + timedelta(days=e + 1))
            weeks = (we - wa + 1) / 7
            if provisional:
                out.append(finding(pack, "WTR-04", s, end, (
                    f"average {hm(avg)} a week over {weeks:g} weeks is provisional: "
                    f"{pending} compensatory working days not yet rostered; projected over "
                    f"{hm(limit)}"), severity=pack.value("WTR-04", "severity", WARN),
                    average_minutes=round(avg), limit_minutes=limit, pending_days=pending))
            else:
                out.append(finding(pack, "WTR-02", s, end, (
                    f"average {hm(avg)} a week over {weeks:g} weeks "
                    f"({(tl.first + timedelta(days=wa)):%d %b %Y}-{(tl.first + timedelta(days=we)):%d %b %Y}), "
                    f"limit {hm(limit)}"), average_minutes=round(avg), limit_minutes=limit,
                    reference_weeks=ref_weeks))
    return out


def night_minutes(tl: Timeline, pack: RulePack) -> list[int]:
    """Minutes of night time (WTR-05 band) in each work item of the timeline."""
    cfg = pack.rule("WTR-05")
    return tl.band_minutes(parse_hhmm(cfg.get("night_start", "23:00")),
                           parse_hhmm(cfg.get("night_end", "06:00")))


def is_night_worker(tl: Timeline, pack: RulePack) -> tuple[bool, int, int]:
    """WTR-05: (night worker?, working days with enough night time, working days)."""
    cfg = pack.rule("WTR-05")
    need = cfg.get("min_night_minutes_per_day", 180)
    days: dict[date, int] = {}
    for w, m in zip(tl.work, night_minutes(tl, pack)):
        days[w.day] = days.get(w.day, 0) + m
    nights = sum(1 for m in days.values() if m >= need)
    total = len(days)
    return (total >= cfg.get("min_working_days", 1)
            and nights / total >= cfg.get("normal_course_share", 0.33), nights, total)


def wtr_05_night_worker(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    """WTR-05: a night worker (at least 3 h of night time on a normal course of working
    days) must be offered a free health assessment (reg 7) before night work."""
    cfg = pack.rule("WTR-05")
    if not cfg.get("enabled") or not tl.work:
        return []
    night, nights, total = is_night_worker(tl, pack)
    if not night or person.night_assessment is not None:
        return []
    need = cfg.get("min_night_minutes_per_day", 180)
    return [finding(pack, "WTR-05", tl.work[0].s, tl.work[-1].e, (
        f"night worker: {hm(need)} or more of night time ({cfg['night_start']}-{cfg['night_end']}) "
        f"on {nights} of {total} working days ({100 * nights / total:.0f} %); "
        f"no health assessment recorded (reg 7)"), severity=cfg.get("severity", WARN),
        night_days=nights, working_days=total)]


def wtr_06_night_limit(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    """WTR-06: a night worker's hours average at most 8 in each 24 over the reference
    period; special-hazard work is capped at 8 h in any 24 h in which night work is done."""
    cfg = pack.rule("WTR-06")
    if not cfg.get("enabled") or not tl.work or not is_night_worker(tl, pack)[0]:
        return []
    out: list[Finding] = []
    limit = cfg["max_average_hours_per_24h"] * 60
    ref_days = int(cfg["reference_weeks"] * 7)
    minutes = _daily_minutes(tl, pack.value("WTR-01", "breaks_count_as_working_time", False))
    pre = [0, *accumulate(minutes)]
    rest_days = (ref_days / 7) * cfg.get("weekly_rest_days_per_week", 1)
    denom = ref_days - rest_days if cfg.get("denominator") == "days_minus_weekly_rest" else ref_days
    run: list = []
    for e in range(ref_days - 1, len(minutes)):
        a = e - ref_days + 1
        avg = (pre[e + 1] - pre[a]) / denom
        if avg > limit:
            if run and a <= run[1] + 1:
                run[1] = e
                run[2] = max(run[2], avg)
            else:
                if run:
                    out.append(run)
                run = [a, e, avg]
    if run:
        out.append(run)
    findings = [finding(pack, "WTR-06", midnight(tl.first + timedelta(days=a)),
                        midnight(tl.first + timedelta(days=e + 1)), (
                            f"night worker averages {hm(avg)} in each 24 h over "
                            f"{cfg['reference_weeks']} weeks, limit {hm(limit)}"),
                        average_minutes=round(avg), limit_minutes=limit)
                for a, e, avg in out]
    if person.special_hazard:
        cap = cfg["hazard_max_hours_in_24h"] * 60 * 60
        for w, night in zip(tl.work, night_minutes(tl, pack)):
            if night <= 0:
                continue
            for lo, hi in ((w.s, w.s + DAY), (w.e - DAY, w.e)):
                total = sum(min(x.e, hi) - max(x.s, lo) for x in tl.work
                            if x.s < hi and x.e > lo)
                if total > cap:
                    findings.append(finding(pack, "WTR-06", lo, hi, (
                        f"special-hazard night work: {hm(total / 60)} worked in 24 h, "
                        f"limit {hm(cap / 60)}"), worked_minutes=total // 60,
                        limit_minutes=cap // 60))
                    break
    return findings


def wtr_07_daily_rest(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    """WTR-07: at least 11 (young: 12) consecutive hours' rest in each 24 h, measured in
    real time from the start of each duty; the shortest such 24 h rest is reported."""
    cfg = pack.rule("WTR-07")
    if not cfg.get("enabled"):
        return []
    need = int(cfg["min_rest_hours"] * 3600)
    window = int(cfg.get("window_hours", 24) * 3600)
    work = tl.work
    n = len(work)
    out: list[Finding] = []
    seen = set()
    for i in range(n - 1):
        if work[i + 1].s - work[i].e >= need:
            continue  # the rest after this duty already qualifies
        hi = work[i].s + window
        best = (0, work[i].e, work[i].e)
        cursor = work[i].e
        j = i + 1
        while cursor < hi:
            nxt = work[j].s if j < n else hi
            gap_end = min(nxt, hi)
            if gap_end - cursor > best[0]:
                best = (gap_end - cursor, cursor, gap_end)
            if j >= n or nxt >= hi:
                break
            cursor = max(cursor, work[j].e)
            j += 1
        if best[0] >= need:
            continue
        # Report the short rest that started this window (after duty i): a stable place, so
        # removing some other duty never moves a finding somewhere new.
        gap_s, gap_e = work[i].e, work[i + 1].s
        if (gap_s, gap_e) in seen:
            continue
        seen.add((gap_s, gap_e))
        rest = (gap_e - gap_s) // 60
        out.append(finding(pack, "WTR-07", gap_s, gap_e, (
            f"{hm(rest)} rest, needs {hm(need / 60)}"), rest_minutes=rest,
            required_minutes=need // 60, shortfall_minutes=need // 60 - rest))
    return out


def _week_starts(tl: Timeline, step_days: int, anchor: date) -> list[date]:
    """Starts of fixed windows (Mondays, aligned to ``anchor``) fully inside the cover."""
    first = tl.first + timedelta(days=(anchor - tl.first).days % step_days)
    out = []
    d = first
    while d + timedelta(days=step_days - 1) <= tl.last:
        out.append(d)
        d += timedelta(days=step_days)
    return out


def wtr_08_weekly_rest(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    """WTR-08: 24 h uninterrupted rest in each fixed week (Monday 00:00), or 2 x 24 h or
    1 x 48 h in each fortnight where the pack says so (young workers: 48 h a week).
    Rest counts only inside the window. Weekly rest that is not clear of the daily rest
    (24 + 11 h) gives a warning (reg 11(7) allows it for objective reasons)."""
    cfg = pack.rule("WTR-08")
    if not cfg.get("enabled") or not tl.work:
        return []
    add = int(cfg.get("add_daily_rest_hours", 0) * 3600)
    out: list[Finding] = []
    if cfg.get("mode") == "14_days":
        anchor = date.fromisoformat(cfg.get("fortnight_anchor", "1998-10-05"))
        period = int(cfg["period_hours_14_days"] * 3600)
        single = int(cfg["single_hours_14_days"] * 3600)
        count = cfg.get("min_periods_14_days", 2)
        for d in _week_starts(tl, 14, anchor):
            lo, hi = midnight(d), midnight(d + timedelta(days=14))
            st = [b - a for a, b in tl.off_duty_stretches(lo, hi)]
            longest = max(st, default=0)

            def ok(extra: int) -> bool:
                return longest >= single + extra or sum(1 for x in st if x >= period + extra) >= count
            if not ok(0):
                need = single
                out.append(finding(pack, "WTR-08", lo, hi, (
                    f"longest rest {hm(longest / 60)} in the fortnight from {d:%a %d %b}, "
                    f"needs {count} x {hm(period / 60)} or {hm(single / 60)}"),
                    rest_minutes=longest // 60, required_minutes=need // 60,
                    shortfall_minutes=max(0, need - longest) // 60))
            elif add and not ok(add):
                out.append(finding(pack, "WTR-08", lo, hi, (
                    f"weekly rest in the fortnight from {d:%a %d %b} overlaps the daily rest "
                    f"(longest {hm(longest / 60)}): allowed only for objective, technical or "
                    f"organisational reasons"), severity=cfg.get("overlap_severity", WARN),
                    rest_minutes=longest // 60))
        return out
    need = int(cfg["min_hours_7_days"] * 3600)
    anchor = monday_of(tl.first)
    for d in _week_starts(tl, 7, anchor):
        lo, hi = midnight(d), midnight(d + timedelta(days=7))
        longest = max((b - a for a, b in tl.off_duty_stretches(lo, hi)), default=0)
        if longest < need:
            out.append(finding(pack, "WTR-08", lo, hi, (
                f"longest rest {hm(longest / 60)} in the week from {d:%a %d %b}, "
                f"needs {hm(need / 60)}"), rest_minutes=longest // 60,
                required_minutes=need // 60, shortfall_minutes=(need - longest) // 60))
        elif longest < need + add:
            out.append(finding(pack, "WTR-08", lo, hi, (
                f"weekly rest {hm(longest / 60)} in the week from {d:%a %d %b} overlaps the "
                f"daily rest (needs {hm((need + add) / 60)} clear): allowed only for objective, "
                f"technical or organisational reasons"), severity=cfg.get("overlap_severity", WARN),
                rest_minutes=longest // 60, required_minutes=(need + add) // 60))
    return out


def wtr_09_rest_break(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    """WTR-09: a duty longer than 6 h (young: 4.5 h) needs an uninterrupted break of
    20 min (young: 30 min) during it, not at either end; breaks are not added together."""
    cfg = pack.rule("WTR-09")
    if not cfg.get("enabled"):
        return []
    threshold = cfg["threshold_hours"] * 60
    need = cfg["min_break_minutes"]
    out: list[Finding] = []
    for w in tl.work:
        if w.minutes <= threshold:
            continue
        if w.breaks:
            longest = max(((b - a) // 60 for a, b in w.breaks if a > w.s and b < w.e), default=0)
        else:
            longest = w.break_minutes
        if longest < need:
            out.append(finding(pack, "WTR-09", w.s, w.e, (
                f"{hm(w.minutes)} duty with " + (f"a {hm(longest)} break" if longest else "no break") + ", "
                f"needs {hm(need)} during it"), duty_minutes=w.minutes, break_minutes=longest,
                required_minutes=need, shortfall_minutes=need - longest))
    return out


def wtr_10_young_worker(tl: Timeline, person: PersonFacts, pack: RulePack) -> list[Finding]:
    """WTR-10: a young worker works at most 8 h a day and 40 h a week (no averaging, no
    opt-out) and not between 22:00 and 06:00."""
    cfg = pack.rule("WTR-10")
    if not cfg.get("enabled") or not tl.work:
        return []
    out: list[Finding] = []
    breaks_count = pack.value("WTR-01", "breaks_count_as_working_time", False)
    day_limit = cfg["max_daily_hours"] * 60
    week_limit = cfg["max_weekly_hours"] * 60
    per_day: dict[date, int] = {}
    per_week: dict[date, int] = {}
    band = tl.band_minutes(parse_hhmm(cfg["night_start"]), parse_hhmm(cfg["night_end"]))
    for w, night in zip(tl.work, band):
        m = tl.worked_minutes(w, breaks_count)
        per_day[w.day] = per_day.get(w.day, 0) + m
        wk = monday_of(w.day)
        per_week[wk] = per_week.get(wk, 0) + m
        if night:
            out.append(finding(pack, "WTR-10", w.s, w.e, (
                f"young worker works {hm(night)} between {cfg['night_start']} and "
                f"{cfg['night_end']}"), night_minutes=night))
    for d, m in sorted(per_day.items()):
        if m > day_limit:
            out.append(finding(pack, "WTR-10", midnight(d), midnight(d + timedelta(days=1)), (
                f"young worker works {hm(m)} on {d:%a %d %b}, limit {hm(day_limit)} a day"),
                worked_minutes=m, limit_minutes=day_limit))
    for wk, m in sorted(per_week.items()):
        if m > week_limit:
            out.append(finding(pack, "WTR-10", midnight(wk), midnight(wk + timedelta(days=7)), (
                f"young worker works {hm(m)} in the week from {wk:%a %d %b}, "
                f"limit {hm(week_limit)} a week"), worked_minutes=m, limit_minutes=week_limit))
    return out


RULES = (
    wtr_02_04_average_week,
    wtr_05_night_worker,
    wtr_06_night_limit,
    wtr_07_daily_rest,
    wtr_08_weekly_rest,
    wtr_09_rest_break,
    wtr_10_young_worker,
)
