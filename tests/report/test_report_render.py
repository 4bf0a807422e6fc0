"""The report as a page: shown literally, runs only its own scripts, fetches nothing, takes
its style and script from the assets, colours states from STATE_COLORS, writes atomically."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path

import plotly.offline
from coaching_caseload import HOSTILE
from report_pages import figure_blocks, tables, without_plotly

from careerkit import STATE_COLORS, report
from careerkit.report import render

AS_OF = "2026-03-31"  # the latest event of the fixture


def test_hostile_text_is_shown_literally_and_never_runs(hostile):
    html = report.build(hostile)
    body = without_plotly(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(3)&gt;" in body
    assert "{{ 7*7 }}" in body and "{% raw %}" in body  # Jinja does not evaluate data
    assert "&#34;double&#34; &#39;single&#39; &amp; amp" in body
    for raw in ["<script>alert", "</script><script>", "<img src=x", "onerror=alert(3)>"]:
        assert raw not in html
    # Only the page's own scripts: the config, one JSON block per chart, plotly.js, runner.
    scripts = re.findall(r"<script\b[^>]*>", body)
    assert scripts.count("<script>") == 2
    assert all('type="application/json"' in s for s in scripts if s != "<script>")
    # Chart data: valid JSON with no <, >, & or line separators left in the text.
    for block in figure_blocks(html):
        assert not set(block["text"]) & set("<>&\u2028\u2029")
        json.loads(block["text"])
    names = [t for block in figure_blocks(html)
             for t in re.findall(r"alert\(1\)", json.loads(block["text"]).__repr__())]
    assert names  # the hostile name is in the charts, escaped
    # The rows show the text as typed.
    rows = tables(html)["since-revisions"]
    assert rows[-1][6].startswith("<img src=x onerror=alert(3)> {{ 7*7 }}")
    assert rows[-1][1] == HOSTILE


def test_content_security_policy_allows_only_the_page_scripts(coaching):
    html = report.build(coaching)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(inline) == 2
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_nothing_is_fetched_from_a_network(coaching):
    html = report.build(coaching)
    assert html.count("plotly.js v") == 1  # plotly.js embedded exactly once
    assert plotly.offline.get_plotlyjs()[:200] in html
    body = without_plotly(html)
    for needle in ["http://", "https://", "src=", "@import", "url(", "<link", "//cdn"]:
        assert needle not in body, needle
    assert "system-ui" in body  # the reader's own fonts


def test_write(coaching, tmp_path):
    path = report.write(coaching, tmp_path / "out.html", since="2026-03-01")
    assert path == tmp_path / "out.html"
    text = path.read_text(encoding="utf-8")
    assert f"-o {tmp_path / 'out.html'} --as-of {AS_OF} --since 2026-03-01" in text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.html")]


# --- assets and state colours --------------------------------------------------------------

def test_style_and_script_come_from_the_asset_files(coaching):
    html = report.build(coaching)
    style = re.search(r"<style>\n(.*?)</style>", html, flags=re.S)[1]
    assert style.endswith(render.asset("report.css"))
    assert style.startswith(render.state_css())
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert inline == [render.plotly_js(), render.asset("report.js")]
    folder = Path(render.__file__).parent / "assets"
    assert {p.name for p in folder.iterdir()} >= {"report.html.j2", "report.css", "report.js"}
    assert render.asset("report.css") == (folder / "report.css").read_text(encoding="utf-8")


def test_state_colours_come_from_STATE_COLORS(coaching, monkeypatch):
    css = render.asset("report.css")
    assert not re.search(r"\.state-\w+\s*\{", css)  # no state's rule typed in the style sheet
    html = report.build(coaching)
    for name, color in STATE_COLORS.items():
        ink = "#FFFFFF" if name in ("completed", "overdue") else "#000000"
        assert f".state-{name} {{ --state-color: {color}; --state-ink: {ink}; }}" in html
    monkeypatch.setitem(STATE_COLORS, "overdue", "#FFFF00")
    html = report.build(coaching)
    assert ".state-overdue { --state-color: #FFFF00; --state-ink: #000000; }" in html


def test_write_gives_new_files_the_umask_permissions(coaching, tmp_path):
    old = os.umask(0o022)
    try:
        path = report.write(coaching, tmp_path / "new.html")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
