"""Benchmark the HTML report (and the Excel export) on synthetic caseloads.

For each size, a caseload is generated in memory with ``careerkit.demo.generate(N, seed=1)``,
then ``careerkit.report.build`` runs ``--repeat`` times (the first run also warms the
template and plotly.js caches; the table shows the best) with and without ``anonymize``,
and ``careerkit.export.export`` once. Prints a markdown table, one row per size, and writes
it into benchmarks/README.md between ``<!-- bench:report:start -->`` and ``end`` (not with
``--no-write``, nor when careerkit is imported from another tree), with the commit measured
and the date.

The budget for 10,000 clients is a report built in under 15 s that stays a sensible size
(the caseload charts are aggregated; per-client sections are capped at 25).

Usage::

    python benchmarks/report.py                  # 10,000 clients
    python benchmarks/report.py --sizes 1000 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from pathlib import Path

import benchlib

import careerkit
from careerkit import report

try:
    from careerkit.export import export
except ImportError:  # careerkit before 0487b3f (to measure a baseline): a private module
    from careerkit._excel import export

BUDGET_SECONDS = 15


def best_of(repeat: int, job) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-export", action="store_true", help="skip the Excel export")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    started, loads = benchlib.now(), [benchlib.load_average()]
    commit = benchlib.measured_commit()

    lines = ["| clients | goals | check-ins | report build | anonymized | report size "
             "| charts | export (.xlsx) | export size |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    print("\n".join(lines), flush=True)
    for clients in args.sizes:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", careerkit.CareerDataWarning)
            data = careerkit.demo.generate(clients, seed=1)
        plain, html = best_of(args.repeat, lambda d=data: report.build(d))
        anonymous, _ = best_of(args.repeat, lambda d=data: report.build(d, anonymize=True))
        size = len(html.encode("utf-8"))
        charts = html.count('class="figure-data"')
        export_time = export_size = "—"
        if not args.no_export:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "status.xlsx"
                seconds, _ = best_of(1, lambda d=data, p=path: export(d, p))
                export_time, export_size = f"{seconds:.1f} s", f"{path.stat().st_size / 1e6:.1f} MB"
        flag = "" if plain < BUDGET_SECONDS else " (over budget)"
        lines.append(f"| {clients:,} | {len(data.goals):,} | {len(data.progress):,} "
                     f"| {plain:.1f} s{flag} | {anonymous:.1f} s | {size / 1e6:.1f} MB "
                     f"| {charts} | {export_time} | {export_size} |")
        print(lines[-1], flush=True)
        loads.append(benchlib.load_average())
    command = "make bench" if os.environ.get("MAKELEVEL") else "python benchmarks/report.py"
    table = "\n".join([benchlib.stamp(command, started, loads, commit), "",
                       f"Demo caseloads of seed 1; best of {args.repeat} builds, one export.",
                       "", *lines])
    if not args.no_write and benchlib.careerkit_is_this_tree():
        benchlib.write_section("report", table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
