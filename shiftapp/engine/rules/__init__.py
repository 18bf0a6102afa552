"""ShiftApp rules engine: working time, police conditions and compensation, leave
entitlement, bank holidays, GB drivers' hours and shift patterns.

Pure Python: dataclasses in, dataclasses out; every number comes from a versioned rule
pack (``packs/*.json``). The stable API for services:

- ``check(person, pack, duties, on=None) -> list[Finding]``
- ``compensate(pack, change) -> Compensation``
- ``check_publication(pack, roster_start, roster_end, published) -> list[Finding]``
- ``check_pattern(pack, pattern, start, person=None, repeats=None) -> PatternReport``
- ``annual_leave_entitlement(pack, leave_year_start, *, service_start=None,
  contract_hours=None, days_per_week=5.0, scheme="auto") -> LeaveEntitlement``
- ``statutory_leave_days(days_per_week, pack="wtr-gb", on=None) -> float``
- ``accrue_irregular_hours(hours_worked, leave_year_start, pack="wtr-gb") -> float``
- ``bank_holidays(year, pack=None, *, subdiv=None, policy=None) -> list[(date, name)]``
- ``load_pack(pack_id, on=None) -> RulePack``, ``available_packs() -> list[str]``
- ``compensatory_rest_owed(findings) -> int`` (minutes)

Invalid input raises ``RulesInputError`` with a message fit for a user.
"""
from .check import check
from .findings import compensatory_rest_owed
from .leave import (accrue_irregular_hours, annual_leave_entitlement, bank_holidays,
                    is_bank_holiday, statutory_leave_days)
from .model import (BLOCK, WARN, Change, Compensation, Duty, Finding, LeaveEntitlement,
                    OptOut, Override, PersonFacts, RulesInputError)
from .packs import RulePack, all_to_confirm, available_packs, load_pack
from .patterns import PatternReport, PatternShift, check_pattern
from .police import check_publication, compensate, force_day, clear_days

__all__ = [
    "BLOCK", "WARN", "Change", "Compensation", "Duty", "Finding", "LeaveEntitlement", "OptOut",
    "Override", "PatternReport", "PatternShift", "PersonFacts", "RulePack", "RulesInputError",
    "accrue_irregular_hours", "all_to_confirm", "annual_leave_entitlement", "available_packs",
    "bank_holidays", "check", "check_pattern", "check_publication", "clear_days", "compensate",
    "compensatory_rest_owed", "force_day", "is_bank_holiday", "load_pack",
    "statutory_leave_days",
]
