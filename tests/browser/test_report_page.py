"""The HTML report in headless Chromium, opened from a file with every network request
blocked: it asks for nothing, draws every chart, lists the session's changes and shows
hostile text without running it.

Screenshots go to build/screenshots/; CAREERKIT_UPDATE_DOCS=1 also refreshes
docs/report.png (the README picture).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import careerkit
from careerkit import report

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared fixture
from coaching_caseload import HOSTILE, coaching_frames, save_folder

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DRAW_TIMEOUT = 60_000  # ms

# Charts that plotly has drawn: a container with an SVG inside.
DRAWN = """() => [...document.querySelectorAll('.chart')]
    .filter(div => div.classList.contains('js-plotly-plot')
                   && div.querySelector('.main-svg') !== null).length"""
ROWS = """(list) => [...document.querySelectorAll(`table[data-list="${list}"] tbody tr`)]
    .map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))"""


class Visit:
    """A page opened from a file, with every request counted and any non-file one blocked."""

    def __init__(self, browser, path: Path, *, width: int = 1280, height: int = 900):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error"
                     and self.errors.append(message.text))
        self.page.route("**/*", self._route)
        self.page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', "
            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => document.body.dataset.chartsDrawn !== undefined",
                                    timeout=DRAW_TIMEOUT)

    def _route(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def figures(self) -> int:
        return self.page.locator("script.figure-data").count()

    def rows(self, name: str) -> list[list[str]]:
        return self.page.evaluate(ROWS, name)

    def check_clean(self) -> None:
        assert self.blocked == []
        assert [u for u in self.requests if not u.startswith("file://")] == []
        assert self.dialogs == []
        assert self.page.evaluate("window.__csp") == []
        assert self.errors == []
        assert self.page.evaluate("document.body.dataset.chartsFailed") == "0"

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def coaching_report(tmp_path):
    data = save_folder(tmp_path / "coaching", *coaching_frames())
    return report.write(data, tmp_path / "coaching.html")


@pytest.fixture
def hostile_report(tmp_path):
    goals, tasks, progress = coaching_frames(ana=HOSTILE)
    goals.loc[goals["goal_id"] == "G1", "title"] = HOSTILE
    progress.loc[progress["date"] == "2026-03-20", "note"] = (
        f"{HOSTILE} <img src=x onerror=alert(2)> {{{{ 7*7 }}}}")
    data = save_folder(tmp_path / "hostile", goals, tasks, progress)
    return report.write(data, tmp_path / "hostile.html")


def test_report_opens_offline_and_draws_every_chart(browser, coaching_report, screenshot):
    visit = Visit(browser, coaching_report)
    try:
        figures = visit.figures()
        assert figures == 9  # caseload, time to goal, completion, and two per client
        assert visit.page.evaluate(DRAWN) == figures
        assert visit.page.evaluate("document.body.dataset.chartsDrawn") == str(figures)
        visit.check_clean()
        # The requests that did happen: the page itself, nothing else.
        assert visit.requests == [coaching_report.as_uri()]

        assert [r[:3] for r in visit.rows("since-checkins")] == [
            ["2026-03-31", "Bartholomew Quince", "Speak at a conference"],
            ["2026-03-29", "Cy Ng", "Finish the SQL course\n↳ task: Book the exam"],
            ["2026-03-28", "Bartholomew Quince", "Pass the PMP exam"],
            ["2026-03-25", "Ana Lima", "Negotiate a raise"],
            ["2026-03-20", "Ana Lima", "Land a senior analyst role"],
        ]
        assert [r[:2] + r[3:4] for r in visit.rows("since-revisions")] == [
            ["2026-03-29", "Cy Ng", "2026-03-25 → 2026-04-15"],
            ["2026-03-20", "Ana Lima", "2026-07-15 → 2026-07-31"],
        ]
        assert visit.rows("since-completed")[0][:3] == ["2026-03-25", "Ana Lima",
                                                        "Negotiate a raise"]
        assert sorted((r[1], r[2], r[3]) for r in visit.rows("since-changes")) == [
            ("Finish the SQL course", "stalled", "on track"),
            ("Negotiate a raise", "overdue", "completed"),
            ("Pass the PMP exam", "stalled", "overdue"),
            ("Speak at a conference", "new goal (started 2026-03-20)", "on track"),
        ]
        assert "On the since day" not in visit.page.inner_text("#since")

        # Charts are interactive: hovering a timeline bar shows its goal.
        timeline = visit.page.locator('.chart[data-kind="timeline"]').first
        timeline.scroll_into_view_if_needed()
        screenshot(visit.page, "top")
        visit.page.locator("#since").scroll_into_view_if_needed()
        screenshot(visit.page, "since")
        timeline.scroll_into_view_if_needed()
        bar = timeline.locator(".bars path").first
        bar.hover(force=True)
        visit.page.wait_for_selector(".hoverlayer .hovertext", timeout=5_000)
        screenshot(visit.page, "timeline-hover")
        screenshot(visit.page, "full", full_page=True)
    finally:
        visit.close()


def test_hostile_text_shows_literally_and_runs_nothing(browser, hostile_report, screenshot):
    visit = Visit(browser, hostile_report)
    try:
        visit.check_clean()
        assert visit.page.evaluate(DRAWN) == visit.figures()
        attention = visit.page.inner_text("#attention")
        assert HOSTILE in attention  # the client name and the goal title, as typed
        note = visit.rows("since-revisions")[-1]
        assert note[1] == HOSTILE and note[6].startswith(HOSTILE)
        assert "<img src=x onerror=alert(2)> {{ 7*7 }}" in note[6]
        sections = visit.page.locator("section.client h3").all_inner_texts()
        assert sections[0] == HOSTILE
        # No element came from the data: no <img>, and only the page's own scripts.
        assert visit.page.locator("img").count() == 0
        scripts = visit.page.evaluate(
            "[...document.scripts].map(s => s.type || 'js')")
        assert scripts.count("js") == 2
        # Chart text is shown literally too (the timeline's first row label).
        labels = visit.page.locator('.chart[data-kind="timeline"] .ytick text').all_text_contents()
        assert any(HOSTILE in label for label in labels)
        visit.page.locator("#attention").scroll_into_view_if_needed()
        screenshot(visit.page)
        assert visit.dialogs == []
    finally:
        visit.close()


def test_report_of_the_sample_data(browser, tmp_path, screenshot):
    """The README picture: the sample caseload's report, top of the page."""
    path = report.write(careerkit.load(ROOT / "sample_data"), tmp_path / "report.html")
    visit = Visit(browser, path, width=1280, height=1500)
    try:
        visit.check_clean()
        assert visit.page.evaluate(DRAWN) == visit.figures()
        shot = screenshot(visit.page)
        visit.page.locator("#caseload").scroll_into_view_if_needed()
        screenshot(visit.page, "caseload")
        visit.page.locator("section.client").first.scroll_into_view_if_needed()
        screenshot(visit.page, "client")
        if os.environ.get("CAREERKIT_UPDATE_DOCS") == "1":
            DOCS.mkdir(exist_ok=True)
            visit.page.evaluate("window.scrollTo(0, 0)")
            visit.page.screenshot(path=str(DOCS / "report.png"),
                                  clip={"x": 0, "y": 0, "width": 1280, "height": 1500})
        assert shot.exists()
    finally:
        visit.close()
