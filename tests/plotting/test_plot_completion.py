"""plot_completion: the bars are completion_rates."""

from __future__ import annotations

import numpy as np
import pytest
from chart_data import AS_OF, trace

import careerkit
from careerkit.plotting import plot_completion


@pytest.mark.parametrize("by", ["category", "client"])
def test_completion_equals_completion_rates(data, by):
    fig = plot_completion(data, by=by, as_of=AS_OF)
    rates = careerkit.completion_rates(data, by=by, as_of=AS_OF)
    done, timely = trace(fig, "completion rate"), trace(fig, "on-time rate")
    assert np.allclose(done.y, 100 * rates["completion_rate"], equal_nan=True)
    assert np.allclose(timely.y, 100 * rates["on_time_rate"], equal_nan=True)
    assert np.array_equal(np.asarray(done.customdata)[:, 0], rates["goals"])
    assert len(fig.layout.xaxis.ticktext) == len(rates)
    assert fig.layout.yaxis.ticksuffix == "%"


def test_completion_names_a_missing_group_and_rejects_unknown_columns(data):
    fig = plot_completion(data, as_of=AS_OF)
    assert "(none)" in fig.layout.xaxis.ticktext
    with pytest.raises(ValueError, match="not a column"):
        plot_completion(data, by="nope")
    for nothing in (None, []):  # a chart of groups needs a group (None once a TypeError)
        with pytest.raises(ValueError, match="at least one column of goals"):
            plot_completion(data, by=nothing)
