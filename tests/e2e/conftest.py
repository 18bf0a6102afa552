"""End-to-end: the real app (``reflex run --env prod``) on a seeded SQLite file, driven by Debian's Chromium."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ANCHOR

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("SHIFTAPP_E2E_PORT", "3011"))
BASE = f"http://127.0.0.1:{PORT}"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
SERVER: dict[str, str] = {}  # "db_url": the app's database, for tests that act through services too


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    db_file = tmp_path_factory.mktemp("e2e") / "shiftapp.db"
    SERVER["db_url"] = f"sqlite:///{db_file}"
    env = dict(os.environ, SHIFTAPP_DB_URL=f"sqlite:///{db_file}", SHIFTAPP_PORT=str(PORT),
               REFLEX_TELEMETRY_ENABLED="false", REFLEX_CHECK_LATEST_VERSION="false")
    env["PATH"] = f"{ROOT / '.tools/node_modules/.bin'}:{Path(sys.executable).parent}:{env['PATH']}"
    cli = [sys.executable, "-m", "shiftapp.cli"]
    subprocess.run(cli + ["db", "upgrade"], cwd=ROOT, env=env, check=True)
    subprocess.run(cli + ["seed", "--anchor", ANCHOR.isoformat()], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    log = open(tmp_path_factory.mktemp("log") / "reflex.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port",
         "--frontend-port", str(PORT), "--backend-port", str(PORT)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early; see {log.name}")
        try:
            if httpx.get(f"{BASE}/api/health", timeout=2).status_code == 200 and \
                    httpx.get(f"{BASE}/login", timeout=5, follow_redirects=True).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(2)
    else:
        os.killpg(proc.pid, signal.SIGTERM)
        raise RuntimeError(f"the app did not start in time; see {log.name}")
    yield BASE
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": shutil.which("chromium"), "args": CHROMIUM_ARGS}


def sign_in(page, base: str, username: str, password: str = "shiftapp-demo") -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
