"""Small helpers for the widget tests: files, figures and CSS classes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from careerkit.widgets import CheckIn

FILES = ("goals.csv", "tasks.csv", "progress.csv")
HOSTILE = "<script>alert(1)</script>"


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
