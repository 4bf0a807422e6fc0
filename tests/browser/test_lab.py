"""The notebooks in a real JupyterLab, driven in headless Chromium as a person would.

Open a notebook, Run → Run All Cells from the menu bar, wait for every cell to finish, then
look at what a person sees (tables, charts, widgets), type into the widgets and click them.
Screenshots go to build/screenshots/; with CAREERKIT_UPDATE_DOCS=1 the dashboard's also
becomes docs/dashboard.png, the README's picture.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import uuid
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import careerkit

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
RUN_TIMEOUT = 120_000  # ms for Run All Cells; each notebook takes 5 to 15 s here
RENDER_TIMEOUT = 20_000  # ms for a widget or chart to show after its cell ran

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook tab in front
KERNEL_IDLE = re.compile(r"^(?!No Kernel).+ \| Idle$")  # "Python 3 (ipykernel) | Idle"
TRACEBACK = re.compile(r"Traceback|\w+(Error|Exception)\b")
# True when every code cell has run ("[3]:"), or when Run All stopped at a cell that raised.
ALL_CELLS_DONE = r"""() => {
    const panel = '.jp-NotebookPanel:not(.lm-mod-hidden)';
    const prompts = [...document.querySelectorAll(`${panel} .jp-CodeCell .jp-InputArea-prompt`)];
    if (prompts.length === 0) return false;
    const texts = prompts.map(p => p.textContent.trim());
    if (texts.some(t => t.includes('*'))) return false;
    if (texts.every(t => /\[\d+\]/.test(t))) return true;
    const stderr = [...document.querySelectorAll(
        `${panel} [data-mime-type="application/vnd.jupyter.stderr"]`)];
    return stderr.some(e => /Traceback|\w+(Error|Exception)\b/.test(e.textContent));
}"""


def shows(locator, timeout: float = RENDER_TIMEOUT) -> bool:
    """Whether ``locator`` shows within ``timeout`` ms."""
    try:
        locator.wait_for(timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


def comes_true(page, script: str, arg, timeout: float = RENDER_TIMEOUT) -> bool:
    """Whether the JavaScript ``script(arg)`` comes true within ``timeout`` ms."""
    try:
        page.wait_for_function(script, arg=arg, timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


class Lab:
    """One browser tab on JupyterLab, with the steps a person takes."""

    def __init__(self, page, lab):
        self.page, self.lab = page, lab
        self.errors: list[str] = []  # what the page's console and scripts reported
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("console", lambda message: message.type == "error"
                and self.errors.append(f"console: {message.text}"))

    def open(self, path: str) -> None:
        """Open ``path`` in a new workspace (no tabs of earlier tests); wait for the kernel."""
        self.page.goto(self.lab.tree_url(path, workspace=f"test-{uuid.uuid4().hex[:8]}"))
        self.page.locator(f"{NOTEBOOK} .jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        # Close the file browser (click its tab, as a person would): room for the outputs.
        current = self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()
        self.wait_idle()

    def wait_idle(self, timeout: float = 60_000) -> None:
        """Wait for the status bar to say "Python 3 (ipykernel) | Idle".

        (The toolbar's execution indicator says idle before the kernel is even connected.)
        """
        self.page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(
            timeout=timeout)

    def run_all(self) -> None:
        """Run → Run All Cells from the menu bar; wait for every cell; fail on a traceback."""
        page = self.page
        page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu .lm-Menu-item:visible", has_text="Run All Cells").first.click()
        page.wait_for_function(ALL_CELLS_DONE, timeout=RUN_TIMEOUT, polling=250)
        self.wait_idle()
        stderr = page.locator(f"{NOTEBOOK} [data-mime-type='application/vnd.jupyter.stderr']")
        for text in stderr.all_inner_texts():
            if TRACEBACK.search(text):
                pytest.fail(f"a cell failed in JupyterLab:\n{text}", pytrace=False)

    def widget(self, selector: str):
        """The rendered widget ``selector``; fails when it does not show."""
        element = self.page.locator(f"{NOTEBOOK} {selector}")
        if not shows(element.first):
            loading = self.page.get_by_text("Loading widget...").count()
            pytest.fail(f"{selector} did not render"
                        + (f" ({loading} outputs still say 'Loading widget...')" if loading
                           else "") + self.console(), pytrace=False)
        return element.first

    def scroll_to_top(self, element) -> None:
        element.evaluate("e => e.scrollIntoView({block: 'start'})")

    def console(self) -> str:
        unique = list(dict.fromkeys(self.errors))
        return ("\nthe browser reported:\n  " + "\n  ".join(unique[:8])) if unique else ""


@pytest.fixture
def jl(browser, lab):
    """A fresh browser context (1400x900) on ``lab``; its kernels are shut down after."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield Lab(context.new_page(), lab)
    context.close()
    lab.shutdown_kernels()


def chart_ticks(chart) -> list[str]:
    """The y tick labels a plotly chart shows (its SVG's .ytick text)."""
    return chart.locator(".main-svg .ytick text").all_text_contents()


def wait_for_chart(jl, chart, name: str) -> None:
    if not shows(chart.locator(".main-svg").first):
        pytest.fail(f"the {name} chart (plotly FigureWidget) drew no SVG (.main-svg)"
                    + jl.console(), pytrace=False)


# --- the smoke test: the harness itself ------------------------------------------------------


def test_quickstart_runs_and_shows_tables(jl, screenshot):
    jl.open("notebooks/01_quickstart.ipynb")
    screenshot(jl.page, "opened")
    jl.run_all()
    tables = jl.page.locator(f"{NOTEBOOK} .jp-OutputArea-output table.dataframe")
    assert tables.count() >= 3, "the quickstart shows the goals, the status and the rates"
    status = tables.nth(1)
    headers = status.locator("thead th").all_text_contents()
    assert {"client", "state", "forecast_date"} <= set(headers)
    assert status.locator("tbody tr").count() > 0
    jl.scroll_to_top(status)
    screenshot(jl.page)


# --- 02: the dashboard ------------------------------------------------------------------------


def test_dashboard_charts_follow_the_client_filter(jl, lab, screenshot):
    sample = careerkit.load(lab.root / "sample_data")
    expected = careerkit.plot_caseload(sample).layout.yaxis.categoryarray  # one row a client

    jl.open("notebooks/02_coach_caseload.ipynb")
    jl.run_all()
    dashboard = jl.widget(".ck-dashboard")
    caseload = dashboard.locator(".ck-dashboard-caseload").last
    timeline = dashboard.locator(".ck-dashboard-timeline").last
    wait_for_chart(jl, caseload, "caseload")
    wait_for_chart(jl, timeline, "timeline")
    ticks = chart_ticks(caseload)
    assert len(ticks) == len(expected), f"one row per client: {ticks}"
    assert set(ticks) == set(expected)
    assert len(chart_ticks(timeline)) > 0
    jl.wait_idle()
    jl.scroll_to_top(dashboard)
    shot = screenshot(jl.page, "dashboard")
    if os.environ.get("CAREERKIT_UPDATE_DOCS") == "1":  # the README's picture
        shutil.copyfile(shot, DOCS / "dashboard.png")

    # Pick one client in the list, as a person would: a click on their name.
    client = ticks[-1]  # the bottom row of the chart
    clients = dashboard.locator(".ck-dashboard-client select")
    clients.locator("option", has_text=client).click()
    if not comes_true(
            jl.page,
            "([chart, client]) => { const t = [...chart.querySelectorAll('.ytick text')];"
            " return t.length === 1 && t[0].textContent === client; }",
            [caseload.element_handle(), client]):
        pytest.fail(f"after picking {client!r} the caseload chart shows {chart_ticks(caseload)}"
                    + jl.console(), pytrace=False)
    assert chart_ticks(caseload) == [client]
    timeline_rows = chart_ticks(timeline)
    assert timeline_rows, "the timeline shows the client's goals"
    assert all(row.startswith(f"{client} · ") for row in timeline_rows), timeline_rows
    # The time axis still shows dates (months like "Mar 2026"), not numbers.
    dates_shown = comes_true(
        jl.page,
        "chart => { const t = [...chart.querySelectorAll('.xtick text')];"
        " return t.length > 0 && t.every(e => /[A-Z][a-z]{2}|\\d{4}/.test(e.textContent)); }",
        timeline.element_handle())
    x_ticks = timeline.locator(".xtick text").all_text_contents()
    assert dates_shown, f"the timeline's time axis shows {x_ticks}" + jl.console()
    jl.scroll_to_top(dashboard)
    screenshot(jl.page, "one-client")


# --- 03: check-in and planner -----------------------------------------------------------------


@pytest.fixture
def plan(jl, lab, tmp_path):
    """03_my_career_plan.ipynb with WORK_DIR set to a folder of ours, run."""
    work = tmp_path / "work"
    path = lab.root / "notebooks" / "03_my_career_plan.ipynb"
    notebook = nbformat.read(path, as_version=4)
    parameters = next(cell for cell in notebook.cells if cell.cell_type == "code")
    # WORK_DIR = None (a new temporary folder) becomes ours; an earlier test's, too.
    parameters.source, count = re.subn(r"^WORK_DIR = .*$", f"WORK_DIR = {str(work)!r}",
                                       parameters.source, flags=re.MULTILINE)
    assert count == 1, parameters.source
    nbformat.write(notebook, path)
    jl.open("notebooks/03_my_career_plan.ipynb")
    jl.run_all()
    assert (work / "progress.csv").is_file(), "the notebook made its working copy in WORK_DIR"
    return work


def type_into(field, text: str) -> None:
    """Select what a field holds and type ``text`` over it, then leave it (Tab)."""
    field.click()
    field.press("ControlOrMeta+a")
    field.press_sequentially(text)
    field.press("Tab")


def test_checkin_saves_exactly_the_row_typed(jl, plan, screenshot):
    before = careerkit.load(plan)
    form = jl.widget(".ck-checkin")
    jl.scroll_to_top(form)
    client = form.locator(".ck-checkin-client select").input_value()
    title = form.locator(".ck-checkin-goal select").input_value()
    goals = before.goals
    goal_id = goals.loc[(goals["client"] == client) & (goals["title"] == title), "goal_id"]
    assert len(goal_id) == 1, (client, title)
    goal_id = goal_id.iloc[0]

    # The day after the form's default (the latest check-in in the data).
    default = form.locator(".ck-checkin-date input").input_value()
    day = (dt.date.fromisoformat(default) + dt.timedelta(days=1)).isoformat()
    note = 'Mock interview done, "went well"'
    type_into(form.locator(".ck-checkin-date input"), day)
    type_into(form.locator(".ck-checkin-percent input"), "55")
    type_into(form.locator(".ck-checkin-note textarea"), note)
    jl.wait_idle()  # the preview is computed
    screenshot(jl.page, "filled")
    form.locator(".ck-checkin-save").click()
    message = form.locator(".ck-checkin-message")
    if not shows(message.get_by_text("Saved")):
        pytest.fail(f"no 'Saved' after clicking Save: {message.inner_text()!r}" + jl.console(),
                    pytrace=False)
    screenshot(jl.page, "saved")

    after = careerkit.load(plan)
    assert len(after.progress) == len(before.progress) + 1
    pd.testing.assert_frame_equal(after.progress.iloc[:-1], before.progress)
    row = after.progress.iloc[-1]
    assert row["date"] == pd.Timestamp(day)
    assert row["goal_id"] == goal_id
    assert row["percent_complete"] == 55
    assert row["note"] == note
    assert pd.isna(row["revised_target_date"])
    pd.testing.assert_frame_equal(after.goals, before.goals)
    pd.testing.assert_frame_equal(after.tasks, before.tasks)


def test_planner_says_what_is_wrong_with_a_date(jl, plan, screenshot):
    planner = jl.widget(".ck-planner")
    jl.scroll_to_top(planner)
    start = planner.locator(".ck-planner-start-date input")
    error = planner.locator(".ck-planner-error-start-date")
    if not error.count():  # the contract names only .ck-planner-error
        error = planner.locator(".ck-planner-error")
    for typed in ("2025-02-30", "next week"):
        type_into(start, typed)
        if not shows(error.filter(has_text=typed).first):
            shown = [t for t in error.all_inner_texts() if t.strip()]
            pytest.fail(f"typed {typed!r} as start date; the errors shown: {shown}"
                        + jl.console(), pytrace=False)
        screenshot(jl.page, re.sub(r"\W+", "-", typed))
    type_into(start, "2026-07-01")
    assert comes_true(jl.page, "e => e.textContent.trim() === ''",
                      error.first.element_handle()), "a good date clears the error"
    assert not planner.locator(".ck-planner-message").inner_text().strip()
