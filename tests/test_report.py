"""The HTML report: sections, since-last-session, escaping, pseudonyms, scope, offline."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import warnings
from html.parser import HTMLParser

import pandas as pd
import plotly.offline
import pytest

import careerkit
from careerkit import report

AS_OF = "2026-03-31"  # the latest event of the fixture
SINCE = "2026-03-17"  # 14 days before: the default since
HOSTILE = "<script>alert(1)</script>"


# --- fixtures ------------------------------------------------------------------------------

def coaching_frames(ana="Ana Lima", bart="Bartholomew Quince", cy="Cy Ng"):
    """Three clients whose changes in (2026-03-17, 2026-03-31] are known by hand.

    In the window: check-ins on G1 (03-20), G2 (03-25), G3 (03-28), G6 task T62 (03-29)
    and G4 (03-31); G2 completed (10 days late); two revisions: G1 07-15 → 07-31
    (capacity) and task T62 03-25 → 04-15 (dependency). On 03-17 itself (the last
    session): a G1 check-in revising 06-30 → 07-15, which must not be listed. States
    since → as_of: G2 overdue → completed, G3 stalled → overdue, G4 new → on_track,
    G6 stalled → on_track; G1 stays at_risk and G5 stalled.
    """
    goals = pd.DataFrame([
        ["G1", ana, "Land a senior analyst role", "role", "2026-01-05", "2026-06-30", None,
         None],
        ["G2", ana, "Negotiate a raise", "compensation", "2026-01-05", "2026-03-15",
         "2026-03-25", "completed"],
        ["G3", bart, "Pass the PMP exam", "skills", "2025-12-01", "2026-03-25", None, None],
        ["G4", bart, "Speak at a conference", "network", "2026-03-20", "2026-09-30", None,
         None],
        ["G5", cy, "Exercise weekly", "wellbeing", "2026-01-10", "2026-12-31", None, None],
        ["G6", cy, "Finish the SQL course", "skills", "2026-02-01", "2026-05-31", None, None],
    ], columns=["goal_id", "client", "title", "category", "start_date", "target_date",
                "completed_date", "status"])
    tasks = pd.DataFrame([
        ["T61", "G6", "Watch the lectures", "2026-03-10", None, "2026-03-09"],
        ["T62", "G6", "Book the exam", "2026-03-25", None, None],
    ], columns=["task_id", "goal_id", "title", "due_date", "weight", "completed_date"])
    progress = pd.DataFrame([
        ["2026-02-01", "G1", None, 20, None, f"Kick-off with {ana.split()[0]}", None],
        ["2026-03-17", "G1", None, 30, "2026-07-15", "On the since day", "scope"],
        ["2026-03-20", "G1", None, 40, "2026-07-31", "Busy quarter", "capacity"],
        ["2026-03-25", "G2", None, 100, None, "Signed!", None],
        ["2026-02-15", "G3", None, 50, None, "Halfway", None],
        ["2026-03-28", "G3", None, 60, None, "Studying", None],
        ["2026-03-31", "G4", None, 10, None, "Abstract sent", None],
        ["2026-01-20", "G5", None, 10, None, "Started", None],
        ["2026-03-29", "G6", "T62", None, "2026-04-15", "Exam slots full", "dependency"],
    ], columns=["date", "goal_id", "task_id", "percent_complete", "revised_target_date",
                "note", "reason"])
    return goals, tasks, progress


def save_folder(folder, goals, tasks, progress):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        careerkit.CareerData.from_frames(goals, tasks, progress).save(folder)
        return careerkit.load(folder)


@pytest.fixture
def coaching(tmp_path):
    return save_folder(tmp_path / "coaching", *coaching_frames())


@pytest.fixture
def hostile(tmp_path):
    goals, tasks, progress = coaching_frames(ana=HOSTILE)
    goals.loc[goals["goal_id"] == "G1", "title"] = "</script><script>alert(2)</script>"
    goals.loc[goals["goal_id"] == "G5", "category"] = "{{ 7*7 }}"
    progress.loc[progress["date"] == "2026-03-20", "note"] = (
        "<img src=x onerror=alert(3)> {{ 7*7 }} {% raw %} \"double\" 'single' & amp"
        " \u2028line")
    return save_folder(tmp_path / "hostile", goals, tasks, progress)


# --- reading the page ----------------------------------------------------------------------

class _Tables(HTMLParser):
    """Rows (lists of cell texts) of every <table data-list=...>, body rows only."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._row = None
        self._cell = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-list" in attrs:
            self._table = self.tables.setdefault(attrs["data-list"], [])
        elif tag == "tbody" and self._table is not None:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split(" ")).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def without_plotly(html: str) -> str:
    """The page less the embedded plotly.js (whose source names URLs of its own)."""
    js = report._plotly_js()
    assert html.count(js) == 1
    return html.replace(js, "")


def figure_blocks(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/json" class="figure-data" '
                        r'data-target="([^"]+)">(.*?)</script>', html, flags=re.S)
    return [{"target": target, "text": text} for target, text in blocks]


