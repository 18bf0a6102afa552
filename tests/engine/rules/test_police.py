"""POL-03, 05, 06, 07, 08, 10, 12 with the figures from uk-rules.md."""
from datetime import date, datetime

import pytest

from shiftapp.engine.rules import Change, RulesInputError, check_publication, clear_days, compensate, load_pack

P = "police-ew-constable"


def change(kind, start, end, notified=None, **kw):
    return Change(kind, datetime.fromisoformat(start), datetime.fromisoformat(end),
                  notified=datetime.fromisoformat(notified) if notified else None, **kw)


# ---- clear days and force days -------------------------------------------------------------
def test_clear_days_exclude_the_day_told_and_the_day_worked():
    pack = load_pack(P, date(2026, 3, 1))
    assert clear_days(datetime(2026, 3, 1, 10), datetime(2026, 3, 10, 7), pack) == 8


def test_force_day_start_hour_is_configurable():
    pack = load_pack(P, date(2026, 3, 1))
    # told at 06:30 on 1 March: still force day 28 February when the force day starts 07:00
    assert clear_days(datetime(2026, 3, 1, 6, 30), datetime(2026, 3, 16, 7), pack) == 15
    midnight_force = pack.with_rule("POL-01", force_day_start="00:00")
    assert clear_days(datetime(2026, 3, 1, 6, 30), datetime(2026, 3, 16, 7), midnight_force) == 14


# ---- POL-03 publication ----------------------------------------------------------------------
def test_pol03_three_months_published_a_month_ahead_passes():
    assert check_publication(P, date(2026, 4, 1), date(2026, 6, 30), date(2026, 3, 1)) == []


def test_pol03_late_or_short_roster_fails():
    late = check_publication(P, date(2026, 4, 1), date(2026, 6, 30), date(2026, 3, 15))
    assert [f.rule for f in late] == ["POL-03"] and "must be published by 01 Mar 2026" in late[0].message
    short = check_publication(P, date(2026, 4, 1), date(2026, 5, 31), date(2026, 2, 1))
    assert [f.rule for f in short] == ["POL-03"] and "needs 3 months" in short[0].message


# ---- POL-05 rest day worked ---------------------------------------------------------------------
def test_pol05_issue_example_time_and_a_half():
    c = compensate(P, change("rest_day_worked", "2026-03-10T07:00", "2026-03-10T15:00", "2026-03-01T10:00"))
    assert (c.rule, c.rate, c.credited_minutes, c.clear_days_notice) == ("POL-05", 1.5, 720, 8)
    assert not c.rerostered_rest_day


def test_pol05_four_hour_minimum():
    c = compensate(P, change("rest_day_worked", "2026-03-10T07:00", "2026-03-10T09:00", "2026-03-05T10:00"))
    assert c.credited_minutes == 360  # 4 h x 1.5


def test_pol05_run_on_of_at_most_an_hour_has_no_minimum():
    c = compensate(P, change("rest_day_worked", "2026-03-10T07:00", "2026-03-10T07:45",
                             "2026-03-09T10:00", run_on=True))
    assert c.credited_minutes == 68  # 45 min (3 completed 15 min) x 1.5 = 67.5


def test_pol05_fifteen_clear_days_rerosters_the_rest_day():
    c = compensate(P, change("rest_day_worked", "2026-03-20T07:00", "2026-03-20T15:00", "2026-03-01T10:00"))
    assert c.clear_days_notice == 18 and c.rate == 1.0 and c.credited_minutes == 0
    assert c.rerostered_rest_day and c.rerostered_notify_by == date(2026, 3, 5)


def test_pol05_boundary_14_and_15_clear_days():
    c14 = compensate(P, change("rest_day_worked", "2026-03-16T07:00", "2026-03-16T15:00", "2026-03-01T10:00"))
    c15 = compensate(P, change("rest_day_worked", "2026-03-17T07:00", "2026-03-17T15:00", "2026-03-01T10:00"))
    assert (c14.clear_days_notice, c14.rate, c14.rerostered_rest_day) == (14, 1.5, False)
    assert (c15.clear_days_notice, c15.rate, c15.rerostered_rest_day) == (15, 1.0, True)


