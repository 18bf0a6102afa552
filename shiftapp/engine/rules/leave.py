"""Leave entitlement (POL-11, NJC-01, NJC-02, WTR-13) and bank holidays (BH-01, BH-02)."""
from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

import holidays

from .model import LeaveEntitlement, RulesInputError
from .packs import RulePack, load_pack
from .timeutil import add_months


@lru_cache(maxsize=64)
def _bank_holidays(year: int, subdiv: str, policy: str) -> tuple[tuple[date, str], ...]:
    cal = holidays.country_holidays("GB", subdiv=subdiv, years=year)
    out = []
    for day, name in sorted(cal.items()):
        if policy == "all_entries":
            out.append((day, name))
        elif "(observed)" in name or day.weekday() < 5:
            # BH-02: the employment bank holiday is the substitute day; an actual date at a
            # weekend that has a substitute is not itself a day off.
            out.append((day, name))
    return tuple(out)


def bank_holidays(year: int, pack: "str | RulePack | None" = None, *,
                  subdiv: str | None = None, policy: str | None = None) -> list[tuple[date, str]]:
    """Bank holidays for a year as (date, name), England unless the pack or ``subdiv`` says
    otherwise. Policy ``observed_plus_weekday_actual`` (the packs' default, BH-02) keeps the
    "(observed)" substitute days plus actual dates falling on weekdays; ``all_entries``
    returns the package's list unchanged."""
    cfg = load_pack(pack, date(year, 1, 1)).rule("BH-02") if pack is not None else {}
    return list(_bank_holidays(year, subdiv or cfg.get("subdiv", "ENG"),
                               policy or cfg.get("policy", "observed_plus_weekday_actual")))


def is_bank_holiday(day: date, pack: "str | RulePack | None" = None) -> bool:
    return any(d == day for d, _ in bank_holidays(day.year, pack))


def _years_between(start: date, on: date) -> int:
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(0, years)


def _scale_days(scale: list[list[float]], years: int) -> float:
    days = 0.0
    for threshold, value in scale:
        if years >= threshold:
            days = value
    return days


def statutory_leave_days(days_per_week: float, pack: "str | RulePack" = "wtr-gb",
                         on: date | None = None) -> float:
    """WTR-13: 5.6 weeks, capped at 28 days (e.g. 3 days a week -> 16.8 days)."""
    cfg = load_pack(pack, on or date.today()).rule("WTR-13")
    return round(min(cfg["weeks"] * days_per_week, cfg["cap_days"]), 2)


def accrue_irregular_hours(hours_worked: float, leave_year_start: date,
                           pack: "str | RulePack" = "wtr-gb") -> float:
    """WTR-13 reg 15B: irregular-hours and part-year workers accrue 12.07 % of the hours
    worked in each pay period, in leave years starting on or after 1 April 2024."""
    if hours_worked < 0:
        raise RulesInputError("hours worked cannot be negative")
    rate = load_pack(pack, leave_year_start).value("WTR-13", "irregular_accrual_rate")
    if rate is None:
        raise RulesInputError(
            f"accrual as a share of hours worked applies only to leave years starting on or "
            f"after 1 April 2024 (leave year starting {leave_year_start})")
    return round(hours_worked * rate, 2)


def annual_leave_entitlement(pack: "str | RulePack", leave_year_start: date, *,
                             service_start: date | None = None,
                             contract_hours: float | None = None,
                             days_per_week: float = 5.0,
                             scheme: str = "auto") -> LeaveEntitlement:
    """Annual leave for the leave year beginning ``leave_year_start``.

    - police packs (POL-11): the scale by years of relevant service, month by month (1/12
      per completed month, the scale in force in each month, a fraction of a day counted
      as a day); part-timers get the same days, each worth pro-rata hours.
    - council packs: the local scheme (NJC-02) with fixed days, never below the national
      minimum (NJC-01) plus public holidays and extra statutory days; pro rata by hours on
      a 37 h week. ``scheme`` may force ``"national"`` or ``"local"``.
    - otherwise the statutory 5.6 weeks (WTR-13).
    """
    base = load_pack(pack, leave_year_start)
    if isinstance(pack, RulePack):
        pack_id = None
    else:
        pack_id = pack
    if base.rule("POL-11"):
        return _police(base, pack_id, leave_year_start, service_start, contract_hours)
    if base.rule("NJC-01") or base.rule("NJC-02"):
        return _council(base, leave_year_start, service_start, contract_hours, scheme)
    days = statutory_leave_days(days_per_week, base, leave_year_start)
    return LeaveEntitlement("WTR-13", days, round(days * (contract_hours or 37.5) / days_per_week, 2)
                            if contract_hours else 0.0, notes=(
                                "statutory minimum: 5.6 weeks capped at 28 days; bank holidays may count towards it",))


