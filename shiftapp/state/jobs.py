from __future__ import annotations

import asyncio

import reflex as rx

from .. import jobs
from ..services import jobs_admin
from .session import SessionState


class JobsState(SessionState):
    jobs: list[dict] = []
    runs: list[dict] = []
    running: str = ""

    @rx.event
    def load(self):
        ok, rows = self._call(jobs_admin.list_jobs)
        if not ok:
            return rows
        self.jobs = [j.__dict__ for j in rows]
        self.runs = [r.__dict__ for r in jobs_admin.list_runs(self._actor())]
        return None

    @rx.event
    def save_schedule(self, form: dict):
        name = str(form.get("name", ""))
        ok, out = self._call(jobs_admin.set_schedule, name, str(form.get("cron", "")),
                             form.get("enabled") in ("on", True, "true"))
        if not ok:
            return out
        self.error, self.notice = "", f"Schedule for {name} saved; every worker picks it up within a minute."
        return JobsState.load

    @rx.event(background=True)
    async def run_now(self, name: str):
        async with self:
            ok, out = self._call(jobs_admin.authorise_run_now, name)
            if not ok:
                return out
            self.running, self.error, self.notice = name, "", ""
        run = await asyncio.to_thread(jobs.run_job, name, None, retries=1)
        async with self:
            self.running = ""
            self.notice = f"{name}: {run.outcome if run else 'already running elsewhere'}"
        return JobsState.load
