"""Every widget on any folder that loads, at any date: built and driven like a person would.

Folders: the demo caseloads (1, 12 and 60 clients) and a folder whose newest goals start
after its last check-in. Days: before the first goal starts, between two starts, the
default as_of and a year after it. Each widget is built on every pair (the Planner, which
has no day, once per folder, with each day typed into its date fields) and its controls
are driven: every client, every goal option, a percent, a date, a target; Save or Apply on
a copy in tmp_path. On the 60-client caseload every fourth client (and a sample of goals
for WhatIf), to keep the run short. Nothing may crash, log an error (see conftest.py) or
say "Something went wrong", and a form that refuses points at a problem that is shown.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from widget_helpers import file_bytes

import careerkit
from careerkit.widgets import CheckIn, Dashboard, Planner, WhatIf

FOLDERS = ["demo-1", "demo-12", "demo-60", "future-goals"]
WHEN = ["before-first-start", "between-starts", "default-as-of", "a-year-after"]
#: WhatIf is built per goal: on larger caseloads, a sample of them (every state).
WHATIF_GOALS = 12
#: On the 60-client caseload, every fourth client.
CLIENT_STEP = {"demo-60": 4}
CRASH = "Something went wrong"


@pytest.fixture(scope="module")
def demo_folders(tmp_path_factory, demo_caseloads) -> dict:
    """The demo caseloads written as folders (copied again for each test that saves)."""
    root = tmp_path_factory.mktemp("demo-folders")
    folders = {}
    for clients, data in demo_caseloads.items():
        folders[f"demo-{clients}"] = root / f"demo-{clients}"
        data.save(folders[f"demo-{clients}"])
    return folders


@pytest.fixture
def case(request, tmp_path, demo_folders):
    """(name, folder, data) of the named folder: a fresh copy the test may save into."""
    name = request.param
    if name == "future-goals":
        folder = request.getfixturevalue("future_goals_folder")
    else:
        folder = shutil.copytree(demo_folders[name], tmp_path / name)
    return name, folder, careerkit.load(folder)


def sampled_day(data: careerkit.CareerData, when: str) -> pd.Timestamp | None:
    """The day to look from (None: the widget's default)."""
    starts = np.sort(data.goals["start_date"].unique())
    default = careerkit.default_as_of(data)
    if when == "before-first-start":
        return pd.Timestamp(starts[0]) - pd.Timedelta(days=10)
    if when == "between-starts":
        middle = max(0, len(starts) // 2 - 1)
        first, second = pd.Timestamp(starts[middle]), pd.Timestamp(starts[middle + 1])
        day = first + (second - first) // 2
        assert first <= day < second
        return day.normalize()
    if when == "default-as-of":
        return None
    return default + pd.Timedelta(days=365)


def _iso(day) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")


def _started(data, day) -> set:
    return set(careerkit.goal_status(data, as_of=day).index)


def _clients(name: str, options) -> list:
    return list(options)[::CLIENT_STEP.get(name, 1)]


parametrized = pytest.mark.parametrize(
    ("case", "when"), [(name, when) for name in FOLDERS for when in WHEN],
    indirect=["case"], ids=[f"{name}-{when}" for name in FOLDERS for when in WHEN])


@parametrized
def test_dashboard_at_any_date(case, when):
    name, _, data = case
    day = sampled_day(data, when)
    dash = Dashboard(data, as_of=day)
    stamp = careerkit.default_as_of(data) if day is None else day
    assert dash.as_of.value == stamp.date()
    expected = careerkit.goal_status(data, as_of=stamp)
    pd.testing.assert_frame_equal(dash.status(), expected)
    if when == "before-first-start":
        assert dash.status().empty and "No goals in view" in dash.table.value
    for client in _clients(name, dash.client.options):
        dash.client.value = (client,)
        assert set(dash.status()["client"]) <= {client}
        assert dash.message.value == ""
    dash.client.value = ()
    for _, state in dash.state.options:
        dash.state.value = (state,)
        assert set(dash.status()["state"]) <= {state}
    dash.state.value = ()
    for _, category in dash.category.options:
        dash.category.value = (category,)
    dash.category.value = ()
    for other in WHEN:  # and another day, picked in the date picker
        other_day = sampled_day(data, other)
        dash.as_of.value = None if other_day is None else other_day.date()
        assert dash.message.value == ""
    assert CRASH not in dash.message.value


@pytest.mark.parametrize("case", FOLDERS, indirect=True)
def test_planner_on_any_folder_with_any_date_typed(case):
    name, folder, data = case
    planner = Planner(folder)
    assert len(planner.goal.options) == len(data.goals) + 1
    mine = set(data.goals.loc[data.goals["client"].isin(
        _clients(name, sorted(data.goals["client"].unique()))), "goal_id"])
    for _, goal_id in planner.goal.options[1:]:  # every goal option (of the clients driven)
        if goal_id in mine:
            planner.goal.value = goal_id
            assert planner.goal_id.value == goal_id and not planner.save_button.disabled, (
                goal_id, planner.message.value, {k: v.value for k, v in planner.errors.items()})
    # a new goal: each sampled day typed as its start, then saved to the copy
    planner.goal.value = ""
    planner.goal_id.value, planner.client.value = "NEW-1", "Ada Lovelace"
    planner.title.value, planner.category.value = "Learn the piano", "skills"
    planner.add_task_button.click()
    (row,) = planner.tasks
    row.title.value = "Find a teacher"
    for when in WHEN:
        day = sampled_day(data, when) or careerkit.default_as_of(data)
        planner.start_date.value = _iso(day)
        planner.target_date.value = _iso(day - pd.Timedelta(days=1))
        assert "on or after start_date" in planner.errors["target_date"].value
        planner.target_date.value = _iso(day + pd.Timedelta(days=90))
        row.due_date.value = _iso(day + pd.Timedelta(days=30))
        assert all(error.value == "" for error in planner.errors.values())
        assert not planner.save_button.disabled
    planner.save_button.click()
    assert "Saved goal NEW-1 with 1 task" in planner.message.value, planner.message.value
    saved = careerkit.load(folder)
    assert saved.goals["goal_id"].iloc[-1] == "NEW-1"
    assert saved.goals["start_date"].iloc[-1] == pd.Timestamp(planner.start_date.value)
    assert CRASH not in planner.message.value


@parametrized
def test_checkin_at_any_date(case, when):
    name, folder, data = case
    day = sampled_day(data, when) or careerkit.default_as_of(data)
    started = _started(data, day)
    form = CheckIn(folder, today=day)
    assert form.date.value == _iso(day)
    driven, clients = [], _clients(name, form.client.options)
    for client in clients:
        form.client.value = client
        for number, (label, goal_id) in enumerate(form.goal.options):
            form.goal.value = goal_id
            assert ("(planned: starts " in label) == (goal_id not in started), label
            _points_at_a_shown_problem(form)
            if number == 0:  # type into the fields of each client's first goal
                for field, value in (("percent", "50"), ("revised_target",
                                                          _iso(day + pd.Timedelta(days=60)))):
                    getattr(form, field).value = value
                    _points_at_a_shown_problem(form)
            if goal_id not in started:  # dated before its start: said beside the date
                assert "on or after start_date" in form.errors["date"].value
            else:
                assert form.errors["date"].value == ""
                assert "without this check-in" in form.preview.value
            driven.append(goal_id)
    active = data.goals.query("status in ['active', 'on_hold'] and completed_date.isna() "
                              "and client in @clients")["goal_id"]  # on hold: to resume
    assert sorted(driven) == sorted(active)
    if not driven:
        assert "No active goal" in form.preview.value
        return
    # a date typed by hand: the goal's own start day always works; save it to the copy
    start = data.goals.set_index("goal_id").loc[form.goal.value, "start_date"]
    form.date.value = _iso(start)
    form.percent.value, form.revised_target.value = "45%", ""
    _points_at_a_shown_problem(form)
    form.save_button.click()
    assert f"Saved the check-in of {_iso(start)}" in form.message.value, form.message.value
    assert len(careerkit.load(folder).progress) == len(data.progress) + 1


def _points_at_a_shown_problem(form) -> None:
    assert CRASH not in form.message.value
    if "see the fields" in form.preview.value:
        shown = [name for name, error in form.errors.items() if error.value]
        assert shown or form.message.value, "the preview points at problems nobody shows"


def _whatif_goals(data) -> list:
    goals = data.goals["goal_id"].tolist()
    if len(goals) <= WHATIF_GOALS:
        return goals
    status = careerkit.goal_status(data)
    firsts = status.reset_index().groupby("state")["goal_id"].first().tolist()
    planned = [g for g in goals if g not in status.index][:2]
    rest = goals[:: max(1, len(goals) // WHATIF_GOALS)]
    return list(dict.fromkeys(firsts + planned + rest))[:WHATIF_GOALS]


@parametrized
def test_whatif_at_any_date(case, when):
    _, folder, data = case
    day = sampled_day(data, when)
    stamp = careerkit.default_as_of(data) if day is None else day
    started = _started(data, stamp)
    applied = False
    for goal_id in _whatif_goals(data):
        what_if = WhatIf(data, goal_id, as_of=day)
        if goal_id not in started:
            assert "nothing to plan before it starts" in what_if.needed.value
        for pace in (0.25, 2.95):
            what_if.pace.value = pace
        options = what_if.target.options
        for _, target in (options[0], options[-1]):
            what_if.target.value = target
            assert CRASH not in what_if.message.value and what_if.needed.value
        ready = "a week" in what_if.needed.value and "Choose a target" not in \
            what_if.needed.value
        if ready and not applied:  # Apply once per case, on the copy
            files = file_bytes(folder)
            what_if.apply_button.click()
            if "is already the current target" in what_if.message.value:
                assert file_bytes(folder) == files  # the last option is the current target
            else:
                assert "Recorded: target" in what_if.message.value, what_if.message.value
                assert file_bytes(folder) != files
                applied = True
        assert CRASH not in what_if.message.value
    if when == "before-first-start":
        assert not applied and not started


def test_the_sampled_days_are_where_they_say(demo_caseloads):
    data = demo_caseloads[12]
    before = sampled_day(data, "before-first-start")
    assert careerkit.goal_status(data, as_of=before).empty
    between = sampled_day(data, "between-starts")
    started = careerkit.goal_status(data, as_of=between)
    assert 0 < len(started) < len(data.goals)
    assert sampled_day(data, "a-year-after") - careerkit.default_as_of(data) == pd.Timedelta(
        days=365)
    assert sampled_day(data, "default-as-of") is None
