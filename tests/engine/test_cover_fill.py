"""Cover counting and fill options (pure engine)."""
from __future__ import annotations

from datetime import date, datetime, time

from shiftapp.engine.cover import CoverIndex, OnDuty, Rule, cover, expand, gaps
from shiftapp.engine.fill import (
    LONDON, NOT_OFFERED, Agreement, Candidate, DayDuty, FillContext, ShiftSpec, describe_agreement, options_for_gap,
    outside_agreement, person_options, quick_effects,
)

MON = date(2026, 11, 30)
SAT = date(2026, 12, 5)
E = ShiftSpec(1, "E", "Early", time(7), time(15), 45)
L = ShiftSpec(2, "L", "Late", time(15), time(23), 45)
N = ShiftSpec(3, "N", "Night", time(23), time(7), 45)
SHIFTS = {1: E, 2: L, 3: N}
U = frozenset({1})


def test_most_specific_requirement_wins_and_events_add():
    rules = [Rule(1, 1, None, 5, 6), Rule(1, 1, None, 2, 3, weekday=5), Rule(1, 1, None, 9, 9, on_date=MON),
             Rule(1, 1, None, 1, 1, event_id=7, event_start=MON, event_end=MON)]
    needs = expand(rules, MON, SAT)
    mon = [n for n in needs if n.date == MON]
    assert sorted((n.minimum, n.event_id) for n in mon) == [(1, 7), (9, None)]
    assert [n.minimum for n in needs if n.date == SAT] == [2]
    assert [n.minimum for n in needs if n.date == date(2026, 12, 1)] == [5]


def test_cover_counts_skills_once_per_person_and_keeps_event_staff_apart():
    needs = expand([Rule(1, 1, None, 2, 3), Rule(1, 1, 10, 1, 1), Rule(1, 1, None, 1, 1, event_id=7)], MON, MON)
    on = [OnDuty(1, MON, 1, "shift", U, frozenset({10})), OnDuty(1, MON, 1, "overtime", U, frozenset({10})),
          OnDuty(2, MON, 1, "event", U, frozenset(), event_id=7), OnDuty(3, MON, 1, "sickness", U)]
    cells = {(c.skill_id, c.event_id): c for c in cover(needs, CoverIndex(on))}
    assert cells[(None, None)].actual == 1 and cells[(None, None)].status == "short"
    assert cells[(10, None)].actual == 1 and cells[(None, 7)].actual == 1
    assert [g.skill_id for g in gaps(cells.values())] == [None]


def _person(pid, main: DayDuty, rank="Constable", asked=0, skills=frozenset()):
    return Candidate(pid, f"P{pid}", rank, "police-ew-constable", U, skills, 2300, asked, (main,))


def _shift(day, spec, pid):
    s, e = spec.interval(day)
    return DayDuty(day, "shift", shift_type_id=spec.id, start=s, end=e, duty_id=pid * 100)


def test_options_move_only_when_the_other_shift_stays_covered_and_rank_by_cost():
    needs = expand([Rule(1, 1, None, 2, 2), Rule(1, 2, None, 1, 1)], SAT, SAT)
    on = [OnDuty(1, SAT, 2, "shift", U), OnDuty(2, SAT, 2, "shift", U)]
    cells = cover(needs, on)
    gap = next(c for c in cells if c.shift_type_id == 1)
    people = [_person(1, _shift(SAT, L, 1)), _person(2, _shift(SAT, L, 2), asked=3),
              _person(3, DayDuty(SAT, "rest_day", duty_id=300)), _person(4, DayDuty(SAT, "rest_day", duty_id=400), asked=2)]
    now = datetime(2026, 12, 1, 9, tzinfo=LONDON)  # 3 clear days before Saturday
    opts = options_for_gap(gap, people, FillContext(SHIFTS, now, cells))
    kinds = [(o.kind, o.person_id) for o in opts]
    assert kinds[0] == ("move", 1)  # free, not asked lately
    assert ("cancel_rest_day", 3) in kinds and kinds.index(("cancel_rest_day", 3)) < kinds.index(("cancel_rest_day", 4))
    rest = next(o for o in opts if o.person_id == 3)
    assert rest.rate == 1.5 and rest.credited_minutes == 720 and rest.cost_pence == 27600
    assert "time and a half" in " ".join(rest.compensation["notes"]) and "£276.00" in rest.reason
    # With one person left on the late, moving either would put the late below its minimum.
    cells2 = cover(needs, on[:1])
    gap2 = next(c for c in cells2 if c.shift_type_id == 1)
    assert all(o.kind != "move" for o in options_for_gap(gap2, people[:1], FillContext(SHIFTS, now, cells2)))


