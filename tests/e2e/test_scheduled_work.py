"""The admin's scheduled-jobs page (run now, edit a schedule) and the planner's findings list."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, shot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def desk(browser, app_server):
    ctx = browser.new_context(**DESKTOP)
    yield ctx.new_page()
    ctx.close()


def test_admin_runs_a_job_now_and_refuses_a_bad_schedule(desk, app_server):
    sign_in(desk, app_server, "admin")
    expect(desk).to_have_url(re.compile(r".*/admin/?$"), timeout=20000)
    desk.goto(f"{app_server}/admin/jobs")
    jobs = desk.locator("#jobs")
    expect(jobs.get_by_text("working_time_scan")).to_be_visible(timeout=20000)
    row = jobs.locator("tr", has_text="working_time_scan")
    row.get_by_role("button", name="Run now").click()
    expect(desk.get_by_role("status")).to_contain_text("working_time_scan: succeeded", timeout=60000)
    expect(desk.locator("tr", has_text="people=").first).to_be_visible(timeout=20000)
    hk = jobs.locator("tr", has_text="housekeeping")
    hk.get_by_label("Schedule (crontab)").fill("every night")
    hk.get_by_role("button", name="Save").click()
    expect(desk.get_by_role("alert")).to_contain_text("isn't a valid schedule", timeout=20000)
    shot(desk, "desktop-admin-jobs")


def test_planner_sees_open_working_time_findings(desk, app_server):
    sign_in(desk, app_server, "planner")
    expect(desk).to_have_url(re.compile(r".*/desk/?$"), timeout=20000)
    desk.goto(f"{app_server}/findings")
    expect(desk.get_by_role("heading", name="Working-time findings")).to_be_visible(timeout=20000)
    desk.get_by_role("button", name="All").click()
    expect(desk.locator("#findings tbody tr").first).to_be_visible(timeout=60000)
    shot(desk, "desktop-planner-findings")
