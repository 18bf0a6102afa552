"""The HTTP API under /api (Starlette). Reflex serves these routes before its own."""
from __future__ import annotations

import asyncio

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .db import get_engine
from .services import auth, calendar, rota
from .services.errors import DomainError, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from .services.transport import marks as transport_marks, views as transport_views


async def health(_: Request) -> JSONResponse:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as err:  # pragma: no cover - reported, not raised
        return JSONResponse({"status": "error", "database": str(err)[:200]}, status_code=503)
    return JSONResponse({"status": "ok", "database": get_engine().dialect.name})


async def calendar_feed(request: Request) -> Response:
    """GET /api/calendar/<token>.ics: the secret per-person feed for phone calendar apps."""
    try:
        body = await asyncio.to_thread(calendar.calendar_ics, request.path_params["token"])
    except NotFound:
        return Response("No such calendar.\n", status_code=404, media_type="text/plain")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300",
                             "Content-Disposition": 'inline; filename="rota.ics"'})


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else ""


async def my_rota(request: Request) -> JSONResponse:
    """GET /api/me/rota with ``Authorization: Bearer <session token>``: my next 28 days as JSON,
    cached by the service worker for the offline rota page."""
    def load():
        return rota.offline_rota(auth.current_actor(_bearer(request)))
    try:
        data = await asyncio.to_thread(load)
    except NotAuthenticated as err:
        return JSONResponse({"error": err.message}, status_code=401)
    except DomainError as err:
        return JSONResponse({"error": err.message}, status_code=403)
    return JSONResponse(data, headers={"Cache-Control": "private, no-store"})


def _error(err: DomainError) -> JSONResponse:
    status = 401 if isinstance(err, NotAuthenticated) else 404 if isinstance(err, NotFound) else \
        403 if isinstance(err, PermissionDenied) else 400
    return JSONResponse({"error": err.message}, status_code=status)


async def my_run_sheets(request: Request) -> JSONResponse:
    """GET /api/me/runsheets (Bearer session token): today's and tomorrow's run sheets of the
    signed-in driver or escort; the service worker keeps the last good copy for offline use."""
    def load():
        return transport_views.my_run_sheets(auth.current_actor(_bearer(request)))
    try:
        data = await asyncio.to_thread(load)
    except DomainError as err:
        return _error(err)
    return JSONResponse(data, headers={"Cache-Control": "private, no-store"})


async def run_sheet(request: Request) -> JSONResponse:
    """GET /api/runs/<id>/sheet: one run with its passengers, for its own crew or its planners only."""
    try:
        run_id = int(request.path_params["run_id"])
        data = await asyncio.to_thread(
            lambda: transport_views.run_sheet(auth.current_actor(_bearer(request)), run_id))
    except DomainError as err:
        return _error(err)
    return JSONResponse(data, headers={"Cache-Control": "private, no-store"})


async def post_marks(request: Request) -> JSONResponse:
    """POST /api/me/marks {"marks": [{client_id, run_id, stop_id, passenger_id, kind, recorded_at, note}]}:
    the phone's queue; each client id is stored once, so sending again is always safe."""
    try:
        body = await request.json()
    except Exception:  # noqa: BLE001 - any unreadable body is the client's error
        return JSONResponse({"error": "Send JSON."}, status_code=400)
    marks = body.get("marks") if isinstance(body, dict) else None
    try:
        if not isinstance(marks, list):
            raise InvalidInput("Send {\"marks\": [...]}.")
        data = await asyncio.to_thread(
            lambda: transport_marks.record_marks(auth.current_actor(_bearer(request)), marks))
    except DomainError as err:
        return _error(err)
    return JSONResponse(data, headers={"Cache-Control": "no-store"})


api = Starlette(routes=[
    Route("/api/health", health),
    Route("/api/calendar/{token}.ics", calendar_feed),
    Route("/api/me/rota", my_rota),
    Route("/api/me/runsheets", my_run_sheets),
    Route("/api/runs/{run_id}/sheet", run_sheet),
    Route("/api/me/marks", post_marks, methods=["POST"]),
])