def test_a_named_persons_options_include_those_not_offered_marked_as_such():
    # the planner picks the person: every way they could fill the gap, as the ranked list prices it
    needs = expand([Rule(1, 1, None, 1, 1)], SAT, SAT)
    cells = cover(needs, [])
    gap = next(c for c in cells if c.shift_type_id == 1)
    now = datetime(2026, 12, 1, 9, tzinfo=LONDON)
    ctx = FillContext(SHIFTS, now, cells)
    resting = _person(3, DayDuty(SAT, "rest_day", duty_id=300))
    [rest] = person_options(resting, gap, ctx)
    assert rest.kind == "cancel_rest_day" and rest.score < NOT_OFFERED
    assert rest == next(o for o in options_for_gap(gap, [resting], ctx) if o.person_id == 3)
    # a rest day with a court hearing in the morning: cancelling it would overlap the hearing,
    # so the option is listed but not offered
    court = DayDuty(SAT, "court", line="extra", start=datetime(2026, 12, 5, 9, tzinfo=LONDON),
                    end=datetime(2026, 12, 5, 12, tzinfo=LONDON), duty_id=101)
    in_court = Candidate(1, "P1", "Constable", "police-ew-constable", U, frozenset(), 2300, 0,
                         (DayDuty(SAT, "rest_day", duty_id=100), court))
    [clash] = person_options(in_court, gap, ctx)
    assert clash.kind == "cancel_rest_day" and clash.score == NOT_OFFERED and "not offered" in clash.reason
    assert options_for_gap(gap, [in_court], ctx) == []
    # nothing on the rota that day: nothing to offer
    assert person_options(_person(2, DayDuty(date(2026, 12, 4), "rest_day", duty_id=200)), gap, ctx) == []


def test_overtime_is_a_run_on_and_inspectors_are_not_offered_it():
    needs = expand([Rule(1, 2, None, 1, 1), Rule(1, 1, None, 0, 0)], SAT, SAT)
    cells = cover(needs, [])
    gap = next(c for c in cells if c.shift_type_id == 2)
    now = datetime(2026, 12, 1, 9, tzinfo=LONDON)
    early = _shift(SAT, E, 1)
    opts = options_for_gap(gap, [_person(1, early), _person(2, _shift(SAT, E, 2), rank="Inspector")],
                           FillContext(SHIFTS, now, cells))
    ot = [o for o in opts if o.kind == "overtime"]
    assert [o.person_id for o in ot] == [1]
    assert ot[0].compensation["rule"] == "POL-08" and ot[0].rate == 1.3333
    assert ot[0].effects == ("runs straight on from another duty: 16 h in one go",)


def test_quick_effects_flag_short_rest_and_refuse_overlaps():
    night = _shift(SAT, N, 1)
    c = _person(1, night)
    s, e = E.interval(date(2026, 12, 6))  # early straight after a night: no rest at all
    msgs, overlap = quick_effects(c, s, e)
    assert not overlap and any("in one go" in m for m in msgs)
    s4, e4 = datetime(2026, 12, 6, 12, tzinfo=LONDON), datetime(2026, 12, 6, 16, tzinfo=LONDON)
    assert any("WTR-07: 5 h rest before" in m for m in quick_effects(c, s4, e4)[0])
    s2, e2 = L.interval(SAT)
    s3 = datetime(2026, 12, 6, 1, tzinfo=LONDON)
    assert quick_effects(c, s3, datetime(2026, 12, 6, 5, tzinfo=LONDON))[1] is True
    assert quick_effects(c, s2, e2)[0]  # late ending 23:00 straight into the night


