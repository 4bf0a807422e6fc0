"""The session brief in headless Chromium, opened from a file with every network request
blocked: it asks for nothing, runs nothing, shows hostile text literally, and the sample
brief prints on one A4 and one Letter page.

CAREERKIT_UPDATE_DOCS=1 also refreshes docs/images/brief.png (the README picture).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

import careerkit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "brief"))  # the brief's data
from brief_caseload import AS_OF, HOSTILE_NOTE, HOSTILE_TITLE, write_brief_folder

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = {"client": "Ngozi Pereira", "as_of": "2026-06-20"}


def open_page(browser, path: Path):
    """The page with every request recorded and any non-file one blocked."""
    page = browser.new_page(viewport={"width": 1000, "height": 600})
    seen = {"requests": [], "dialogs": [], "errors": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message),
                                      dialog.dismiss()))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith("file://") else route.abort())
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    page.goto(path.as_uri())
    return page, seen


def pdf_pages(page, paper: str) -> int:
    pdf = page.pdf(format=paper)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("for_client", [False, True])
def test_sample_brief_is_offline_and_prints_on_one_page(browser, tmp_path, screenshot,
                                                        for_client):
    data = careerkit.load(ROOT / "sample_data")
    path = careerkit.brief(data, SAMPLE["client"], as_of=SAMPLE["as_of"],
                           for_client=for_client, path=tmp_path / "brief.html")
    page, seen = open_page(browser, path)
    assert seen["requests"] == [path.as_uri()]
    assert page.evaluate("window.__csp") == [] and seen["errors"] == []
    heading = page.locator("h1").inner_text()
    assert heading == ("Your progress, Ngozi Pereira" if for_client
                       else "Session brief: Ngozi Pereira")
    for paper in ("A4", "Letter"):
        assert pdf_pages(page, paper) == 1, paper
    shot = screenshot(page, "client" if for_client else "coach", full_page=True)
    if not for_client and os.environ.get("CAREERKIT_UPDATE_DOCS"):
        (ROOT / "docs" / "images" / "brief.png").write_bytes(shot.read_bytes())
    page.close()


def test_hostile_text_shows_literally_and_runs_nothing(browser, tmp_path):
    data = careerkit.load(write_brief_folder(tmp_path / "caseload"))
    for for_client in (False, True):
        path = careerkit.brief(data, "Ana Lima", as_of=AS_OF, for_client=for_client,
                               path=tmp_path / f"ana-{for_client}.html")
        page, seen = open_page(browser, path)
        body = page.locator("body").inner_text()
        assert HOSTILE_TITLE in body and HOSTILE_NOTE in body
        assert seen["dialogs"] == [] and seen["errors"] == []
        assert page.locator("script, img").count() == 0
        assert seen["requests"] == [path.as_uri()]
        page.close()
