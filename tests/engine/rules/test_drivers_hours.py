"""HTS-06: GB domestic drivers' hours for passenger vehicles."""
from datetime import date, timedelta

from shiftapp.engine.rules import Duty, PersonFacts, check

from .helpers import rules_of, shift

PSV = "psv-driver-gb"
DRIVER = PersonFacts(birth_date=date(1980, 1, 1))
MON = date(2026, 1, 5)


def week_of(day_shifts, days=range(5)):
    """Mon-Fri with the given (start, end, break, driving) each day, then weekend rest."""
    out = []
    for i in days:
        for s, e, b, drive in day_shifts:
            out.append(shift(MON + timedelta(i), s, e, b, driving_minutes=drive))
    out += [Duty("rest_day", day=MON + timedelta(5)), Duty("rest_day", day=MON + timedelta(6))]
    return out


def hts(findings):
    return [f.message for f in findings if f.rule == "HTS-06"]


def test_hts06_ten_hours_driving_passes_eleven_fails():
    ok = week_of([("06:00", "17:00", 60, 600)])
    assert hts(check(DRIVER, PSV, ok)) == []
    bad = week_of([("06:00", "18:00", 60, 660)])
    assert "11 h driving in the working day, limit 10 h" in hts(check(DRIVER, PSV, bad))


def test_hts06_break_after_5h30_of_driving():
    no_break = week_of([("06:00", "12:30", 0, 390)])  # 6 h 30 min with no break
    assert any("without a 30 min break" in m for m in hts(check(DRIVER, PSV, no_break)))
    with_break = week_of([("06:00", "13:00", 30, 390)])
    assert hts(check(DRIVER, PSV, with_break)) == []


def test_hts06_spreadover_16_hours():
    # Mon, Wed, Fri: three days over 4 h driving, so the full rules apply
    split = week_of([("06:00", "10:00", 0, 240), ("13:00", "22:30", 45, 300)], (0, 2, 4))
    assert hts(check(DRIVER, PSV, split)) == ["spreadover 16 h 30 min, limit 16 h"] * 3
    ok = week_of([("06:00", "10:00", 0, 240), ("13:00", "22:00", 45, 300)], (0, 2, 4))
    assert hts(check(DRIVER, PSV, ok)) == []


def test_hts06_daily_rest_10h_reducible_to_8h30_three_times_a_week():
    # 06:00-21:30 (driving 5 h) then 06:00 next day: 8 h 30 min rest, four times in a week
    duties = [shift(MON + timedelta(i), "06:00", "21:30", 60, driving_minutes=300) for i in range(5)]
    msgs = hts(check(DRIVER, PSV, duties))
    assert len([m for m in msgs if "daily rest" in m]) == 1
    assert any("allowed only 3 times a week" in m for m in msgs)


def test_hts06_exempt_week_when_no_day_over_4h_driving():
    duties = [shift(MON + timedelta(i), "06:00", "21:30", 60, driving_minutes=230) for i in range(6)]
    assert hts(check(DRIVER, PSV, duties)) == []


def test_hts06_24h_off_in_each_fixed_fortnight():
    duties = [shift(MON + timedelta(i), "07:00", "15:00", 45, driving_minutes=300) for i in range(14)]
    msgs = hts(check(DRIVER, PSV, duties))
    assert any("in the fortnight" in m and "needs 24 h" in m for m in msgs)


def test_hts06_psv_pack_replaces_wtr_rest_rules_with_adequate_rest():
    duties = [shift(MON, "14:00", "22:00", 30, driving_minutes=300),
              shift(MON + timedelta(1), "07:30", "15:30", 30, driving_minutes=300)]
    assert "WTR-07" not in rules_of(check(DRIVER, PSV, duties))
