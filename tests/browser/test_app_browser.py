"""``careerkit app`` in headless Chromium, as a coach would use it.

The real command serves a temporary copy of sample_data/. With its token the page shows
both Dashboard charts, no code; filtering to one client changes the goal table and both
charts; a check-in recorded
in the Check in tab is exactly one new row of progress.csv. (A second page that saves after
it is refused with Reload offered: tests/app/test_app_page.py, an AppPage per page as Voilà
gives each browser tab its own kernel.) Without
the token (or with a wrong one) the same URL gives the login page, and the app's API 403.
No request goes to any host but 127.0.0.1. Ctrl+C stops the server and its kernels.
Screenshots go to build/screenshots/; with CAREERKIT_UPDATE_DOCS=1 the first also becomes
docs/images/app.png, the README's picture.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_lab import comes_true as lab_comes_true

import careerkit

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DOCS_IMAGE = ROOT / "docs" / "images" / "app.png"
START_TIMEOUT = 90  # seconds for the server to print its URL and answer
PAGE_TIMEOUT = 180_000  # ms for the page (a kernel started, the cell run): 10 s here when idle
RENDER_TIMEOUT = 60_000  # ms for a chart or a message to follow a click


@dataclass
class App:
    """A running ``careerkit app``: its URL with the token, and its data folder."""

    url: str
    base: str
    folder: Path
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="module")
def app(tmp_path_factory, browser):
    """``careerkit app`` on a copy of sample_data/, with Jupyter folders of its own."""
    base = tmp_path_factory.mktemp("app")
    folder = Path(shutil.copytree(ROOT / "sample_data", base / "caseload"))
    runtime = Path(tempfile.mkdtemp(prefix="ck-app-"))
    env = dict(os.environ)
    for name in ("config", "data", "ipython"):
        (base / name).mkdir()
    env.update(JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_DATA_DIR=str(base / "data"),
               JUPYTER_RUNTIME_DIR=str(runtime), IPYTHONDIR=str(base / "ipython"),
               JUPYTER_PLATFORM_DIRS="0", PYTHONUNBUFFERED="1")
    for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "PYTHONPATH", "CAREERKIT_APP_FOLDER"):
        env.pop(name, None)
    log = base / "app.log"
    command = [sys.executable, "-c", "import sys; from careerkit.cli import main; "
               "sys.exit(main(sys.argv[1:]))", "app", str(folder), "--port", "18866"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=base, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    try:
        running = _wait_for_app(process, folder, log)
        yield running
    finally:
        _stop(process, log)
        shutil.rmtree(runtime, ignore_errors=True)


def _wait_for_app(process, folder: Path, log: Path) -> App:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if process.poll() is not None:
            pytest.fail(f"careerkit app exited with {process.returncode}:\n{text}",
                        pytrace=False)
        found = re.search(r"(http://127\.0\.0\.1:\d+/)\?token=(\S+)", text)
        if found:
            try:
                urllib.request.urlopen(found.group(1) + "login", timeout=5).close()
            except (urllib.error.URLError, OSError):
                pass
            else:
                return App(url=found.group(0), base=found.group(1), folder=folder,
                           process=process, log=log)
        time.sleep(0.25)
    process.kill()
    pytest.fail(f"careerkit app did not answer within {START_TIMEOUT} s:\n"
                f"{log.read_text(errors='replace')}", pytrace=False)


def _stop(process, log: Path) -> None:
    """Ctrl+C, as a person would; the whole group goes if it does not stop."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# --- what a person does ----------------------------------------------------------------------


