"""Check careerkit's four metrics against the DuckDB reference, cell for cell.

Generates small demo caseloads (``careerkit.demo``, sorted and realistic order), saves them
as data folders (and writes a hand-made folder of edge cases), then computes
``goal_status``, ``task_status``, ``completion_rates`` (by client) and ``target_history``
with careerkit (``careerkit.load`` and the public functions) and with
``benchmarks/duckdb_reference.py`` (DuckDB SQL on the CSV files), at the default ``as_of``
and at earlier days, and compares every cell: same columns, same rows in the same
order, equal values (floats within 1e-12, relative). Prints what differs; exits 1 when
anything does, but for the known deviations of careerkit from docs/metrics.md listed in
``KNOWN_EDGE_DEVIATIONS`` (printed, not failed).

Usage::

    python benchmarks/check_reference.py                       # 30 clients, seed 2026
    python benchmarks/check_reference.py --clients 300 --seed 5
    python benchmarks/check_reference.py --folder build/bench/... # an existing data folder
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import duckdb_reference

METRICS = duckdb_reference.METRICS
#: Days to look from besides the default: before most revisions, and mid-period.
EARLIER = ("2025-10-15", "2026-02-28")


def careerkit_results(folder: Path, as_of=None) -> dict[str, pd.DataFrame]:
    import careerkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = careerkit.load(folder)
    return {name: getattr(careerkit, name)(data, as_of=as_of) for name in METRICS}


def _cell(value):
    """A cell as a plain Python value: None, bool, int, float, str or datetime.date."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value)
    if isinstance(value, pd.Timestamp | dt.datetime | np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, dt.date):
        return value
    return str(value)


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            return False
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return type(a) is type(b) and a == b


def compare(ours: pd.DataFrame, theirs: pd.DataFrame, name: str, known=frozenset(),
            limit: int = 5) -> tuple[list[str], list[str]]:
    """What differs between careerkit's frame (``ours``) and DuckDB's, in words: the
    differences, and those of them listed in ``known`` ((metric, column, key) triples)."""
    problems, expected = [], []
    ours = ours.reset_index() if ours.index.name is not None else ours
    theirs = theirs.reset_index() if theirs.index.name is not None else theirs
    if list(ours.columns) != list(theirs.columns):
        return [f"{name}: columns differ: careerkit {list(ours.columns)}, "
                f"DuckDB {list(theirs.columns)}"], []
    if len(ours) != len(theirs):
        problems.append(f"{name}: careerkit has {len(ours):,} rows, DuckDB {len(theirs):,}")
    key = ours.columns[0]
    rows = min(len(ours), len(theirs))
    keys = [_cell(v) for v in ours[key].iloc[:rows]]
    for column in ours.columns:
        a = [_cell(v) for v in ours[column].iloc[:rows]]
        b = [_cell(v) for v in theirs[column].iloc[:rows]]
        bad = [i for i in range(rows) if not _same(a[i], b[i])]
        for i in [i for i in bad if (name, column, keys[i]) in known]:
            expected.append(f"{name}.{column} of {key} {keys[i]}: careerkit {a[i]!r}, "
                            f"DuckDB {b[i]!r}")
        bad = [i for i in bad if (name, column, keys[i]) not in known]
        if bad:
            shown = "; ".join(f"row {i} ({key} {keys[i]}): careerkit {a[i]!r}, "
                              f"DuckDB {b[i]!r}" for i in bad[:limit])
            problems.append(f"{name}.{column}: {len(bad):,} of {rows:,} cells differ: {shown}")
    return problems, expected


def check_folder(folder: Path, as_ofs=(None, *EARLIER), label: str = "",
                 known=frozenset()) -> tuple[list[str], list[str]]:
    """Compare careerkit and DuckDB on a data folder at each as_of: (differences, known
    differences)."""
    problems, expected = [], []
    for as_of in as_ofs:
        ours = careerkit_results(folder, as_of)
        theirs = duckdb_reference.compute(folder, as_of)
        where = f"{label} as_of={as_of or 'default'}"
        for name in METRICS:
            found, seen = compare(ours[name], theirs[name], name, known)
            problems += [f"[{where}] {p}" for p in found]
            expected += [f"[{where}] {p}" for p in seen]
            verdict = "differs" if found else "known differences" if seen else "equal"
            print(f"  {where:<34} {name:<17} {len(ours[name]):>7,} rows: {verdict}",
                  file=sys.stderr)
    return problems, expected


