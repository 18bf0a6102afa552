"""Solomon VRPTW: parsing, a quick solve of a subset, the independent checker, the CLI."""
import json
from pathlib import Path

import pytest

from shiftapp.cli import main
from shiftapp.engine.routing import solomon, solomon_check

DIR = Path("/work/shared/benchmarks/solomon")
if not DIR.exists():   # relative to a checkout next to ../shared
    DIR = Path(__file__).resolve().parents[4] / ".." / "shared" / "benchmarks" / "solomon"
pytestmark = pytest.mark.skipif(not (DIR / "C101.txt").exists(), reason="Solomon files not available")


def test_parse_c101():
    inst = solomon.load(DIR / "C101.txt")
    assert inst.name == "C101" and inst.vehicles == 25 and inst.capacity == 200
    assert len(inst.customers) == 101
    c1 = inst.customers[1]
    assert (c1.no, c1.x, c1.y, c1.demand, c1.ready, c1.due, c1.service) == (1, 45, 68, 10, 912, 967, 90)
    assert inst.customers[0].due == 1236


def test_parse_rejects_other_files():
    with pytest.raises(ValueError):
        solomon.parse("hello\nworld\n")


def test_round_trip_text():
    inst = solomon.load(DIR / "RC101.txt")
    again = solomon.parse(solomon.to_text(inst))
    assert again.customers == inst.customers and again.vehicles == inst.vehicles


@pytest.fixture(scope="module")
def r101_25():
    inst = solomon.load(DIR / "R101.txt").subset(25)
    return inst, solomon.to_text(inst), solomon.solve(inst, time_limit_s=2)


def test_small_instance_is_solved_feasibly(r101_25):
    inst, text, sol = r101_25
    chk = solomon_check.check(text, sol.routes)
    assert chk.feasible, chk.errors
    assert not sol.unserved
    assert chk.distance == pytest.approx(sol.distance, abs=1e-6)
    # R101's first 25 customers: the published optimum is 617.1 with 8 vehicles
    assert sol.distance <= 617.1 * 1.05


def test_vehicles_first_objective_never_uses_more_vehicles(r101_25):
    inst, text, sol = r101_25
    vf = solomon.solve(inst, time_limit_s=2, objective="vehicles")
    assert solomon_check.check(text, vf.routes).feasible
    assert vf.vehicles <= sol.vehicles


def test_checker_catches_capacity_overload(r101_25):
    inst, text, sol = r101_25
    everyone = [[c for r in sol.routes for c in r]]
    res = solomon_check.check(text, everyone)
    assert not res.feasible and any("exceeds capacity" in e for e in res.errors)


def test_checker_catches_time_window_violation(r101_25):
    inst, text, sol = r101_25
    longest = max(sol.routes, key=len)
    bad = [list(reversed(longest)) if r is longest else r for r in sol.routes]
    res = solomon_check.check(text, bad)
    assert not res.feasible and any("due" in e for e in res.errors)


def test_checker_catches_missing_and_duplicate_customers(r101_25):
    inst, text, sol = r101_25
    routes = [list(r) for r in sol.routes]
    dropped = routes[0].pop()
    res = solomon_check.check(text, routes)
    assert any(str(dropped) in e and "not served" in e for e in res.errors)
    routes[1].append(routes[2][0])
    assert any("visited twice" in e for e in solomon_check.check(text, routes).errors)


def test_checker_catches_too_many_vehicles(r101_25):
    inst, text, sol = r101_25
    singles = [[c] for r in sol.routes for c in r]
    text_few = text.replace(f"  {inst.vehicles}         {inst.capacity}", f"  3         {inst.capacity}")
    res = solomon_check.check(text_few, singles)
    assert any("vehicles used" in e for e in res.errors)


def test_cli_bench_solomon(tmp_path, capsys):
    inst = solomon.load(DIR / "C101.txt").subset(20)
    src = tmp_path / "C101-20.txt"
    src.write_text(solomon.to_text(inst))
    out = tmp_path / "plan.json"
    rc = main(["bench", "solomon", str(src), "--time-limit", "1", "--out", str(out)])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "vehicles, distance" in printed and "feasible   True" in printed
    data = json.loads(out.read_text())
    assert data["feasible"] and sorted(c for r in data["routes"] for c in r) == list(range(1, 21))
