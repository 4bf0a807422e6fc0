"""The small caseload the chart tests draw, and helpers to read figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

import careerkit

AS_OF = "2025-03-31"
HOSTILE_CLIENT = "<script>alert(1)</script>"
TAG_TITLE = "<b>x</b> & y"
QUOTED_TITLE = 'Bo\'s "quoted" plan'
GOAL_COLUMNS = ["goal_id", "client", "title", "category", "start_date", "target_date",
                "completed_date", "status"]


def frames():
    goals = pd.DataFrame(
        [
            ["G1", "Ada", "New role", "role", "2025-01-06", "2025-06-30", None, "active"],
            ["G2", "Ada", TAG_TITLE, "skills", "2025-02-01", "2025-05-01", None, "active"],
            ["G3", "Bo", "Speak", "network", "2025-01-01", "2025-03-01", "2025-03-10",
             "completed"],
            ["G4", HOSTILE_CLIENT, "a & b", None, "2025-01-01", "2025-02-01", None, "active"],
            ["G5", "Cy", "Dropped one", "skills", "2025-01-01", "2025-06-01", None, "dropped"],
            ["G6", "Cy", "Later", "role", "2025-06-01", "2025-09-01", None, "active"],
            ["G7", "Cy", QUOTED_TITLE, "role", "2025-01-15", "2025-12-31", None, "active"],
        ],
        columns=GOAL_COLUMNS,
    )
    tasks = pd.DataFrame(
        [
            ["T1", "G1", "Update CV", "2025-02-01", 1.0, "2025-02-10"],
            ["T2", "G1", "Apply", "2025-04-01", 3.0, None],
            ["T3", "G3", "Rehearse", "2025-02-15", None, "2025-02-20"],
        ],
        columns=["task_id", "goal_id", "title", "due_date", "weight", "completed_date"],
    )
    progress = pd.DataFrame(
        [
            ["2025-03-01", "G2", None, 20.0, None],
            ["2025-03-15", "G2", None, 40.0, "2025-07-01"],
            ["2025-03-15", "G2", None, None, "2025-07-15"],
            ["2025-03-15", "G1", "T2", None, "2025-05-01"],
            ["2025-01-20", "G7", None, 10.0, None],
            ["2025-04-20", "G2", None, 60.0, None],  # after as_of: does not exist yet
        ],
        columns=["date", "goal_id", "task_id", "percent_complete", "revised_target_date"],
    )
    return goals, tasks, progress


def many(n_clients: int, goals_each: int = 1) -> careerkit.CareerData:
    """A caseload of n_clients; every third goal is overdue on AS_OF."""
    n = n_clients * goals_each
    i = np.arange(n)
    goals = pd.DataFrame({
        "goal_id": [f"G{k:04d}" for k in i],
        "client": [f"Client {k // goals_each:03d}" for k in i],
        "title": [f"Goal {k}" for k in i],
        "start_date": "2025-01-01",
        "target_date": np.where(i % 3 == 0, "2025-02-01", "2025-12-01"),
    })
    progress = pd.DataFrame({"date": "2025-03-20", "goal_id": goals["goal_id"][i % 2 == 0],
                             "percent_complete": 10.0})
    return careerkit.CareerData.from_frames(goals, progress=progress)


def trace(fig, name):
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, [t.name for t in fig.data]
    return found[0]


def strings(obj):
    """Every string plotly may render in a figure dict (customdata is never shown)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if key != "customdata":
                yield from strings(value)
    elif isinstance(obj, list | tuple | np.ndarray):
        for value in obj:
            yield from strings(value)


def iso_days(values):
    return pd.to_datetime(pd.Series(list(values))).dt.strftime("%Y-%m-%d").tolist()
