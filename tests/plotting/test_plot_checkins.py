"""plot_checkins: check-ins counted per week and row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from chart_data import AS_OF, many

from careerkit.analytics.checkin_calendar import checkin_calendar
from careerkit.plotting import plot_checkins


def test_checkins_counts_every_checkin_in_the_window(data):
    fig = plot_checkins(data, as_of=AS_OF)
    heat = fig.data[0]
    dated = pd.to_datetime(data.progress["date"])
    assert np.asarray(heat.z).sum() == (dated <= AS_OF).sum() == 5
    assert len(heat.x) == 26 and heat.x[-1] == "2025-03-31"  # a Monday
    assert heat.x[0] == "2024-10-07"
    assert len(fig.layout.yaxis.ticktext) == 4  # Ada, Bo, Cy and the hostile one
    fig = plot_checkins(data, as_of="2025-03-20", weeks=2)
    heat = fig.data[0]
    assert list(heat.x) == ["2025-03-10", "2025-03-17"]
    row = list(fig.layout.yaxis.ticktext).index("Ada")
    assert list(np.asarray(heat.z)[row]) == [3, 0]
    assert np.asarray(heat.z).sum() == 3
    # the longest gap since the last check-in first: never checked in
    assert fig.layout.yaxis.ticktext[0] in ("Bo", "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_checkins_by_goal_and_caps(data):
    fig = plot_checkins(data, as_of=AS_OF, client="Ada", by="goal")
    assert sorted(fig.layout.yaxis.ticktext) == sorted(["New role", "&lt;b&gt;x&lt;/b&gt; &amp; y"])
    assert np.asarray(fig.data[0].z).sum() == 4
    fig = plot_checkins(many(55), as_of=AS_OF)
    assert "50 of 55 clients" in fig.layout.title.text
    assert np.asarray(fig.data[0].z).shape == (50, 26)
    with pytest.raises(ValueError, match="'client' or 'goal'"):
        plot_checkins(data, by="week")


@pytest.mark.parametrize("draw", [plot_checkins, checkin_calendar], ids=["chart", "calendar"])
def test_checkins_refuse_an_unknown_by_and_weeks_that_are_not_whole(data, draw):
    with pytest.raises(ValueError, match="by must be 'client' or 'goal', not 'week'"):
        draw(data, as_of=AS_OF, by="week")
    for weeks in (0, -1, 2.5, True, "4"):
        with pytest.raises(ValueError, match="weeks must be a whole number of at least 1"):
            draw(data, as_of=AS_OF, weeks=weeks)
    draw(data, as_of=AS_OF, by="goal", weeks=np.int64(3))  # a NumPy whole number will do
