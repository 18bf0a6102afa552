"""End-to-end, passenger transport: the planner's run view at desktop size, and the phone run
sheet marking a pick-up with no signal, sent once when the signal returns (and still once when
the same queued mark is replayed)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from .conftest import DESKTOP, PHONE, SERVER, shot, sign_in

pytestmark = pytest.mark.e2e
WAIT = 30000


def _events(stop_id: int) -> list[tuple]:
    engine = create_engine(SERVER["db_url"])
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT client_id, kind FROM runsheetevent WHERE stop_id = :s"),
                                {"s": stop_id}).all()
    finally:
        engine.dispose()


def test_planner_sees_a_dates_runs_with_stops_ride_times_and_costs(browser, app_server):
    ctx = browser.new_context(**DESKTOP)
    page = ctx.new_page()
    try:
        sign_in(page, app_server, "transport")
        expect(page).to_have_url(re.compile(r".*/transport/?$"), timeout=WAIT)
        page.goto(f"{app_server}/transport/runs")
        rows = page.locator("#runs tbody tr")
        expect(rows.first).to_be_visible(timeout=WAIT)
        assert rows.count() >= 30
        rows.nth(2).click()
        expect(page.locator("#stops tbody tr").first).to_be_visible(timeout=WAIT)
        expect(page.locator("#stops")).to_contain_text("min")
        expect(page.get_by_text("Per passenger").first).to_be_visible()
        page.wait_for_timeout(500)
        shot(page, "desktop-transport-runs")
        page.goto(f"{app_server}/transport/compliance")
        expect(page.locator("#contractors")).to_contain_text("Aire Valley Private Hire", timeout=WAIT)
        expect(page.locator("#contractors")).to_contain_text("pass with actions")
        shot(page, "desktop-transport-compliance")
    finally:
        ctx.close()


def test_pickup_marked_offline_is_recorded_exactly_once(browser, app_server):
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    try:
        sign_in(page, app_server, "driver")
        expect(page).to_have_url(re.compile(r".*/run/?$"), timeout=WAIT)
        expect(page.locator("#open-run-sheet")).to_be_visible(timeout=WAIT)
        page.wait_for_function("navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)",
                               timeout=WAIT)
        page.locator("#open-run-sheet").click()
        expect(page).to_have_url(re.compile(r".*/runsheet\.html$"), timeout=WAIT)
        collect = page.locator("button[data-mark=collected]").first
        expect(collect).to_be_visible(timeout=WAIT)
        expect(page.locator("#queue")).to_have_attribute("data-count", "0", timeout=WAIT)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.wait_for_function("caches.open('shiftapp-runsheets-v1').then(c => c.match('/api/me/runsheets'))"
                               ".then(r => !!r)", timeout=WAIT)
        page.wait_for_function("caches.match('/runsheet.html').then(r => !!r)", timeout=WAIT)
        shot(page, "phone-run-sheet")
        stop_id = int(collect.get_attribute("data-stop"))
        assert _events(stop_id) == []

        ctx.set_offline(True)
        collect.click()
        # once marked, the stop offers no second "Collected" (no double taps)
        expect(page.locator(f"[data-stop-row='{stop_id}'] button[data-mark=collected]")).to_have_count(0)
        expect(page.locator("#queue")).to_have_attribute("data-count", "1", timeout=WAIT)
        expect(page.locator("#status")).to_contain_text("Offline")
        # the queue survives a reload with no signal (served by the service worker)
        page.reload()
        expect(page.locator("#queue")).to_have_attribute("data-count", "1", timeout=WAIT)
        expect(page.locator(f"[data-stop-row='{stop_id}'] [data-done=collected]")).to_contain_text("waiting to send")
        queued = page.evaluate("window.shiftappQueuedMarks()")
        assert len(queued) == 1 and queued[0]["stop_id"] == stop_id
        assert _events(stop_id) == []
        shot(page, "phone-run-sheet-offline")

        ctx.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(page.locator("#queue")).to_have_attribute("data-count", "0", timeout=WAIT)
        expect(page.locator(f"[data-stop-row='{stop_id}'] [data-done=collected]")).to_contain_text("✓", timeout=WAIT)
        assert _events(stop_id) == [(queued[0]["client_id"], "collected")]

        # the same queued mark replayed twice: still one
        page.evaluate("m => window.shiftappQueueMark(m).then(() => window.shiftappQueueMark(m))", queued[0])
        expect(page.locator("#queue")).to_have_attribute("data-count", "0", timeout=WAIT)
        page.wait_for_timeout(500)
        assert _events(stop_id) == [(queued[0]["client_id"], "collected")]
    finally:
        ctx.close()