def _police(base: RulePack, pack_id: str | None, lys: date, service_start: date | None,
            contract_hours: float | None) -> LeaveEntitlement:
    notes = []
    total = 0.0
    steps = set()
    for m in range(12):
        m_start = add_months(lys, m)
        m_end = add_months(lys, m + 1) - timedelta(days=1)
        if service_start is not None and service_start > m_start:
            continue  # not a completed month of service
        cfg = (load_pack(pack_id, m_start) if pack_id else base).rule("POL-11")
        years = _years_between(service_start, m_end) if service_start else 0
        days = _scale_days(cfg["scale"], years)
        steps.add(days)
        total += days / 12
    unit = base.value("POL-11", "round_fraction_up_to_days", 1) or 1
    days = math.ceil(total / unit - 1e-9) * unit
    if len(steps) > 1 or (service_start and service_start > lys):
        notes.append("1/12 of the scale per completed month; a fraction of a day counts as a day")
    weekly = base.value("POL-02", "weekly_hours", 40)
    fraction = (contract_hours / weekly) if contract_hours else 1.0
    hours = round(days * base.value("POL-11", "day_hours", 8) * fraction, 2)
    if fraction != 1.0:
        notes.append(f"part-time: same days, each worth {fraction:.3g} of a day")
    if "POL-11" in base.to_confirm:
        notes.append("to confirm: " + base.to_confirm["POL-11"])
    return LeaveEntitlement("POL-11", days, hours, notes=tuple(notes))


def _council(base: RulePack, lys: date, service_start: date | None,
             contract_hours: float | None, scheme: str) -> LeaveEntitlement:
    years = _years_between(service_start, lys) if service_start else 0
    nat = base.rule("NJC-01")
    loc = base.rule("NJC-02")
    notes = []
    national = (_scale_days(nat["scale"], years) + nat["public_holidays"]
                + nat["extra_statutory_days"]) if nat else 0.0
    local = (_scale_days(loc["scale"], years) + loc["fixed_days"]) if loc else 0.0
    if scheme == "national" or (scheme == "auto" and not loc):
        rule, days, fixed = "NJC-01", national, nat["public_holidays"] + nat["extra_statutory_days"]
        cfg = nat
    else:
        rule, days, fixed, cfg = "NJC-02", local, loc["fixed_days"], loc
        if nat and national > local:
            notes.append(f"raised from the local scheme's {local:g} to the national minimum {national:g}")
            days = national
    weekly = cfg.get("standard_weekly_hours", 37)
    fraction = (contract_hours / weekly) if contract_hours else 1.0
    months = 12
    if service_start and service_start > lys:
        months = max(0, 12 - sum(1 for m in range(12) if add_months(lys, m) < service_start))
        notes.append(f"joined in the leave year: {months}/12")
    step = cfg.get("round_to_days", 0.5) or 0.5
    scaled = math.ceil(days * fraction * months / 12 / step - 1e-9) * step
    fixed_scaled = round(fixed * fraction * months / 12, 2)
    if fraction != 1.0:
        notes.append(f"pro rata {contract_hours:g}/{weekly:g} h")
    hours = round(days * fraction * months / 12 * cfg.get("day_hours", 7.4), 2)
    notes.append(f"{years} years' continuous local government service at the leave year start")
    return LeaveEntitlement(rule, scaled, hours, fixed_days=fixed_scaled, notes=tuple(notes))
