"""A data folder's careerkit.toml (issue 10, item 1): read by load, arguments win, typos
named by line, merged atomically by write_settings."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from helpers import write_folder

import careerkit
from careerkit.data.schema import Rule
from careerkit.data.settings import read_settings, settings_text, write_settings

#: Excel-EU export: semicolons, cp1252, CRLF, only ambiguous dates, own words and headers.
GOALS = """Goal ID;Client;Title;Start Date;Aim by;Status;Büro
G1;Müller;Learn SQL;01/02/2026;03/04/2026;Parked;x
G2;Ana;Speak;02/02/2026;04/05/2026;on-hold;
"""
PROGRESS = """Date;Goal ID;Fortschritt
05/02/2026;G1;22,5
"""


@pytest.fixture
def folder(tmp_path):
    return write_folder(tmp_path / "eu", GOALS, None, PROGRESS, encoding="cp1252",
                        newline="\r\n")


def settings(folder, text):
    (folder / "careerkit.toml").write_text(text, encoding="utf-8")


def load(folder, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        return careerkit.load(folder, **options)


def test_without_settings_the_folder_needs_them(folder):
    with pytest.raises(careerkit.CareerDataError) as caught:
        load(folder)
    rules = set(caught.value.problems["rule"])
    assert Rule.DAYFIRST_UNDECIDED in rules and Rule.MISSING_COLUMN in rules


def test_settings_give_columns_date_order_and_status_words(folder):
    settings(folder, '# ours\ndayfirst = true\nprivate_columns = ["Büro"]\n\n[columns]\n'
                     '"Aim by" = "target_date"\nFortschritt = "percent_complete"\n\n'
                     '[status]\nParked = "on_hold"\n')
    data = load(folder)
    assert data.goals["target_date"].tolist() == [pd.Timestamp("2026-04-03"),
                                                 pd.Timestamp("2026-05-04")]
    assert data.goals["status"].tolist() == ["on_hold", "on_hold"]
    assert data.progress["percent_complete"].tolist() == [22.5]
    assert read_settings(folder).private_columns == ("Büro",)


def test_arguments_override_the_settings(folder):
    settings(folder, 'dayfirst = true\n[columns]\n"Aim by" = "target_date"\n'
                     'Fortschritt = "percent_complete"\n[status]\nparked = "on_hold"\n')
    data = load(folder, dayfirst=False)
    assert data.goals.loc[0, "target_date"] == pd.Timestamp("2026-03-04")


@pytest.mark.parametrize("text,line,value", [
    ("dayfirst = true\n[columns]\n\"Aim by\" = \"deadline\"\n", 3, "deadline"),
    ("dayfirst = yes\n", 1, None),
    ("\n\ndayfirst = 1\n", 3, "1"),
    ("dayfirts = true\n", 1, None),
    ("[status]\nparked = \"sleeping\"\n", 2, "sleeping"),
    ("[columns\n", 1, None),
])
def test_a_typo_is_an_error_naming_its_line(folder, text, line, value):
    settings(folder, text)
    with pytest.raises(careerkit.CareerDataError) as caught:
        load(folder)
    row = caught.value.problems.iloc[0]
    assert (row["file"], row["line"], row["rule"]) == ("careerkit.toml", line,
                                                      Rule.SETTINGS_INVALID)
    if value is not None:
        assert row["value"] == value
    assert f"careerkit.toml line {line}" in str(caught.value)


def test_write_settings_merges_and_keeps_other_lines(folder):
    settings(folder, '# my notes\n[status]\nparked = "on_hold"\n\n[columns]\n'
                     '"Aim by" = "target_date"\n')
    write_settings(folder, {"Fortschritt": "percent_complete"}, dayfirst=True)
    assert (folder / "careerkit.toml").read_text() == (
        '# my notes\ndayfirst = true\n[status]\nparked = "on_hold"\n\n[columns]\n'
        '"Fortschritt" = "percent_complete"\n"Aim by" = "target_date"\n')
    write_settings(folder, dayfirst=False)
    assert "dayfirst = false\n" in (folder / "careerkit.toml").read_text()
    assert load(folder).goals.loc[0, "target_date"] == pd.Timestamp("2026-03-04")
    assert not list(folder.glob(".careerkit-*"))  # no temporary file left


def test_write_settings_creates_the_file(tmp_path):
    write_settings(tmp_path, {"% complet": "percent_complete"})
    assert (tmp_path / "careerkit.toml").read_text() == \
        '[columns]\n"% complet" = "percent_complete"\n'
    assert settings_text(dayfirst=False) == "dayfirst = false\n"


def test_widgets_open_folders_with_their_settings(folder):
    from careerkit.widgets import CheckIn

    settings(folder, 'dayfirst = true\n[columns]\n"Aim by" = "target_date"\n'
                     'Fortschritt = "percent_complete"\n[status]\nparked = "on_hold"\n')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        widget = CheckIn(folder)
    assert widget.data.goals["target_date"].iloc[0] == pd.Timestamp("2026-04-03")
