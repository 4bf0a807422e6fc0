"""The app's page (careerkit.app.page): tabs of the widgets as they are, the folder's
problems as ``careerkit validate`` words them, the folder's settings, and one save path:
a second page (a second browser tab: its own kernel) that saves after the first is refused
and offered Reload, never losing the first save."""

from __future__ import annotations

import html
import textwrap

import ipywidgets as widgets
import pandas as pd
import pytest
from helpers import write_folder

import careerkit
from careerkit.app.page import AppPage, app_page, from_environment, problems_html
from careerkit.widgets import CheckIn, Dashboard, Planner, WhatIf


def checkin(page: AppPage, goal_id: str, day: str, percent: str, note: str) -> None:
    """Fill the Check in tab as a person would and click Save."""
    page.tabs.selected_index = 1
    goals = page.data.goals.set_index("goal_id")
    page.checkin.client.value = goals.at[goal_id, "client"]
    page.checkin.goal.value = goal_id
    page.checkin.date.value = day
    page.checkin.percent.value = percent
    page.checkin.note.value = note
    page.checkin.save_button.click()


def test_tabs_are_the_widgets_built_when_first_chosen(sample_folder):
    page = AppPage(sample_folder)
    assert page.tabs.titles == ("Caseload", "Check in", "Plan", "What if")
    assert isinstance(page.tabs.children[0], Dashboard)
    assert page.checkin is None and page.planner is None and page.whatif is None
    page.tabs.selected_index = 1
    assert isinstance(page.tabs.children[1], CheckIn) and page.tabs.selected_index == 1
    page.tabs.selected_index = 2
    assert isinstance(page.tabs.children[2], Planner)
    page.tabs.selected_index = 3
    assert isinstance(page.whatif, WhatIf)
    goals = page.data.goals.set_index("goal_id")
    # The first active goal in file order, labelled by client and title.
    active = goals.loc[(goals["status"] == "active") & goals["completed_date"].isna()]
    first = active.index[0]
    assert page.whatif.goal_id == first
    assert page.whatif_goal.label == f"{active.at[first, 'client']} · {active.at[first, 'title']}"
    assert len(page.whatif_goal.options) == len(active)


def test_a_folder_that_does_not_load_shows_the_validate_text(tmp_path):
    folder = write_folder(tmp_path / "bad", textwrap.dedent("""\
        goal_id,client,title,start_date,target_date,status
        G1,Ana,Speak,2025-01-06,2025-13-01,active
        G1,Ana,Write,2025-01-06,2025-03-01,active
        """))
    with pytest.raises(careerkit.CareerDataError) as caught:
        careerkit.load(folder)
    page = app_page(folder)
    assert isinstance(page, widgets.HTML)
    # The exact text careerkit validate prints, escaped, in the page.
    assert html.escape(str(caught.value)) in page.value
    assert "2025-13-01" in page.value and "goals.csv line 2" in page.value
    assert "Traceback" not in page.value


def test_problems_are_escaped():
    problems = careerkit.CareerDataError(
        pd.DataFrame({"file": ["goals.csv"], "line": [2], "column": ["title"],
                      "value": ["<script>alert(1)</script>"], "expected": ["text"],
                      "rule": ["required_value"]}))
    page = problems_html(problems, "<b>folder</b>")
    assert "<script>" not in page and "<b>folder" not in page
    assert "&lt;script&gt;" in page


def test_the_folders_settings_apply(tmp_path):
    folder = write_folder(tmp_path / "mine", textwrap.dedent("""\
        goal_id,client,title,Begins,Aim by,status
        G1,Ana,Speak,06/01/2025,31/03/2025,active
        """), progress="date,goal_id,percent_complete\n01/02/2025,G1,40\n")
    (folder / "careerkit.toml").write_text(
        'dayfirst = true\n[columns]\n"Begins" = "start_date"\n"Aim by" = "target_date"\n')
    page = app_page(folder)
    assert isinstance(page, AppPage), getattr(page, "value", "")
    goal = page.data.goals.iloc[0]
    assert goal["target_date"] == pd.Timestamp("2025-03-31")
    assert page.dashboard.status().loc["G1", "percent_complete"] == 40


def test_a_second_page_saving_after_the_first_is_refused_then_reloads(sample_folder):
    first, second = AppPage(sample_folder), AppPage(sample_folder)  # two tabs, two kernels
    before = len(careerkit.load(sample_folder).progress)
    checkin(first, "C00006-G1", "2026-07-06", "80", "first tab")
    assert "Saved" in first.checkin.message.value

    checkin(second, "C00006-G1", "2026-07-07", "85", "second tab")
    message = second.checkin.message.value
    assert "Not saved" in message and "progress.csv changed" in message
    assert second.checkin.reload_button.layout.display != "none"
    after = careerkit.load(sample_folder).progress
    assert len(after) == before + 1 and after.iloc[-1]["note"] == "first tab"

    second.checkin.reload_button.click()  # the form keeps what was typed
    assert second.checkin.note.value == "second tab"
    second.checkin.save_button.click()
    after = careerkit.load(sample_folder).progress
    assert len(after) == before + 2
    assert after["note"].iloc[-2:].tolist() == ["first tab", "second tab"]


def test_a_save_in_one_tab_is_the_data_of_every_tab(sample_folder):
    page = AppPage(sample_folder)
    page.tabs.selected_index = 2  # the planner, built on the data as loaded
    page.tabs.selected_index = 3  # the what-if of the first active goal
    page.dashboard.client.value = ("Priya Venkataraman",)
    old_dashboard = page.dashboard
    checkin(page, "C00006-G1", "2026-07-06", "80", "one data")
    saved = page.data
    assert saved.progress.iloc[-1]["note"] == "one data"
    assert page.planner.data is saved and page.whatif.data is saved
    # The planner saves after the check-in without being refused.
    page.planner.goal_id.value = "N1"
    page.planner.client.value = "Ada Lovelace"
    page.planner.title.value = "Learn the piano"
    page.planner.start_date.value, page.planner.target_date.value = "2026-07-01", "2026-12-31"
    page.planner.save_button.click()
    assert "Not saved" not in page.planner.message.value, page.planner.message.value
    on_disk = careerkit.load(sample_folder)
    assert "N1" in set(on_disk.goals["goal_id"])
    assert on_disk.progress.iloc[-1]["note"] == "one data"
    # Back on Caseload: rebuilt on the saved data, the client filter kept.
    page.tabs.selected_index = 0
    assert page.dashboard is not old_dashboard and page.tabs.children[0] is page.dashboard
    assert page.dashboard.client.value == ("Priya Venkataraman",)
    assert "N1" in set(page.dashboard.data.goals["goal_id"])


def test_the_notebook_shows_the_folder_it_is_given(sample_folder, monkeypatch):
    monkeypatch.setenv("CAREERKIT_APP_FOLDER", str(sample_folder))
    assert from_environment().folder == str(sample_folder)
    monkeypatch.delenv("CAREERKIT_APP_FOLDER")
    monkeypatch.chdir(sample_folder)  # default: the current folder
    assert from_environment().data.equals(careerkit.load(sample_folder))
