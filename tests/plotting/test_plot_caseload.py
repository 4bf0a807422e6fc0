"""plot_caseload and the caseload/timeline parts the widgets share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from chart_data import AS_OF, many, trace

import careerkit
from careerkit import plotting
from careerkit.analytics.attention import attention_order
from careerkit.plotting import (
    STATE_COLORS,
    plot_caseload,
    plot_timeline,
)


def test_caseload_stacks_goal_status_counts(data, status):
    fig = plot_caseload(data, as_of=AS_OF)
    counted = status.loc[status["state"] != "dropped"]
    expected = pd.crosstab(counted["client"], counted["state"])
    clients = [c for c in expected.index]
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.legendgroup for b in bars] == [s for s in careerkit.STATES if s != "dropped"]
    assert [b.marker.color for b in bars] == [STATE_COLORS[b.legendgroup] for b in bars]
    # one row per client, clients with overdue/stalled/at-risk goals first
    order = list(bars[0].customdata)
    assert sorted(order) == sorted(clients)
    assert order[-1] == "Bo"  # nothing needing attention
    assert len(fig.layout.yaxis.ticktext) == len(clients)
    for bar in bars:
        want = expected.get(bar.legendgroup, pd.Series(0, index=expected.index))
        assert list(bar.x) == want.reindex(order).tolist()
    # completion rate and days since check-in beside the bars
    side = trace(fig, "completion · days since check-in")
    rates = careerkit.completion_rates(data, by="client", as_of=AS_OF)
    got = dict(zip(order, np.asarray(side.customdata)[:, 0], strict=True))
    assert got == pytest.approx(rates["completion_rate"].to_dict())
    assert "0% completed" in side.text[order.index("Ada")]


def test_caseload_rows_are_named_by_client(data):
    fig = plot_caseload(data, as_of=AS_OF)
    names = list(fig.data[0].customdata)
    shown = [n.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for n in names]
    for bar in fig.data:
        assert list(bar.y) == shown  # one row per client: y is its name, as shown
    assert fig.layout.yaxis.type == "category"
    assert list(fig.layout.yaxis.categoryarray) == shown
    assert list(fig.layout.yaxis.tickvals) == shown


def test_dashboard_parts_match_the_chart_functions(data, status):
    """The widgets draw from a goal_status frame they computed once: same figures."""
    stamp = pd.Timestamp(AS_OF)
    default = "Caseload as of 2025-03-31"
    parts = plotting.caseload_parts(status, stamp, default=default, title=None, height=None)
    assert parts.figure().to_json() == plot_caseload(data, as_of=AS_OF).to_json()
    shown = status.loc[status["state"] != "dropped"]
    ordered = shown.iloc[attention_order(shown)]
    parts = plotting.timeline_parts(ordered, stamp, default="Goal timeline as of 2025-03-31",
                                     title=None, height=None)
    assert parts.figure().to_json() == plot_timeline(data, as_of=AS_OF).to_json()
    # given only the first rows and the total, the note counts them all
    parts = plotting.timeline_parts(ordered.iloc[:2], stamp, default="x", title=None,
                                     height=None, total=90)
    assert "showing 2 of 90 goals" in parts.layout["title"]["text"]
    # chosen clients each get a row, even without a counted goal
    parts = plotting.caseload_parts(status.iloc[:0], stamp, default="x", title=None,
                                     height=None, clients=["Ada", "Zed"])
    assert all(list(t["y"]) == ["Ada", "Zed"] for t in parts.data)
    assert all(sum(t["x"]) == 0 for t in parts.data)


def test_caseload_caps_clients_and_says_so():
    fig = plot_caseload(many(45, 2), as_of=AS_OF)
    assert "40 of 45 clients, most in need of attention first" in fig.layout.title.text
    assert len(fig.data[0].y) == 40


def test_caseload_category_filter(data):
    fig = plot_caseload(data, as_of=AS_OF, category="role")
    total = sum(np.asarray(t.x).sum() for t in fig.data if t.type == "bar")
    assert total == 2  # G1 and G7; G6 has not started
    with pytest.raises(ValueError, match="network, role, skills"):
        plot_caseload(data, category="nope")