def test_pol05_travel_counted_unless_duty_plus_travel_over_6h():
    short = compensate(P, change("rest_day_worked", "2026-03-10T07:00", "2026-03-10T12:00",
                                 "2026-03-05T10:00", travel_minutes=60))
    assert short.credited_minutes == 540  # (5 h + 1 h) x 1.5
    long = compensate(P, change("rest_day_worked", "2026-03-10T07:00", "2026-03-10T13:00",
                                "2026-03-05T10:00", travel_minutes=60))
    assert long.credited_minutes == 540  # 6 h x 1.5, travel disregarded


# ---- POL-06 reinstated rest day -----------------------------------------------------------------
def test_pol06_more_than_7_days_notice_rest_day_unpaid():
    c = compensate(P, change("rest_day_reinstated", "2026-03-20T07:00", "2026-03-20T15:00", "2026-03-10T10:00"))
    assert c.clear_days_notice == 9 and c.credited_minutes == 0


def test_pol06_under_8_days_working_is_paid_at_original_rate_with_minimum():
    c = compensate(P, Change("rest_day_reinstated", datetime(2026, 3, 20, 7), datetime(2026, 3, 20, 9),
                             notified=datetime(2026, 3, 15, 10), works=True,
                             cancellation_notified=datetime(2026, 3, 10, 10)))
    assert (c.rate, c.credited_minutes) == (1.5, 360)


# ---- POL-07 public holiday worked -----------------------------------------------------------------
def test_pol07_under_8_days_double_time_and_day_in_lieu_needs_approval():
    c = compensate(P, change("public_holiday_worked", "2026-12-25T07:00", "2026-12-25T15:00", "2026-12-20T10:00"))
    assert (c.rate, c.credited_minutes, c.day_in_lieu, c.approval_required) == (2.0, 960, True, True)


def test_pol07_with_notice_double_time_only_and_4h_minimum():
    c = compensate(P, change("public_holiday_worked", "2026-12-25T07:00", "2026-12-25T09:00", "2026-11-01T10:00"))
    assert (c.rate, c.credited_minutes, c.day_in_lieu, c.approval_required) == (2.0, 480, False, False)


def test_pol07_between_8_and_15_days_needs_approval_without_lieu_day():
    c = compensate(P, change("public_holiday_worked", "2026-12-25T07:00", "2026-12-25T15:00", "2026-12-14T10:00"))
    assert c.clear_days_notice == 10 and not c.day_in_lieu and c.approval_required


def test_pol07_notes_a_day_that_is_not_a_bank_holiday():
    c = compensate(P, change("public_holiday_worked", "2026-12-26T07:00", "2026-12-26T15:00", "2026-11-01T10:00"))
    assert any("not a bank holiday" in n for n in c.notes)  # Boxing Day 2026 is observed on Mon 28th


# ---- POL-08 overtime and recall -------------------------------------------------------------------
def test_pol08_casual_first_30_minutes_disregarded_on_first_4_occasions():
    c = compensate(P, change("overtime", "2026-03-10T15:00", "2026-03-10T17:00", occasion_in_week=1))
    assert c.credited_minutes == 120  # (120 - 30) x 4/3
    c5 = compensate(P, change("overtime", "2026-03-10T15:00", "2026-03-10T17:00", occasion_in_week=5))
    assert c5.credited_minutes == 160  # 120 x 4/3


def test_pol08_planned_under_30_minutes_not_counted():
    assert compensate(P, change("overtime", "2026-03-10T15:00", "2026-03-10T15:25", planned=True)).credited_minutes == 0
    assert compensate(P, change("overtime", "2026-03-10T15:00", "2026-03-10T15:45", planned=True)).credited_minutes == 60


