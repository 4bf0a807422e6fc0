"""What every widget shares (careerkit.widgets.base): errors shown and logged, wording chosen
from rule codes, and the one save → refused → reload path of the three forms."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from widget_helpers import checkin_form, file_bytes, shown, touch

import careerkit
from careerkit.data.schema import Rule
from careerkit.widgets import Dashboard, Planner, WhatIf, dashboard
from careerkit.widgets.base import Form, problem_text


def test_an_unexpected_error_is_shown_and_its_traceback_logged(sample_data, monkeypatch,
                                                               caplog):
    dash = Dashboard(sample_data)

    def broken(data, as_of):
        raise RuntimeError("boom <b>")

    monkeypatch.setattr(dashboard, "goal_status", broken)
    dash.as_of.value = dt.date(2026, 1, 1)  # a day not computed yet
    assert "Something went wrong: RuntimeError: boom &lt;b&gt;" in dash.message.value
    (record,) = caplog.get_records("call")
    assert record.name == "careerkit" and record.levelno == logging.ERROR
    assert record.getMessage() == "Dashboard._on_change failed"
    assert record.exc_info[0] is RuntimeError  # the traceback goes with it
    caplog.clear()  # seen: the widget tests fail on any other


def _row(rule, expected, value=None):
    return SimpleNamespace(rule=rule, expected=expected, value=value)


def test_wording_is_chosen_from_the_rule_code_not_the_message():
    # The expected texts here say nothing the widgets could match: only the code counts.
    assert problem_text(_row(Rule.DAYFIRST_UNDECIDED, "whatever", "03/04/2025"), "date") == (
        "date: '03/04/2025': expected a date written as YYYY-MM-DD: a date like 03/04/2025 "
        "could be day/month or month/day")
    assert problem_text(_row(Rule.REQUIRED_VALUE, "something else")) == (
        "expected a value (required)")
    # other rules keep the data layer's words (escaped for HTML)
    assert problem_text(_row(Rule.NOT_A_REAL_DATE, "a real calendar date", "2026-02-30")) == (
        "'2026-02-30': expected a real calendar date")
    assert problem_text(_row(Rule.NOT_A_NUMBER, "a <number>", "x")) == (
        "'x': expected a &lt;number&gt;")
    # the old text checks would have matched these; the codes do not
    assert problem_text(_row(Rule.NOT_A_DATE, "a dayfirst date")) == "expected a dayfirst date"
    assert problem_text(_row(Rule.OUT_OF_RANGE, "a value (required) here")) == (
        "expected a value (required) here")


# --- save → refused → reload ---------------------------------------------------------------

def _planner(folder):
    form = Planner(folder)
    form.goal.value = "C00001-G4"
    form.title.value = "Transfer to the Lisbon office"
    return form, form.save_button


def _checkin(folder):
    form = checkin_form(folder)
    form.percent.value = "80"
    return form, form.save_button


def _whatif(folder):
    form = WhatIf(folder, "C00006-G1")
    form.target.value = dt.date(2026, 10, 15)
    return form, form.apply_button


FORMS = {"planner": _planner, "checkin": _checkin, "whatif": _whatif}


@pytest.mark.parametrize("name", FORMS)
def test_every_form_refuses_to_overwrite_changes_on_disk_and_offers_reload(name,
                                                                          sample_folder):
    form, save = FORMS[name](sample_folder)
    assert isinstance(form, Form) and not shown(form.reload_button)
    touch(sample_folder, "progress.csv")
    files = file_bytes(sample_folder)
    save.click()
    assert "progress.csv changed" in form.message.value and "Reload" in form.message.value
    assert file_bytes(sample_folder) == files
    assert form.refused and shown(form.reload_button)
    before = form.data
    form.reload_button.click()
    assert not form.refused and not shown(form.reload_button)
    assert form.data is not before and form.data.changed_on_disk() == []
    assert "Reloaded from disk" in form.message.value
    save.click()
    assert "Saved" in form.message.value or "Recorded" in form.message.value, form.message.value
    assert file_bytes(sample_folder) != files
    assert careerkit.load(sample_folder).equals(form.data)


@pytest.mark.parametrize("name", FORMS)
def test_a_failed_write_is_explained_and_nothing_changes(name, sample_folder, monkeypatch):
    form, save = FORMS[name](sample_folder)
    before = form.data

    def locked(self, *args, **kwargs):
        raise PermissionError("goals.csv is open in another program")

    monkeypatch.setattr(careerkit.CareerData, "save", locked)
    save.click()
    assert "could not write to" in form.message.value
    assert "open in another program" in form.message.value
    assert form.data is before and not form.refused and not shown(form.reload_button)
