"""The Dashboard on a large caseload, driven as a person would: type in the client search,
pick a name from the short list, click Next and Previous, tick the expectation and
engagement columns; and the note on how old the data is. The assertions are on the
options listed, the frames, the figures and the table HTML shown."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from widget_helpers import classes, shown, write_pace_folder

import careerkit
from careerkit.analytics.attention import attention_order
from careerkit.analytics.caseload import client_summary
from careerkit.plotting import plot_caseload
from careerkit.widgets import Dashboard, dashboard

ROW_ID = re.compile(r"<tr><td[^>]*>([^<]+)</td>")


def table_ids(dash) -> list[str]:
    """The goal ids of the table's rows, top to bottom, as shown."""
    return ROW_ID.findall(dash.table.value)


def summary(dash) -> str:
    return re.search(r'ck-table-summary[^>]*>([^<]*)<', dash.table.value).group(1)


# --- the client picker -----------------------------------------------------------------------

def test_client_search_lists_matching_names_ignoring_case_and_accents(sample_data, monkeypatch):
    monkeypatch.setattr(dashboard, "MAX_CLIENT_OPTIONS", 3)
    dash = Dashboard(sample_data)
    assert "ck-dashboard-client-search" in classes(dash.client_search)
    # 10 clients, 3 listed: the first three by name, and it says so
    assert dash.client.options == ("Adebayo Abe", "Amara Okonkwo", "José Ramírez-Ortega")
    assert "3 of 10 clients listed: type a name" in dash.client_count.value
    dash.client_search.value = "ZOE"
    assert dash.client.options == ("Zoë Abernathy",)
    assert "1 of 10 clients match" in dash.client_count.value
    dash.client.value = ("Zoë Abernathy",)  # a click on the name
    zoe = careerkit.goal_status(sample_data).query("client == 'Zoë Abernathy'")
    pd.testing.assert_frame_equal(dash.status(), zoe)
    assert "Zoë Abernathy" in dash.caseload_figure.layout.title.text
    assert sorted(table_ids(dash)) == sorted(zoe.index)
    # another search: the chosen client stays listed and chosen, nothing is redrawn
    before = dash.table.value
    dash.client_search.value = "  o   suill"  # Tomás Ó Súilleabháin, spacing aside
    assert dash.client.options == ("Tomás Ó Súilleabháin", "Zoë Abernathy")
    assert dash.client.value == ("Zoë Abernathy",)
    assert dash.table.value == before
    dash.client.value = ("Tomás Ó Súilleabháin", "Zoë Abernathy")
    assert "2 clients" in dash.caseload_figure.layout.title.text
    dash.client_search.value = "nobody"
    assert "no client's name contains that" in dash.client_count.value
    assert dash.client.options == ("Tomás Ó Súilleabháin", "Zoë Abernathy")
    dash.client_search.value = "R"  # Amara, José, Malik, Ngozi, Priya, Zoë: 3 listed
    assert "3 of 6 matching clients listed" in dash.client_count.value
    assert dash.client.options == ("Amara Okonkwo", "José Ramírez-Ortega", "Malik Tran",
                                   "Tomás Ó Súilleabháin", "Zoë Abernathy")
    dash.client.value = ()
    dash.client_search.value = ""
    assert len(dash.status()) == len(careerkit.goal_status(sample_data))


def test_small_caseloads_list_every_client_and_say_nothing(sample_data):
    dash = Dashboard(sample_data)
    assert len(dash.client.options) == 10 and dash.client_count.value == ""
    dash.client_search.value = "mei"
    assert dash.client.options == ("Mei-Ling Tsai",)
    assert "1 of 10 clients match" in dash.client_count.value


# --- paging ----------------------------------------------------------------------------------

def test_next_and_previous_page_through_the_table_in_attention_order():
    data = careerkit.demo.generate(30, seed=5)
    dash = Dashboard(data)
    status = dash.status()
    n = len(status)
    order = list(status.index[attention_order(status)])
    assert 100 < n <= 150, n  # three pages of 50
    last = n - 100
    assert shown(dash.next) and shown(dash.previous)
    assert dash.previous.disabled and not dash.next.disabled
    assert summary(dash).startswith(f"rows 1–50 of {n} goals as of ")
    assert table_ids(dash) == order[:50]
    dash.next.click()
    assert dash.page == 1 and not dash.previous.disabled
    assert summary(dash).startswith(f"rows 51–100 of {n} goals")
    assert table_ids(dash) == order[50:100]
    dash.next.click()
    assert dash.next.disabled
    assert summary(dash).startswith(f"rows 101–{n} of {n} goals")
    assert table_ids(dash) == order[100:] and len(table_ids(dash)) == last
    dash.previous.click()
    assert table_ids(dash) == order[50:100]
    # ticking the extra columns keeps the page; a filter starts again at the top
    dash.details.value = True
    assert dash.page == 1 and table_ids(dash) == order[50:100]
    completed = status.query("state == 'completed'")
    dash.state.value = ("completed",)
    assert dash.page == 0
    assert table_ids(dash) == list(completed.index[attention_order(completed)])[:50]