# --- structure -----------------------------------------------------------------------------

def test_sections_and_charts(coaching):
    html = report.build(coaching)
    for section in ["headline", "attention", "since", "caseload", "categories", "clients"]:
        assert f'<section id="{section}">' in html
    assert "<footer" in html
    names = re.findall(r'<section class="client" id="client-\d+">\s*<h3>(.*?)</h3>', html)
    assert names == ["Ana Lima", "Bartholomew Quince", "Cy Ng"]
    blocks = figure_blocks(html)
    # caseload, completion by category, then a timeline and a target trend per client
    assert len(blocks) == 2 + 2 * 3
    kinds = re.findall(r'<div class="chart" id="chart-\d+" data-kind="(\w+)"', html)
    assert kinds == ["caseload", "completion"] + ["timeline", "target_trend"] * 3
    for block in blocks:
        figure = json.loads(block["text"])
        assert figure["data"]
        assert f'id="{block["target"]}"' in html
    table = tables(html)
    assert [row[0] for row in table["categories"]] == [
        "compensation", "network", "role", "skills", "wellbeing"]
    assert len(table["goals-client-3"]) == 2  # Cy Ng's goals


def test_headline_and_attention_with_reasons(coaching):
    html = report.build(coaching)
    assert "Headline as of 2026-03-31" in html  # the latest event, not today
    headline = re.findall(r'data-figure="([^"]+)">\s*<div class="label">[^<]*</div>\s*'
                          r'<div class="value">([^<]*)</div>', html)
    rates = careerkit.completion_rates(coaching, by=None).iloc[0]
    assert dict(headline)["goals"] == str(int(rates["goals"]))
    assert dict(headline)["completion rate"] == f"{100 * rates['completion_rate']:.0f}%"
    assert dict(headline)["need attention"] == "3"
    rows = tables(html)["attention"]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("Bartholomew Quince", "overdue", "overdue by 6 days"),
        ("Cy Ng", "stalled", "no check-in for 70 days"),
        ("Ana Lima", "at risk", "forecast 6 days after target"),
    ]


def test_since_last_session_lists_exactly_the_window(coaching):
    html = report.build(coaching)
    table = tables(html)
    assert [(r[0], r[1], r[2]) for r in table["since-checkins"]] == [
        ("2026-03-31", "Bartholomew Quince", "Speak at a conference"),
        ("2026-03-29", "Cy Ng", "Finish the SQL course\n↳ task: Book the exam"),
        ("2026-03-28", "Bartholomew Quince", "Pass the PMP exam"),
        ("2026-03-25", "Ana Lima", "Negotiate a raise"),
        ("2026-03-20", "Ana Lima", "Land a senior analyst role"),
    ]
    assert "On the since day" not in html  # the check-in on 2026-03-17 is the last session's
    assert table["since-completed"] == [
        ["2026-03-25", "Ana Lima", "Negotiate a raise",
         "10 days after the first-planned target"]]
    assert table["since-revisions"] == [
        ["2026-03-29", "Cy Ng", "Finish the SQL course\n↳ task: Book the exam",
         "2026-03-25 → 2026-04-15", "+21 days", "dependency", "Exam slots full"],
        ["2026-03-20", "Ana Lima", "Land a senior analyst role", "2026-07-15 → 2026-07-31",
         "+16 days", "capacity", "Busy quarter"],
    ]
    changes = {(r[0], r[1]): (r[2], r[3]) for r in table["since-changes"]}
    assert changes == {
        ("Bartholomew Quince", "Pass the PMP exam"): ("stalled", "overdue"),
        ("Bartholomew Quince", "Speak at a conference"): ("new goal (started 2026-03-20)",
                                                         "on track"),
        ("Cy Ng", "Finish the SQL course"): ("stalled", "on track"),
        ("Ana Lima", "Negotiate a raise"): ("overdue", "completed"),
    }
    moves = re.search(r'<p class="moves" data-list="moves">(.*?)</p>', html)[1]
    moves = [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<span class="move">(.*?</b>)',
                                                           moves)]
    assert moves == [  # most frequent first, ties by the states' names
        "new goal → on track 1", "overdue → completed 1", "stalled → on track 1",
        "stalled → overdue 1"]
    counts = re.findall(r"<b>(\d+)</b> (check-ins logged|goals completed|targets revised|"
                        r"state changes)", html)
    assert counts == [("1", "goals completed"), ("2", "targets revised"),
                      ("4", "state changes"), ("5", "check-ins logged")]


def test_since_is_exclusive_and_configurable(coaching):
    html = report.build(coaching, since="2026-03-16")  # now 03-17 is inside the window
    revisions = tables(html)["since-revisions"]
    assert revisions[-1][3:7] == ["2026-06-30 → 2026-07-15", "+15 days", "scope",
                                  "On the since day"]
    html = report.build(coaching, as_of="2026-03-25", since="2026-03-20")
    assert [r[0] for r in tables(html)["since-checkins"]] == ["2026-03-25"]
    with pytest.raises(ValueError, match=r"since .* must be before as_of"):
        report.build(coaching, since=AS_OF)


