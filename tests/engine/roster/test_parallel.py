"""Several units solved in parallel processes; cancellation and progress."""
from __future__ import annotations

import threading
import time

from shiftapp.engine.roster.evaluator import evaluate
from shiftapp.engine.roster.parallel import solve_units, start_units
from shiftapp.engine.roster.solver import solve

from .test_replan import team


def test_two_units_in_parallel_processes():
    seen = []
    units = {"north": team(), "south": team()}
    out = solve_units(units, 10, progress=lambda unit, p: seen.append(unit))
    assert set(out) == {"north", "south"}
    for unit, res in out.items():
        assert evaluate(units[unit], res.roster).objective == res.objective
        assert res.feasible
    assert set(seen) == {"north", "south"}


def test_cancel_a_running_batch():
    units = {"a": team(), "b": team()}
    job = start_units(units, 120)
    time.sleep(3)
    t = time.monotonic()
    job.cancel()
    res = job.results(timeout=60)
    assert time.monotonic() - t < 30
    assert all(r.roster is not None for r in res.values())


def test_cancel_in_process_and_progress():
    ev = threading.Event()
    progress = []
    threading.Timer(1.5, ev.set).start()
    t = time.monotonic()
    res = solve(team(), 120, cancel=ev, progress=progress.append)
    assert time.monotonic() - t < 20
    assert res.status in ("cancelled", "optimal")
    assert progress and progress[-1].phase == "done"
    assert res.feasible
