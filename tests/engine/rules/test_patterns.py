"""POL-02: pattern averages over the cycle, and findings when the pattern is repeated."""
from datetime import date

from shiftapp.engine.rules import PatternShift, check_pattern

P = "police-ew-constable"
TEN = PatternShift("07:00", "17:00", 45)
EIGHT = PatternShift("07:00", "15:00", 45)
NIGHT = PatternShift("22:00", "08:00", 45)


def test_pol02_four_on_three_off_tens_average_40h_and_3_rest_days():
    report = check_pattern(P, [TEN] * 4 + [None] * 3, date(2026, 1, 5), repeats=20)
    assert report.average_weekly_minutes == 2400 and report.rest_days_per_week == 3
    assert [f.rule for f in report.findings if f.rule == "POL-02"] == []
    assert [f for f in report.findings if f.severity == "block"] == []


def test_pol02_six_on_one_off_fails_hours_rest_and_working_time():
    report = check_pattern(P, [EIGHT] * 6 + [None], date(2026, 1, 5))
    messages = [f.message for f in report.findings if f.rule == "POL-02"]
    assert messages == ["pattern averages 48 h a week over its 1-week cycle, should be 40 h",
                        "pattern gives 1 rest days a week over its 1-week cycle, needs 2"]
    # police count the 45 min refreshment break as working time: exactly 48 h, not over
    assert "WTR-02" not in [f.rule for f in report.findings]


def test_pol02_repeated_pattern_gives_wtr_findings():
    # 5 x 10 h nights then 2 off: 50 h a week, quick returns are fine but the average is not
    report = check_pattern(P, [NIGHT] * 5 + [None] * 2, date(2026, 1, 5))
    rules = {f.rule for f in report.findings}
    assert {"POL-02", "WTR-02", "WTR-05"} <= rules


def test_pol02_names_a_cycle_that_is_not_whole_weeks_in_days():
    four_on_four_off = [PatternShift("07:00", "19:00", 60)] * 4 + [None] * 4
    report = check_pattern(P, four_on_four_off, date(2026, 1, 5))
    assert [f.message for f in report.findings if f.rule == "POL-02"] == [
        "pattern averages 42 h a week over its 8-day cycle, should be 40 h"]