class Tab:
    """One browser tab on the app; every request it makes is kept."""

    def __init__(self, context):
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="commit")  # the page streams while its cell runs
        try:
            self.page.locator(".ck-app-tabs").wait_for(timeout=PAGE_TIMEOUT)
        except PlaywrightTimeout:
            pytest.fail("the app did not show: " + self.page.inner_text("body")[:2000]
                        + self.said(), pytrace=False)

    def open_with_charts(self, url: str, n_clients: int):
        """Open the app and wait for both charts drawn: (caseload, timeline).

        (The charts' browser module is ready at once and loads plotly's in the background:
        careerkit.widgets.live_figure. plotly's own, 4.9 MB, missed anywidget's 2 s on a busy
        machine, and the charts were drawn once but did not follow the filters.)
        """
        self.open(url)
        dashboard = self.page.locator(".ck-dashboard")
        # The chart itself (innermost: the class may also be on a box around it).
        caseload = dashboard.locator(".ck-dashboard-caseload").last
        timeline = dashboard.locator(".ck-dashboard-timeline").last
        if not comes_true(
                self.page, "([a, b, n]) => a.querySelectorAll('.ytick text').length === n"
                " && b.querySelectorAll('.ytick text').length > 0",
                [caseload.element_handle(timeout=RENDER_TIMEOUT),
                 timeline.element_handle(timeout=RENDER_TIMEOUT), n_clients]):
            pytest.fail(f"the charts show {ticks(caseload)} and {ticks(timeline)}"
                        + self.said(), pytrace=False)
        return caseload, timeline

    def choose(self, title: str):
        """Click the tab called ``title``; its panel."""
        self.page.locator(".ck-app-tabs .lm-TabBar-tab", has_text=title).click()
        panel = {"Caseload": ".ck-dashboard", "Check in": ".ck-checkin"}[title]
        self.page.locator(panel).wait_for(timeout=RENDER_TIMEOUT)
        return self.page.locator(panel)

    def said(self) -> str:
        unique = list(dict.fromkeys(self.errors))
        return ("\nthe browser reported:\n  " + "\n  ".join(unique[:8])) if unique else ""


def ticks(chart) -> list[str]:
    return chart.locator(".main-svg .ytick text").all_text_contents()


def comes_true(page, script: str, arg) -> bool:
    """test_lab's ``comes_true`` with the app's longer wait."""
    return lab_comes_true(page, script, arg, timeout=RENDER_TIMEOUT)


def pick_client(dashboard, client: str) -> None:
    """Pick one client in the Dashboard's client filter: a click on the name in a list, or
    the name typed into a search field."""
    listing = dashboard.locator(".ck-dashboard-client select")
    if listing.count():
        listing.locator("option", has_text=client).click()
        return
    field = dashboard.locator(".ck-dashboard-client input").first
    field.fill(client)
    field.press("Enter")


def type_into(field, text: str) -> None:
    field.click()
    field.press("ControlOrMeta+a")
    field.press_sequentially(text)
    field.press("Tab")


def fill_checkin(form, day: str, percent: str, note: str) -> None:
    type_into(form.locator(".ck-checkin-date input"), day)
    type_into(form.locator(".ck-checkin-percent input"), percent)
    type_into(form.locator(".ck-checkin-note textarea"), note)


# --- the test -------------------------------------------------------------------------------


