"""The report's content: sections, headline, needs attention, since last session, scope,
footer (through the page, and the context dicts of ``careerkit.report.compute``)."""

from __future__ import annotations

import json
import re
import warnings

import pandas as pd
import plotly.graph_objects as go
import pytest
from coaching_caseload import coaching_frames
from report_pages import figure_blocks, tables, without_plotly

import careerkit
from careerkit import report
from careerkit.report.compute import report_context

AS_OF = "2026-03-31"  # the latest event of the fixture
SINCE = "2026-03-17"  # 14 days before: the default since


def test_sections_and_charts(coaching):
    html = report.build(coaching)
    for section in ["headline", "attention", "since", "engagement", "caseload", "categories",
                    "clients"]:
        assert f'<section id="{section}">' in html
    assert "<footer" in html
    names = re.findall(r'<section class="client" id="client-\d+">\s*<h3>(.*?)</h3>', html)
    assert names == ["Ana Lima", "Bartholomew Quince", "Cy Ng"]
    blocks = figure_blocks(html)
    # caseload and time to goal, completion by category, then a timeline and a target
    # trend per client
    assert len(blocks) == 3 + 2 * 3
    kinds = re.findall(r'<div class="chart" id="chart-\d+" data-kind="(\w+)"', html)
    assert kinds == ["caseload", "time_to_goal", "completion"] + [
        "timeline", "target_trend"] * 3
    for block in blocks:
        figure = json.loads(block["text"])
        assert figure["data"]
        assert f'id="{block["target"]}"' in html
    table = tables(html)
    assert [row[0] for row in table["categories"]] == [
        "compensation", "network", "role", "skills", "wellbeing"]
    assert len(table["goals-client-3"]) == 2  # Cy Ng's goals
    # Ana's G1: the drift from the first plan beside both targets (forecast 08-06 is 37 days
    # after the first-planned 06-30; the at-risk reason is from the current target 07-31).
    ana = {row[0].rsplit(" ", 1)[1]: row for row in table["goals-client-1"]}
    assert ana["G1"][2:] == ["at risk\nforecast 6 d after current target", "40%",
                             "2026-01-05", "2026-06-30", "2026-07-31", "2026-08-06", "+37 d",
                             "2026-03-20"]
    assert "<th class=\"num\">forecast vs first plan</th>" in html


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
    # Each drift says what it is measured from, beside the first and the current target.
    assert [(r[0], r[2], r[3], r[5], r[6]) for r in rows] == [
        ("Bartholomew Quince", "overdue", "6 d past current target", "2026-03-25",
         "2026-03-25"),
        ("Cy Ng", "stalled", "no check-in for 70 d", "2026-12-31", "2026-12-31"),
        # G1 revised 06-30 → 07-15 → 07-31; its linear forecast is 08-06
        ("Ana Lima", "at risk", "forecast 6 d after current target", "2026-06-30",
         "2026-07-31"),
    ]
    assert rows[2][7] == "2026-08-06"
    # Forecast minus first-planned target: G1 +37, G2 +10 (completed), G3 +86, G4 −84,
    # G5 +445, G6 −3; the median of the six is (10 + 37) / 2.
    assert dict(headline)["median drift vs first plan"] == "+23.5 d"


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
    # the check-in on 2026-03-17 is the last session's: only in Ana's notes timeline
    since = html[html.index('<section id="since">'):html.index('<section id="engagement">')]
    assert "On the since day" not in since and "On the since day" in html
    assert table["since-completed"] == [
        ["2026-03-25", "Ana Lima", "Negotiate a raise", "2026-03-15", "2026-03-15",
         "+10 d vs first plan"]]
    assert table["since-revisions"] == [
        ["2026-03-29", "Cy Ng", "Finish the SQL course\n↳ task: Book the exam",
         "2026-03-25 → 2026-04-15", "+21 d", "dependency", "Exam slots full"],
        ["2026-03-20", "Ana Lima", "Land a senior analyst role", "2026-07-15 → 2026-07-31",
         "+16 d", "capacity", "Busy quarter"],
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
    assert revisions[-1][3:7] == ["2026-06-30 → 2026-07-15", "+15 d", "scope",
                                  "On the since day"]
    html = report.build(coaching, as_of="2026-03-25", since="2026-03-20")
    assert [r[0] for r in tables(html)["since-checkins"]] == ["2026-03-25"]
    with pytest.raises(ValueError, match=r"since .* must be before as_of"):
        report.build(coaching, since=AS_OF)


def test_the_same_data_gives_the_same_page(coaching):
    assert report.build(coaching) == report.build(coaching)


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


# --- the context, before any HTML ----------------------------------------------------------

def test_the_context_is_plain_text_and_figures(coaching):
    context = report_context(coaching)
    assert context["as_of"] == AS_OF and context["since"] == SINCE
    assert [f["kind"] for f in context["figures"]] == (
        ["caseload", "time_to_goal", "completion"] + ["timeline", "target_trend"] * 3)
    assert all(isinstance(f["figure"], go.Figure) for f in context["figures"])

    def plain(value):
        if isinstance(value, dict):
            return all(plain(v) for k, v in value.items() if k != "figure")
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, bool)  # no Markup, no frames

    assert plain({k: v for k, v in context.items() if k != "figures"})
    assert context["since_section"]["completed"] == {"rows": [
        {"date": "2026-03-25", "client": "Ana Lima", "goal": "Negotiate a raise",
         "goal_id": "G2", "first_target": "2026-03-15", "target": "2026-03-15",
         "timing": "+10 d vs first plan"}], "total": 1}
    assert [(r["old"], r["new"], r["change"]) for r in
            context["since_section"]["revisions"]["rows"]] == [
        ("2026-03-25", "2026-04-15", "+21 d"), ("2026-07-15", "2026-07-31", "+16 d")]


