"""Approvals inbox at desktop size: approve a leave request after seeing its impact, then the staff member
sees the decision in their notifications and the leave on their rota."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, shot, sign_in

pytestmark = pytest.mark.e2e
T = 30000


def test_approve_leave_and_the_staff_member_sees_rota_and_notification(browser, app_server):
    ctx = browser.new_context(**DESKTOP)
    desk = ctx.new_page()
    sign_in(desk, app_server, "planner")
    expect(desk).to_have_url(re.compile(r".*/desk/?$"), timeout=T)
    desk.goto(f"{app_server}/desk/approvals")
    row = desk.locator("#inbox-leave [data-leave]").first
    expect(row).to_be_visible(timeout=T)
    employee_no = row.get_attribute("data-leave")
    dates = row.locator("td").nth(1).inner_text()
    row.get_by_role("button", name="Impact").click()
    impact = desk.locator("#impact")
    expect(impact).to_contain_text("Cover on every affected shift", timeout=T)
    expect(impact).to_contain_text(re.compile(r"stays at or above its minimum|would fall below minimum"))
    shot(desk, "desktop-approvals-impact")
    impact.get_by_role("button", name="Approve").click()
    expect(desk.get_by_role("status")).to_contain_text("approved", timeout=T)
    ctx.close()

    phone_ctx = browser.new_context(**PHONE)
    phone = phone_ctx.new_page()
    sign_in(phone, app_server, employee_no.lower())
    expect(phone).to_have_url(re.compile(r".*/me/?$"), timeout=T)
    phone.goto(f"{app_server}/inbox")
    expect(phone.locator(".inbox-item").filter(has_text="approved").first).to_be_visible(timeout=T)
    phone.goto(f"{app_server}/me")
    expect(phone.locator(".rota-day").first).to_be_visible(timeout=T)
    leave_day = phone.locator(".rota-day").filter(has_text="Annual leave").filter(has_text="changed")
    for _ in range(3):  # the list shows 28 days at a time; the leave may be in a later block
        if leave_day.count():
            break
        phone.get_by_role("button", name="Later").click()
        phone.wait_for_timeout(1500)
    expect(leave_day.first).to_be_visible(timeout=T)
    leave_day.first.scroll_into_view_if_needed()
    shot(phone, "phone-leave-approved")
    phone_ctx.close()
    assert dates
