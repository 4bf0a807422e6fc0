"""Fixtures for the browser tests: headless Chromium (``browser``) and a JupyterLab (``lab``).

Every test under tests/browser gets the ``browser`` marker. The browser is Debian's Chromium
at /usr/bin/chromium, driven by Playwright's sync API (Playwright cannot download its own
browsers here). Without it, the tests are skipped with a loud reason, except under CI=true,
where a missing browser fails them: ``make test`` installs it (see the Makefile's ``browser``
target).

``lab`` is a real JupyterLab on 127.0.0.1 with a random port and a token, run in a temporary
folder holding a copy of the repository's ``notebooks/`` and ``sample_data/``, with its own
temporary config, data, runtime, settings and workspace folders, so nothing leaks between
runs or into the developer's own Jupyter setup.

``screenshot`` saves PNGs to build/screenshots/<test>[-<step>].png.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path(os.environ.get("CAREERKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAB_START_TIMEOUT = 90  # seconds; a cold start takes 3 to 10
HERE = Path(__file__).resolve().parent

SKIP_REASON = "BROWSER TESTS NOT RUN"


def in_ci() -> bool:
    """True when running in CI (CI=true, as set by the CI runner)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder ``browser`` (``-m "not browser"`` leaves them out)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    """Say it loudly at the end when the browser tests did not run (also under xdist)."""
    skipped = [
        report for report in terminalreporter.stats.get("skipped", [])
        if SKIP_REASON in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_sep(
            "!", f"{len(skipped)} BROWSER TESTS SKIPPED", red=True, bold=True
        )
        terminalreporter.write_line(
            f"{SKIP_REASON}: no Chromium at {CHROMIUM}. Install it (as root): "
            "apt-get update && apt-get install -y chromium", red=True, bold=True,
        )


def _require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = (
        f"{SKIP_REASON}: no Chromium at {CHROMIUM}. Install it with "
        "`apt-get update && apt-get install -y chromium` (as root, `make test` does it), "
        "or point CAREERKIT_CHROMIUM at a Chromium binary."
    )
    if in_ci():
        pytest.fail(f"{reason} Under CI=true a missing browser is a failure.", pytrace=False)
    pytest.skip(reason)


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    """A headless Chromium: a ``playwright.sync_api.Browser``; call ``browser.new_page()``."""
    browser = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, step=None, **options)`` saves build/screenshots/<test>[-<step>].png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")

    def take(page, step: str | None = None, **options) -> Path:
        path = SCREENSHOTS / (f"{name}-{step}.png" if step else f"{name}.png")
        page.screenshot(path=str(path), **options)
        return path

    return take


# --- JupyterLab ----------------------------------------------------------------------------


@dataclass
class Lab:
    """A running JupyterLab: ``url`` (no trailing slash), ``token``, ``root`` (its folder)."""

    url: str
    token: str
    root: Path
    log: Path

    def tree_url(self, path: str, *, workspace: str | None = None) -> str:
        """The URL that opens ``path`` (relative to ``root``) in JupyterLab.

        With ``workspace``, in that (new) workspace: no tabs left open by earlier tests.
        """
        where = f"/lab/workspaces/{workspace}" if workspace else "/lab"
        return f"{self.url}{where}/tree/{path}?token={self.token}"

    def api(self, path: str, method: str = "GET"):
        """Call the server's REST API; the parsed JSON answer (None when empty)."""
        request = urllib.request.Request(
            f"{self.url}/api/{path}", method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Close every notebook session (and its kernel): the next test starts afresh."""
        for session in self.api("sessions") or []:
            self.api(f"sessions/{session['id']}", method="DELETE")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lab_settings(settings_dir: Path) -> None:
    """User settings: no news or update toasts, every cell in the DOM, no autosave."""
    settings = {
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false", "checkForUpdates": False,
        },
        # The default ("contentVisibility") keeps cells out of view unrendered; tests want
        # every output in the DOM.
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    }
    for plugin, values in settings.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def _kill_leftovers(marker: str) -> None:
    """Kill processes (kernels) whose command line names our private runtime folder."""
    own = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == own:
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            with contextlib.suppress(OSError):
                os.kill(int(entry.name), signal.SIGKILL)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on a copy of notebooks/ and sample_data/; stopped (whole group) at the end."""
    _require_chromium()  # no browser, no use for a JupyterLab
    base = tmp_path_factory.mktemp("lab")
    root = base / "root"
    root.mkdir()
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder in ("notebooks", "sample_data"):
        shutil.copytree(ROOT / folder, root / folder, ignore=ignore)

    # Kernels get their connection file in the runtime folder: a short, unique path (the
    # socket paths there have a length limit) that also finds them at the end.
    runtime = Path(tempfile.mkdtemp(prefix=f"ck-lab-{uuid.uuid4().hex[:8]}-"))
    dirs = {name: base / name for name in ("config", "data", "settings", "workspaces", "ipython")}
    for path in dirs.values():
        path.mkdir()
    _lab_settings(dirs["settings"])
    # news_url=None cannot be said on the command line (it would be the text "None").
    (dirs["config"] / "jupyter_server_config.json").write_text(
        json.dumps({"LabApp": {"news_url": None}, "LabServerApp": {"news_url": None}})
    )

    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),  # the venv's kernelspec is still found via
        JUPYTER_RUNTIME_DIR=str(runtime),    # sys.prefix/share/jupyter
        IPYTHONDIR=str(dirs["ipython"]),
        JUPYTER_PLATFORM_DIRS="0",
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    env.pop("PYTHONPATH", None)
    env.pop("CI", None)  # some extensions change behaviour under CI; the notebooks must not

    token = uuid.uuid4().hex
    port = _free_port()
    command = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=20",
        f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False",
        "--ServerApp.terminals_enabled=False",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")

    log = base / "jupyterlab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    server = None
    try:
        server = _wait_for_lab(process, runtime, token, root, log)
        yield server
    finally:
        _stop_lab(process, server, runtime)
        shutil.rmtree(runtime, ignore_errors=True)


def _wait_for_lab(process, runtime: Path, token: str, root: Path, log: Path) -> Lab:
    deadline = time.monotonic() + LAB_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{tail}", pytrace=False)
        # The server writes jpserver-<pid>.json with the port it really took.
        info = runtime / f"jpserver-{process.pid}.json"
        if info.exists():
            try:
                port = json.loads(info.read_text())["port"]
            except (ValueError, KeyError):
                port = None
            if port:
                server = Lab(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log)
                try:
                    server.api("status")
                    return server
                except (urllib.error.URLError, OSError):
                    pass
        time.sleep(0.25)
    process.kill()
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
    pytest.fail(f"JupyterLab did not answer within {LAB_START_TIMEOUT} s:\n{tail}", pytrace=False)


def _stop_lab(process, server: Lab | None, runtime: Path) -> None:
    if server is not None and process.poll() is None:
        try:  # shuts the kernels down too
            server.api("shutdown", method="POST")
            process.wait(timeout=15)
        except (urllib.error.URLError, OSError, subprocess.TimeoutExpired):
            pass
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    _kill_leftovers(str(runtime))
