from __future__ import annotations

import asyncio

import reflex as rx

from .. import jobs
from ..services import jobs_admin
from ..services.errors import DomainError
from .session import SessionState


class JobsState(SessionState):
    jobs: list[dict] = []
    runs: list[dict] = []
    running: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        try:
            self.jobs = [j.__dict__ for j in jobs_admin.list_jobs(actor)]
            self.runs = [r.__dict__ for r in jobs_admin.list_runs(actor)]
        except DomainError as err:
            self._fail(err)
        return None

    @rx.event
    def save_schedule(self, form: dict):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/login")
        name = str(form.get("name", ""))
        try:
            jobs_admin.set_schedule(actor, name, str(form.get("cron", "")), form.get("enabled") in ("on", True, "true"))
        except DomainError as err:
            self._fail(err)
            return None
        self.error, self.notice = "", f"Schedule for {name} saved; every worker picks it up within a minute."
        return JobsState.load

    @rx.event(background=True)
    async def run_now(self, name: str):
        async with self:
            actor = self._actor()
            if actor is None:
                return rx.redirect("/login")
            try:
                jobs_admin.authorise_run_now(actor, name)
            except DomainError as err:
                self._fail(err)
                return None
            self.running, self.error, self.notice = name, "", ""
        run = await asyncio.to_thread(jobs.run_job, name, None, retries=1)
        async with self:
            self.running = ""
            self.notice = f"{name}: {run.outcome if run else 'already running elsewhere'}"
        return JobsState.load