def test_flexible_working_agreed_is_warned_about_and_ranked_below():
    # Saturday's early is short; two officers are on the late, one with flexible working agreed
    needs = expand([Rule(1, 1, None, 1, 1), Rule(1, 2, None, 0, 0)], SAT, SAT)
    on = [OnDuty(1, SAT, 2, "shift", U), OnDuty(2, SAT, 2, "shift", U)]
    cells = cover(needs, on)
    gap = next(c for c in cells if c.shift_type_id == 1)
    ctx = FillContext(SHIFTS, datetime(2026, 12, 1, 9, tzinfo=LONDON), cells)
    agreed, free = _person(1, _shift(SAT, L, 1)), _person(2, _shift(SAT, L, 2))

    def with_agreement(c, a):
        return Candidate(c.person_id, c.name, c.rank, c.rule_pack, c.unit_ids, c.skills, c.hourly_pence,
                         c.asked_recently, c.duties, a)

    # unpenalised: hours agreed on Saturdays that hold the early, or an agreement not yet in force
    for a in (Agreement(MON, (None,) * 5 + ((6 * 60, 16 * 60), None)), Agreement(date(2026, 12, 7))):
        move = next(o for o in person_options(with_agreement(agreed, a), gap, ctx) if o.kind == "move")
        assert move.warnings == 0 and "Flexible working" not in move.reason
    # penalised: Saturday's agreed hours end at 14:00, or Saturday is not an agreed working day
    for a, why in ((Agreement(MON, (None,) * 5 + ((9 * 60, 14 * 60), None)),
                    "outside the hours agreed under flexible working (09:00–14:00)"),
                   (Agreement(MON, ((9 * 60, 17 * 60),) * 5 + (None, None)),
                    "Saturday is not a working day under their flexible-working agreement")):
        opts = [o for o in options_for_gap(gap, [with_agreement(agreed, a), free], ctx) if o.kind == "move"]
        # the same move, ranked after the free officer's (on a tie P1 would come first)
        assert [o.person_id for o in opts] == [2, 1] and opts[1].score > opts[0].score
        assert opts[1].effects == (why,) and f"Flexible working: {why}." in opts[1].reason
        # starting early before their late (overtime) is outside them too
        ot = next(o for o in person_options(with_agreement(agreed, a), gap, ctx) if o.kind == "overtime")
        assert why in ot.effects
    # an agreed pattern: its days off are the person's, and so are its shifts
    resting = with_agreement(_person(3, DayDuty(SAT, "rest_day", duty_id=300)), Agreement(MON))
    [rest] = person_options(resting, gap, ctx)
    assert rest.kind == "cancel_rest_day" and rest.effects == ("takes a day off agreed under flexible working",)
    move = next(o for o in person_options(with_agreement(agreed, Agreement(MON)), gap, ctx) if o.kind == "move")
    assert move.effects == ("changes a shift of their agreed flexible-working pattern",)


def test_an_agreement_is_described_and_a_night_inside_it_is_inside():
    early, later, night = (7 * 60, 15 * 60), (9 * 60, 17 * 60), (22 * 60, 31 * 60)
    a = Agreement(MON, (early, early, early, later, None, night, None))
    assert describe_agreement(a) == ("Flexible working agreed from 30 Nov 2026: Mon–Wed 07:00–15:00, "
                                     "Thu 09:00–17:00, Sat 22:00–07:00")
    assert describe_agreement(Agreement(MON)) == "Flexible working agreed from 30 Nov 2026: an agreed pattern"
    assert outside_agreement(a, *N.interval(SAT)) is None  # 23:00-07:00 inside 22:00-07:00
    assert outside_agreement(a, *N.interval(date(2026, 12, 3))) == \
        "outside the hours agreed under flexible working (09:00–17:00)"
    assert outside_agreement(a, *E.interval(date(2026, 12, 4))) == \
        "Friday is not a working day under their flexible-working agreement"
    assert outside_agreement(a, *L.interval(date(2026, 11, 29))) is None  # before the agreement