def test_the_same_data_gives_the_same_page(coaching):
    assert report.build(coaching) == report.build(coaching)


# --- safety --------------------------------------------------------------------------------

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


# --- scope and pseudonyms ------------------------------------------------------------------

def test_clients_limit_the_report(coaching):
    html = report.build(coaching, clients=["Cy Ng"])
    body = without_plotly(html)
    assert "Ana Lima" not in body and "Bartholomew Quince" not in body
    assert "Coaching report: Cy Ng" in body
    assert 'id="caseload"' not in body  # one client: no caseload chart
    assert len(figure_blocks(html)) == 1 + 2
    table = tables(html)
    assert [r[0] for r in table["since-checkins"]] == ["2026-03-29"]
    assert {r[0] for r in table["attention"]} == {"Cy Ng"}
    two = report.build(coaching, clients=["Cy Ng", "Ana Lima"])
    names = re.findall(r'<section class="client" id="client-\d+">\s*<h3>(.*?)</h3>', two)
    assert names == ["Cy Ng", "Ana Lima"]  # in the order asked for
    with pytest.raises(ValueError, match="unknown client 'Nobody'; the clients are: Ana Lima"):
        report.build(coaching, clients="Nobody")


def test_anonymize_replaces_every_name_with_stable_pseudonyms(coaching):
    html = report.build(coaching, anonymize=True)
    body = without_plotly(html)
    for real in ["Ana Lima", "Bartholomew Quince", "Cy Ng", "Ana", "Lima", "Bartholomew",
                 "Quince"]:
        assert real not in body, real
        assert json.dumps(real)[1:-1] not in body
    names = re.findall(r'<section class="client" id="client-\d+">\s*<h3>(.*?)</h3>', html)
    assert names == ["Client A", "Client B", "Client C"]  # sorted real names: Ana, Bart, Cy
    assert [r[0] for r in tables(html)["attention"]] == ["Client B", "Client C", "Client A"]
    assert html == report.build(coaching, anonymize=True)
    # A client's own anonymized report keeps the caseload's pseudonym.
    own = report.build(coaching, clients=["Cy Ng"], anonymize=True)
    assert "Coaching report: Client C" in own and "Cy Ng" not in without_plotly(own)
    assert report.build(coaching, clients=["Client C"], anonymize=True) == own
    # The first name in a note is replaced too.
    assert "Kick-off with Client A" not in html  # (that check-in is outside the window)
    section = report._Names(["Ana Lima", "Cy Ng"], anonymize=True)
    assert section.text("Kick-off with Ana, then ana lima called", "Client A") == (
        "Kick-off with Client A, then Client A called")


def test_pseudonyms_go_on_after_z():
    assert [report._pseudonym(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "Client A", "Client Z", "Client AA", "Client AB", "Client ZZ", "Client AAA"]


# --- footer and files ----------------------------------------------------------------------

def test_footer_says_how_to_rebuild(coaching):
    html = report.build(coaching, clients=["Cy Ng"])
    footer = html[html.index("<footer"):]
    assert "<dd>coaching</dd>" in footer
    assert f"careerkit {careerkit.__version__}" in footer
    command = re.search(r"<code>(.*?)</code>", footer)[1]
    assert command == (f"careerkit report {coaching.folder} -o report.html --as-of {AS_OF} "
                       f"--since {SINCE} --client &#39;Cy Ng&#39;")
    anonymous = report.build(coaching, clients=["Cy Ng"], anonymize=True)
    command = re.search(r"<code>(.*?)</code>", anonymous[anonymous.index("<footer"):])[1]
    assert command.endswith("--client &#39;Client C&#39; --anonymize")
    in_memory = careerkit.CareerData.from_frames(*coaching_frames())
    assert "data in memory" in report.build(in_memory)


def test_write(coaching, tmp_path):
    path = report.write(coaching, tmp_path / "out.html", since="2026-03-01")
    assert path == tmp_path / "out.html"
    text = path.read_text(encoding="utf-8")
    assert f"-o {tmp_path / 'out.html'} --as-of {AS_OF} --since 2026-03-01" in text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.html")]


def test_data_without_goals_is_an_error():
    empty = careerkit.CareerData.from_frames(pd.DataFrame(
        columns=["goal_id", "client", "title", "start_date", "target_date"]))
    with pytest.raises(ValueError, match="no goals"):
        report.build(empty)


def test_large_caseloads_stay_readable():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        data = careerkit.demo.generate(120, seed=3)
    html = report.build(data)
    sections = re.findall(r'<section class="client" id="client-\d+">', html)
    assert len(sections) == report.MAX_CLIENT_SECTIONS
    assert "Sections for 25 of 120 clients: those with the most goals needing attention" in html
    checkins = tables(html)["since-checkins"]
    assert len(checkins) == report.MAX_LIST_ROWS
    assert re.search(r"Showing 100 of [\d,]+ check-ins, the latest first", html)