def test_pol08_completed_15_minutes_only():
    c = compensate(P, change("overtime", "2026-03-10T15:00", "2026-03-10T15:44", planned=True))
    assert c.credited_minutes == 40  # 30 completed minutes x 4/3


def test_pol08_toil_15_minutes_per_completed_45():
    c = compensate(P, change("overtime", "2026-03-10T15:00", "2026-03-10T17:00", toil=True))
    assert c.toil and c.credited_minutes == 120  # 90 min + 2 x 15


def test_pol08_recall_with_travel_and_no_minimum():
    c = compensate(P, change("recall", "2026-03-10T02:00", "2026-03-10T04:00", travel_minutes=90))
    assert c.credited_minutes == 280  # (120 + 90) x 4/3
    short = compensate(P, change("recall", "2026-03-10T02:00", "2026-03-10T02:30"))
    assert short.credited_minutes == 40
    capped = compensate(P, change("recall", "2026-03-10T02:00", "2026-03-10T04:00", travel_minutes=300))
    assert capped.credited_minutes == 320  # travel capped at the force limit of 120 min


# ---- POL-10 part-time officers ---------------------------------------------------------------------
def test_pol10_plain_time_up_to_40_hours_then_time_and_a_third():
    c = compensate(P, change("part_time_extra", "2026-03-10T15:00", "2026-03-10T21:00", week_hours_before=36))
    assert c.credited_minutes == 240 + 160
    under = compensate(P, change("part_time_extra", "2026-03-10T15:00", "2026-03-10T18:00", week_hours_before=24))
    assert (under.rate, under.credited_minutes) == (1.0, 180)


# ---- POL-12 working on annual leave ----------------------------------------------------------------
def test_pol12_first_two_days_two_days_leave_or_leave_plus_double_time():
    leave = compensate(P, change("annual_leave_worked", "2026-03-10T07:00", "2026-03-10T15:00",
                                 absence_days=5, day_number=1, toil=True))
    assert leave.leave_refund_days == 2.0 and leave.credited_minutes == 0
    pay = compensate(P, change("annual_leave_worked", "2026-03-10T07:00", "2026-03-10T15:00",
                               absence_days=5, day_number=2))
    assert (pay.leave_refund_days, pay.rate, pay.credited_minutes) == (1.0, 2.0, 960)


def test_pol12_further_days_one_and_a_half():
    leave = compensate(P, change("annual_leave_worked", "2026-03-10T07:00", "2026-03-10T15:00",
                                 absence_days=5, day_number=3, toil=True))
    assert leave.leave_refund_days == 1.5
    pay = compensate(P, change("annual_leave_worked", "2026-03-10T07:00", "2026-03-10T15:00",
                               absence_days=5, day_number=3))
    assert (pay.leave_refund_days, pay.credited_minutes) == (1.0, 480)


def test_pol12_short_absence_is_simply_refunded():
    c = compensate(P, change("annual_leave_worked", "2026-03-10T07:00", "2026-03-10T15:00", absence_days=2))
    assert c.leave_refund_days == 1.0 and c.credited_minutes == 0


# ---- errors -------------------------------------------------------------------------------------------
def test_compensation_errors():
    with pytest.raises(RulesInputError, match="needs 'notified'"):
        compensate(P, change("rest_day_worked", "2026-03-10T07:00", "2026-03-10T15:00"))
    with pytest.raises(RulesInputError, match="unknown change kind"):
        compensate(P, change("holiday", "2026-03-10T07:00", "2026-03-10T15:00"))
    with pytest.raises(RulesInputError, match="ends before it starts"):
        compensate(P, change("overtime", "2026-03-10T15:00", "2026-03-10T07:00"))
    with pytest.raises(RulesInputError, match="no POL-05 rule"):
        compensate("council-njc", change("rest_day_worked", "2026-03-10T07:00", "2026-03-10T15:00", "2026-03-01T10:00"))
