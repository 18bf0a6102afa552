"""Planner desk at desktop size in Chromium: rota grid with cover rows, editing a duty with findings first,
publishing a period (and the officer being told), filling a gap by cancelling a rest day with its
compensation, events, management information with charts and CSV."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, shot, sign_in

pytestmark = pytest.mark.e2e
T = 30000


@pytest.fixture
def desk(browser, app_server):
    ctx = browser.new_context(**DESKTOP, accept_downloads=True)
    page = ctx.new_page()
    sign_in(page, app_server, "planner")
    expect(page).to_have_url(re.compile(r".*/desk/?$"), timeout=T)
    yield page
    ctx.close()


def _pick(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_fill_a_gap_by_cancelling_a_rest_day_and_see_the_compensation(desk, app_server):
    desk.goto(f"{app_server}/desk/gaps")
    first = desk.locator("[data-gap]").first
    expect(first).to_be_visible(timeout=T)
    expect(first).to_contain_text("Custody trained")  # nights whose team has no custody-trained officer
    first.get_by_role("button", name="Options").click()
    option = desk.locator("[data-option=cancel_rest_day]").filter(has_text="Constable").first
    expect(option).to_be_visible(timeout=T)
    expect(option).to_contain_text("rest day on")
    shot(desk, "desktop-gaps-options")
    option.get_by_role("button", name="Apply").click()
    result = desk.locator("#fill-result")
    expect(result).to_contain_text("Cancel a rest day", timeout=T)
    expect(result).to_contain_text(re.compile(r"clear days' notice; 12 h credited at ×1\.5 .* = £\d+\.\d\d"))
    expect(result).to_contain_text("Ledger:")
    shot(desk, "desktop-gap-filled")


def test_rota_grid_edit_with_findings_and_publish_a_period(desk, app_server, browser):
    desk.goto(f"{app_server}/desk/rota")
    grid = desk.locator("#rota-grid")
    expect(grid.locator("[data-kind=shift]").first).to_be_visible(timeout=T)
    expect(grid.locator("[data-cover=short]").first).to_be_visible()
    shot(desk, "desktop-rota")
    grid.locator("[data-cover=short]").first.scroll_into_view_if_needed()
    shot(desk, "desktop-rota-cover")
    grid.locator("[data-kind=rest_day]").nth(3).click()
    editor = desk.locator("#duty-editor")
    expect(editor).to_be_visible(timeout=T)
    _pick(desk, "Duty kind", "shift")
    _pick(desk, "Shift", "N Night")
    editor.get_by_role("button", name="Check rules").click()
    expect(desk.locator("#duty-findings")).to_be_visible(timeout=T)
    shot(desk, "desktop-rota-edit-findings")
    editor.get_by_role("button", name="Close").click()

    publish = desk.locator("#publish")
    publish.get_by_role("button", name="Draft from patterns").click()
    expect(desk.get_by_role("status")).to_contain_text("Drafted", timeout=T)
    publish.get_by_role("button", name="Publish").click()
    expect(desk.get_by_role("status")).to_contain_text("Published", timeout=T)
    expect(desk.get_by_role("status")).to_contain_text("everyone affected has been told")
    shot(desk, "desktop-rota-published")

    ctx = browser.new_context(**DESKTOP)
    officer = ctx.new_page()
    sign_in(officer, app_server, "officer")
    expect(officer).to_have_url(re.compile(r".*/me/?$"), timeout=T)
    officer.goto(f"{app_server}/inbox")
    expect(officer.get_by_text(re.compile(r"Your rota for .* is published")).first).to_be_visible(timeout=T)
    ctx.close()


def test_create_an_event_and_staff_it_by_hand(desk, app_server):
    desk.goto(f"{app_server}/desk/events")
    new = desk.locator("#new-event")
    expect(new).to_be_visible(timeout=T)
    _pick(desk, "Shift", "L Late")
    new.get_by_placeholder("Minimum").fill("2")
    new.get_by_placeholder("Target").fill("3")
    new.get_by_role("button", name="Add requirement").click()
    expect(new).to_contain_text("minimum 2, target 3", timeout=T)
    new.get_by_placeholder("Name, e.g. Christmas market").fill("Winter parade")
    new.get_by_label("Event from").fill("2026-12-09")
    new.get_by_label("Event to").fill("2026-12-09")
    new.get_by_role("button", name="Create event").click()
    cover = desk.locator("#event-cover")
    expect(cover).to_contain_text("Winter parade", timeout=T)
    expect(cover).to_contain_text("0 / 2")
    cover.get_by_role("combobox", name="Person to staff").first.click()
    desk.get_by_role("option", name=re.compile(r"\(on L\)")).first.click()
    cover.get_by_role("button", name="Staff").first.click()
    expect(desk.get_by_role("status")).to_contain_text("moved to the event", timeout=T)
    expect(cover).to_contain_text("1 / 2")
    shot(desk, "desktop-events")


def test_management_information_charts_and_csv(desk, app_server):
    desk.goto(f"{app_server}/desk/mi")
    expect(desk.locator("#mi-overtime .recharts-surface").first).to_be_visible(timeout=T)
    expect(desk.locator("#mi-overtime")).to_contain_text("Northshire Central LPA")
    shot(desk, "desktop-mi")
    with desk.expect_download(timeout=T) as dl:
        desk.locator("#csv-overtime").click()
    path = dl.value.path()
    text = open(path, encoding="utf-8").read()
    assert text.splitlines()[0] == "unit,month,hours,spend_gbp,budget_gbp,used_pct"


def test_run_the_optimiser_cancel_then_run_and_accept(desk, app_server):
    desk.goto(f"{app_server}/desk/optimiser")
    run = desk.get_by_role("button", name="Run optimiser")
    expect(run).to_be_visible(timeout=T)
    # a week of the seeded rota with bank holidays and cover below minimum (the default, five
    # weeks ahead, depends on today's date: from Dec 2026 it is a week with nothing to improve)
    start = desk.get_by_label("From")
    expect(start).to_have_value(re.compile(r"\d{4}-\d\d-\d\d"), timeout=T)  # the page's default is in
    start.fill("2026-12-28")
    expect(start).to_have_value("2026-12-28")
    _pick(desk, "Weeks", "1 week")
    _pick(desk, "Time limit", "60 s")
    run.click()
    expect(desk.locator("#optimiser-progress")).to_be_visible(timeout=T)
    desk.get_by_role("button", name="Cancel").click()
    summary = desk.locator("#proposal-summary")
    expect(summary).to_contain_text("Cancelled", timeout=60000)
    desk.get_by_role("button", name="Discard").click()
    _pick(desk, "Time limit", "10 s")
    desk.get_by_role("button", name="Run optimiser").click()
    expect(desk.locator("#optimiser-progress")).to_be_visible(timeout=T)
    shot(desk, "desktop-optimiser-running")
    expect(summary).to_contain_text(re.compile(r"shifts below minimum \d+ → \d+"), timeout=90000)
    expect(desk.locator("#proposal table tbody tr").first).to_be_visible()
    shot(desk, "desktop-optimiser-proposal")
    desk.locator("#accept-proposal").click()
    expect(desk.get_by_role("status")).to_contain_text("Accepted", timeout=T)


def test_build_a_shift_pattern_check_it_and_save_it(desk, app_server):
    desk.goto(f"{app_server}/desk/patterns")
    response = desk.locator("[data-pattern='Response 5-team 35-day']")
    expect(response).to_contain_text("35-day cycle", timeout=T)
    expect(response).to_contain_text("40 h a week")
    builder = desk.locator("#new-pattern")
    builder.get_by_label("Pattern name").fill("Six earlies")
    builder.get_by_label("Pattern days").fill("E E E E E E Q")
    builder.get_by_role("button", name="Check").click()
    expect(desk.get_by_role("alert")).to_contain_text("Unknown shift code Q", timeout=T)
    expect(builder.get_by_role("button", name="Save pattern")).to_be_disabled()
    builder.get_by_label("Pattern days").fill("e e e e e e r")
    builder.get_by_role("button", name="Check").click()
    check = desk.locator("#pattern-check")
    expect(check).to_contain_text("1 rest days a week", timeout=T)
    expect(check).to_contain_text("POL-02")
    shot(desk, "desktop-patterns-check")
    builder.get_by_role("button", name="Save pattern").click()
    expect(desk.get_by_role("status")).to_contain_text("Saved the pattern Six earlies", timeout=T)
    expect(desk.locator("[data-pattern='Six earlies']")).to_contain_text("7-day cycle")
    expect(builder.get_by_role("button", name="Save pattern")).to_be_disabled()
    assign = desk.locator("#assign-pattern")
    assign.get_by_role("combobox", name="Person").click()
    desk.get_by_role("option").filter(has_text="(Response 5-team 35-day)").first.click()
    assign.get_by_role("combobox", name="Pattern").click()
    desk.get_by_role("option", name="Six earlies", exact=True).click()
    assign.get_by_label("From").fill((date.today() + timedelta(days=40)).isoformat())
    assign.get_by_role("checkbox").click()  # at their request: the published rota follows too
    assign.get_by_role("button", name="Put on pattern").click()
    expect(desk.get_by_role("status")).to_contain_text("is on Six earlies from", timeout=T)
    expect(desk.get_by_role("status")).to_contain_text(re.compile(r"\d+ published duties changed to it at their request"))
    expect(desk.locator("[data-pattern='Six earlies']")).to_contain_text("1 joining later")
    shot(desk, "desktop-patterns-assigned")
