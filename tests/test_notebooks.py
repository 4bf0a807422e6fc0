"""The notebooks: committed clean, settings first, and each runs top to bottom on a large
demo caseload and on a folder whose newest goals start after its last check-in.

Every notebook in notebooks/ is run with nbclient on a 1,000-client caseload written by
``careerkit.demo.write``: an in-memory copy gets its parameters cell rewritten to point at
it. A probe cell appended to the copy reports a few of the notebook's own variables, so the
tests can check behaviour (not pixels). ``make test`` also runs the notebooks as they are,
on sample_data, through nbval.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import careerkit

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
DEMO_CLIENTS = 1000
CELL_TIMEOUT = 300  # seconds; the slowest cell takes about one
PROBE = "NOTEBOOK-PROBE "

# What each notebook reports after its run (its own variables, as JSON).
PROBES = {
    "02_coach_caseload": {
        "attention_states": "sorted(set(attention['state']))",
        "attention_goals": "len(attention)",
        "needing_attention": "int(status['state'].isin(['overdue', 'stalled', 'at_risk']).sum())",
        "client": "CLIENT",
        "dashboard_rows": "len(dash.status())",
    },
    "03_my_career_plan": {
        "work_dir": "WORK_DIR",
        "client": "CLIENT",
        "goal": "GOAL",
        "goal_state": "status.at[GOAL, 'state']",
        "goal_has_tasks": "bool(status.at[GOAL, 'has_tasks'])",
        "checkin_goal": "checkin.goal.value",
        "checkin_date": "checkin.date.value",
    },
    "04_drift_analysis": {
        "patterns": "int(patterns['goals'].sum())",
        "goals_with_forecast": "int(status.loc[status['state'] != 'dropped', "
                               "'forecast_drift_days'].notna().sum())",
        "revisions": "int(replanning['revisions'].sum())",
        "share_on_time": "SHARE_ON_TIME",
    },
}


def _id(path: Path) -> str:
    return path.stem


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _parameters_cell(nb) -> nbformat.NotebookNode:
    return next(cell for cell in nb.cells if cell.cell_type == "code")


# --- as committed --------------------------------------------------------------------------

def test_there_are_notebooks():
    names = [path.name for path in NOTEBOOKS]
    assert names[0] == "01_quickstart.ipynb"
    assert {"02_coach_caseload.ipynb", "03_my_career_plan.ipynb",
            "04_drift_analysis.ipynb"} <= set(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_first_code_cell_holds_plain_settings(path):
    nb = nbformat.read(path, as_version=4)
    cell = _parameters_cell(nb)
    assert "parameters" in cell.metadata.get("tags", [])
    tree = ast.parse(cell.source)
    names = []
    for statement in tree.body:
        assert isinstance(statement, ast.Assign), ast.dump(statement)
        assert len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)
        assert isinstance(statement.value, ast.Constant), ast.dump(statement.value)
        names.append(statement.targets[0].id)
    assert names[:2] == ["DATA_DIR", "AS_OF"]
    values = {s.targets[0].id: s.value.value for s in tree.body}
    assert values["DATA_DIR"] == "../sample_data"
    assert values["AS_OF"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    ids = [cell.id for cell in nb.cells]
    assert len(set(ids)) == len(ids)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.id
            assert cell.execution_count is None, cell.id
        assert "execution" not in cell.metadata, cell.id
    assert "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"


# --- running -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kernel_spec(tmp_path_factory):
    """A "python3" kernel that is this interpreter, whatever else is installed.

    JUPYTER_PATH comes first when Jupyter looks for kernels, before the user's own
    kernelspecs (which may point at another Python)."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (careerkit tests)",
        "language": "python",
    }))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(root))
        yield


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "caseload"
    careerkit.demo.write(folder, DEMO_CLIENTS, seed=3)
    return folder


@pytest.fixture(scope="module")
def demo_fingerprint(demo_folder) -> str:
    """The demo folder's fingerprint before any notebook ran."""
    return _fingerprint(demo_folder)


def execute(name: str, data_dir: Path, workdir: Path, what: str):
    """Run a notebook on ``data_dir`` (AS_OF None) in ``workdir``: (notebook, probe, the
    kernel's temp folder). ``what`` names the data in a failure."""
    path = NOTEBOOK_DIR / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = _parameters_cell(nb)
    lines = cell.source.splitlines()
    lines = [f"DATA_DIR = {str(data_dir)!r}" if line.startswith("DATA_DIR =") else
             "AS_OF = None" if line.startswith("AS_OF =") else line for line in lines]
    cell.source = "\n".join(lines)
    probe = {"python": "__import__('sys').executable", **PROBES.get(name, {})}
    fields = ", ".join(f"{key!r}: {expr}" for key, expr in probe.items())
    nb.cells.append(nbformat.v4.new_code_cell(
        f"import json as _json\nprint({PROBE!r} + _json.dumps({{{fields}}}))"))
    # A working directory of its own (notebooks must not depend on it), and a temp
    # folder of its own for the kernel, so that 03's working copy lands in it.
    kernel_tmp = workdir / "tmp"
    kernel_tmp.mkdir()
    client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(workdir)}})
    try:
        client.execute(env={**os.environ, "TMPDIR": str(kernel_tmp)})
    except CellExecutionError as error:
        pytest.fail(f"{name} failed on {what}:\n{error}")
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs
                   if o.output_type == "stream")
    reported = json.loads(text.split(PROBE, 1)[1])
    return nb, reported, kernel_tmp


