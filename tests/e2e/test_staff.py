"""Staff self-service at phone size in Chromium: rota views, leave (request, pending, withdraw),
a swap between two people through to approval, flexible working, the inbox, the calendar feed
over HTTP, and the rota shown offline from the service worker's cache.

The planner approval of the swap is made through ``requests.decide_swap`` (the planner desk's
approvals inbox is another issue); everything else is clicked in the browser."""
from __future__ import annotations

import re
from datetime import date, timedelta

import httpx
import icalendar
import pytest
from playwright.sync_api import expect

from .conftest import PHONE, SERVER, shot, sign_in

pytestmark = pytest.mark.e2e
WAIT = 20000


@pytest.fixture
def phone(browser, app_server):
    ctx = browser.new_context(**PHONE)
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def services(app_server):
    """Services on the app's own database (for lookups and the planner's approval)."""
    from shiftapp import db

    db.use_database(SERVER["db_url"])
    yield
    db.use_database(None)


def _at_home(page, base, username):
    sign_in(page, base, username)
    expect(page).to_have_url(re.compile(r".*/me/?$"), timeout=WAIT)
    expect(page.get_by_text("Next duty")).to_be_visible(timeout=WAIT)


def _fits(page) -> None:
    """No horizontal scroll at 390 px and at 360 px."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 360, "height": 780})
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 390, "height": 844})


def _small_targets(page) -> list[str]:
    """Visible buttons and bottom-navigation links under 44 px tall."""
    return page.evaluate("""() => [...document.querySelectorAll('button, nav a, [aria-label]')]
        .filter(e => e.offsetParent !== null && e.closest('a,button') === e)
        .map(e => [e.innerText || e.getAttribute('aria-label'), e.getBoundingClientRect().height])
        .filter(([t, h]) => h > 0 && h < 44).map(([t, h]) => t + ':' + h)""")


def test_my_rota_next_duty_list_week_and_month(phone, app_server):
    _at_home(phone, app_server, "officer")
    expect(phone.locator("#next-duty")).to_contain_text("Also on", timeout=WAIT)
    expect(phone.locator("#rota-list .rota-day").first).to_be_visible()
    assert phone.locator("#rota-list .rota-day").count() >= 28
    assert _small_targets(phone) == []
    _fits(phone)
    shot(phone, "phone-rota")
    phone.get_by_role("radio", name="Week").click()
    expect(phone.locator("#rota-list .rota-day")).to_have_count(7, timeout=WAIT)
    phone.get_by_role("radio", name="Month").click()
    expect(phone.locator("#rota-month")).to_be_visible(timeout=WAIT)
    _fits(phone)
    shot(phone, "phone-rota-month")


def _working_dates(page) -> list[str]:
    data = page.evaluate("""async () => {
        let t = localStorage.getItem('shiftapp_session'); try { const v = JSON.parse(t); if (typeof v === 'string') t = v } catch (e) {}
        const r = await fetch('/api/me/rota', {headers: {Authorization: 'Bearer ' + t}}); return await r.json() }""")
    return [d["date"] for d in data["days"] if d["times"]]


def test_leave_request_is_pending_then_withdrawn(phone, app_server):
    _at_home(phone, app_server, "p1030")
    day = _working_dates(phone)[5]
    phone.get_by_role("link", name="Leave").click()
    expect(phone.locator("#balances")).to_contain_text("Annual leave", timeout=WAIT)
    phone.select_option("#leave-kind", "annual")
    phone.fill("#leave-start", day)
    phone.fill("#leave-end", day)
    phone.fill("#leave-reason", "School play")
    phone.get_by_role("button", name="Send request").click()
    expect(phone.get_by_role("status")).to_contain_text("pending a planner's decision", timeout=WAIT)
    row = phone.locator(".leave-request").first
    expect(row).to_contain_text("pending")
    phone.fill("#leave-start", day)  # the same day again: refused with the reason
    phone.fill("#leave-end", day)
    phone.get_by_role("button", name="Send request").click()
    expect(phone.get_by_role("alert")).to_contain_text("already have annual leave pending", timeout=WAIT)
    _fits(phone)
    shot(phone, "phone-leave")
    row.get_by_role("button", name="Withdraw").click()
    expect(row).to_contain_text("withdrawn", timeout=WAIT)
    expect(row.get_by_role("button", name="Withdraw")).to_have_count(0)


def test_swap_between_two_people_through_to_approval(browser, app_server, services):
    from sqlmodel import select

    from shiftapp.db import unit_of_work
    from shiftapp.models import Duty, User
    from shiftapp.seed.common import DEMO_PASSWORD
    from shiftapp.services import auth, requests as R

    a_actor = auth.login("p1031", DEMO_PASSWORD).actor
    mine, cand = None, None
    for d in R.my_future_duties(a_actor):
        if d["working"]:
            cands = R.swap_candidates(a_actor, int(d["id"]))
            if cands:
                mine, cand = d, cands[0]
                break
    assert cand is not None
    with unit_of_work() as s:
        b_user = s.exec(select(User.username).where(User.person_id == cand.person_id)).one()
    a_ctx, b_ctx = browser.new_context(**PHONE), browser.new_context(**PHONE)
    try:
        a, b = a_ctx.new_page(), b_ctx.new_page()
        _at_home(a, app_server, "p1031")
        a.get_by_role("link", name="Swaps").click()
        expect(a.locator("#swap-duty")).to_be_visible(timeout=WAIT)
        a.select_option("#swap-duty", mine["id"])
        choice = a.locator(".swap-candidate", has_text=cand.name).first
        expect(choice).to_be_visible(timeout=WAIT)
        _fits(a)
        shot(a, "phone-swap-pick")
        choice.get_by_role("button", name="Ask").click()
        expect(a.get_by_role("status")).to_contain_text("Swap offered", timeout=WAIT)
        expect(a.locator("#swaps-mine .swap-row").first).to_contain_text("offered")

        _at_home(b, app_server, b_user)
        expect(b.locator("#unread-badge")).to_be_visible(timeout=WAIT)
        b.get_by_role("link", name="Swaps").click()
        offer = b.locator("#swaps-to-me .swap-row").first
        expect(offer).to_contain_text("offered", timeout=WAIT)
        offer.get_by_role("button", name="Accept").click()
        expect(b.get_by_role("status")).to_contain_text("A planner will decide", timeout=WAIT)

        planner = auth.login("planner", DEMO_PASSWORD).actor
        pending = [r for r in R.pending_swaps(planner) if r.requester == a_actor.display_name]
        assert pending
        R.decide_swap(planner, pending[0].id, True, "Cover is fine", expected_version=pending[0].version)
        with unit_of_work() as s:
            assert s.get(Duty, int(mine["id"])).shift_type_id == s.get(Duty, cand.duty_id).shift_type_id is not None \
                or s.get(Duty, int(mine["id"])).source == "swap"

        a.reload()
        expect(a.locator("#swaps-mine .swap-row").first).to_contain_text("approved", timeout=WAIT)
        shot(a, "phone-swaps")
        b.get_by_role("link", name="Inbox").click()
        expect(b.locator("#inbox")).to_contain_text("Swap approved", timeout=WAIT)
        _fits(b)
        shot(b, "phone-inbox")
        b.locator(".inbox-item", has_text="Swap approved").first.click()
        expect(b).to_have_url(re.compile(r".*/swaps/?$"), timeout=WAIT)
    finally:
        a_ctx.close()
        b_ctx.close()


def test_flexible_working_request(phone, app_server):
    _at_home(phone, app_server, "p1032")
    phone.get_by_role("link", name="More").click()
    phone.get_by_role("link", name="Flexible working").click()
    expect(phone.get_by_text("Force policy", exact=False).first).to_be_visible(timeout=WAIT)
    phone.select_option("#flex-kind", "hours")
    phone.fill("#flex-description", "Compressed hours: four ten-hour days")
    phone.fill("#flex-from", (date.today() + timedelta(days=60)).isoformat())
    phone.get_by_role("button", name="Send request").click()
    expect(phone.get_by_role("status")).to_contain_text("decision is due by", timeout=WAIT)
    expect(phone.locator("#my-flex .flex-request").first).to_contain_text("pending")
    expect(phone.locator("#my-flex")).to_contain_text("Force policy for police officers")
    _fits(phone)
    shot(phone, "phone-flex")


def test_calendar_feed_over_http(phone, app_server):
    _at_home(phone, app_server, "sergeant")
    phone.get_by_role("link", name="More").click()
    phone.locator("#feed-new").click()
    url = phone.locator("#feed-url").inner_text(timeout=WAIT).strip()
    assert re.search(r"/api/calendar/[\w-]+\.ics$", url)
    _fits(phone)
    shot(phone, "phone-calendar-feed")
    resp = httpx.get(url)
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(resp.content)
    events = cal.walk("VEVENT")
    assert len(events) > 20 and all(str(e["UID"]).startswith("duty-") for e in events)
    timed = [e for e in events if e["DTSTART"].params.get("TZID")]
    assert timed and all(e["DTSTART"].params["TZID"] == "Europe/London" for e in timed)
    assert httpx.get(url.replace(".ics", "x.ics")).status_code == 404
    phone.get_by_role("button", name="Turn off").click()
    expect(phone.get_by_role("status")).to_contain_text("turned off", timeout=WAIT)
    assert httpx.get(url).status_code == 404


def test_rota_is_viewable_offline(phone, app_server):
    _at_home(phone, app_server, "callhandler")
    phone.wait_for_function("navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)",
                            timeout=WAIT)
    phone.evaluate("window.shiftappSyncRota()")
    phone.wait_for_function("caches.open('shiftapp-rota-v1').then(c => c.match('/api/me/rota')).then(r => !!r)",
                            timeout=WAIT)
    phone.wait_for_function("caches.match('/offline.html').then(r => !!r)", timeout=WAIT)
    phone.context.set_offline(True)
    try:
        phone.goto(f"{app_server}/me")
        expect(phone.locator("#status")).to_contain_text("Saved copy", timeout=WAIT)
        expect(phone.locator("#status")).to_contain_text("28 days")
        assert phone.locator("#rota .day").count() >= 28
        _fits(phone)
        shot(phone, "phone-offline-rota")
    finally:
        phone.context.set_offline(False)
