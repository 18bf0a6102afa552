"""One passing and one failing case per WTR rule, with the figures from uk-rules.md."""
from datetime import date, timedelta

import pytest

from shiftapp.engine.rules import (BLOCK, WARN, Duty, OptOut, PersonFacts, RulesInputError,
                                   check, compensatory_rest_owed, load_pack)

from .helpers import EMERGENCY, rest, rules_of, shift, weeks

ADULT = PersonFacts(birth_date=date(1990, 5, 1))
MON = date(2026, 1, 5)  # a Monday; 17 weeks run to 3 May (across the March clock change)
WTR = load_pack("wtr-gb", date(2026, 1, 1))


# ---- WTR-02: 48 h average over 17 weeks -------------------------------------------------
def test_wtr02_passes_at_47h30_a_week():
    # 07:00-17:00 with a 30 min unpaid break: 9 h 30 min a day, 47 h 30 min a week
    duties = weeks(MON, 17, "07:00", "17:00", 30)
    assert "WTR-02" not in rules_of(check(ADULT, WTR, duties))


def test_wtr02_fails_at_50h_a_week():
    duties = weeks(MON, 17, "07:00", "17:30", 30)
    found = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-02"]
    assert len(found) == 1 and found[0].severity == BLOCK
    assert "average 50 h a week over 17 weeks" in found[0].message
    assert found[0].figures["average_minutes"] == 3000


def test_wtr02_opt_out_is_honoured():
    person = PersonFacts(birth_date=date(1990, 5, 1), opt_out=OptOut())
    duties = weeks(MON, 17, "07:00", "17:30", 30)
    assert "WTR-02" not in rules_of(check(person, WTR, duties))


def test_wtr02_reference_period_is_pack_data():
    duties = weeks(MON, 17, "07:00", "17:30", 30)
    # 26 weeks configured (reg 21 special case): 17 weeks of data give no full period
    assert "WTR-02" not in rules_of(check(ADULT, WTR.with_rule("WTR-02", reference_weeks=26), duties))


def test_wtr02_short_service_averages_over_weeks_since_starting():
    person = PersonFacts(birth_date=date(1990, 5, 1), service_start=MON)
    duties = weeks(MON, 4, "07:00", "17:30", 30)
    found = [f for f in check(person, WTR, duties) if f.rule == "WTR-02"]
    assert found and "average 50 h a week over 1 weeks" in found[0].message
    assert "WTR-02" not in rules_of(check(person, WTR, weeks(MON, 4, "07:00", "17:00", 30)))


def test_wtr02_fixed_blocks_when_the_agreement_says_so():
    pack = WTR.with_rule("WTR-02", reference_mode="fixed", fixed_anchor="2026-01-12")
    # data from 5 Jan: the first fixed block starts 12 Jan and needs 17 full weeks
    duties = weeks(MON, 18, "07:00", "17:30", 30)
    found = [f for f in check(ADULT, pack, duties) if f.rule == "WTR-02"]
    assert len(found) == 1 and found[0].start.date() == date(2026, 1, 12)


# ---- WTR-04: (A + B) / C with compensatory days ----------------------------------------
def _sick_week_17(extra_weeks: int):
    duties = weeks(MON, 16, "07:00", "17:30", 30)  # 50 h weeks
    duties += weeks(MON + timedelta(weeks=16), 1, "07:00", "17:30", 30, workdays=(), off_kind="sick")
    duties += weeks(MON + timedelta(weeks=17), extra_weeks, "07:00", "17:30", 30)
    return duties


def test_wtr04_compensatory_days_complete_the_average():
    # A = 16 x 50 h, 7 excluded sick days; B = the next 7 working days (70 h); C = 17
    found = [f for f in check(ADULT, WTR, _sick_week_17(2)) if f.rule == "WTR-02"]
    assert found and found[0].figures["average_minutes"] == round((16 * 50 + 70) * 60 / 17)


