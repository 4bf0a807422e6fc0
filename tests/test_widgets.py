"""careerkit.widgets, driven as a person would: set ``.value``, call ``.click()``.

No browser: the assertions are on the frames a widget computes, the figures' data arrays,
the HTML it shows and the files it writes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import careerkit
from careerkit import widgets
from careerkit.analytics import ATTENTION_ORDER
from careerkit.analytics.attention import attention_order
from careerkit.plotting import STATE_COLORS
from careerkit.widgets import CheckIn, Dashboard, Planner, WhatIf

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
FILES = ("goals.csv", "tasks.csv", "progress.csv")
HOSTILE = "<script>alert(1)</script>"
TODAY = dt.date(2026, 7, 6)


@pytest.fixture(scope="module")
def sample():
    return careerkit.load(SAMPLE)


@pytest.fixture
def folder(tmp_path):
    return shutil.copytree(SAMPLE, tmp_path / "data")


def _bytes(folder) -> dict:
    return {name: (Path(folder) / name).read_bytes() for name in FILES}


def _touch(folder, name="goals.csv"):
    """Someone else saves a file meanwhile (same content, another modification time)."""
    path = Path(folder) / name
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**9))


def _trace(fig, name):
    (trace,) = [t for t in fig.data if t.name == name]
    return trace


def _classes(widget) -> set:
    return set(widget._dom_classes)


# --- Dashboard -------------------------------------------------------------------------------

def test_dashboard_starts_with_everything(sample):
    dash = Dashboard(sample)
    assert dash.data is sample
    assert list(dash.client.options) == sorted(sample.goals["client"].unique())
    assert [v for _, v in dash.state.options] == list(careerkit.STATES)
    assert dash.as_of.value == careerkit.default_as_of(sample).date()
    pd.testing.assert_frame_equal(dash.status(), careerkit.goal_status(sample))
    bars = [t for t in dash.caseload_figure.data if t.type == "bar" and t.visible]
    shown = careerkit.goal_status(sample).query("state != 'dropped'")
    assert sorted(bars[0].y) == sorted(shown["client"].unique())
    assert [b.marker.color for b in bars] == [STATE_COLORS[b.legendgroup] for b in bars]
    assert f"{len(shown) + 2} goals as of 2026-06-30" in dash.table.value  # + 2 dropped
    for widget, name in [(dash, "ck-dashboard"), (dash.client, "ck-dashboard-client"),
                         (dash.category, "ck-dashboard-category"),
                         (dash.state, "ck-dashboard-state"), (dash.as_of, "ck-dashboard-as-of"),
                         (dash.table, "ck-dashboard-table"),
                         (dash.caseload_figure, "ck-dashboard-caseload"),
                         (dash.timeline_figure, "ck-dashboard-timeline")]:
        assert name in _classes(widget)


def test_client_filter_updates_the_figures_in_place(sample):
    dash = Dashboard(sample)
    caseload, timeline = dash.caseload_figure, dash.timeline_figure
    traces = [len(caseload.data), len(timeline.data)]
    picked = ("Malik Tran", "Adebayo Abe")
    dash.client.value = picked
    assert dash.caseload_figure is caseload and dash.timeline_figure is timeline
    assert [len(caseload.data), len(timeline.data)] == traces  # same traces, new arrays
    for bar in (t for t in caseload.data if t.type == "bar"):
        assert sorted(bar.y) == sorted(picked)
        assert sorted(bar.customdata) == sorted(picked)
    expected = careerkit.goal_status(sample).query("client in @picked")
    pd.testing.assert_frame_equal(dash.status(), expected)
    drawn = {i for t in timeline.data if t.type == "bar" and t.visible for i in t.customdata}
    assert drawn == set(expected.query("state != 'dropped'").index)
    assert "2 clients" in caseload.layout.title.text
    # back to everyone
    dash.client.value = ()
    assert len(dash.status()) == len(sample.goals) - 1  # one goal starts after as_of


def test_caseload_has_a_row_for_each_chosen_client_even_without_goals_in_view(sample):
    dash = Dashboard(sample)
    dash.client.value = ("Malik Tran", "Adebayo Abe")
    dash.state.value = ("overdue",)  # only Adebayo Abe has an overdue goal
    bars = [t for t in dash.caseload_figure.data if t.type == "bar"]
    assert list(bars[0].y) == ["Adebayo Abe", "Malik Tran"]  # attention first
    overdue = _trace(dash.caseload_figure, "overdue")
    assert list(overdue.x) == [1, 0]
    assert list(dash.status().index) == ["C00008-G3"]


def test_state_and_category_filters(sample):
    status = careerkit.goal_status(sample)
    dash = Dashboard(sample)
    dash.state.value = ("completed", "on_hold")
    assert set(dash.status()["state"]) == {"completed", "on_hold"}
    assert len(dash.status()) == status["state"].isin(["completed", "on_hold"]).sum()
    completed = _trace(dash.caseload_figure, "completed")
    assert sum(completed.x) == (status["state"] == "completed").sum()
    assert _trace(dash.caseload_figure, "at risk").visible  # a slot, with zeros
    assert sum(_trace(dash.caseload_figure, "at risk").x) == 0
    assert not _trace(dash.timeline_figure, "at risk").visible
    dash.category.value = ("role",)
    expected = status.query("state in ['completed', 'on_hold'] and category == 'role'")
    pd.testing.assert_frame_equal(dash.status(), expected)
    # nothing in view: the charts say so, the table too
    dash.client.value = ("Malik Tran",)
    dash.state.value = ("overdue",)
    assert dash.status().empty
    timeline = dash.timeline_figure
    assert not any(t.visible for t in timeline.data)
    assert timeline.layout.annotations[0].text.startswith("No goals to show")
    assert "No goals in view" in dash.table.value
    # and back: the annotation is gone again
    dash.state.value = ()
    dash.category.value = ()
    assert not timeline.layout.annotations or "No goals" not in timeline.layout.annotations[0].text
    assert any(t.visible for t in timeline.data)


def _drawn(fig) -> dict:
    """What a figure draws: its visible traces and layout, as JSON (template aside)."""
    shown = [t for t in fig.data if t.visible is not False]
    out = json.loads(go.Figure(data=shown, layout=fig.layout).to_json())
    for trace in out["data"]:
        trace.pop("visible", None)
        trace.pop("uid", None)
    out["layout"].pop("template", None)
    return out


def test_updates_in_place_draw_exactly_the_figure_built_afresh(sample):
    dash = Dashboard(sample)
    dash.client.value = ("Zoë Abernathy", "Ngozi Pereira")
    dash.state.value = ("overdue",)  # nothing: every slot hidden, an annotation
    dash.as_of.value = dt.date(2026, 3, 1)
    dash.state.value = ("at_risk", "on_track", "completed")
    dash.client.value = ("Priya Venkataraman",)
    view = dash._computed(dash._stamp())
    caseload, timeline = dash._figures(view, dash._mask(view.frame), dash._stamp())
    assert _drawn(dash.caseload_figure) == _drawn(caseload.figure())
    afresh = timeline.figure()
    afresh.layout.width = 1100  # the Dashboard's own choice
    assert _drawn(dash.timeline_figure) == _drawn(afresh)
    assert dash.timeline_figure.layout.template.layout.paper_bgcolor == "white"


def test_dropped_goals_are_on_the_timeline_only_when_asked_for(sample):
    dash = Dashboard(sample)
    assert not _trace(dash.timeline_figure, "dropped").visible
    dash.state.value = ("dropped",)
    dropped = _trace(dash.timeline_figure, "dropped")
    assert dropped.visible and sorted(dropped.customdata) == ["C00001-G3", "C00004-G1"]


def test_as_of_change_recomputes_once_per_day(sample, monkeypatch):
    dash = Dashboard(sample)
    before = int(sum(_trace(dash.caseload_figure, "completed").x))
    calls = []
    original = widgets.goal_status
    monkeypatch.setattr(widgets, "goal_status",
                        lambda data, as_of: calls.append(as_of) or original(data, as_of))
    dash.as_of.value = dt.date(2026, 1, 1)
    expected = careerkit.goal_status(sample, as_of="2026-01-01")
    pd.testing.assert_frame_equal(dash.status(), expected)
    after = int(sum(_trace(dash.caseload_figure, "completed").x))
    assert after == (expected["state"] == "completed").sum() < before
    assert "as of 2026-01-01" in dash.caseload_figure.layout.title.text
    assert "as of 2026-01-01" in dash.table.value
    dash.client.value = ("Zoë Abernathy",)  # filtering does not compute again
    dash.as_of.value = careerkit.default_as_of(sample).date()  # cached
    assert len(calls) == 1
    dash.as_of.value = None  # cleared: the default day
    assert len(dash.status()) == (careerkit.goal_status(sample)["client"] == "Zoë Abernathy").sum()


def test_table_escapes_hostile_text_and_sorts_by_attention():
    goals = pd.DataFrame({
        "goal_id": ["G1", "G2", "G3"], "client": [HOSTILE, "Bo & Co", "Cy"],
        "title": ["<b>x</b> & y", 'say "hi"', "fine"], "category": ["<i>c</i>", None, "role"],
        "start_date": "2025-01-01", "target_date": ["2025-02-01", "2025-12-01", "2025-12-01"],
        "completed_date": [None, None, "2025-02-01"], "status": [None, None, "completed"],
    })
    progress = pd.DataFrame({"date": ["2025-03-01", "2025-03-01"], "goal_id": ["G1", "G2"],
                             "percent_complete": [10, 50]})
    data = careerkit.CareerData.from_frames(goals, progress=progress)
    dash = Dashboard(data)
    table = dash.table.value
    assert HOSTILE not in table and "<b>x</b>" not in table and "<i>c</i>" not in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in table and "Bo &amp; Co" in table
    assert "&quot;hi&quot;" in table
    assert table.index("G1") < table.index("G2") < table.index("G3")  # overdue, on track, done
    assert "2025-02-01" in table and "10%" in table
    # the charts show the text literally too (escaped for plotly), the raw kept for clicks
    labels = list(dash.caseload_figure.data[0].y)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels and HOSTILE not in labels
    assert HOSTILE in list(dash.caseload_figure.data[0].customdata)
    dash.client.value = (HOSTILE,)
    assert list(dash.caseload_figure.data[0].y) == ["&lt;script&gt;alert(1)&lt;/script&gt;"]
    dash.client.value = ()
    dash.category.value = (None,)  # goals without a category
    assert list(dash.status().index) == ["G2"]
    assert "(none)" in dash.caseload_figure.layout.title.text


def test_table_is_capped_and_says_so():
    data = careerkit.demo.generate(60, seed=3)
    dash = Dashboard(data)
    n = len(dash.status())
    assert n > widgets.MAX_TABLE_ROWS
    assert f"showing 200 of {n:,} goals" in dash.table.value
    assert dash.table.value.count("<tr>") == 201  # header + 200
    order = attention_order(dash.status())
    first = dash.status().iloc[order[:200]]
    ranks = pd.Categorical(first["state"], categories=ATTENTION_ORDER).codes
    assert (np.diff(ranks) >= 0).all()
    assert first.index[0] in dash.table.value


def test_dashboard_from_a_folder_is_deterministic_and_leaves_data_alone(folder):
    data = careerkit.load(folder)
    before = [frame.copy() for frame in data.frames()]
    one, two = Dashboard(data, as_of="2026-03-31"), Dashboard(str(folder), as_of="2026-03-31")
    for dash in (one, two):
        dash.client.value = ("Zoë Abernathy",)
    assert one.table.value == two.table.value
    assert one.caseload_figure.to_json() == two.caseload_figure.to_json()
    assert one.timeline_figure.to_json() == two.timeline_figure.to_json()
    for frame, copy in zip(data.frames(), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)


# --- Planner ---------------------------------------------------------------------------------

def _new_goal(planner, **fields):
    values = {"goal_id": "N1", "client": "Ada Lovelace", "title": "Learn <the> piano",
              "category": "skills", "start_date": "2026-07-01", "target_date": "2026-12-31"}
    values.update(fields)
    planner.goal.value = ""
    for name, value in values.items():
        getattr(planner, name).value = value


def test_planner_shows_a_bad_date_beside_its_field_and_does_not_save(folder):
    files = _bytes(folder)
    planner = Planner(folder)
    _new_goal(planner, start_date="2026-13-45")
    error = planner.errors["start_date"].value
    assert "'2026-13-45': expected a real calendar date" in error and "order" not in error
    assert "ck-planner-error" in _classes(planner.errors["start_date"])
    assert all(planner.errors[f].value == "" for f in ("goal_id", "client", "title"))
    assert planner.save_button.disabled
    planner.save_button.click()
    assert "Not saved" in planner.message.value
    assert _bytes(folder) == files
    planner.start_date.value = "1/7/2026"  # can't tell 1 July from 7 January
    assert "YYYY-MM-DD" in planner.errors["start_date"].value
    planner.start_date.value = "01.07.2026"  # dotted: day first
    assert planner.errors["start_date"].value == ""
    assert not planner.save_button.disabled


def test_planner_target_before_start_and_taken_id(folder):
    planner = Planner(folder)
    _new_goal(planner, target_date="2026-06-01")
    assert "on or after start_date 2026-07-01" in planner.errors["target_date"].value
    planner.target_date.value = "2026-12-31"
    assert planner.errors["target_date"].value == ""
    planner.goal_id.value = "C00001-G1"
    assert "not taken" in planner.errors["goal_id"].value
    assert planner.save_button.disabled


def test_planner_saves_a_new_goal_with_two_tasks(folder):
    before = careerkit.load(folder)
    planner = Planner(folder)
    _new_goal(planner)
    planner.add_task_button.click()
    planner.add_task_button.click()
    first, second = planner.tasks
    first.title.value, first.due_date.value = "Find a teacher", "2026-08-01"
    second.title.value, second.due_date.value, second.weight.value = "First recital", \
        "15/12/2026", 2.0
    assert planner.errors["tasks"].value == ""
    planner.save_button.click()
    assert "Saved goal N1 with 2 tasks" in planner.message.value
    after = careerkit.load(folder)
    goal = after.goals.set_index("goal_id").loc["N1"]
    assert goal["client"] == "Ada Lovelace" and goal["title"] == "Learn <the> piano"
    assert goal["target_date"] == pd.Timestamp("2026-12-31") and goal["status"] == "active"
    assert pd.isna(goal["coach"])
    tasks = after.tasks.loc[after.tasks["goal_id"] == "N1"]
    assert tasks["task_id"].tolist() == ["N1-T1", "N1-T2"]
    assert tasks["due_date"].tolist() == [pd.Timestamp("2026-08-01"), pd.Timestamp("2026-12-15")]
    assert tasks["weight"].tolist() == [1.0, 2.0]
    # everything else, the coach column included, is as it was; the widget holds what it saved
    pd.testing.assert_frame_equal(after.goals.iloc[:-1], before.goals)
    pd.testing.assert_frame_equal(after.tasks.iloc[:-2], before.tasks)
    assert after.equals(planner.data)
    assert planner.goal.value == "N1" and planner.goal_id.disabled


def test_planner_edits_an_existing_goal_and_keeps_extra_columns(folder):
    before = careerkit.load(folder)
    planner = Planner(folder)
    planner.goal.value = "C00001-G4"
    assert planner.title.value == "Transfer to the Berlin office"
    assert planner.start_date.value == "2025-10-27" and planner.goal_id.disabled
    tasks = before.tasks.loc[before.tasks["goal_id"] == "C00001-G4"]
    assert [row.title.value for row in planner.tasks] == tasks["title"].tolist()
    planner.title.value = "Transfer to the Lisbon office"
    checked_in = set(before.progress["task_id"].dropna())
    (spare,) = [row for row in planner.tasks if row.task_id not in checked_in][-1:]
    spare.remove_button.click()
    assert len(planner.tasks) == len(tasks) - 1
    planner.save_button.click()
    assert "Saved goal C00001-G4" in planner.message.value, planner.message.value
    after = careerkit.load(folder)
    goals = after.goals.set_index("goal_id")
    assert goals.loc["C00001-G4", "title"] == "Transfer to the Lisbon office"
    assert goals.loc["C00001-G4", "coach"] == "Marcus Hale"
    assert after.goals["goal_id"].tolist() == before.goals["goal_id"].tolist()  # file order
    kept = after.tasks.loc[after.tasks["goal_id"] == "C00001-G4"]
    pd.testing.assert_frame_equal(
        kept.reset_index(drop=True),
        tasks.loc[tasks["task_id"] != spare.task_id].reset_index(drop=True))
    pd.testing.assert_frame_equal(after.progress, before.progress)


def test_planner_refuses_to_remove_a_task_with_checkins(folder):
    data = careerkit.load(folder)
    about = data.progress.dropna(subset=["task_id"]).iloc[0]
    planner = Planner(folder)
    planner.goal.value = about["goal_id"]
    for row in planner.tasks:
        if row.task_id == about["task_id"]:
            row.remove_button.click()
    assert planner.save_button.disabled
    planner.save_button.click()
    assert about["task_id"] in planner.message.value and "Not saved" in planner.message.value


def test_planner_required_fields_show_after_a_save_attempt(folder):
    planner = Planner(folder)
    assert planner.errors["goal_id"].value == ""  # an empty form is not shouted at
    planner.save_button.click()
    for name in ("goal_id", "client", "title", "start_date", "target_date"):
        assert "required" in planner.errors[name].value
    assert planner.errors["category"].value == ""


def test_planner_refuses_when_files_changed_on_disk_and_reloads(folder):
    planner = Planner(folder)
    _new_goal(planner)
    _touch(folder, "tasks.csv")
    files = _bytes(folder)
    planner.save_button.click()
    assert "tasks.csv changed" in planner.message.value
    assert _bytes(folder) == files
    assert planner.reload_button.layout.display != "none"
    assert "ck-planner-reload" in _classes(planner.reload_button)
    planner.reload_button.click()
    assert planner.reload_button.layout.display == "none"
    assert planner.goal_id.value == "N1"  # the edits are kept
    planner.save_button.click()
    assert "Saved goal N1" in planner.message.value
    assert "N1" in set(careerkit.load(folder).goals["goal_id"])


def test_planner_css_classes(folder):
    planner = Planner(folder)
    for name in ("goal_id", "client", "title", "category", "start_date", "target_date"):
        assert f"ck-planner-{name.replace('_', '-')}" in _classes(getattr(planner, name))
    assert "ck-planner" in _classes(planner)
    assert "ck-planner-save" in _classes(planner.save_button)
    assert "ck-planner-message" in _classes(planner.message)


# --- CheckIn ---------------------------------------------------------------------------------

def _checkin(folder, client="Priya Venkataraman", goal="C00006-G1"):
    form = CheckIn(folder, today=TODAY)
    form.client.value = client
    form.goal.value = goal
    return form


def test_checkin_defaults_to_today_given_and_lists_active_goals(folder):
    form = CheckIn(folder, today=TODAY)
    assert form.date.value == "2026-07-06"
    assert CheckIn(folder, today="2026-01-02").date.value == "2026-01-02"
    form.client.value = "Zoë Abernathy"
    assert [v for _, v in form.goal.options] == ["C00001-G2", "C00001-G7"]
    assert dict(form.goal.options)["Book a proper two-week holiday"] == "C00001-G2"
    form.goal.value = "C00001-G7"
    assert [v for _, v in form.tasks_done.options] == ["C00001-G7-T4"]
    assert "ck-checkin" in _classes(form)
    for name, css in [("client", "client"), ("goal", "goal"), ("date", "date"),
                      ("percent", "percent"), ("tasks_done", "tasks"),
                      ("revised_target", "revised"), ("reason", "reason"), ("note", "note"),
                      ("preview", "preview"), ("save_button", "save"),
                      ("complete_button", "complete"), ("message", "message")]:
        assert f"ck-checkin-{css}" in _classes(getattr(form, name))


def test_checkin_preview_shows_the_new_state_and_forecast(folder):
    form = _checkin(folder)
    form.percent.value = "90%"
    form.revised_target.value = "2026-10-31"
    data = careerkit.load(folder)
    row = pd.DataFrame({"date": ["2026-07-06"], "goal_id": ["C00006-G1"],
                        "percent_complete": [90.0], "revised_target_date": ["2026-10-31"]})
    expected = careerkit.CareerData.from_frames(
        data.goals, data.tasks, pd.concat([data.progress.astype(object), row]))
    after = careerkit.goal_status(expected, as_of="2026-07-06").loc["C00006-G1"]
    before = careerkit.goal_status(data, as_of="2026-07-06").loc["C00006-G1"]
    preview = form.preview.value
    assert after["forecast_date"].strftime("%Y-%m-%d") in preview
    assert before["forecast_date"].strftime("%Y-%m-%d") in preview
    assert after["state"].replace("_", " ") in preview and "90%" in preview
    assert "2026-10-31" in preview
    assert STATE_COLORS[after["state"]] in preview
    assert form.message.value == ""


def test_checkin_save_appends_exactly_one_row_and_marks_tasks_done(folder):
    before = careerkit.load(folder)
    form = _checkin(folder, "Amara Okonkwo", "C00004-G4")
    form.tasks_done.value = ("C00004-G4-T3",)
    form.revised_target.value = "2027-02-01"
    form.reason.value = "capacity"
    form.note.value = 'New job, "busy" month'
    form.save_button.click()
    assert "Saved the check-in of 2026-07-06" in form.message.value, form.message.value
    after = careerkit.load(folder)
    assert len(after.progress) == len(before.progress) + 1
    pd.testing.assert_frame_equal(after.progress.iloc[:-1], before.progress)
    last = after.progress.iloc[-1]
    assert last["date"] == pd.Timestamp("2026-07-06") and last["goal_id"] == "C00004-G4"
    assert pd.isna(last["task_id"]) and pd.isna(last["percent_complete"])
    assert last["revised_target_date"] == pd.Timestamp("2027-02-01")
    assert last["reason"] == "capacity" and last["note"] == 'New job, "busy" month'
    tasks = after.tasks.set_index("task_id")
    assert tasks.loc["C00004-G4-T3", "completed_date"] == pd.Timestamp("2026-07-06")
    assert pd.isna(tasks.loc["C00004-G4-T4", "completed_date"])
    assert after.equals(form.data)
    # the form is ready for the next one: the done task is no longer offered
    assert [v for _, v in form.tasks_done.options] == ["C00004-G4-T4"]
    assert form.note.value == "" and form.complete_button.layout.display == "none"


def test_checkin_at_100_percent_offers_to_complete_the_goal(folder):
    form = _checkin(folder)
    form.percent.value = "100"
    assert form.complete_button.layout.display == "none"
    form.save_button.click()
    assert form.complete_button.layout.display != "none"
    form.note.value = "typing on does not lose the offer"
    form.complete_button.click()
    assert "Goal C00006-G1 completed on 2026-07-06" in form.message.value
    goal = careerkit.load(folder).goals.set_index("goal_id").loc["C00006-G1"]
    assert goal["status"] == "completed"
    assert goal["completed_date"] == pd.Timestamp("2026-07-06")
    assert "C00006-G1" not in [v for _, v in form.goal.options]
    assert form.complete_button.layout.display == "none"


def test_checkin_marking_the_last_task_done_offers_to_complete(folder):
    form = _checkin(folder, "Zoë Abernathy", "C00001-G7")
    form.tasks_done.value = ("C00001-G7-T4",)
    assert "100%" in form.preview.value
    form.save_button.click()
    assert form.complete_button.layout.display != "none"


def test_checkin_bad_input_shows_a_message_and_writes_nothing(folder):
    files = _bytes(folder)
    form = _checkin(folder)
    form.date.value = "2026-02-30"
    assert "2026-02-30" in form.message.value and "real calendar date" in form.message.value
    form.save_button.click()
    assert "Not saved" in form.message.value
    form.date.value = "2026-07-06"
    form.percent.value = "lots"
    assert "percent: &#x27;lots&#x27;" in form.message.value or "'lots'" in form.message.value
    form.percent.value = "120"
    assert "0 to 100" in form.message.value
    form.save_button.click()
    assert _bytes(folder) == files


def test_checkin_refuses_when_files_changed_on_disk(folder):
    form = _checkin(folder)
    form.percent.value = "80"
    _touch(folder, "progress.csv")
    files = _bytes(folder)
    form.save_button.click()
    assert "progress.csv changed" in form.message.value
    assert _bytes(folder) == files
    form.reload_button.click()
    form.save_button.click()
    assert "Saved" in form.message.value


# --- WhatIf ----------------------------------------------------------------------------------

def test_whatif_sliders_move_the_forecast_and_the_needed_pace(sample):
    status = careerkit.goal_status(sample).loc["C00006-G1"]
    what_if = WhatIf(sample, "C00006-G1")
    figure = what_if.figure
    pace = _trace(figure, "at the chosen pace")
    assert what_if.target.value == status["current_target"].date()
    assert pace.x[-1] == status["forecast_date"].strftime("%Y-%m-%d")  # 1×: goal_status's
    assert _trace(figure, "actual").y[-1] == status["percent_complete"]
    text = what_if.needed.value
    what_if.pace.value = 2.0
    assert what_if.figure is figure
    faster = _trace(figure, "at the chosen pace").x[-1]
    assert faster < status["forecast_date"].strftime("%Y-%m-%d")
    assert "At 2.00× the pace so far it would be done on" in what_if.needed.value
    what_if.target.value = dt.date(2026, 8, 31)
    assert list(_trace(figure, "chosen target").x) == ["2026-08-31", "2026-08-31"]
    needed = what_if.needed.value
    assert needed != text and "by <b>2026-08-31</b> (62 days from 2026-06-30)" in needed
    assert f"{7 * 27.5 / 62:.1f} % a week" in needed  # 27.5 % left in 62 days
    assert "ck-whatif" in _classes(what_if) and "ck-whatif-apply" in _classes(
        what_if.apply_button)
    assert len(what_if.target.options) == 366


def test_whatif_apply_records_one_revision_through_the_checkin_path(folder, monkeypatch):
    calls = []
    original = widgets._record_checkin
    monkeypatch.setattr(widgets, "_record_checkin",
                        lambda data, row, **kw: calls.append(row) or original(data, row, **kw))
    data = careerkit.load(folder)
    before = [frame.copy() for frame in data.frames()]
    what_if = WhatIf(data, "C00006-G1")
    what_if.target.value = dt.date(2026, 10, 15)
    what_if.pace.value = 1.5
    assert calls == []  # moving sliders writes nothing
    what_if.apply_button.click()
    assert "Recorded: target 2026-10-15" in what_if.message.value, what_if.message.value
    after = careerkit.load(folder)
    assert len(after.progress) == len(data.progress) + 1
    last = after.progress.iloc[-1]
    assert last["revised_target_date"] == pd.Timestamp("2026-10-15")
    assert last["date"] == pd.Timestamp("2026-06-30") and last["reason"] == "other"
    assert last["note"].startswith("what-if: pace ×1.50, target 2026-10-15")
    assert pd.isna(last["task_id"]) and pd.isna(last["percent_complete"])
    assert careerkit.goal_status(after).loc["C00006-G1", "current_target"] == pd.Timestamp(
        "2026-10-15")
    diamond = _trace(what_if.figure, "current target")
    assert list(diamond.x) == ["2026-10-15"]
    for frame, copy in zip(data.frames(), before, strict=True):  # the caller's data
        pd.testing.assert_frame_equal(frame, copy)
    # CheckIn records through the same function
    form = _checkin(folder)
    form.percent.value = "75"
    form.save_button.click()
    assert len(calls) >= 2 and calls[0]["goal_id"] == calls[-1]["goal_id"] == "C00006-G1"


def test_whatif_without_a_folder_explains_and_writes_nothing():
    data = careerkit.demo.generate(3, seed=2)
    goal = careerkit.goal_status(data).query("state == 'on_track' or state == 'at_risk'").index[0]
    what_if = WhatIf(data, goal)
    what_if.apply_button.click()
    assert "not loaded from a folder" in what_if.message.value
    assert len(what_if.data.progress) == len(data.progress)


def test_whatif_rejects_unknown_goals(sample):
    with pytest.raises(ValueError, match="unknown goal_id"):
        WhatIf(sample, "nope")
    with pytest.raises(ValueError, match="starts on"):
        WhatIf(sample, "C00007-G4")
