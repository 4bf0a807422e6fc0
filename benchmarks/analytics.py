"""How fast the deeper analytics answer (issue 11): schedule performance, time to goal,
check-in cadence, the re-plan ledger, changes, Monte Carlo finish dates and the back-test.

Loads the benchmark caseload (``careerkit demo --order realistic``, seed 2026, cached under
build/bench by :mod:`benchlib`) once per size, then times each function on it in this
process: wall time (``time.perf_counter``) and CPU time (``time.process_time``, which a busy
machine disturbs less), the fastest of ``--repeat`` runs, and the peak memory the call added
(``tracemalloc`` is not used: it slows numpy down; the peak is the process's resident set
high-water mark read before and after, so only growth beyond earlier peaks shows).

Targets (issue 11): at 100,000 clients each of schedule_performance, time_to_goal,
checkin_cadence, revisions and changes within 1.5 s; forecast_finish with 2,000 trials within
15 s at 10,000 clients and 150 s at 100,000, under 4 GiB. forecast_accuracy is timed at
10,000 clients with the trials given by ``--accuracy-trials``.

The table is printed and written into benchmarks/README.md between
``<!-- bench:analytics:start -->`` and ``end`` (not with ``--no-write``).

Usage::

    python benchmarks/analytics.py                       # 10,000 and 100,000 clients
    python benchmarks/analytics.py --clients 10000 --no-write
    python benchmarks/analytics.py --skip-forecast-at 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time

import benchlib

import careerkit

TARGETS = {"schedule_performance": 1.5, "time_to_goal": 1.5, "checkin_cadence": 1.5,
           "revisions": 1.5, "changes": 1.5}
FORECAST_TARGETS = {10_000: 15.0, 100_000: 150.0}


def peak_rss() -> int:
    """The process's resident-set high-water mark, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed(call, repeat: int) -> tuple[float, float, int]:
    """Fastest wall and CPU time of ``repeat`` runs of ``call()``, and the peak growth."""
    walls, cpus = [], []
    before = peak_rss()
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), peak_rss() - before


def measure(clients: int, args) -> list[tuple]:
    folder = benchlib.caseload(clients, 2026, "realistic")
    start = time.perf_counter()
    data = careerkit.load(folder)
    print(f"loaded {data} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    as_of = careerkit.analytics.default_as_of(data)
    since = as_of - dt.timedelta(days=14)
    calls = {
        "schedule_performance": lambda: careerkit.schedule_performance(data),
        "time_to_goal": lambda: careerkit.time_to_goal(data, by="category"),
        "checkin_cadence": lambda: careerkit.checkin_cadence(data),
        "revisions": lambda: careerkit.revisions(data),
        "changes": lambda: careerkit.changes(data, since=since),
    }
    rows = []
    for name, call in calls.items():
        wall, cpu, grew = timed(call, args.repeat)
        rows.append((clients, name, "", wall, cpu, grew, TARGETS[name]))
        print(f"  {clients:,} {name}: {wall:.2f} s", file=sys.stderr)
    if clients not in args.skip_forecast_at:
        wall, cpu, grew = timed(lambda: careerkit.forecast_finish(data, progress=False), 1)
        rows.append((clients, "forecast_finish", "2,000 trials", wall, cpu, grew,
                     FORECAST_TARGETS.get(clients)))
        print(f"  {clients:,} forecast_finish: {wall:.1f} s", file=sys.stderr)
    if clients <= 10_000 and args.accuracy_trials:
        trials = args.accuracy_trials
        wall, cpu, grew = timed(
            lambda: careerkit.forecast_accuracy(data, trials=trials, progress=False), 1)
        rows.append((clients, "forecast_accuracy", f"{trials:,} trials, month starts", wall,
                     cpu, grew, None))
        print(f"  {clients:,} forecast_accuracy: {wall:.1f} s", file=sys.stderr)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--accuracy-trials", type=int, default=200)
    parser.add_argument("--skip-forecast-at", type=int, nargs="*", default=[])
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    started, loads = benchlib.now(), [benchlib.load_average()]
    commit = benchlib.measured_commit()
    rows = []
    for clients in args.clients:
        rows += measure(clients, args)
        loads.append(benchlib.load_average())
    command = "make bench" if os.environ.get("MAKELEVEL") else "python benchmarks/analytics.py"
    lines = [benchlib.stamp(command, started, loads, commit), "",
             f"Realistic row order, seed 2026; fastest of {args.repeat} runs (Monte Carlo: "
             "one run); memory: growth of the process's peak resident set during the call.",
             "", "| clients | function | options | wall time | CPU time | peak growth | target |",
             "|---:|---|---|---:|---:|---:|---:|"]
    for clients, name, options, wall, cpu, grew, target in rows:
        mark = "" if target is None or wall <= target else " (over)"
        goal = "" if target is None else f"≤ {target:,.1f} s"
        lines.append(f"| {clients:,} | `{name}` | {options} | {wall:,.2f} s{mark} | "
                     f"{cpu:,.2f} s | {grew / 2**20:,.0f} MiB | {goal} |")
    table = "\n".join(lines)
    print(table)
    if not args.no_write and benchlib.careerkit_is_this_tree():
        benchlib.write_section("analytics", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