def test_wtr04_provisional_average_warns_with_pending_days():
    findings = check(ADULT, WTR, _sick_week_17(0))
    assert "WTR-02" not in rules_of(findings)  # 800 h / 17 = 47 h 4 min without B
    prov = [f for f in findings if f.rule == "WTR-04"]
    assert prov and prov[0].severity == WARN and prov[0].figures["pending_days"] == 7
    assert "7 compensatory working days not yet rostered" in prov[0].message


def test_wtr04_no_warning_when_projection_is_under_48():
    duties = weeks(MON, 16, "07:00", "16:30", 30)  # 45 h weeks
    duties += weeks(MON + timedelta(weeks=16), 1, "07:00", "17:00", workdays=(), off_kind="sick")
    assert "WTR-04" not in rules_of(check(ADULT, WTR, duties))


def test_wtr04_only_first_four_weeks_of_annual_leave_are_excluded():
    # 25 days of leave in one leave year: only 20 are excluded days (reg 13)
    from shiftapp.engine.rules.working_time import _excluded_days
    from shiftapp.engine.rules.timeline import prepare
    duties = [Duty("annual_leave", day=MON + timedelta(days=i)) for i in range(25)]
    tl = prepare(duties)
    assert sum(_excluded_days(tl, ADULT, WTR)) == 20


# ---- WTR-05: night worker ----------------------------------------------------------------
def test_wtr05_night_worker_needs_health_assessment():
    duties = weeks(MON, 4, "22:00", "07:00", 30)
    found = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-05"]
    assert found and found[0].severity == WARN and "20 of 20 working days" in found[0].message


def test_wtr05_day_worker_or_assessed_night_worker_passes():
    assert "WTR-05" not in rules_of(check(ADULT, WTR, weeks(MON, 4, "07:00", "15:00", 30)))
    assessed = PersonFacts(birth_date=date(1990, 5, 1), night_assessment=date(2025, 12, 1))
    assert "WTR-05" not in rules_of(check(assessed, WTR, weeks(MON, 4, "22:00", "07:00", 30)))


def test_wtr05_one_week_in_three_of_nights_is_a_night_worker():
    duties = []
    for k in range(6):
        start, end = ("22:00", "07:00") if k % 3 == 0 else ("07:00", "15:00")
        duties += weeks(MON + timedelta(weeks=k), 1, start, end, 30)
    assert "WTR-05" in rules_of(check(ADULT, WTR, duties))


# ---- WTR-06: night work limit ------------------------------------------------------------
def test_wtr06_average_over_8h_in_24_fails():
    duties = weeks(MON, 17, "19:00", "07:00", 60, workdays=(0, 1, 2, 3, 4, 5))  # 66 h a week
    found = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-06"]
    assert found and found[0].figures["average_minutes"] > 480


def test_wtr06_average_within_8h_passes():
    duties = weeks(MON, 17, "22:00", "06:00", 30, workdays=(0, 1, 2, 3))  # 30 h a week
    assert "WTR-06" not in rules_of(check(ADULT, WTR, duties))


def test_wtr06_denominator_assumption_days_minus_weekly_rest():
    """[U] reg 6(5): A / (B - C), B = days in the period, C = weekly rest days (17 in 17
    weeks). 5 x 10 h nights a week: 850 h / 102 days = 8 h 20 min (breach); over all 119
    days it would be 7 h 9 min (no breach)."""
    duties = weeks(MON, 17, "21:00", "07:00", 0)
    found = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-06"]
    assert found and found[0].figures["average_minutes"] == 500
    other = WTR.with_rule("WTR-06", denominator="days")
    assert "WTR-06" not in rules_of(check(ADULT, other, duties))


def test_wtr06_special_hazard_cap_of_8h_in_24h():
    hazard = PersonFacts(birth_date=date(1990, 5, 1), special_hazard=True)
    long_nights = weeks(MON, 4, "22:00", "07:00", 0)  # 9 h
    assert "WTR-06" in rules_of(check(hazard, WTR, long_nights))
    eight = weeks(MON, 4, "22:00", "06:00", 0)
    assert "WTR-06" not in rules_of(check(hazard, WTR, eight))


