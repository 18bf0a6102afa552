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
from .services.errors import DomainError, NotAuthenticated, NotFound


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


api = Starlette(routes=[
    Route("/api/health", health),
    Route("/api/calendar/{token}.ics", calendar_feed),
    Route("/api/me/rota", my_rota),
])
