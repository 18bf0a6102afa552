"""The app module: wiring only (pages, routes, API, PWA head)."""
import reflex as rx

from . import models  # noqa: F401  (registers every table)
from .api import api
from .jobs import scheduler_lifespan
from .pages.account import account_page
from .pages.admin import admin_page
from .pages.desk import desk_page
from .pages.desk_approvals import desk_approvals_page
from .pages.desk_events import desk_events_page
from .pages.desk_patterns import desk_patterns_page
from .pages.desk_gaps import desk_gaps_page
from .pages.desk_mi import desk_mi_page
from .pages.desk_optimiser import desk_optimiser_page
from .pages.desk_rota import desk_rota_page
from .pages.findings import findings_page
from .pages.jobs import jobs_page
from .pages.login import login_page
from .pages.flex import flex_page
from .pages.inbox import inbox_page
from .pages.leave import leave_page
from .pages.me import me_page
from .pages.swaps import swaps_page
from .pages.run import run_page
from .pages.transport import transport_page
from .pages.transport_runs import transport_runs_page
from .pages.transport_compliance import compliance_page
from .state.account import AccountState, InboxState
from .state.admin import AdminState
from .state.crew import CrewHomeState
from .state.desk import DeskState
from .state.drafts import DraftsState
from .state.desk_approvals import ApprovalsState
from .state.desk_pages import EventsState, GapsState, MIState, OptimiserState, RotaState
from .state.desk_patterns import PatternsState
from .state.findings import FindingsState
from .state.jobs import JobsState
from .state.login import LoginState
from .state.requests import FlexState, LeaveState, SwapState
from .state.staff import StaffHomeState
from .state.transport import TransportHomeState
from .state.transport_runs import TransportRunsState
from .state.transport_compliance import ComplianceState

THEME_COLOUR = "#1d4ed8"

app = rx.App(
    api_transformer=api,
    head_components=[
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.meta(name="theme-color", content=THEME_COLOUR),
        rx.el.link(rel="apple-touch-icon", href="/icon-192.png"),
        rx.el.meta(name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"),
        rx.el.script(src="/sw-register.js", defer=True),
        rx.el.script(src="/rota-sync.js", defer=True),
    ],
)
app.add_page(login_page, route="/", title="ShiftApp — sign in", on_load=LoginState.on_load)
app.add_page(login_page, route="/login", title="ShiftApp — sign in", on_load=LoginState.on_load)
app.add_page(me_page, route="/me", title="My rota — ShiftApp", on_load=StaffHomeState.load)
app.add_page(run_page, route="/run", title="Today's runs — ShiftApp", on_load=CrewHomeState.load)
app.add_page(desk_page, route="/desk", title="Planner desk — ShiftApp", on_load=DeskState.load)
app.add_page(desk_approvals_page, route="/desk/approvals", title="Approvals — ShiftApp", on_load=ApprovalsState.load)
app.add_page(desk_rota_page, route="/desk/rota", title="Rota — ShiftApp", on_load=RotaState.load)
app.add_page(desk_gaps_page, route="/desk/gaps", title="Gaps and cover — ShiftApp", on_load=GapsState.load)
app.add_page(desk_events_page, route="/desk/events", title="Events — ShiftApp", on_load=EventsState.load)
app.add_page(desk_patterns_page, route="/desk/patterns", title="Shift patterns — ShiftApp", on_load=PatternsState.load)
app.add_page(desk_mi_page, route="/desk/mi", title="Management information — ShiftApp", on_load=MIState.load)
app.add_page(desk_optimiser_page, route="/desk/optimiser", title="Optimiser — ShiftApp", on_load=[OptimiserState.load, DraftsState.load])
app.add_page(transport_page, route="/transport", title="Transport — ShiftApp", on_load=TransportHomeState.load)
app.add_page(transport_runs_page, route="/transport/runs", title="Runs — ShiftApp", on_load=TransportRunsState.load)
app.add_page(compliance_page, route="/transport/compliance", title="Compliance — ShiftApp",
             on_load=ComplianceState.load)
app.add_page(admin_page, route="/admin", title="Administration — ShiftApp", on_load=AdminState.load)
app.add_page(leave_page, route="/leave", title="Leave — ShiftApp", on_load=LeaveState.load)
app.add_page(swaps_page, route="/swaps", title="Swaps — ShiftApp", on_load=SwapState.load)
app.add_page(flex_page, route="/flex", title="Flexible working — ShiftApp", on_load=FlexState.load)
app.add_page(inbox_page, route="/inbox", title="Inbox — ShiftApp", on_load=InboxState.load)
app.add_page(account_page, route="/account", title="Account — ShiftApp", on_load=AccountState.load)
app.add_page(findings_page, route="/findings", title="Working-time findings — ShiftApp", on_load=FindingsState.load)
app.add_page(jobs_page, route="/admin/jobs", title="Scheduled jobs — ShiftApp", on_load=JobsState.load)
app.register_lifespan_task(scheduler_lifespan)