def test_one_page_has_no_pager(sample_data):
    dash = Dashboard(sample_data)
    assert not shown(dash.next) and not shown(dash.previous)
    assert summary(dash) == "40 goals as of 2026-06-30"  # one of 41 starts later
    dash.next.click()  # even when clicked from code: stays on the one page
    assert dash.page == 0 and len(table_ids(dash)) == len(dash.status())


# --- how old the data is ---------------------------------------------------------------------

@pytest.mark.parametrize(("today", "said"), [
    ("2026-07-14", None),  # 14 days after the latest entry: fresh
    ("2026-07-15", "latest entry 2026-06-30, 15 days ago: silence since then is not counted"),
    ("2026-07-23", "latest entry 2026-06-30, 23 days ago: silence since then is not counted"),
])
def test_staleness_says_how_old_the_data_is_on_today(sample_data, today, said):
    dash = Dashboard(sample_data, today=today)
    assert "ck-dashboard-staleness" in classes(dash.staleness)
    assert (dash.staleness.value == "") == (said is None)
    if said is not None:
        assert f"Data: {said}." in dash.staleness.value
    # the metrics look from as_of, never from today
    assert dash.stamp() == pd.Timestamp("2026-06-30")
    pd.testing.assert_frame_equal(dash.status(), careerkit.goal_status(sample_data))
    dash.as_of.value = pd.Timestamp("2026-03-01").date()
    assert (dash.staleness.value == "") == (said is None)


def test_staleness_by_default_is_measured_on_the_machines_date(sample_data):
    expected = careerkit.analytics.staleness(sample_data, "today")
    dash = Dashboard(sample_data)
    assert expected is not None  # sample_data ends 2026-06-30, long before any run of this
    assert expected.sentence in dash.staleness.value


# --- expectation and engagement ----------------------------------------------------------------

@pytest.fixture
def pace_folder(tmp_path):
    """Ana's G1 went 10 % a week for two weeks; Bo's G2 has no check-in yet.

    As of 2025-03-01 (the latest event), by hand: G1 earned 20 % where its line planned
    13/69 (ahead); G2 earned nothing where 54/84 was planned (far behind). Engagement: G1
    checked in on as_of (engaged), G2 never in the 54 days since its start (lapsed).
    """
    return write_pace_folder(tmp_path / "pace")


def test_table_can_show_expectation_and_engagement(pace_folder):
    dash = Dashboard(careerkit.load(pace_folder))
    assert "expectation" not in dash.table.value
    assert "ck-dashboard-details" in classes(dash.details)
    dash.details.value = True
    assert ">expectation</th><th" in dash.table.value and ">engagement</th>" in dash.table.value
    rows = re.findall(r"<tr><td[^>]*>(G\d)</td>(.*?)</tr>", dash.table.value)
    tails = {goal: re.findall(r"<td[^>]*>([^<]*)</td>", row)[-2:] for goal, row in rows}
    assert tails == {"G1": ["ahead", "engaged"], "G2": ["far behind", "lapsed"]}
    dash.details.value = False
    assert "expectation" not in dash.table.value


def test_charts_draw_the_rows_needing_attention_most_and_say_of_how_many():
    dash = Dashboard(careerkit.demo.generate(30, seed=5))
    status = dash.status()
    stamp = dash.stamp()
    clients = client_summary(status, stamp).index
    assert len(clients) > dashboard.CHART_CLIENTS
    assert list(dash.caseload_figure.layout.yaxis.ticktext) == list(
        clients[:dashboard.CHART_CLIENTS])
    assert (f"{dashboard.CHART_CLIENTS} of {len(clients)} clients, most in need of attention"
            in dash.caseload_figure.layout.title.text)
    kept = status.loc[status["state"] != "dropped"]
    order = list(kept.index[attention_order(kept)])
    assert len(order) > dashboard.CHART_GOALS
    current = next(t for t in dash.timeline_figure.data if t.name == "current target")
    assert list(current.customdata) == order[:dashboard.CHART_GOALS]
    assert (f"showing {dashboard.CHART_GOALS} of {len(order)} goals"
            in dash.timeline_figure.layout.title.text)
    # the report's chart, from the same rows, draws more of them
    assert len(plot_caseload(dash.data).layout.yaxis.ticktext) == min(40, len(clients))
