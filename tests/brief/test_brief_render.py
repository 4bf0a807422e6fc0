"""The brief's page: sections, values, escaping of hostile text, the CSP, no network, the
client's page without private columns or other clients (data: conftest.py)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from brief_caseload import AS_OF
from helpers import DATES, caseloads
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

import careerkit
from careerkit.briefing import brief


@pytest.fixture
def data(brief_folder):
    return careerkit.load(brief_folder)


@pytest.fixture
def coach_page(data):
    return careerkit.brief(data, "Ana Lima", as_of=AS_OF, since="2025-03-01")


@pytest.fixture
def client_page(data):
    return careerkit.brief(data, "Ana Lima", as_of=AS_OF, since="2025-03-01",
                           for_client=True)


def text_of(html: str) -> str:
    """The page's visible text, roughly: tags dropped, spaces joined."""
    body = html.split("<body", 1)[1].split(">", 1)[1]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
    return re.sub(r" ([.,:)])", r"\1", text).replace("( ", "(")


def test_coach_page_sections_and_values(coach_page):
    text = text_of(coach_page)
    assert coach_page.startswith("<!DOCTYPE html>")
    for heading in ("Session brief: Ana Lima", "Since the last session (2025-03-01 → "
                    "2025-03-10)", "Needs attention", "Goals",
                    "Tasks: overdue and due by 14 days", "Notes timeline, newest first"):
        assert heading in text
    assert "last contact: 2025-03-10 (today) (engaged)" in text
    assert "Task completed 2025-03-05: Buy shoes (Run a 10k)." in text
    assert "Sign up Run a 10k 2025-03-01 9 days overdue" in text
    assert "Train 5k Run a 10k 2025-03-15 in 5 days" in text
    assert "Race day" not in text
    assert "Target 2025-03-01 → 2025-03-08 (+7 d), reason: illness." in text
    assert text.index("Today") < text.index("Pushed") < text.index("Kick-off")
    assert "overdue" in text and "P85" in text and "Dee" in text and "555-0100" in text
    assert re.search(r"phone\s*<span class=\"private\">private</span>", coach_page)


def test_hostile_text_is_escaped_and_nothing_runs(coach_page, client_page):
    for page in (coach_page, client_page):
        assert "Land a &lt;b&gt;job&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" \
            in page
        assert "<script" not in page.lower()
        assert "&lt;img src=x onerror=alert(2)&gt;" in page and "<img" not in page
        assert ("Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline';") in page
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]", page, re.IGNORECASE)
        assert "@import" not in page and "url(" not in page
        assert "@page" in page and "@media print" in page


def test_client_page_speaks_plainly_without_private_columns_or_others(client_page):
    text = text_of(client_page)
    assert "Your progress, Ana Lima" in text
    assert "You completed Buy shoes (for Run a 10k) on 2025-03-05." in text
    assert "Next up: Train 5k (for Run a 10k), due 2025-03-15, in 5 days." in text
    assert "Catch up on Sign up (for Run a 10k): it was due 2025-03-01, 9 days overdue." \
        in text
    assert "You checked in 2 times" in text
    assert "coach: Dee" in text
    for hidden in ("555-0100", "phone", "Bo Secret", "Bo's", "Eve", "P85", "P50", "chance",
                   "caseload", "Needs attention"):
        assert hidden not in text and hidden not in client_page


def test_coach_page_shows_no_other_client(coach_page):
    assert "Bo Secret" not in coach_page and "Bo's" not in coach_page


def test_writes_the_file(data, tmp_path):
    out = brief(data, "Ana Lima", as_of=AS_OF, path=tmp_path / "ana.html")
    assert out == tmp_path / "ana.html"
    assert "Session brief: Ana Lima" in out.read_text(encoding="utf-8")


def test_sample_data_brief_fits_the_sections():
    data = careerkit.load(Path(__file__).resolve().parents[2] / "sample_data")
    page = careerkit.brief(data, "Ngozi Pereira", as_of="2026-06-20")
    text = text_of(page)
    assert "since the last session on 2026-06-16 (the previous check-in day)" in text
    assert "Target revised 2026-06-20: List achievements from the past year" in text
    assert "Also 15 check-ins without note, percent or new target." in text


@settings(max_examples=8, deadline=None)
@given(caseloads(), DATES, st.booleans())
def test_any_caseload_gives_a_page_or_a_clear_error(data, as_of, for_client):
    clients = data.goals["client"].dropna().unique().tolist()
    if not clients:
        return
    try:
        page = careerkit.brief(data, clients[0], as_of=as_of, for_client=for_client)
    except ValueError as error:  # a client with no goal started by as_of
        assert "no goal started by" in str(error)
        return
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page.lower()
    assert str(escape(clients[0])) in page
