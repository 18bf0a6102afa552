"""Police conditions, constables and sergeants, England and Wales.

POL-03 roster publication; compensation for changes to published duties: POL-05 rest day
worked, POL-06 reinstated rest day, POL-07 public holiday worked, POL-08 overtime and
recall, POL-10 part-time extra hours, POL-12 working on annual leave. All pay rules run on
force days (a 24 h day from the force's start hour, POL-01).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction

from .findings import finding
from .leave import is_bank_holiday
from .model import Change, Compensation, Finding, RulesInputError
from .packs import RulePack, load_pack
from .timeutil import add_months, day_start_ts, hm, parse_hhmm, ts


def _rate(value) -> Fraction:
    return Fraction(str(value))


def force_day(moment: datetime, pack: RulePack) -> date:
    """The force day a wall-clock moment belongs to (POL-01: days start at e.g. 07:00)."""
    h, m = parse_hhmm(pack.value("POL-01", "force_day_start", "00:00"))
    return (moment.replace(tzinfo=None) - timedelta(hours=h, minutes=m)).date()


def clear_days(notified: datetime, start: datetime, pack: RulePack) -> int:
    """POL-05: days of notice excluding the day told and the day worked (force days)."""
    return max(0, (force_day(start, pack) - force_day(notified, pack)).days - 1)


def _minutes(change: Change) -> int:
    return (ts(change.end) - ts(change.start)) // 60


def _units(minutes: int, unit: int) -> int:
    return max(0, minutes) // unit * unit


def _credit(minutes: int, rate: Fraction) -> int:
    return int(round(minutes * rate))


def _require_notice(change: Change) -> datetime:
    if change.notified is None:
        raise RulesInputError(f"a {change.kind} change needs 'notified' (when the officer was told)")
    if ts(change.notified) > ts(change.start):
        raise RulesInputError("'notified' is after the start of the duty")
    return change.notified


def _rule(pack: RulePack, rule_id: str, kind: str) -> dict:
    cfg = pack.rule(rule_id)
    if not cfg:
        raise RulesInputError(f"rule pack {pack.id} has no {rule_id} rule, needed for {kind}")
    return cfg


def rest_day_worked(pack: RulePack, change: Change) -> Compensation:
    """POL-05: under 15 clear days' notice, time and a half with a 4 h minimum (at most
    1 h run on from a tour: completed 15 minutes, no minimum); 15 or more: no premium and
    a re-rostered rest day, notified within 4 days."""
    cfg = _rule(pack, "POL-05", change.kind)
    notified = _require_notice(change)
    clear = clear_days(notified, change.start, pack)
    worked = _minutes(change)
    unit = cfg["unit_minutes"]
    notes: list[str] = [f"{clear} clear days' notice (day told and day worked excluded)"]
    if clear >= cfg["premium_below_clear_days"]:
        by = force_day(notified, pack) + timedelta(days=cfg["rerostered_notify_within_days"])
        notes.append(f"{cfg['premium_below_clear_days']} or more clear days: no premium; "
                     f"another rest day must be notified by {by:%d %b %Y}")
        return Compensation("POL-05", 1.0, 0, clear, rerostered_rest_day=True,
                            rerostered_notify_by=by, toil=change.toil, notes=tuple(notes))
    rate = _rate(cfg["rate"])
    travel = min(change.travel_minutes, cfg["max_travel_minutes"])
    if change.travel_minutes and worked + travel > cfg["travel_disregarded_over_minutes"]:
        notes.append(f"travel disregarded: duty plus travel over "
                     f"{hm(cfg['travel_disregarded_over_minutes'])}")
        travel = 0
    elif travel:
        notes.append(f"{hm(travel)} travelling time counted")
    if change.run_on and worked <= cfg["run_on_max_minutes"]:
        counted = _units(worked, unit)
        notes.append(f"run on of at most {hm(cfg['run_on_max_minutes'])} from a tour: completed "
                     f"{unit}-minute periods, no 4 h minimum")
    else:
        counted = worked + travel
        if counted < cfg["min_minutes"]:
            notes.append(f"minimum {hm(cfg['min_minutes'])} credited")
            counted = cfg["min_minutes"]
        counted = _units(counted, unit)
    notes.append(f"under {cfg['premium_below_clear_days']} clear days: time and a half"
                 + (" as time off in lieu" if change.toil else " as pay"))
    return Compensation("POL-05", float(rate), _credit(counted, rate), clear,
                        toil=change.toil, notes=tuple(notes))


def rest_day_reinstated(pack: RulePack, change: Change) -> Compensation:
    """POL-06: a cancelled rest day given back. Told with more than 7 days' notice: the
    rest day is taken, unpaid. Less than 8: take it unpaid, or work and be paid at the rate
    of the original notice with a 4 h minimum."""
    cfg = _rule(pack, "POL-06", change.kind)
    notified = _require_notice(change)
    clear = clear_days(notified, change.start, pack)
    if clear >= cfg["paid_below_clear_days"]:
        return Compensation("POL-06", 1.0, 0, clear, notes=(
            f"{clear} clear days' notice: the officer takes the rest day; no payment",))
    if not change.works:
        return Compensation("POL-06", 1.0, 0, clear, notes=(
            f"{clear} clear days' notice: the officer may take the rest day (unpaid, as here) "
            f"or work it and be paid at the original rate with a {hm(cfg['min_minutes'])} minimum",))
    if change.cancellation_notified is None:
        raise RulesInputError("rest_day_reinstated with works=true needs 'cancellation_notified'")
    original = rest_day_worked(pack, Change(
        "rest_day_worked", change.start, change.end, notified=change.cancellation_notified,
        toil=change.toil, travel_minutes=change.travel_minutes))
    counted = max(_minutes(change), cfg["min_minutes"])
    rate = Fraction(original.rate).limit_denominator(64)
    unit = pack.value("POL-05", "unit_minutes", 15)
    return Compensation("POL-06", original.rate, _credit(_units(counted, unit), rate), clear,
                        rerostered_rest_day=original.rerostered_rest_day,
                        rerostered_notify_by=original.rerostered_notify_by, toil=change.toil,
                        notes=(f"{clear} clear days' notice of reinstatement: the officer chose to work",
                               f"paid at the rate of the original notice ({original.clear_days_notice} "
                               f"clear days), minimum {hm(cfg['min_minutes'])}"))


def public_holiday_worked(pack: RulePack, change: Change) -> Compensation:
    """POL-07: double time with a 4 h minimum; under 8 clear days also a day in lieu;
    under 15 clear days needs approval above chief superintendent."""
    cfg = _rule(pack, "POL-07", change.kind)
    notified = _require_notice(change)
    clear = clear_days(notified, change.start, pack)
    notes = [f"{clear} clear days' notice (day told and day worked excluded)"]
    day = force_day(change.start, pack)
    if not is_bank_holiday(day, pack):
        notes.append(f"{day:%a %d %b %Y} is not a bank holiday in the pack's calendar; "
                     "check for a substituted public holiday")
    rate = _rate(cfg["rate"])
    counted = _minutes(change)
    if counted < cfg["min_minutes"]:
        notes.append(f"minimum {hm(cfg['min_minutes'])} credited")
        counted = cfg["min_minutes"]
    counted = _units(counted, cfg["unit_minutes"])
    lieu = clear < cfg["lieu_below_clear_days"]
    approval = clear < cfg["approval_below_clear_days"]
    if lieu:
        notes.append(f"under {cfg['lieu_below_clear_days']} clear days: double time and another "
                     "day off in lieu, itself treated as a public holiday")
    else:
        notes.append("double time")
    if approval:
        notes.append(f"under {cfg['approval_below_clear_days']} clear days: needs approval by "
                     f"{cfg['approver']}")
    return Compensation("POL-07", float(rate), _credit(counted, rate), clear, day_in_lieu=lieu,
                        approval_required=approval, toil=change.toil, notes=tuple(notes))


def _toil_minutes(counted: int, cfg: dict) -> int:
    return counted + counted // cfg["toil_per_minutes"] * cfg["toil_bonus_minutes"]


def overtime(pack: RulePack, change: Change) -> Compensation:
    """POL-08: time and a third per completed 15 minutes. Planned overtime under 30 min is
    not counted; casual overtime's first 30 min is disregarded on each of the first 4
    occasions in a week. TOIL instead: 15 min extra per completed 45 min."""
    cfg = _rule(pack, "POL-08", change.kind)
    worked = _minutes(change)
    notes: list[str] = []
    clear = clear_days(change.notified, change.start, pack) if change.notified else None
    if change.planned:
        if worked < cfg["planned_min_minutes"]:
            notes.append(f"planned overtime under {hm(cfg['planned_min_minutes'])} is not counted")
            worked = 0
    elif change.occasion_in_week <= cfg["casual_disregard_occasions"]:
        notes.append(f"casual overtime, occasion {change.occasion_in_week} in the week: first "
                     f"{hm(cfg['casual_disregard_minutes'])} disregarded")
        worked = max(0, worked - cfg["casual_disregard_minutes"])
    else:
        notes.append(f"casual overtime after the first {cfg['casual_disregard_occasions']} "
                     "occasions in the week: counted in full")
    return _overtime_result(cfg, worked, clear, change.toil, notes)


def _overtime_result(cfg: dict, counted: int, clear, toil: bool, notes: list[str],
                     rule: str = "POL-08") -> Compensation:
    counted = _units(counted, cfg["unit_minutes"])
    rate = _rate(cfg["rate"])
    if toil:
        notes.append(f"time off in lieu: {cfg['toil_bonus_minutes']} min extra for each completed "
                     f"{cfg['toil_per_minutes']} min")
        credited = _toil_minutes(counted, cfg)
    else:
        notes.append("time and a third per completed 15 minutes, as pay")
        credited = _credit(counted, rate)
    return Compensation(rule, float(rate), credited, clear, toil=toil, notes=tuple(notes))


def recall(pack: RulePack, change: Change) -> Compensation:
    """POL-08(b): recall between tours: actual time plus travelling time (force limit) at
    time and a third; no minimum (the 4 h minimum was removed in 2012)."""
    cfg = _rule(pack, "POL-08", change.kind)
    travel = min(change.travel_minutes, cfg["recall_travel_max_minutes"])
    notes = ["recall to duty: no minimum period since 2012"]
    if change.travel_minutes:
        notes.append(f"{hm(travel)} travelling time counted"
                     + (f" (force limit {hm(cfg['recall_travel_max_minutes'])})"
                        if travel < change.travel_minutes else ""))
    clear = clear_days(change.notified, change.start, pack) if change.notified else None
    return _overtime_result(cfg, _minutes(change) + travel, clear, change.toil, notes)


def annual_leave_worked(pack: RulePack, change: Change) -> Compensation:
    """POL-12: working in an absence of 3 or more days including annual leave: for each of
    the first 2 days worked, 2 days' leave or 1 day's leave plus a day's pay at double time;
    each further day 1.5 days' leave or 1 day plus half a day's pay at double time."""
    cfg = _rule(pack, "POL-12", change.kind)
    day_minutes = pack.value("POL-01", "day_minutes", 480)
    clear = clear_days(change.notified, change.start, pack) if change.notified else None
    if change.absence_days < cfg["min_absence_days"]:
        return Compensation("POL-12", 1.0, 0, clear, leave_refund_days=1.0, notes=(
            f"absence of {change.absence_days} days (under {cfg['min_absence_days']}): "
            "the day of leave is simply refunded",))
    first = change.day_number <= cfg["first_days"]
    rate = _rate(cfg["pay_rate"])
    which = ("first or second day worked" if first else "third or later day worked")
    if change.toil:
        days = cfg["first_days_leave"] if first else cfg["further_days_leave"]
        return Compensation("POL-12", 1.0, 0, clear, toil=True, leave_refund_days=float(days),
                            notes=(f"{which} of a {change.absence_days}-day absence: "
                                   f"{days:g} days' leave",))
    pay_days = cfg["first_days_pay_days"] if first else cfg["further_days_pay_days"]
    return Compensation("POL-12", float(rate), _credit(int(pay_days * day_minutes), rate), clear,
                        leave_refund_days=1.0, notes=(
                            f"{which} of a {change.absence_days}-day absence: 1 day's leave plus "
                            f"{pay_days:g} day's pay at double time",))


def part_time_extra(pack: RulePack, change: Change) -> Compensation:
    """POL-10: a part-time officer's extra hours on a working day are plain time up to
    40 h in the week, time and a third above."""
    cfg = _rule(pack, "POL-10", change.kind)
    worked = _minutes(change)
    cap = cfg["plain_time_up_to_weekly_hours"] * 60
    before = int(round(change.week_hours_before * 60))
    plain = max(0, min(worked, cap - before))
    over = _units(worked - plain, cfg["unit_minutes"])
    rate = _rate(cfg["rate"])
    notes = [f"{hm(plain)} at plain time (up to {hm(cap)} in the week)"]
    if over:
        notes.append(f"{hm(over)} above {hm(cap)} at time and a third")
    return Compensation("POL-10", float(rate if over else 1), plain + _credit(over, rate), None,
                        toil=change.toil, notes=tuple(notes))


HANDLERS = {
    "rest_day_worked": rest_day_worked,
    "rest_day_reinstated": rest_day_reinstated,
    "public_holiday_worked": public_holiday_worked,
    "overtime": overtime,
    "recall": recall,
    "annual_leave_worked": annual_leave_worked,
    "part_time_extra": part_time_extra,
}


def compensate(pack: "str | RulePack", change: Change) -> Compensation:
    """Compensation for one change to a published duty (pack resolved on the duty date)."""
    if ts(change.end) <= ts(change.start):
        raise RulesInputError("change ends before it starts")
    handler = HANDLERS.get(change.kind)
    if handler is None:
        raise RulesInputError(f"unknown change kind {change.kind!r} "
                              f"(known: {', '.join(sorted(HANDLERS))})")
    return handler(load_pack(pack, change.start.date()), change)


def check_publication(pack: "str | RulePack", roster_start: date, roster_end: date,
                      published: date) -> list[Finding]:
    """POL-03: a roster covers at least 3 months and is published at least 1 month before
    it starts."""
    resolved = load_pack(pack, roster_start)
    cfg = _rule(resolved, "POL-03", "roster publication")
    if roster_end < roster_start:
        raise RulesInputError("roster ends before it starts")
    out = []
    s, e = day_start_ts(roster_start), day_start_ts(roster_end + timedelta(days=1))
    needed_end = add_months(roster_start, cfg["min_cover_months"]) - timedelta(days=1)
    if roster_end < needed_end:
        days = (roster_end - roster_start).days + 1
        out.append(finding(resolved, "POL-03", s, e, (
            f"roster covers {days} days ({roster_start:%d %b %Y}-{roster_end:%d %b %Y}), needs "
            f"{cfg['min_cover_months']} months (to {needed_end:%d %b %Y})"),
            covered_days=days, required_months=cfg["min_cover_months"]))
    latest = add_months(roster_start, -cfg["min_notice_months"])
    if published > latest:
        out.append(finding(resolved, "POL-03", s, e, (
            f"published {published:%d %b %Y}, {(roster_start - published).days} days before it "
            f"starts; must be published by {latest:%d %b %Y} ({cfg['min_notice_months']} month ahead)"),
            notice_days=(roster_start - published).days, required_months=cfg["min_notice_months"]))
    return out
