"""The HTTP API under /api (Starlette). Reflex serves these routes before its own."""
from __future__ import annotations

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .db import get_engine


async def health(_: Request) -> JSONResponse:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as err:  # pragma: no cover - reported, not raised
        return JSONResponse({"status": "error", "database": str(err)[:200]}, status_code=503)
    return JSONResponse({"status": "ok", "database": get_engine().dialect.name})


api = Starlette(routes=[Route("/api/health", health)])
