"""Small helpers for the widget tests: data folders written for them, their files, figures,
CSS classes and a CheckIn ready to fill in."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from helpers import GOALS_HEADER, write_folder

from careerkit.widgets import CheckIn

FILES = ("goals.csv", "tasks.csv", "progress.csv")
HOSTILE = "<script>alert(1)</script>"

# The header lines of an Excel export with European settings (semicolons, CRLF).
EU_GOALS_HEADER = "Goal ID;Client;Title;Start Date;Target Date;Completed Date;Status\r\n"
EU_TASKS_HEADER = "Task ID;Goal ID;Title;Due Date;Weight;Completed Date\r\n"
EU_PROGRESS_HEADER = "Date;Goal ID;Task ID;Percent Complete;Revised Target Date;Note;Reason\r\n"


def write_eu_folder(folder: Path, goals: str, tasks: str | None = None,
                    progress: str | None = None, *, dayfirst: bool = False) -> Path:
    """A data folder as Excel exports it with European settings: each file's text as given
    (semicolons, dd/mm/yyyy, CRLF lines) written in cp1252, no file for a text not given;
    with ``dayfirst`` a careerkit.toml says the dates are day/month."""
    write_folder(folder, goals, tasks, progress, encoding="cp1252")
    if dayfirst:
        (folder / "careerkit.toml").write_text("dayfirst = true\n")
    return folder


def write_pace_folder(folder: Path) -> Path:
    """Ana's G1 (2025-02-16 to 2025-04-26, no tasks) went 10 % a week for two weeks
    (check-ins 2025-02-22 and 2025-03-01); Bo's G2 (2025-01-06 to 2025-03-31) has no
    check-in yet. The tests that use it compute what they expect by hand."""
    return write_folder(folder, f"{GOALS_HEADER}\n"
                        "G1,Ana,Speak,,2025-02-16,2025-04-26,,active\n"
                        "G2,Bo,Write,,2025-01-06,2025-03-31,,active\n",
                        tasks="task_id,goal_id,title,due_date,weight,completed_date\n",
                        progress="date,goal_id,task_id,percent_complete\n"
                                 "2025-02-22,G1,,10\n2025-03-01,G1,,20\n")


def file_bytes(folder) -> dict:
    """The bytes of the three files of a data folder."""
    return {name: (Path(folder) / name).read_bytes() for name in FILES}


def touch(folder, name="goals.csv"):
    """Someone else saves a file meanwhile (same content, another modification time)."""
    path = Path(folder) / name
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**9))


def trace(fig, name):
    """The one trace of a figure with this name."""
    (found,) = [t for t in fig.data if t.name == name]
    return found


def classes(widget) -> set:
    """The CSS classes of a widget (as synced to the browser)."""
    return set(widget.get_state("_dom_classes")["_dom_classes"])


def shown(widget) -> bool:
    return widget.layout.display != "none"


TODAY = dt.date(2026, 7, 6)


def checkin_form(folder, client="Priya Venkataraman", goal="C00006-G1"):
    """A CheckIn of a copy of sample_data on TODAY, with a client and goal picked."""
    form = CheckIn(folder, today=TODAY)
    form.client.value = client
    form.goal.value = goal
    return form
