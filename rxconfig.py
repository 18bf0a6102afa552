"""Reflex configuration. Every value can be overridden from the environment
(REFLEX_DB_URL, REFLEX_REDIS_URL, …); ShiftApp's own settings live in shiftapp/settings.py."""
import os
import shutil
from pathlib import Path

import reflex as rx

from shiftapp.settings import settings

_HERE = Path(__file__).resolve().parent
_local_bun = _HERE / ".tools" / "node_modules" / ".bin" / "bun"
_bun = _local_bun if _local_bun.exists() else (Path(shutil.which("bun")) if shutil.which("bun") else None)

config = rx.Config(
    app_name="shiftapp",
    db_url=settings.db_url,
    frontend_port=int(os.environ.get("SHIFTAPP_PORT", "3000")),
    backend_port=int(os.environ.get("SHIFTAPP_PORT", "3000")),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
    **({"bun_path": _bun} if _bun else {}),
)
