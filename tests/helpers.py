"""Small builders shared by the tests: data folders in tmp_path and frames in memory."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import strategies as st

import careerkit

GOALS_HEADER = "goal_id,client,title,category,start_date,target_date,completed_date,status"


def write_folder(folder: Path, goals: str, tasks: str | None = None,
                 progress: str | None = None, *, encoding: str = "utf-8",
                 newline: str = "\n") -> Path:
    """Write CSV text (dedented by the caller) as a data folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("goals", goals), ("tasks", tasks), ("progress", progress)):
        if text is not None:
            data = text.replace("\n", newline).encode(encoding)
            (folder / f"{name}.csv").write_bytes(data)
    return folder


def make_data(goals: list[dict], tasks: list[dict] | None = None,
              progress: list[dict] | None = None) -> careerkit.CareerData:
    """CareerData from lists of row dicts (dates as ISO text)."""
    def frame(rows, columns):
        return pd.DataFrame(rows, columns=columns) if rows is not None else None

    return careerkit.CareerData.from_frames(
        frame(goals, ["goal_id", "client", "title", "start_date", "target_date",
                      "completed_date", "status"]),
        frame(tasks, ["task_id", "goal_id", "title", "due_date", "weight", "completed_date"]),
        frame(progress, ["date", "goal_id", "task_id", "percent_complete",
                         "revised_target_date", "note", "reason"]),
    )


def goal(goal_id="G1", client="Ana", start="2025-01-01", target="2025-04-01",
         completed=None, status=None, title=None) -> dict:
    return {"goal_id": goal_id, "client": client, "title": title or f"Goal {goal_id}",
            "start_date": start, "target_date": target, "completed_date": completed,
            "status": status}


def task(task_id, goal_id="G1", due="2025-02-01", weight=None, completed=None) -> dict:
    return {"task_id": task_id, "goal_id": goal_id, "title": f"Task {task_id}",
            "due_date": due, "weight": weight, "completed_date": completed}


def checkin(date, goal_id="G1", task_id=None, percent=None, revised=None, note=None,
            reason=None) -> dict:
    return {"date": date, "goal_id": goal_id, "task_id": task_id, "percent_complete": percent,
            "revised_target_date": revised, "note": note, "reason": reason}


# --- hypothesis: small valid caseloads ---------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 ,;\"'\n-%éøŁ中ë")), min_size=1, max_size=12
)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


@st.composite
def caseloads(draw):
    n = draw(st.integers(0, 5))
    ids = draw(st.lists(TEXT, min_size=n, max_size=n, unique_by=lambda s: s.strip()))
    ids = [i for i in ids if i.strip()]
    goals = []
    for goal_id in ids:
        start = draw(DATES)
        target = start + dt.timedelta(days=draw(st.integers(0, 400)))
        done = draw(st.booleans())
        goals.append({
            "goal_id": goal_id, "client": draw(TEXT.filter(str.strip)),
            "title": draw(TEXT.filter(str.strip)), "category": draw(st.none() | TEXT),
            "start_date": start, "target_date": target,
            "completed_date": start + dt.timedelta(days=draw(st.integers(0, 500))) if done
            else None,
            "status": "completed" if done else draw(st.sampled_from(
                ["active", "dropped", "on_hold", None])),
            "Coach": draw(st.none() | TEXT),
        })
    tasks, progress = [], []
    for number, goal in enumerate(goals if ids else []):
        for k in range(draw(st.integers(0, 2))):
            tasks.append({
                "task_id": f"T{number}-{k}", "goal_id": goal["goal_id"],
                "title": draw(TEXT.filter(str.strip)),
                "due_date": draw(DATES),
                "weight": draw(st.none() | st.floats(0.001, 1000, allow_nan=False)),
                "completed_date": draw(st.none() | DATES),
            })
    for _ in range(draw(st.integers(0, 4)) if ids else 0):
        goal_id = draw(st.sampled_from(ids))
        own = [t["task_id"] for t in tasks if t["goal_id"] == goal_id]
        progress.append({
            "date": draw(DATES), "goal_id": goal_id,
            "task_id": draw(st.none() | st.sampled_from(own)) if own else None,
            "percent_complete": draw(st.none() | st.floats(0, 100, allow_nan=False)),
            "revised_target_date": draw(st.none() | DATES),
            "note": draw(st.none() | TEXT), "reason": draw(st.none() | TEXT),
        })
    columns = {
        "goals": ["goal_id", "client", "title", "category", "start_date", "target_date",
                  "completed_date", "status", "Coach"],
        "tasks": ["task_id", "goal_id", "title", "due_date", "weight", "completed_date"],
        "progress": ["date", "goal_id", "task_id", "percent_complete", "revised_target_date",
                     "note", "reason"],
    }
    frames = {name: pd.DataFrame(rows, columns=columns[name])
              for name, rows in (("goals", goals), ("tasks", tasks), ("progress", progress))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        return careerkit.CareerData.from_frames(frames["goals"], frames["tasks"],
                                                frames["progress"])