# ---- WTR-07: daily rest --------------------------------------------------------------------
def test_wtr07_nine_and_a_half_hours_rest_fails_with_figures():
    duties = [shift(MON, "14:00", "22:00", 30), shift(MON + timedelta(1), "07:30", "15:30", 30)]
    found = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-07"]
    assert [f.message for f in found] == ["9 h 30 min rest, needs 11 h"]
    assert found[0].figures == {"rest_minutes": 570, "required_minutes": 660, "shortfall_minutes": 90}
    assert found[0].severity == BLOCK


def test_wtr07_eleven_hours_rest_passes():
    duties = [shift(MON, "14:00", "22:00", 30), shift(MON + timedelta(1), "09:00", "17:00", 30)]
    assert "WTR-07" not in rules_of(check(ADULT, WTR, duties))


def test_wtr07_split_duty_with_overnight_rest_passes():
    day = MON
    duties = [shift(day, "07:00", "09:30"), shift(day, "14:30", "17:00"),
              shift(day + timedelta(1), "07:00", "09:30")]
    assert "WTR-07" not in rules_of(check(ADULT, WTR, duties))


def test_wtr07_young_worker_needs_12_hours():
    young = PersonFacts(birth_date=date(2009, 6, 1))  # 16 in 2026
    passing = [shift(MON, "08:00", "12:00", 30), shift(MON + timedelta(1), "07:00", "11:00", 30)]
    assert "WTR-07" not in rules_of(check(young, WTR, passing))  # 19 h rest
    failing = [shift(MON, "16:00", "21:00", 30), shift(MON + timedelta(1), "08:00", "12:00", 30)]
    found = [f for f in check(young, WTR, failing) if f.rule == "WTR-07"]
    assert [f.message for f in found] == ["11 h rest, needs 12 h"]
    # the same 11 h is enough for an adult
    assert "WTR-07" not in rules_of(check(ADULT, WTR, failing))


# ---- WTR-08: weekly rest -------------------------------------------------------------------
def test_wtr08_no_24h_rest_in_a_week_fails():
    duties = weeks(MON, 2, "07:00", "15:00", 30, workdays=(0, 1, 2, 3, 4, 5, 6))
    found = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-08" and f.severity == BLOCK]
    assert found and found[0].message.startswith("longest rest 16 h in the week from Mon 05 Jan, needs 24 h")


def test_wtr08_weekend_off_passes():
    duties = weeks(MON, 2, "07:00", "15:00", 30)
    assert "WTR-08" not in rules_of(check(ADULT, WTR, duties))


def test_wtr08_rest_overlapping_daily_rest_warns():
    # Mon-Sat 07:00-15:00, Sunday 21:00-05:00: longest rest Sat 15:00-Sun 21:00 = 30 h
    duties = weeks(MON, 1, "07:00", "15:00", 30, workdays=(0, 1, 2, 3, 4, 5))[:-1]
    duties.append(shift(MON + timedelta(6), "21:00", "05:00", 30))
    found = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-08"]
    assert len(found) == 1 and found[0].severity == WARN and "30 h" in found[0].message


def test_wtr08_fortnight_option_from_the_pack():
    # week 1: no 24 h rest; week 2: Saturday and Sunday off (48 h+ in the fortnight)
    duties = weeks(MON, 1, "07:00", "15:00", 30, workdays=tuple(range(7)))
    duties += weeks(MON + timedelta(weeks=1), 1, "07:00", "15:00", 30)
    seven = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-08" and f.severity == BLOCK]
    assert seven
    pack = WTR.with_rule("WTR-08", mode="14_days", fortnight_anchor="2026-01-05")
    assert not [f for f in check(ADULT, pack, duties) if f.rule == "WTR-08" and f.severity == BLOCK]


