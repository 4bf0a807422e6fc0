"""How long loading an Excel workbook takes, next to the same data as CSV files.

The caseload is ``careerkit demo --clients CLIENTS --seed 2026`` (10,000 clients, about
50,000 goals, 200,000 tasks and 525,000 check-ins, by default), cached under build/bench as
a CSV folder and as one workbook (``caseload.xlsx``, written by ``CareerData.save``: a sheet
per table, real dates, percent formats). Each load runs in a fresh process of its own
(``careerkit.load`` after ``import careerkit``); the table gives the median wall time, CPU
time and peak memory (the process's maximum resident set size) of ``--repeat`` runs, and
how long writing the workbook took.

The workbook is loaded twice, once with each reader careerkit has (the issue asks to
measure both): python-calamine for the cells with the number formats taken from the
workbook's styles (what ``careerkit.load`` does), and openpyxl's read-only mode with each
cell's number format (what careerkit falls back to for a sheet whose cells do not say where
they are; forced here by making ``Book.marks`` return None).

``--readers`` also times the two readers alone, each reading every cell of the workbook
(no validation), in fresh processes: openpyxl's read-only mode with each number's format,
and python-calamine (values only).

The table is printed and written into benchmarks/README.md between
``<!-- bench:workbook:start -->`` and ``end`` when the README has those markers (not with
``--no-write``, nor when careerkit is imported from another tree).

Usage::

    python benchmarks/workbook.py                       # 10,000 clients, 1 run each
    python benchmarks/workbook.py --clients 1000 --repeat 3 --readers --no-write
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import benchlib

SEED = 2026

#: Run in a child process: load the source with careerkit (or read it with a reader),
#: print wall time, CPU time and peak memory as JSON.
CHILD = """
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
wall, cpu = time.perf_counter(), time.process_time()
if kind in ("load", "load-openpyxl"):
    import careerkit
    if kind == "load-openpyxl":
        from careerkit.data import workbook
        workbook.Book.marks = lambda self, title: None  # every sheet read by openpyxl
    data = careerkit.load(path)
    what = repr(data)
elif kind == "openpyxl":
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format
                cells += 1
    what = f"{cells} cells"
else:
    import python_calamine
    book = python_calamine.CalamineWorkbook.from_path(path)
    cells = sum(len(row) for name in book.sheet_names
                for row in book.get_sheet_by_name(name).to_python())
    what = f"{cells} cells"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak *= 1 if sys.platform == "darwin" else 1024
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "peak": peak, "what": what}))
"""


def workbook_of(folder) -> tuple[object, float | None]:
    """The cached workbook of a caseload folder, written on first use (timed)."""
    path = folder.with_name(folder.name + ".xlsx")
    if path.exists():
        return path, None
    stem = folder.name.split("-clients-", 1)[1]
    for old in folder.parent.glob(f"demo-*-clients-{stem}.xlsx"):  # other generator versions
        old.unlink()
    partial = path.with_name(f".partial-{os.getpid()}-{path.name}")
    partial.unlink(missing_ok=True)
    print(f"  writing {path}", file=sys.stderr, flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys, careerkit; "
                    "careerkit.load(sys.argv[1]).save(sys.argv[2])", str(folder), str(partial)],
                   check=True, cwd=benchlib.ROOT, env=benchlib.child_env(benchlib.ROOT))
    seconds = time.perf_counter() - start
    partial.rename(path)
    return path, seconds


def run_child(kind: str, path) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, kind, str(path)], check=True,
                            capture_output=True, text=True, cwd=benchlib.ROOT,
                            env=benchlib.child_env(benchlib.ROOT))
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--readers", action="store_true",
                        help="also time openpyxl read-only and python-calamine alone")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    started, loads = benchlib.now(), [benchlib.load_average()]
    commit = benchlib.measured_commit()
    folder = benchlib.caseload(args.clients, SEED, "sorted")
    workbook, written = workbook_of(folder)

    jobs = [("CSV folder", "load", folder),
            ("workbook (.xlsx): python-calamine + formats from the styles (careerkit's reader)",
             "load", workbook),
            ("workbook (.xlsx): openpyxl read-only, each cell's format (the fallback)",
             "load-openpyxl", workbook)]
    if args.readers:
        jobs += [("openpyxl read-only alone, every cell and its format", "openpyxl", workbook),
                 ("python-calamine alone, every cell (values only)", "calamine", workbook)]
    rows = []
    for label, kind, path in jobs:
        runs = []
        for i in range(args.repeat):
            runs.append(run_child(kind, path))
            print(f"  {label} run {i + 1}: {runs[-1]['wall']:.1f} s", file=sys.stderr,
                  flush=True)
            loads.append(benchlib.load_average())
        rows.append((label, statistics.median(r["wall"] for r in runs),
                     statistics.median(r["cpu"] for r in runs),
                     max(r["peak"] for r in runs), runs[0]["what"]))

    command = "make bench" if os.environ.get("MAKELEVEL") else "python benchmarks/workbook.py"
    size = workbook.stat().st_size / 1e6
    lines = [benchlib.stamp(command, started, loads, commit), "",
             f"Loading {args.clients:,} clients (seed {SEED}; "
             f"{rows[0][4].split(' from ')[0].removeprefix('CareerData: ')}) with "
             f"`careerkit.load`, each run a fresh process; median of {args.repeat} "
             f"run{'s' * (args.repeat != 1)}. The workbook is {size:.0f} MB"
             + (f", written by `CareerData.save` in {written:.0f} s." if written else "."),
             "", "| source | wall time | CPU time | peak memory |", "|---|---:|---:|---:|"]
    for label, wall, cpu, peak, _ in rows:
        lines.append(f"| {label} | {wall:,.1f} s | {cpu:,.1f} s | {peak / 2**20:,.0f} MB |")
    table = "\n".join(lines)
    print(table)
    if not args.no_write and benchlib.careerkit_is_this_tree():
        benchlib.write_section("workbook", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
