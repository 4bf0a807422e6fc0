"""A small coaching caseload whose changes in (2026-03-17, 2026-03-31] are known by hand:
used by the report, command-line, export and browser tests."""

from __future__ import annotations

import warnings

import pandas as pd

import careerkit

#: A client name that would run as a script if the report did not escape it.
HOSTILE = "<script>alert(1)</script>"


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


def save_folder(folder, goals, tasks, progress) -> careerkit.CareerData:
    """Save the frames as a data folder and load it back."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        careerkit.CareerData.from_frames(goals, tasks, progress).save(folder)
        return careerkit.load(folder)