# ---- WTR-09: rest break ----------------------------------------------------------------------
def test_wtr09_over_6h_needs_20_minutes():
    found = [f for f in check(ADULT, WTR, [shift(MON, "09:00", "15:30", 15)]) if f.rule == "WTR-09"]
    assert [f.message for f in found] == ["6 h 30 min duty with a 15 min break, needs 20 min during it"]


def test_wtr09_passes_with_20_minutes_or_at_6h():
    assert not check(ADULT, WTR, [shift(MON, "09:00", "15:30", 20)])
    assert not check(ADULT, WTR, [shift(MON, "09:00", "15:00", 0)])


def test_wtr09_break_at_the_end_does_not_count():
    from .helpers import at
    d = Duty("work", at(MON, "09:00"), at(MON, "16:00"),
             breaks=((at(MON, "15:40"), at(MON, "16:00")),))
    assert "WTR-09" in rules_of(check(ADULT, WTR, [d]))
    d2 = Duty("work", at(MON, "09:00"), at(MON, "16:00"),
              breaks=((at(MON, "12:00"), at(MON, "12:20")),))
    assert "WTR-09" not in rules_of(check(ADULT, WTR, [d2]))


def test_wtr09_young_worker_30_minutes_over_4h30():
    young = PersonFacts(birth_date=date(2009, 6, 1))
    found = [f for f in check(young, WTR, [shift(MON, "09:00", "14:00", 20)]) if f.rule == "WTR-09"]
    assert found and "needs 30 min" in found[0].message
    assert not check(young, WTR, [shift(MON, "09:00", "14:00", 30)])


# ---- WTR-10: young workers -------------------------------------------------------------------
YOUNG = PersonFacts(birth_date=date(2009, 6, 1))


def test_wtr10_eight_hours_a_day_forty_a_week_passes():
    duties = weeks(MON, 1, "09:00", "17:30", 30)  # 8 h working a day, 40 h a week
    assert "WTR-10" not in rules_of(check(YOUNG, WTR, duties))


def test_wtr10_nine_hours_a_day_fails():
    found = [f for f in check(YOUNG, WTR, [shift(MON, "09:00", "18:30", 30)]) if f.rule == "WTR-10"]
    assert found and "9 h on Mon 05 Jan, limit 8 h a day" in found[0].message


def test_wtr10_over_40_hours_a_week_fails():
    duties = weeks(MON, 1, "09:00", "16:30", 30, workdays=(0, 1, 2, 3, 4, 5))  # 6 x 7 h = 42 h
    found = [f for f in check(YOUNG, WTR, duties) if f.rule == "WTR-10"]
    assert found and "42 h in the week" in found[0].message


def test_wtr10_no_work_between_22_and_06():
    found = [f for f in check(YOUNG, WTR, [shift(MON, "17:00", "22:30", 30)]) if f.rule == "WTR-10"]
    assert found and found[0].message == "young worker works 30 min between 22:00 and 06:00"


def test_wtr10_rules_stop_at_the_18th_birthday():
    person = PersonFacts(birth_date=date(2008, 1, 7))  # 18 on Wed 7 Jan 2026
    duties = [shift(MON, "09:00", "18:30", 30), shift(MON + timedelta(3), "09:00", "18:30", 30)]
    found = [f for f in check(person, WTR, duties) if f.rule == "WTR-10"]
    assert len(found) == 1 and found[0].start.date() == MON


# ---- WTR-11: derogations and compensatory rest ------------------------------------------------
def test_wtr11_derogated_shortfall_becomes_compensatory_rest():
    duties = [shift(MON, "14:00", "22:00", 30), shift(MON + timedelta(1), "07:30", "15:30", 30)]
    pack = WTR.with_rule("WTR-11", derogated_rules=["WTR-07"])
    findings = check(ADULT, pack, duties)
    assert rules_of(findings) == ["WTR-11"]
    assert findings[0].severity == WARN and findings[0].compensatory_rest_minutes == 90
    assert compensatory_rest_owed(findings) == 90


