"""The command line through its real entry point: help, version, status, report, export,
exit codes and error messages."""

from __future__ import annotations

import io
import json
import os
import shlex
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pytest
from coaching_caseload import coaching_frames, save_folder
from helpers import GOALS_HEADER, write_folder

import careerkit
from careerkit import cli
from careerkit.report.render import plotly_js

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
COMMANDS = ["validate", "demo", "report", "status", "export", "template"]
DATES = ["start_date", "target_date", "completed_date", "current_target", "forecast_date",
         "last_checkin"]


def run(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    """``python -m careerkit.cli ARGS`` with pipes (not a terminal) for stdout and stderr."""
    return subprocess.run([sys.executable, "-m", "careerkit.cli", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env,
                          timeout=120)


@pytest.fixture
def coaching(tmp_path):
    return save_folder(tmp_path / "coaching", *coaching_frames())


@pytest.fixture
def bad_folder(tmp_path):
    return write_folder(tmp_path / "bad", f"{GOALS_HEADER}\n"
                        "G1,Ana,Speak,,2025-01-06,2025-03-31,,\n"
                        "G2,Bo,Write,,2025-01-06,2025-02-30,,\n")


# --- help and version ----------------------------------------------------------------------

def test_help_names_every_command_with_examples():
    result = run("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"    {command} " in result.stdout
    assert "examples:" in result.stdout and "careerkit report sample_data" in result.stdout
    for command in COMMANDS:
        help_text = run(command, "--help").stdout
        assert "examples:\n  careerkit " + command in help_text, command


def test_version_is_the_installed_distribution():
    result = run("--version")
    assert result.stdout.strip() == f"careerkit {version('careerkit')}"


def test_the_installed_script_works_too():
    script = Path(sys.executable).with_name("careerkit")
    if not script.exists():
        pytest.skip("no careerkit script beside this Python")
    result = subprocess.run([str(script), "status", str(SAMPLE), "--format", "json"],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == len(careerkit.goal_status(careerkit.load(SAMPLE)))


def test_validate_and_demo_work_as_before(tmp_path):
    result = run("validate", SAMPLE)
    assert result.returncode == 0 and result.stdout.startswith("ok: CareerData: ")
    result = run("demo", tmp_path / "demo", "--clients", "3", "--seed", "2")
    assert result.returncode == 0 and "wrote CareerData: " in result.stdout
    assert careerkit.load(tmp_path / "demo").goals["client"].nunique() == 3


# --- status --------------------------------------------------------------------------------

def test_status_table_lists_every_goal_attention_first(coaching):
    result = run("status", coaching.folder)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["client", "goal_id", "goal", "state", "done", "first_plan",
                                "target", "forecast", "drift"]
    rows = lines[1:-2]
    assert len(rows) == len(careerkit.goal_status(coaching))
    states = [next(w for w in row.split() if w in careerkit.STATES) for row in rows]
    assert states == ["overdue", "stalled", "at_risk", "on_track", "on_track", "completed"]
    assert "G3" in rows[0] and "overdue" in rows[0] and "+6" not in rows[0]
    assert lines[-1].startswith("6 goals as of 2026-03-31, 3 needing attention")
    assert "\033[" not in result.stdout  # piped: no colours


def test_status_table_orders_by_attention_order(tmp_path, capsys):
    """Within a state the worst first (careerkit.analytics.attention.attention_order), not
    the client's name first."""
    folder = write_folder(tmp_path / "two", f"{GOALS_HEADER}\n"
                          "G1,Ana,Speak,,2025-01-06,2025-03-28,,\n"
                          "G2,Bo,Write,,2025-01-06,2025-03-21,,\n",
                          progress="date,goal_id,task_id,percent_complete\n"
                                   "2025-03-31,G1,,50\n2025-03-31,G2,,50\n")
    assert cli.main(["status", str(folder)]) == 0
    rows = capsys.readouterr().out.splitlines()[1:3]
    assert [row.split()[:2] for row in rows] == [["Bo", "G2"], ["Ana", "G1"]]  # 10, 3 days
    status = careerkit.goal_status(careerkit.load(folder))
    assert status["overdue_days"].tolist() == [3, 10]


def test_status_colours_only_on_a_terminal(coaching, monkeypatch):
    status = careerkit.goal_status(coaching)
    coloured = cli._status_table(status, careerkit.default_as_of(coaching), color=True)
    assert "\033[1;31moverdue" in coloured and "\033[0m" in coloured
    monkeypatch.setattr(cli, "_isatty", lambda stream: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert cli._color_wanted()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._color_wanted()


def test_status_csv_round_trips_one_row_per_goal(coaching):
    result = run("status", coaching.folder, "--format", "csv")
    assert result.returncode == 0
    expected = careerkit.goal_status(coaching)
    back = pd.read_csv(io.StringIO(result.stdout), dtype={"goal_id": str},
                       parse_dates=DATES, keep_default_na=True)
    assert len(back) == len(expected)
    assert back.columns.tolist() == ["goal_id", *expected.columns]
    back = back.set_index("goal_id")
    for column in expected.columns:
        want = expected[column]
        got = back[column]
        if column in DATES:
            assert (got.isna().to_numpy() == want.isna().to_numpy()).all(), column
            assert (got.dropna().dt.date.to_numpy() == want.dropna().dt.date.to_numpy()).all()
        else:
            pd.testing.assert_series_equal(got, want, check_dtype=False, check_names=False,
                                           obj=column)


def test_status_json_is_one_document_of_records(coaching):
    result = run("status", coaching.folder, "--format", "json")
    assert result.returncode == 0
    records = json.loads(result.stdout)
    expected = careerkit.goal_status(coaching)
    assert isinstance(records, list) and len(records) == len(expected)
    first = {r["goal_id"]: r for r in records}["G4"]
    assert first["start_date"] == "2026-03-20" and first["completed_date"] is None
    assert first["completed_at_T"] is False and first["state"] == "on_track"
    assert first["percent_complete"] == 10.0 and first["overdue_days"] == 0
    frame = pd.read_json(io.StringIO(result.stdout), orient="records", dtype=False)
    assert frame.columns.tolist() == ["goal_id", *expected.columns]
    assert frame["goal_id"].tolist() == expected.index.tolist()
    assert frame["forecast_drift_days"].isna().tolist() == (
        expected["forecast_drift_days"].isna().tolist())


def test_status_filters(coaching):
    result = run("status", coaching.folder, "--format", "csv", "--state", "overdue",
                 "--state", "stalled")
    back = pd.read_csv(io.StringIO(result.stdout))
    assert sorted(back["state"]) == ["overdue", "stalled"]
    result = run("status", coaching.folder, "--format", "json", "--client", "Cy Ng",
                 "--as-of", "2026-03-17")
    assert {r["goal_id"] for r in json.loads(result.stdout)} == {"G5", "G6"}
    assert {r["state"] for r in json.loads(result.stdout)} == {"stalled"}
    result = run("status", coaching.folder, "--client", "Nobody")
    assert result.returncode == 1
    assert "unknown client 'Nobody'; the clients are: Ana Lima" in result.stderr


def test_sample_data_status_has_every_goal():
    result = run("status", SAMPLE, "--format", "csv")
    expected = careerkit.goal_status(careerkit.load(SAMPLE))
    assert len(pd.read_csv(io.StringIO(result.stdout))) == len(expected)


@pytest.fixture
def pace_folder(tmp_path):
    """Ana's G1 (no tasks) went 10 % a week for two weeks; Bo's G2 has no check-in yet.

    As of 2025-03-01, by hand: G1 has its own history (+10, +10), so every trial needs 8
    more weeks: P85 2025-04-26, on its target (chance 1). Its plan is a line over 69 days;
    after 13 days it planned 18.84 % and earned 20 %: ahead, ES = 69 × 0.2 = 13.8 days,
    SPI = 13.8 / 13. G2 borrows the caseload's (G1's) increments: 10 weeks from 0 %, P85
    2025-05-10, after its target 2025-03-31 (chance 0); 54 of 84 planned days gone with
    nothing earned: far behind, SPI 0; no check-in in the 54 days since its start: lapsed.
    """
    return write_folder(tmp_path / "pace", f"{GOALS_HEADER}\n"
                        "G1,Ana,Speak,,2025-02-16,2025-04-26,,active\n"
                        "G2,Bo,Write,,2025-01-06,2025-03-31,,active\n",
                        progress="date,goal_id,task_id,percent_complete\n"
                                 "2025-02-22,G1,,10\n2025-03-01,G1,,20\n")


WITH_COLUMNS = ["p85_date", "prob_by_target", "expectation", "spi", "engagement"]


def test_status_with_adds_forecast_schedule_and_engagement(pace_folder, capsys):
    args = ["status", str(pace_folder), "--as-of", "2025-03-01", "--format", "json"]
    assert cli.main([*args, "--with", "engagement,forecast", "--with", "schedule"]) == 0
    records = {r["goal_id"]: r for r in json.loads(capsys.readouterr().out)}
    expected = careerkit.goal_status(careerkit.load(pace_folder), as_of="2025-03-01")
    assert list(records["G1"]) == ["goal_id", *expected.columns, *WITH_COLUMNS]
    got = {goal: {k: records[goal][k] for k in WITH_COLUMNS} for goal in records}
    assert got == {
        "G1": {"p85_date": "2025-04-26", "prob_by_target": 1.0, "expectation": "ahead",
               "spi": pytest.approx(13.8 / 13), "engagement": "engaged"},
        "G2": {"p85_date": "2025-05-10", "prob_by_target": 0.0, "expectation": "far_behind",
               "spi": 0.0, "engagement": "lapsed"},
    }
    assert (records["G1"]["days_since_checkin"], records["G2"]["days_since_checkin"]) == (0, 54)

    # Only Bo's goal, still forecast from the whole caseload's history (Ana's increments).
    assert cli.main([*args[:-2], "--format", "csv", "--client", "Bo", "--with",
                     "forecast"]) == 0
    back = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert back.columns.tolist()[-3:] == ["state", "p85_date", "prob_by_target"]
    assert back[["goal_id", "p85_date", "prob_by_target"]].values.tolist() == [
        ["G2", "2025-05-10", 0.0]]


def test_status_with_in_the_table(pace_folder, capsys):
    assert cli.main(["status", str(pace_folder), "--as-of", "2025-03-01", "--with",
                     "forecast,schedule,engagement"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["client", "goal_id", "goal", "state", "done", "first_plan",
                                "target", "forecast", "drift", "p85", "chance", "plan", "spi",
                                "engagement", "quiet"]
    rows = {line.split()[1]: line.split()[-6:] for line in lines[1:3]}
    assert rows == {"G1": ["2025-04-26", "100%", "ahead", "1.06", "engaged", "0"],
                    "G2": ["2025-05-10", "0%", "far_behind", "0.00", "lapsed", "54"]}
    assert "quiet: days since the last check-in" in lines[-1]
    assert cli.main(["status", str(pace_folder), "--as-of", "2025-03-01"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split()[-1] == "drift"  # nothing added


def test_status_with_unknown_names_is_a_usage_error(pace_folder):
    result = run("status", pace_folder, "--with", "forecast,speed")
    assert result.returncode == 2
    assert "choose from forecast, schedule, engagement" in result.stderr


# --- report and export ---------------------------------------------------------------------

def test_report_and_its_rebuild_command(coaching, tmp_path):
    out = tmp_path / "r.html"
    result = run("report", coaching.folder, "-o", out, "--client", "Cy Ng", "--anonymize")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out} (") and result.stderr == ""  # piped: quiet
    html = out.read_text(encoding="utf-8")
    assert "Client C" in html and "Cy Ng" not in html.replace(plotly_js(), "")
    footer = html[html.index("<footer"):]
    command = footer.split("<code>")[1].split("</code>")[0].replace("&#39;", "'")
    args = shlex.split(command)
    assert args[:2] == ["careerkit", "report"] and "--anonymize" in args
    again = run(*args[1:], cwd=tmp_path)  # the footer's command rebuilds the same page
    assert again.returncode == 0, again.stderr
    assert out.read_text(encoding="utf-8") == html


def test_report_file_has_the_permissions_of_the_data_files(coaching, tmp_path):
    """Issue 10, item 12: the report was created 0600 while data files follow the umask."""
    out = tmp_path / "r.html"
    old = os.umask(0o027)
    try:
        assert cli.main(["report", str(coaching.folder), "-o", str(out)]) == 0
        coaching.save(tmp_path / "saved")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "saved" / "goals.csv").stat().st_mode & 0o777 == 0o640
    out.chmod(0o600)  # a file that exists keeps its own
    assert cli.main(["report", str(coaching.folder), "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600


def test_export_writes_a_workbook(coaching, tmp_path):
    out = tmp_path / "s.xlsx"
    result = run("export", coaching.folder, "-o", out, "--as-of", "2026-03-20")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}")
    frame = pd.read_excel(out, sheet_name="goal status", engine="openpyxl")
    assert len(frame) == len(careerkit.goal_status(coaching, as_of="2026-03-20"))


# --- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["status"], ["validate"], ["export", "-o", "{tmp}/x.xlsx"], ["report", "-o", "{tmp}/x.html"],
])
def test_bad_data_is_one_clear_message_without_traceback(command, bad_folder, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = run(args[0], bad_folder, *args[1:])
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"1 problem in {bad_folder}:" in result.stderr
    assert "goals.csv line 3, column target_date: '2025-02-30'" in result.stderr
    assert result.stdout == ""
    assert not list(tmp_path.glob("x.*"))


def test_debug_shows_the_traceback(bad_folder):
    for args in (["--debug", "status", bad_folder], ["status", bad_folder, "--debug"]):
        result = run(*args)
        assert result.returncode == 1
        assert "Traceback (most recent call last)" in result.stderr
        assert "goals.csv line 3" in result.stderr


def test_other_errors_are_clear(coaching, tmp_path):
    result = run("status", tmp_path / "nowhere")
    assert result.returncode == 1 and "expected a data folder holding goals.csv" in result.stderr
    result = run("report", coaching.folder, "-o", tmp_path / "no" / "r.html")
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("export", coaching.folder, "-o", tmp_path / "s.csv")
    assert result.returncode == 1 and "must end in .xlsx" in result.stderr
    result = run("report", coaching.folder, "-o", tmp_path / "r.html", "--since", "2026-04-01")
    assert result.returncode == 1 and "must be before as_of" in result.stderr
    result = run("status", coaching.folder, "--as-of", "31/03/2026")
    assert result.returncode == 2 and "write it as YYYY-MM-DD" in result.stderr
    result = run("status", coaching.folder, "--state", "late")
    assert result.returncode == 2 and "invalid choice: 'late'" in result.stderr


def test_unexpected_errors_are_one_paragraph(monkeypatch, capsys, coaching):
    def broken(args):
        raise KeyError("boom")

    monkeypatch.setattr(cli, "_status", broken)
    assert cli.main(["status", str(coaching.folder)]) == 1
    err = capsys.readouterr().err
    assert "unexpected error (KeyError: 'boom')" in err and "--debug" in err
    assert "Traceback" not in err


def test_progress_shows_on_a_terminal_only(coaching, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_isatty", lambda stream: True)
    assert cli.main(["report", str(coaching.folder), "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    for step in ["loading", "computing", "drawing charts", "writing"]:
        assert f"careerkit report: {step}" in err
    monkeypatch.setattr(cli, "_isatty", lambda stream: False)
    assert cli.main(["export", str(coaching.folder), "-o", str(tmp_path / "s.xlsx")]) == 0
    assert capsys.readouterr().err == ""


def test_undecided_dates_name_the_command_line_option(tmp_path):
    folder = write_folder(tmp_path, f"{GOALS_HEADER}\nG1,Ana,Speak,,03/04/2025,05/06/2025,,\n")
    result = run("validate", str(folder))
    assert result.returncode == 1
    assert "--dayfirst true or --dayfirst false" in result.stderr
    assert "Traceback" not in result.stderr
    settled = run("validate", str(folder), "--dayfirst", "true")
    assert settled.returncode == 0, settled.stderr


# --- folder settings, spellings and today (issue 10) ----------------------------------------

def test_validate_prints_and_fix_writes_the_settings_a_folder_needs(tmp_path):
    folder = write_folder(tmp_path / "eu", "Goal ID;Client;Title;Start Date;Deadline\n"
                          "G1;Zoë Abernathy;Learn;01/02/2026;03/04/2026\n", None,
                          "Date;Goal ID;% complet\n02/02/2026;G1;22,5\n",
                          encoding="cp1252", newline="\r\n")
    (folder / "careerkit.toml").write_text("# mine\n", encoding="utf-8")
    first = run("validate", folder)
    assert first.returncode == 1
    assert "dayfirst = true    # if your dates are day/month/year" in first.stderr
    assert "careerkit.toml" in first.stderr.splitlines()[-1]
    fixed = run("validate", folder, "--fix", "--dayfirst", "true")
    assert fixed.returncode == 0, fixed.stderr
    assert (folder / "careerkit.toml").read_text() == (
        '# mine\ndayfirst = true\n\n[columns]\n"% complet" = "percent_complete"\n')
    again = run("validate", folder)
    assert again.returncode == 0 and again.stderr == ""
    status = run("status", folder, "--client", "zoe abernathy", "--format", "csv")
    assert status.returncode == 0, status.stderr
    row = pd.read_csv(io.StringIO(status.stdout)).iloc[0]
    assert (row["client"], row["percent_complete"]) == ("Zoë Abernathy", 22.5)


def test_validate_lists_a_close_header_with_the_line_to_add(tmp_path):
    folder = write_folder(tmp_path / "f", f"{GOALS_HEADER}\nG1,Ana,Speak,,2025-01-06,"
                          "2025-03-31,,\n", None, "date,goal_id,precent_complete\n"
                          "2025-02-01,G1,45\n")
    result = run("validate", folder)
    assert result.returncode == 0
    assert "did you mean percent_complete?" in result.stderr
    assert '"precent_complete" = "percent_complete"' in result.stderr


def test_a_settings_typo_is_one_readable_error(tmp_path):
    folder = write_folder(tmp_path / "f", f"{GOALS_HEADER}\nG1,Ana,Speak,,2025-01-06,"
                          "2025-03-31,,\n")
    (folder / "careerkit.toml").write_text("[columns]\nDeadline = \"target\"\n")
    result = run("status", folder)
    assert result.returncode == 1
    assert "careerkit.toml line 2, column Deadline: 'target': expected a careerkit column" \
        in result.stderr


# --- template (issue 10 item 5) ------------------------------------------------------------

def test_template_writes_an_empty_caseload_and_never_replaces_a_file(tmp_path):
    path = tmp_path / "caseload.xlsx"
    made = run("template", path)
    assert made.returncode == 0 and made.stderr == ""
    assert made.stdout.startswith(f"wrote {path}: fill in the goals, tasks and progress")
    assert made.stdout.strip().endswith(f"then run: careerkit validate {path}")
    data = careerkit.load(path)
    assert (len(data.goals), len(data.tasks), len(data.progress)) == (0, 0, 0)
    assert list(data.goals.columns) == ["goal_id", "client", "title", "category",
                                            "start_date", "target_date", "completed_date",
                                            "status"]
    checked = run("validate", path)
    assert checked.returncode == 0 and checked.stdout.startswith("ok: CareerData: 0 goals")

    written = path.read_bytes()
    again = run("template", path)
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr.strip() == (f"careerkit template: {path} exists: a template never "
                                    "replaces a workbook; give another file name")
    assert path.read_bytes() == written

    wrong = run("template", tmp_path / "caseload.csv")
    assert wrong.returncode == 1 and not (tmp_path / "caseload.csv").exists()
    assert "must end in .xlsx" in wrong.stderr and "Traceback" not in wrong.stderr
