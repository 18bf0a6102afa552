from datetime import date

import pytest

from shiftapp.engine.rules import RulesInputError, all_to_confirm, available_packs, load_pack
from shiftapp.engine.rules.packs import young_overlay

ISSUE_PACKS = ["council-njc", "police-ew-constable", "police-ew-staff", "psv-driver-gb"]


def test_issue_packs_exist_and_resolve():
    assert set(ISSUE_PACKS) <= set(available_packs())
    for pid in ISSUE_PACKS:
        pack = load_pack(pid, date(2026, 3, 1))
        assert pack.rule("WTR-07"), pid  # every pack extends the WTR base
        assert pack.chain[0] == "wtr-gb"


def test_pack_extends_parent_and_overrides_values():
    psv = load_pack("psv-driver-gb", date(2026, 3, 1))
    assert psv.chain == ("wtr-gb", "council-njc", "psv-driver-gb")
    assert psv.enabled("HTS-06") and not psv.enabled("WTR-07")
    assert psv.rule("NJC-02")["fixed_days"] == 9  # inherited from council-njc


def test_versions_apply_by_effective_date():
    assert load_pack("police-ew-constable", date(2025, 3, 31)).rule("POL-11")["scale"][0] == [0, 22]
    assert load_pack("police-ew-constable", date(2025, 4, 1)).rule("POL-11")["scale"][0] == [0, 25]
    assert load_pack("wtr-gb", date(2024, 3, 31)).value("WTR-13", "irregular_accrual_rate") is None
    assert load_pack("wtr-gb", date(2024, 4, 1)).value("WTR-13", "irregular_accrual_rate") == 0.1207
    assert load_pack("council-njc", date(2023, 4, 1)).rule("NJC-01")["scale"] == [[0, 23], [5, 26]]


def test_unknown_pack_and_date_before_first_version():
    with pytest.raises(RulesInputError, match="unknown rule pack"):
        load_pack("police-scotland")
    with pytest.raises(RulesInputError, match="unknown rule pack"):
        load_pack("../etc/passwd")
    with pytest.raises(RulesInputError, match="no version in force"):
        load_pack("police-ew-constable", date(2010, 1, 1))


def test_young_overlay_values():
    young = young_overlay(load_pack("council-njc", date(2026, 1, 1)))
    assert young.value("WTR-07", "min_rest_hours") == 12
    assert young.value("WTR-08", "min_hours_7_days") == 48
    assert young.value("WTR-09", "threshold_hours") == 4.5
    assert young.enabled("WTR-10") and not young.enabled("WTR-02")


def test_to_confirm_lists_the_unverified_rules():
    notes = all_to_confirm()
    assert "POL-11" in notes["police-ew-constable"]
    assert "POL-13" in notes["police-ew-constable"]
    assert "WTR-06" in notes["wtr-gb"]


def test_with_rule_is_a_copy():
    pack = load_pack("wtr-gb", date(2026, 1, 1))
    changed = pack.with_rule("WTR-02", reference_weeks=26)
    assert changed.value("WTR-02", "reference_weeks") == 26
    assert pack.value("WTR-02", "reference_weeks") == 17