@pytest.mark.parametrize(("completed", "timing"), [
    ("2026-03-14", "on time"),
    ("2026-03-15", "on time"),  # on the first-planned target
    ("2026-03-16", "+1 d vs first plan"),
])
def test_completion_timing_at_the_target(completed, timing, tmp_path):
    goals, tasks, progress = coaching_frames()
    goals.loc[goals["goal_id"] == "G2", "completed_date"] = completed  # target 2026-03-15
    progress = progress.loc[progress["goal_id"] != "G2"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        data = careerkit.CareerData.from_frames(goals, tasks, progress)
    rows = report_context(data, as_of=AS_OF, since="2026-03-01")["since_section"]["completed"]
    assert [(r["goal_id"], r["timing"]) for r in rows["rows"]] == [("G2", timing)]


def test_a_revision_to_the_current_target_is_listed():
    """Issue 11, reading 43 (the one implementation, careerkit.revisions): a check-in that
    restates the current target is a revision with a shift of 0 days."""
    goals, tasks, progress = coaching_frames()
    progress.loc[len(progress)] = ["2026-03-22", "G1", None, 45, "2026-07-31", "Still on",
                                   "capacity"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        data = careerkit.CareerData.from_frames(goals, tasks, progress)
    section = report_context(data)["since_section"]
    assert [(r["date"], r["old"], r["new"], r["change"], r["note"])
            for r in section["revisions"]["rows"]] == [
        ("2026-03-29", "2026-03-25", "2026-04-15", "+21 d", "Exam slots full"),
        ("2026-03-22", "2026-07-31", "2026-07-31", "0 d", "Still on"),
        ("2026-03-20", "2026-07-15", "2026-07-31", "+16 d", "Busy quarter"),
    ]
    assert section["revisions"]["total"] == 3
    assert [r["date"] for r in section["checkins"]["rows"]] == [
        "2026-03-31", "2026-03-29", "2026-03-28", "2026-03-25", "2026-03-22", "2026-03-20"]


def test_same_day_check_ins_keep_their_own_notes():
    """Two check-ins of one goal on one day: each row shows its own note, the later one in
    the file first."""
    goals, tasks, progress = coaching_frames()
    progress.loc[len(progress)] = ["2026-03-20", "G1", None, 42, "2026-08-14", "Later that day",
                                   "scope"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        data = careerkit.CareerData.from_frames(goals, tasks, progress)
    section = report_context(data)["since_section"]
    rows = [(r["date"], r["percent"], r["revised"], r["note"])
            for r in section["checkins"]["rows"]]
    assert rows[-2:] == [("2026-03-20", "42%", "2026-08-14", "Later that day"),
                         ("2026-03-20", "40%", "2026-07-31", "Busy quarter")]
    assert [(r["old"], r["new"], r["change"], r["note"])
            for r in section["revisions"]["rows"]][-2:] == [
        ("2026-07-31", "2026-08-14", "+14 d", "Later that day"),
        ("2026-07-15", "2026-07-31", "+16 d", "Busy quarter")]