#: A hand-made folder for what demo caseloads rarely hold: check-ins on one day (the one
#: further down the file counts), a percent of 0.000001 (the forecast cap), seven decimals,
#: thirds of task weight, 100 % but not completed, blank and oddly cased statuses, the
#: stall boundary, a goal started on T, "45%", a forecast on the target day and one day
#: after, check-ins about a task with a percent and a new date, clients whose names sort
#: by code point (capitals first). The latest event is 2025-06-30.
EDGE_FILES = {
    "goals.csv": """\
goal_id,client,title,category,start_date,target_date,completed_date,status
E01,bob,same-day percents,skills,2025-01-01,2025-12-31,,active
E02,bob,tiny percent,skills,2025-01-01,2025-12-31,,active
E03,Zed,seven decimals,skills,2025-01-01,2025-12-31,,active
E04,Zed,thirds of tasks,skills,2025-01-01,2025-12-31,,active
E05,Émile,at 100 not completed,role,2025-01-01,2025-12-31,,active
E06,Émile,blank status done,role,2025-01-01,2025-12-31,2025-05-01,
E07,Émile,blank status open,role,2025-01-01,2025-03-31,,
E08,alice,revisions on one day,network,2025-01-01,2025-04-30,,ACTIVE
E09,alice,future goal,network,2025-12-01,2026-03-01,,active
E10,alice,21 days without check-in,network,2025-01-01,2025-12-31,,active
E11,alice,22 days without check-in,network,2025-01-01,2025-12-31,,active
E12,Carl,starts on T,compensation,2025-06-30,2025-12-31,,active
E13,Carl,on hold and late,compensation,2025-01-01,2025-02-01,,On_Hold
E14,Carl,dropped with tasks,wellbeing,2025-01-01,2025-12-31,,dropped
E15,Carl,percent sign,wellbeing,2025-01-01,2025-12-31,,active
E16,dana,odd weights,skills,2025-01-01,2025-12-31,,active
E17,dana,completed late,skills,2025-01-01,2025-05-31,2025-06-25,completed
E18,dana,forecast on the target,skills,2025-04-01,2025-09-28,,active
E19,dana,forecast a day late,skills,2025-04-01,2025-09-27,,active
E20,dana,task check-ins,skills,2025-01-01,2025-08-31,,active
E21,dana,below a millionth,skills,2025-01-01,2025-12-31,,active
""",
    "tasks.csv": """\
task_id,goal_id,title,due_date,weight,completed_date
T04a,E04,first third,2025-02-01,1,2025-02-01
T04b,E04,second third,2025-04-01,1,
T04c,E04,last third,2025-06-01,1,
T09a,E09,future step,2026-01-01,1,
T14a,E14,dropped step,2025-03-01,1,
T16a,E16,small step,2025-03-01,0.3333333,2025-03-01
T16b,E16,big step,2025-05-01,1,
T17a,E17,only step,2025-05-01,1,2025-06-20
T20a,E20,done step,2025-03-01,2,2025-06-29
T20b,E20,moved step,2025-05-01,1,
""",
    "progress.csv": """\
date,goal_id,task_id,percent_complete,revised_target_date,note,reason
2025-03-01,E01,,40,,,
2025-03-01,E01,,30,,the later line counts,
2025-02-01,E01,,50,,"earlier day, further down",
2025-06-01,E02,,0.000001,,,
2025-06-01,E03,,33.3333333,,,
2025-06-30,E05,,100,,,
2025-03-01,E08,,,2025-08-01,,scope
2025-03-01,E08,,,2025-07-01,the later line counts,capacity
2025-04-01,E08,,,,"no new date, skipped",
2025-06-09,E10,,10,,,
2025-06-08,E11,,10,,,
2025-06-30,E12,,10,,,
2025-02-01,E14,T14a,,,,
2025-06-15,E15,,45%,,,
2025-06-20,E18,,50,,,
2025-06-20,E19,,50,,,
2025-05-01,E20,T20b,80,2025-09-01,a task's percent is ignored,dependency
2025-05-02,E20,,,2025-10-01,,scope
2025-05-02,E20,T20b,,2025-09-15,,
2025-06-29,E21,,0.0000004,,,
""",
}
EDGE_AS_OFS = (None, "2025-06-01", "2025-03-01", "2025-02-15")


#: Where careerkit departs from docs/metrics.md in the edge cases: none since check-in
#: percents count to six decimal places in goal_status' every column (33.3333333 % is
#: 33.333333 %; 0.0000004 % is 0 %, not_started). A deviation found later is listed here as
#: (metric, column, goal or client) until it is fixed.
KNOWN_EDGE_DEVIATIONS: frozenset[tuple[str, str, str]] = frozenset()


def check_edge_cases(known=KNOWN_EDGE_DEVIATIONS) -> tuple[list[str], list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in EDGE_FILES.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        return check_folder(Path(tmp), EDGE_AS_OFS, "edge cases", known)


def check_demo(clients: int, seed: int, orders=("sorted", "realistic"),
               as_ofs=(None, *EARLIER)) -> tuple[list[str], list[str]]:
    import careerkit

    problems, expected = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for order in orders:
            folder = Path(tmp) / order
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                careerkit.demo.generate(clients, seed, order=order).save(folder)
            found, seen = check_folder(folder, as_ofs,
                                       f"{clients} clients, seed {seed}, {order}")
            problems += found
            expected += seen
    return problems, expected


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--folder", type=Path, help="check this data folder instead")
    args = parser.parse_args(argv)
    if args.folder:
        problems, expected = check_folder(args.folder, label=str(args.folder))
    else:
        problems, expected = check_edge_cases()
        found, seen = check_demo(args.clients, args.seed)
        problems, expected = problems + found, expected + seen
    if expected:
        print("Known deviations of careerkit from docs/metrics.md (see KNOWN_EDGE_DEVIATIONS):")
        for line in expected:
            print(f"  {line}")
    for problem in problems:
        print(problem)
    print("careerkit and DuckDB agree" + (" (but for the known deviations above)"
                                          if expected else "")
          if not problems else f"{len(problems)} differences between careerkit and DuckDB")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
