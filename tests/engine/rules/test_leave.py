"""POL-11, NJC-01, NJC-02, WTR-13 and BH-01/BH-02."""
from datetime import date

import pytest

from shiftapp.engine.rules import (RulesInputError, accrue_irregular_hours, annual_leave_entitlement,
                                   bank_holidays, statutory_leave_days)

P = "police-ew-constable"


# ---- POL-11 police scale --------------------------------------------------------------------
@pytest.mark.parametrize("service_start,days", [
    (date(2023, 6, 1), 22),   # under 2 years all year
    (date(2015, 9, 1), 25),   # 8 years
    (date(2012, 1, 1), 27),   # 12 years
    (date(2008, 1, 1), 28),   # 16 years
    (date(2000, 1, 1), 30),   # 24 years
])
def test_pol11_scale_before_april_2025(service_start, days):
    e = annual_leave_entitlement(P, date(2024, 4, 1), service_start=service_start)
    assert (e.rule, e.days, e.hours) == ("POL-11", days, days * 8)


def test_pol11_two_year_step_inside_the_leave_year():
    e = annual_leave_entitlement(P, date(2024, 4, 1), service_start=date(2023, 1, 1))
    assert e.days == 23  # 9 months at 22, 3 at 25 = 22.75, a fraction counted as a day


def test_pol11_joining_in_the_year_is_twelfths_per_completed_month():
    e = annual_leave_entitlement(P, date(2024, 4, 1), service_start=date(2024, 10, 1))
    assert e.days == 11  # 6 completed months x 22 / 12


def test_pol11_moving_up_the_scale_counts_the_month_of_the_anniversary_at_the_new_rate():
    e = annual_leave_entitlement(P, date(2024, 4, 1), service_start=date(2014, 10, 15))
    assert e.days == 26  # 6 months at 25 and 6 at 27


def test_pol11_april_2025_change_to_confirm():
    """[U] From 1 April 2025 leave on appointment is 25 days; the other steps are kept
    until Annex O from the pay-award circular is checked."""
    e = annual_leave_entitlement(P, date(2025, 4, 1), service_start=date(2025, 1, 1))
    assert e.days == 25 and any("to confirm" in n for n in e.notes)


def test_pol11_part_time_same_days_pro_rata_hours():
    e = annual_leave_entitlement(P, date(2024, 4, 1), service_start=date(2015, 9, 1), contract_hours=24)
    assert (e.days, e.hours) == (25, 120.0)


# ---- NJC --------------------------------------------------------------------------------------------
def test_njc01_national_minimum_from_april_2023():
    short = annual_leave_entitlement("council-njc", date(2023, 4, 1), service_start=date(2020, 1, 1), scheme="national")
    long = annual_leave_entitlement("council-njc", date(2023, 4, 1), service_start=date(2015, 1, 1), scheme="national")
    assert (short.days, long.days) == (33, 36)  # 23 or 26 + 8 public holidays + 2 extra days
    assert short.fixed_days == 10


def test_njc01_before_april_2023_was_one_day_less():
    e = annual_leave_entitlement("council-njc", date(2022, 4, 1), service_start=date(2021, 1, 1), scheme="national")
    assert e.days == 32


@pytest.mark.parametrize("service_start,days", [
    (date(2024, 1, 1), 33), (date(2019, 1, 1), 37), (date(2014, 1, 1), 40)])
def test_njc02_local_24_28_31_plus_9_fixed(service_start, days):
    e = annual_leave_entitlement("council-njc", date(2025, 4, 1), service_start=service_start)
    assert (e.rule, e.days, e.fixed_days) == ("NJC-02", days, 9)


def test_njc02_pro_rata_by_hours_on_a_37_hour_week():
    e = annual_leave_entitlement("council-njc", date(2025, 4, 1), service_start=date(2024, 1, 1),
                                 contract_hours=18.5)
    assert e.days == 16.5 and e.hours == round(33 * 0.5 * 7.4, 2)


# ---- WTR-13 -------------------------------------------------------------------------------------------
def test_wtr13_statutory_5_6_weeks_capped_at_28():
    assert statutory_leave_days(3) == 16.8
    assert statutory_leave_days(6) == 28


def test_wtr13_12_07_percent_accrual_from_april_2024():
    assert accrue_irregular_hours(100, date(2024, 4, 1)) == 12.07
    with pytest.raises(RulesInputError, match="1 April 2024"):
        accrue_irregular_hours(100, date(2023, 4, 1))


# ---- bank holidays --------------------------------------------------------------------------------------
def test_bh02_england_2026_uses_the_substitute_day():
    days = dict(bank_holidays(2026))
    assert len(days) == 8
    assert date(2026, 12, 28) in days and date(2026, 12, 26) not in days
    assert date(2026, 4, 6) in days and date(2026, 8, 31) in days  # needs subdiv ENG (gotcha 1)


def test_bh02_all_entries_policy_keeps_the_weekend_date():
    assert len(bank_holidays(2026, policy="all_entries")) == 9


def test_bh01_one_off_days():
    assert date(2022, 6, 3) in dict(bank_holidays(2022))
    assert date(2023, 5, 8) in dict(bank_holidays(2023))
    assert date(2020, 5, 8) in dict(bank_holidays(2020))
    assert date(2020, 5, 4) not in dict(bank_holidays(2020))


def test_bh01_scotland_differs():
    scot = dict(bank_holidays(2026, subdiv="SCT"))
    assert date(2026, 1, 2) in scot and date(2026, 4, 6) not in scot
