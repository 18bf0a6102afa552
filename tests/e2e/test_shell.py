"""Log in as each kind of user at phone and desktop size, see the right home, sign out."""
from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, shot, sign_in

pytestmark = pytest.mark.e2e
LOGIN = re.compile(r".*/login/?$")


@pytest.fixture
def phone(browser, app_server):
    ctx = browser.new_context(**PHONE)
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def desk(browser, app_server):
    ctx = browser.new_context(**DESKTOP)
    yield ctx.new_page()
    ctx.close()


def _no_horizontal_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("username,route,text,name", [
    ("officer", "/me", "Next duty", "phone-staff-home"),
    ("advisor", "/me", "Next duty", "phone-advisor-home"),
    ("driver", "/run", "My runs today", "phone-driver-home"),
    ("escort", "/run", "My licences, checks and training", "phone-escort-home"),
])
def test_phone_users_land_on_their_home(phone, app_server, username, route, text, name):
    sign_in(phone, app_server, username)
    expect(phone).to_have_url(re.compile(f".*{route}/?$"), timeout=20000)
    expect(phone.get_by_text(text).first).to_be_visible(timeout=20000)
    _no_horizontal_scroll(phone, 390)
    phone.set_viewport_size({"width": 360, "height": 740})
    _no_horizontal_scroll(phone, 360)
    shot(phone, name)


@pytest.mark.parametrize("username,route,text,name", [
    ("planner", "/desk", "Cover today", "desktop-planner-home"),
    ("ccmanager", "/desk", "Customer Contact Centre", "desktop-callcentre-home"),
    ("transport", "/transport", "Licences, DBS checks and training", "desktop-transport-home"),
    ("admin", "/admin", "Audit trail", "desktop-admin-home"),
])
def test_desktop_users_land_on_their_home(desk, app_server, username, route, text, name):
    sign_in(desk, app_server, username)
    expect(desk).to_have_url(re.compile(f".*{route}/?$"), timeout=20000)
    expect(desk.get_by_text(text).first).to_be_visible(timeout=20000)
    expect(desk.locator("#desk-sidebar")).to_be_visible()
    expect(desk.get_by_role("button", name="Menu")).to_be_hidden()
    shot(desk, name)


def test_a_planner_on_a_phone_finds_the_desk_pages_in_a_menu(phone, app_server):
    sign_in(phone, app_server, "planner")
    expect(phone).to_have_url(re.compile(r".*/desk/?$"), timeout=20000)
    expect(phone.get_by_text("Cover today").first).to_be_visible(timeout=20000)
    expect(phone.locator("#desk-sidebar")).to_be_hidden()  # the sidebar gives way to the top bar
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("menuitem", name="Scheduled jobs")).to_have_count(0)  # a planner's pages only
    phone.get_by_role("menuitem", name="Approvals").click()
    expect(phone).to_have_url(re.compile(r".*/desk/approvals/?$"), timeout=20000)
    expect(phone.get_by_role("heading", name="Approvals", exact=True)).to_be_visible(timeout=20000)
    _no_horizontal_scroll(phone, 390)  # the panes stack instead of sitting side by side
    shot(phone, "phone-planner-approvals")
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("menuitem", name="Gaps and cover").click()
    expect(phone.get_by_role("heading", name="Shifts below minimum")).to_be_visible(timeout=20000)
    _no_horizontal_scroll(phone, 390)
    phone.locator("#gaps").get_by_role("button", name="Options").first.click()  # the seed leaves gaps
    # the options, below the list on a phone, are scrolled up into the top half of the screen
    phone.wait_for_function("window.scrollY > 0 && document.getElementById('options').getBoundingClientRect().top"
                            " < window.innerHeight / 2", timeout=20000)
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("menuitem", name="Sign out").click()
    expect(phone).to_have_url(LOGIN, timeout=20000)


def test_wrong_password_shows_a_clear_message_and_stays_on_login(phone, app_server):
    sign_in(phone, app_server, "sergeant", "not-my-password")
    expect(phone.get_by_role("alert")).to_contain_text("don't match", timeout=20000)
    assert re.search(r"/login/?$", phone.url)
    shot(phone, "phone-login-error")


def test_pages_need_a_session_and_sign_out_ends_it(phone, app_server):
    phone.goto(f"{app_server}/me")
    expect(phone).to_have_url(LOGIN, timeout=20000)
    sign_in(phone, app_server, "callhandler")
    expect(phone).to_have_url(re.compile(r".*/me/?$"), timeout=20000)
    phone.get_by_role("button", name="Sign out").click()
    expect(phone).to_have_url(LOGIN, timeout=20000)
    phone.goto(f"{app_server}/me")
    expect(phone).to_have_url(LOGIN, timeout=20000)


def test_staff_cannot_open_the_admin_page(phone, app_server):
    sign_in(phone, app_server, "officer")
    expect(phone).to_have_url(re.compile(r".*/me/?$"), timeout=20000)
    phone.goto(f"{app_server}/admin")
    expect(phone.get_by_role("alert")).to_contain_text("don't have permission", timeout=20000)
    expect(phone.get_by_text("Audit entries, last 24 h")).to_be_visible()
    assert phone.locator("table tbody tr").count() == 0


def test_pwa_basics_are_served(app_server):
    manifest = httpx.get(f"{app_server}/manifest.webmanifest").json()
    assert manifest["display"] == "standalone" and {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}
    sw = httpx.get(f"{app_server}/sw.js").text
    assert "/_event" in sw and "/api/" in sw
    assert httpx.get(f"{app_server}/icon-512.png").headers["content-type"] == "image/png"


def test_service_worker_registers(desk, app_server):
    desk.goto(f"{app_server}/login")
    desk.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true)", timeout=20000)
    assert desk.evaluate("navigator.serviceWorker.controller !== null || true")