def check_clean_run(nb) -> None:
    """No error output, no pandas warning, and the notebook's own checks passed."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", (cell.id, output.get("evalue"))
            if output.output_type == "stream" and output.name == "stderr":
                for warning in ("FutureWarning", "Pandas4Warning", "SettingWithCopyWarning"):
                    assert warning not in output.text, (cell.id, output.text)
    last = [cell for cell in nb.cells if cell.cell_type == "code"
            and "All checks passed" in cell.source]
    assert last, "every notebook ends with a checks cell"
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in last[-1].outputs)
    assert shown == "'All checks passed'"


@pytest.fixture(scope="module")
def run_notebook(kernel_spec, demo_folder, demo_fingerprint, tmp_path_factory):
    """Run a notebook on the demo caseload (once per module): (notebook, probe, tmp dir)."""
    runs = {}

    def run(name: str):
        if name not in runs:
            runs[name] = execute(name, demo_folder, tmp_path_factory.mktemp(f"run-{name}"),
                                 f"the {DEMO_CLIENTS}-client demo")
        return runs[name]

    return run


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_runs_top_to_bottom_on_a_large_caseload(path, run_notebook, demo_folder,
                                                demo_fingerprint):
    nb, probe, _ = run_notebook(path.stem)
    assert probe["python"] == sys.executable  # the kernel is this environment
    assert _fingerprint(demo_folder) == demo_fingerprint, "a notebook wrote into DATA_DIR"
    check_clean_run(nb)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_runs_when_goals_start_after_the_last_checkin(path, kernel_spec, future_goals_folder,
                                                      tmp_path):
    """A folder whose newest goals start after its last check-in (the default as_of):
    notebook 03 once failed on such a folder (the check-in form's KeyError)."""
    before = _fingerprint(future_goals_folder)
    workdir = tmp_path / "run"
    workdir.mkdir()
    nb, probe, _ = execute(path.stem, future_goals_folder, workdir,
                           "a folder whose goals start after its last check-in")
    assert probe["python"] == sys.executable
    assert _fingerprint(future_goals_folder) == before, "a notebook wrote into DATA_DIR"
    check_clean_run(nb)
    if path.stem == "03_my_career_plan":
        assert (probe["client"], probe["goal"]) == ("Ana Lima", "G1")
        assert probe["checkin_goal"] == "G1" and probe["checkin_date"] == "2026-06-30"


def test_caseload_lists_only_goals_needing_attention(run_notebook, demo_folder):
    _, probe, _ = run_notebook("02_coach_caseload")
    assert set(probe["attention_states"]) <= {"overdue", "stalled", "at_risk"}
    assert probe["attention_goals"] == probe["needing_attention"] > 0
    goals = careerkit.load(demo_folder).goals
    assert probe["client"] in set(goals["client"])
    assert probe["dashboard_rows"] > 0


def test_career_plan_works_on_a_copy(run_notebook, demo_folder, demo_fingerprint):
    _, probe, kernel_tmp = run_notebook("03_my_career_plan")
    assert _fingerprint(demo_folder) == demo_fingerprint
    work = Path(probe["work_dir"])
    assert work.is_relative_to(kernel_tmp.resolve())  # a fresh temporary copy
    assert (work / "goals.csv").is_file()
    copy, original = careerkit.load(work), careerkit.load(demo_folder)
    # Showing the forms saved nothing: the copy is still the data as it was.
    for frame in ("goals", "tasks", "progress"):
        assert getattr(copy, frame).equals(getattr(original, frame)), frame
    owner = original.goals.set_index("goal_id").at[probe["goal"], "client"]
    assert owner == probe["client"]
    assert probe["goal_state"] in {"overdue", "stalled", "not_started", "at_risk", "on_track"}
    assert probe["goal_has_tasks"]
    assert probe["checkin_goal"] == probe["goal"]
    assert probe["checkin_date"] == f"{careerkit.default_as_of(original):%Y-%m-%d}"


def test_drift_analysis_accounts_for_every_goal(run_notebook):
    _, probe, _ = run_notebook("04_drift_analysis")
    assert probe["patterns"] == probe["goals_with_forecast"] > 0
    assert probe["revisions"] > 0
    assert 0 <= probe["share_on_time"] <= 1
