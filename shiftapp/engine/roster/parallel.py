"""Solve several units (teams, depots, centres) in parallel worker processes.

Never call the solver on the web event loop: services hand the problems to ``solve_units``
from a background job (or ``start_units`` to get a handle they can poll and cancel).
Each worker process runs ``solver.solve`` with one search thread per core it is given.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable

from .domain import RosterProblem
from .solver import Progress, SolveResult, solve


def _worker(unit: str, problem: RosterProblem, time_limit: float, seed: int, threads: int, cancel, progress_q) -> SolveResult:
    def progress(p: Progress) -> None:
        if progress_q is not None:
            try:
                progress_q.put_nowait((unit, p))
            except Exception:
                pass
    return solve(problem, time_limit, cancel=cancel, progress=progress, seed=seed, threads=threads)


@dataclass
class UnitsJob:
    """A running batch: ``cancel()`` stops every solve (each returns its best so far)."""

    futures: dict[str, Future]
    _cancel: object
    _executor: ProcessPoolExecutor
    _pump: threading.Thread | None
    _stop_pump: threading.Event

    def cancel(self) -> None:
        self._cancel.set()

    def done(self) -> bool:
        return all(f.done() for f in self.futures.values())

    def results(self, timeout: float | None = None) -> dict[str, SolveResult]:
        out = {unit: f.result(timeout=timeout) for unit, f in self.futures.items()}
        self._stop_pump.set()
        if self._pump is not None:
            self._pump.join(timeout=2)
        self._executor.shutdown(wait=True)
        return out


def start_units(problems: dict[str, RosterProblem], time_limit: float = 60.0, *,
                processes: int | None = None, progress: Callable[[str, Progress], None] | None = None,
                seed: int = 0) -> UnitsJob:
    cores = os.cpu_count() or 1
    processes = max(1, min(processes or cores, len(problems) or 1))
    threads = max(1, cores // processes)
    ctx = mp.get_context("spawn")  # no fork of a threaded parent (CP-SAT, web servers)
    manager = ctx.Manager()
    cancel = manager.Event()
    q = manager.Queue() if progress is not None else None
    ex = ProcessPoolExecutor(max_workers=processes, mp_context=ctx)
    futures = {unit: ex.submit(_worker, unit, prob, time_limit, seed, threads, cancel, q)
               for unit, prob in problems.items()}
    stop = threading.Event()
    pump = None
    if progress is not None:
        def run():
            while not stop.is_set():
                try:
                    unit, p = q.get(timeout=0.2)
                except queue.Empty:
                    if all(f.done() for f in futures.values()):
                        try:
                            unit, p = q.get_nowait()
                        except Exception:
                            return
                    else:
                        continue
                except Exception:
                    return
                try:
                    progress(unit, p)
                except Exception:
                    pass
        pump = threading.Thread(target=run, daemon=True)
        pump.start()
    job = UnitsJob(futures, cancel, ex, pump, stop)
    job._manager = manager  # keep the manager alive as long as the job
    return job


def solve_units(problems: dict[str, RosterProblem], time_limit: float = 60.0, *,
                processes: int | None = None, progress: Callable[[str, Progress], None] | None = None,
                seed: int = 0) -> dict[str, SolveResult]:
    """Solve each unit's problem in its own process; returns unit -> SolveResult."""
    return start_units(problems, time_limit, processes=processes, progress=progress, seed=seed).results()
