"""``shiftapp rules check|compensate`` through a subprocess, including every bad input."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

CHECK = {"rule_pack": "police-ew-constable",
         "person": {"birth_date": "1990-05-01", "opt_out": False, "service_start": "2015-09-01"},
         "duties": [{"start": "2026-03-02T07:00", "end": "2026-03-02T17:00", "kind": "work", "break_minutes": 45},
                    {"start": "2026-03-03T02:00", "end": "2026-03-03T10:00", "kind": "work", "break_minutes": 45},
                    {"date": "2026-03-07", "kind": "rest_day"},
                    {"date": "2026-03-09", "kind": "annual_leave"}]}
COMPENSATE = {"rule_pack": "police-ew-constable",
              "change": {"kind": "rest_day_worked", "notified": "2026-03-01T10:00",
                         "start": "2026-03-10T07:00", "end": "2026-03-10T15:00", "planned": False,
                         "occasion_in_week": 1, "travel_minutes": 0}}


def run(args, doc=None, tmp_path=None, raw=None):
    path = "-"
    if doc is not None or raw is not None:
        path = str(tmp_path / "in.json")
        Path(path).write_text(raw if raw is not None else json.dumps(doc))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "shiftapp.cli", "rules", *args, path],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)


def test_check_prints_findings(tmp_path):
    p = run(["check"], CHECK, tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    wtr07 = [f for f in out["findings"] if f["rule"] == "WTR-07"]
    assert wtr07 == [{"rule": "WTR-07", "start": "2026-03-02T17:00", "end": "2026-03-03T02:00",
                      "severity": "block", "message": "9 h rest, needs 11 h", "override_allowed": True,
                      "figures": {"rest_minutes": 540, "required_minutes": 660, "shortfall_minutes": 120}}]


def test_check_with_emergency_reports_compensatory_rest(tmp_path):
    doc = json.loads(json.dumps(CHECK))
    doc["duties"][1]["emergency"] = {"reason": "serious disorder", "approver": "Supt Example"}
    out = json.loads(run(["check"], doc, tmp_path).stdout)
    assert out["compensatory_rest_minutes"] == 120
    assert all(f["severity"] == "warn" for f in out["findings"])


def test_compensate_prints_the_issue_fields(tmp_path):
    p = run(["compensate"], COMPENSATE, tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert {k: out[k] for k in ("rate", "credited_minutes", "clear_days_notice", "day_in_lieu",
                                "rerostered_rest_day")} == {
        "rate": 1.5, "credited_minutes": 720, "clear_days_notice": 8, "day_in_lieu": False,
        "rerostered_rest_day": False}
    assert isinstance(out["notes"], list) and out["notes"]


def _with(doc, path, value):
    doc = json.loads(json.dumps(doc))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


BAD_CHECK = {
    "unknown pack": (_with(CHECK, ["rule_pack"], "police-scotland"), "unknown rule pack"),
    "end before start": (_with(CHECK, ["duties", 0, "end"], "2026-03-02T06:00"), "before it starts"),
    "malformed date-time": (_with(CHECK, ["duties", 0, "start"], "2026-13-02T07:00"), "local date-time"),
    "malformed date": (_with(CHECK, ["duties", 2, "date"], "7 March"), "date like"),
    "malformed birth date": (_with(CHECK, ["person", "birth_date"], "1990/05/01"), "person.birth_date"),
    "overlapping duties": (_with(CHECK, ["duties", 1, "start"], "2026-03-02T16:00"), "overlapping"),
    "unknown kind": (_with(CHECK, ["duties", 0, "kind"], "holiday"), "unknown kind"),
    "duties not a list": (_with(CHECK, ["duties"], {"a": 1}), "duties must be a list"),
    "negative break": (_with(CHECK, ["duties", 0, "break_minutes"], -5), "break_minutes"),
}


@pytest.mark.parametrize("case", sorted(BAD_CHECK))
def test_check_bad_input(case, tmp_path):
    doc, expected = BAD_CHECK[case]
    p = run(["check"], doc, tmp_path)
    assert p.returncode == 2 and p.stdout == ""
    assert expected in p.stderr and "Traceback" not in p.stderr


BAD_COMPENSATE = {
    "unknown pack": (_with(COMPENSATE, ["rule_pack"], "nope"), "unknown rule pack"),
    "end before start": (_with(COMPENSATE, ["change", "end"], "2026-03-10T06:00"), "ends before it starts"),
    "malformed notified": (_with(COMPENSATE, ["change", "notified"], "yesterday"), "change.notified"),
    "unknown kind": (_with(COMPENSATE, ["change", "kind"], "holiday"), "unknown change kind"),
    "notified after start": (_with(COMPENSATE, ["change", "notified"], "2026-03-11T10:00"), "after the start"),
    "bad boolean": (_with(COMPENSATE, ["change", "planned"], "no"), "true or false"),
}


@pytest.mark.parametrize("case", sorted(BAD_COMPENSATE))
def test_compensate_bad_input(case, tmp_path):
    doc, expected = BAD_COMPENSATE[case]
    p = run(["compensate"], doc, tmp_path)
    assert p.returncode == 2 and expected in p.stderr and "Traceback" not in p.stderr


def test_invalid_json_and_missing_file(tmp_path):
    p = run(["check"], raw="{not json", tmp_path=tmp_path)
    assert p.returncode == 2 and "not valid JSON" in p.stderr and "Traceback" not in p.stderr
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-m", "shiftapp.cli", "rules", "check", str(tmp_path / "none.json")],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert p.returncode == 2 and "cannot read" in p.stderr and "Traceback" not in p.stderr


def test_packs_lists_to_confirm():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-m", "shiftapp.cli", "rules", "packs"],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    out = json.loads(p.stdout)
    assert {"police-ew-constable", "council-njc", "psv-driver-gb", "police-ew-staff"} <= {
        x["id"] for x in out["packs"]}
    assert "POL-11" in out["to_confirm"]["police-ew-constable"]