def test_the_app_with_its_token_and_refused_without(app, browser, screenshot):
    before = careerkit.load(app.folder)
    before_text = (app.folder / "progress.csv").read_text(encoding="utf-8-sig")
    clients = careerkit.plot_caseload(before).layout.yaxis.categoryarray
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    hosts: list[str] = []
    context.on("request", lambda request: hosts.append(
        urllib.parse.urlsplit(request.url).hostname or request.url.split(":", 1)[0]))

    # With the token: the Caseload tab, both charts, no code anywhere.
    first = Tab(context)
    caseload, timeline = first.open_with_charts(app.url, len(clients))
    dashboard = first.page.locator(".ck-dashboard")
    assert sorted(ticks(caseload)) == sorted(clients), "one row per client"
    html = first.page.content()
    assert "from_environment" not in html and "import" not in first.page.inner_text("body")
    assert first.page.locator(".jp-InputArea, .jp-InputPrompt, .cm-editor").count() == 0
    first.page.wait_for_timeout(500)  # the charts' last relayout
    shot = screenshot(first.page, "caseload")
    if os.environ.get("CAREERKIT_UPDATE_DOCS") == "1":  # the README's picture
        DOCS_IMAGE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_IMAGE)

    # Filter to one client: the goal table answers with that client's goals alone (the
    # Python side followed), and both charts follow: one row, and only that client's goals.
    client = clients[-1]
    pick_client(dashboard, client)
    goals_of_client = int((careerkit.goal_status(before)["client"] == client).sum())
    table = dashboard.locator(".ck-dashboard-table").element_handle()
    if not comes_true(first.page, "([t, s]) => { const e = t.querySelector('.ck-table-summary');"
                      " return e !== null && e.textContent.startsWith(s); }",
                      [table, f"{goals_of_client} goal"]):
        pytest.fail(f"after picking {client!r} the table says "
                    f"{dashboard.locator('.ck-table-summary').inner_text()!r}" + first.said(),
                    pytrace=False)
    if not comes_true(
            first.page, "([chart, client]) => { const t = [...chart.querySelectorAll('.ytick "
            "text')]; return t.length === 1 && t[0].textContent === client; }",
            [caseload.element_handle(), client]):
        pytest.fail(f"after picking {client!r} the caseload chart shows {ticks(caseload)}"
                    + first.said(), pytrace=False)
    if not comes_true(
            first.page, "([chart, client]) => { const t = [...chart.querySelectorAll('.ytick "
            "text')]; return t.length > 0 && t.every(e => e.textContent.startsWith(client + "
            "' · ')); }", [timeline.element_handle(), client]):
        pytest.fail(f"after picking {client!r} the timeline shows {ticks(timeline)}"
                    + first.said(), pytrace=False)
    screenshot(first.page, "one-client")
    first.errors.clear()

    # Record a check-in in the Check in tab.
    form = first.choose("Check in")
    goals = before.goals
    picked_client = form.locator(".ck-checkin-client select").input_value()
    picked_title = form.locator(".ck-checkin-goal select").input_value()
    # The goal's label is its title, perhaps with a note after it ("… (on hold)").
    mine = goals.loc[goals["client"] == picked_client]
    goal_id = mine.loc[[picked_title == t or picked_title.startswith(f"{t} (")
                        for t in mine["title"]], "goal_id"]
    assert len(goal_id) == 1, (picked_client, picked_title)
    day = (before.progress["date"].max() + pd.Timedelta(days=1)).date().isoformat()
    note = "App check-in, 'typed' in the browser"
    fill_checkin(form, day, "55", note)
    form.locator(".ck-checkin-save").click()
    message = form.locator(".ck-checkin-message")
    try:
        message.get_by_text("Saved").wait_for(timeout=RENDER_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(f"no 'Saved': {message.inner_text()!r}" + first.said(), pytrace=False)
    screenshot(first.page, "saved")

    after_text = (app.folder / "progress.csv").read_text(encoding="utf-8-sig")
    assert after_text.startswith(before_text), "the lines already there are kept as they were"
    assert after_text[len(before_text):].count("\n") == 1, "exactly one new line"
    after = careerkit.load(app.folder)
    pd.testing.assert_frame_equal(after.progress.iloc[:-1], before.progress)
    row = after.progress.iloc[-1]
    assert (row["date"], row["goal_id"], row["percent_complete"], row["note"]) == (
        pd.Timestamp(day), goal_id.iloc[0], 55, note)
    assert pd.isna(row["revised_target_date"]) and pd.isna(row["task_id"])

    # Nothing was asked of another host (scripts, styles, fonts, images, sockets).
    others = sorted({host for host in hosts if host not in {"127.0.0.1", "data", "blob"}})
    assert others == [], f"requests to other hosts: {others}"
    assert first.said() == ""
    context.close()

    # Without the token, or with a wrong one: the login page, never the app.
    stranger = browser.new_context()
    page = stranger.new_page()
    for url in (app.base, app.base + "?token=wrong" + "x" * 20):
        page.goto(url)
        assert urllib.parse.urlsplit(page.url).path == "/login", page.url
        assert page.locator("input[type=password]").count() >= 1  # the token (and new password)
        assert page.locator(".ck-app").count() == 0
    stranger.close()
    with pytest.raises(urllib.error.HTTPError) as refused_api:
        urllib.request.urlopen(app.base + "voila/api/shutdown/abc", data=b"", timeout=10)
    assert refused_api.value.code == 403
    no_redirect = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as refused_page:
        no_redirect.open(app.base, timeout=10)
    assert refused_page.value.code == 302
    assert refused_page.value.headers["Location"].startswith("/login")

    # Ctrl+C stops it: exit code 0, "stopped".
    os.killpg(app.process.pid, signal.SIGINT)
    assert app.process.wait(timeout=30) == 0, app.log_tail()
    assert "careerkit app: stopped" in app.log.read_text()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
