"""careerkit brief on the command line: writes the file, clear errors without a traceback
(data: brief_caseload.py)."""

from __future__ import annotations

import pytest
from brief_caseload import AS_OF
from helpers import write_folder

from careerkit import cli


def test_writes_the_brief(brief_folder, tmp_path, capsys):
    out = tmp_path / "ana.html"
    assert cli.main(["brief", str(brief_folder), "--client", "ana lima", "--as-of", AS_OF,
                     "--since", "2025-03-01", "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out} (")
    page = out.read_text(encoding="utf-8")
    assert "Session brief: Ana Lima" in page and "since the last session on 2025-03-01" in page


def test_for_client_default_file_name(brief_folder, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["brief", str(brief_folder), "--client", "Ana Lima", "--for-client",
                     "--as-of", AS_OF]) == 0
    page = (tmp_path / "ana-lima-progress.html").read_text(encoding="utf-8")
    assert "Your progress, Ana Lima" in page and "555-0100" not in page
    assert capsys.readouterr().out.startswith("wrote ana-lima-progress.html")


def test_unknown_client_lists_close_names(brief_folder, tmp_path, capsys):
    assert cli.main(["brief", str(brief_folder), "--client", "Anna Lima",
                     "-o", str(tmp_path / "x.html")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("careerkit brief: unknown client 'Anna Lima'; close names: "
                          "Ana Lima; the clients are: Ana Lima, Bo Secret")
    assert "Traceback" not in err and not (tmp_path / "x.html").exists()


def test_folder_that_does_not_load_gives_the_problems(tmp_path, capsys):
    folder = write_folder(tmp_path / "bad",
                          "goal_id,client,title,category,start_date,target_date,"
                          "completed_date,status\nG1,Ana,T,work,someday,2025-03-01,,active\n")
    assert cli.main(["brief", str(folder), "--client", "Ana", "-o",
                     str(tmp_path / "x.html")]) == 1
    err = capsys.readouterr().err
    assert "goals.csv" in err and "start_date" in err and "someday" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (["-o", "brief.txt"], "the output file must end in .html"),
    (["--since", "2025-03-10", "--as-of", AS_OF], "since (2025-03-10) must be before as_of"),
])
def test_bad_options(brief_folder, args, message, capsys):
    assert cli.main(["brief", str(brief_folder), "--client", "Ana Lima", *args]) == 1
    assert message in capsys.readouterr().err


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        cli.main(["brief", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "--for-client" in out and "careerkit brief sample_data" in out
