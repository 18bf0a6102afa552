"""A slow test job that writes one RosterDraft per unit, each in its own transaction, used to
kill a run part-way through (tests/services/test_jobs.py)."""
from __future__ import annotations

import sys
import time
from datetime import date

from shiftapp import db, jobs
from shiftapp.models import RosterDraft


@jobs.job("test_drafts", "0 2 * * *", "test: one draft per unit, slowly")
def test_drafts(ctx: jobs.JobContext) -> dict:
    for unit_id in (1, 2, 3):
        with db.unit_of_work() as s:
            s.add(RosterDraft(unit_id=unit_id, start_date=date(2027, 1, 4), end_date=date(2027, 1, 31),
                              source="test", changes=[{"n": i} for i in range(5)], job_run_id=ctx.run_id))
            s.flush()
            print(f"unit {unit_id} written", flush=True)
            time.sleep(3.0 if unit_id == 2 else 0.0)  # killed here: unit 2 is flushed, not committed
    return {"drafts": 3}


if __name__ == "__main__":
    db.use_database(sys.argv[1])
    jobs.run_job("test_drafts", sys.argv[2], retries=1)