def test_wtr11_without_derogation_the_breach_blocks():
    duties = [shift(MON, "14:00", "22:00", 30), shift(MON + timedelta(1), "07:30", "15:30", 30)]
    assert rules_of(check(ADULT, WTR, duties), BLOCK) == ["WTR-07"]


# ---- WTR-12: police operational emergency override --------------------------------------------
POLICE = "police-ew-constable"


def test_wtr12_override_with_reason_and_approver_records_compensatory_rest():
    duties = [shift(MON, "14:00", "22:00", 45),
              shift(MON + timedelta(1), "07:30", "15:30", 45, emergency=EMERGENCY)]
    findings = check(ADULT, POLICE, duties)
    assert not rules_of(findings, BLOCK)
    wtr07 = next(f for f in findings if f.rule == "WTR-07")
    assert wtr07.severity == WARN and wtr07.overridden_by == EMERGENCY
    assert compensatory_rest_owed(findings) == 90
    assert any(f.rule == "WTR-12" and "Supt A. Example" in f.message for f in findings)


def test_wtr12_override_without_approver_is_refused():
    from shiftapp.engine.rules import Override
    duties = [shift(MON, "14:00", "22:00", 45),
              shift(MON + timedelta(1), "07:30", "15:30", 45, emergency=Override("disorder"))]
    assert sorted(rules_of(check(ADULT, POLICE, duties), BLOCK)) == ["WTR-07", "WTR-12"]


def test_wtr12_not_available_outside_police():
    duties = [shift(MON, "14:00", "22:00", 45),
              shift(MON + timedelta(1), "07:30", "15:30", 45, emergency=EMERGENCY)]
    blocks = rules_of(check(ADULT, "council-njc", duties), BLOCK)
    assert "WTR-12" in blocks and "WTR-07" in blocks


# ---- clock changes: real elapsed time ----------------------------------------------------------
def test_spring_forward_rest_is_an_hour_shorter():
    # clocks go forward at 01:00 GMT on Sun 29 March 2026: 21:00 -> 08:00 is 10 h, not 11 h
    duties = [shift(date(2026, 3, 28), "13:00", "21:00", 30), shift(date(2026, 3, 29), "08:00", "16:00", 30)]
    found = [f for f in check(ADULT, WTR, duties) if f.rule == "WTR-07"]
    assert [f.message for f in found] == ["10 h rest, needs 11 h"]


def test_fall_back_rest_is_an_hour_longer():
    # clocks go back at 02:00 BST on Sun 25 October 2026: 22:00 -> 08:00 is 11 h, not 10 h
    duties = [shift(date(2026, 10, 24), "14:00", "22:00", 30), shift(date(2026, 10, 25), "08:00", "16:00", 30)]
    assert "WTR-07" not in rules_of(check(ADULT, WTR, duties))


def test_night_across_clock_changes_is_longer_or_shorter():
    october = check(ADULT, WTR, [shift(date(2026, 10, 24), "22:00", "06:00", 0)])
    assert [f.message for f in october if f.rule == "WTR-09"] == [
        "9 h duty with no break, needs 20 min during it"]
    march = check(ADULT, WTR, [shift(date(2026, 3, 28), "22:00", "06:00", 0)])
    assert [f.figures["duty_minutes"] for f in march if f.rule == "WTR-09"] == [420]


# ---- bad input -----------------------------------------------------------------------------------
def test_overlapping_duties_are_rejected():
    with pytest.raises(RulesInputError, match="overlapping"):
        check(ADULT, WTR, [shift(MON, "07:00", "15:00"), shift(MON, "14:00", "22:00")])


def test_end_before_start_is_rejected():
    from .helpers import at
    with pytest.raises(RulesInputError, match="before it starts"):
        check(ADULT, WTR, [Duty("work", at(MON, "15:00"), at(MON, "07:00"))])


def test_rest_day_with_a_duty_is_rejected():
    with pytest.raises(RulesInputError, match="overlapping"):
        check(ADULT, WTR, [rest(MON), shift(MON, "07:00", "15:00")])
