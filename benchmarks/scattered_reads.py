"""What reading one column in id order costs when the file is not kept in id order.

A result listed by id (task_status: one row per task, by task_id) reads each of its columns
in id order. On a file kept in id order that read goes through memory front to back; on a
file kept as people keep it (tasks appended as planned, ids unsorted) it jumps all over
memory. This times both reads of the benchmark caseload's own tasks (their real order),
column by column and the way careerkit reads each: dates as NumPy datetimes (an edit may
change them in place, so nothing is kept from load), ids written from their numbers, titles
from dictionary codes kept from load. The difference is a floor under any metric listing
all tasks by id: no code can read such a column in scattered order for less.

Usage: python benchmarks/scattered_reads.py [--clients 100000] [--repeat 7] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib

import careerkit
from careerkit.analytics import kernel


def fastest(read, rows: np.ndarray, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        read(rows)
        times.append(time.perf_counter() - started)
    return min(times)


def measure(clients: int, repeat: int) -> list[tuple]:
    data = careerkit.load(benchlib.caseload(clients, 2026, "realistic"))
    # all tasks but one (as a metric reads them: a copy, not the column itself), by task_id
    # (rows in scattered order) and front to back
    scattered = data.task_order()[:-1]
    in_order = np.arange(len(scattered))
    due = data.tasks["due_date"].to_numpy()
    codes = data.text_codes("tasks", "title")
    reads = {
        "due_date (8-byte dates)": lambda rows: due[rows],
        "task_id (written from numbers)": data.task_ids_at,
        "goal_id (written from numbers)": lambda rows: data.goal_ids_at(
            data.task_goal_rows()[rows]),
        "title (codes kept from load)": lambda rows: kernel.rows_of(
            data.tasks["title"], rows, codes),
        "title (plain take)": lambda rows: data.tasks["title"].array.take(rows),
    }
    return [(clients, len(scattered), name, fastest(read, in_order, repeat),
             fastest(read, scattered, repeat)) for name, read in reads.items()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    started, loads = benchlib.now(), [benchlib.load_average()]
    commit = benchlib.measured_commit()
    rows = []
    for clients in args.clients:
        rows += measure(clients, args.repeat)
        loads.append(benchlib.load_average())
    command = "make bench" if os.environ.get("MAKELEVEL") else \
        "python benchmarks/scattered_reads.py"
    lines = [benchlib.stamp(command, started, loads, commit), "",
             "One column of all tasks but one, realistic caseload (seed 2026), read front to "
             f"back and in task_id order; fastest of {args.repeat} reads in one process, ms.",
             "", "| clients | tasks | column | front to back | in task_id order | extra |",
             "|---:|---:|---|---:|---:|---:|"]
    for clients, tasks, name, forward, by_id in rows:
        lines.append(f"| {clients:,} | {tasks:,} | {name} | {forward * 1e3:,.1f} | "
                     f"{by_id * 1e3:,.1f} | {(by_id - forward) * 1e3:+,.1f} |")
    table = "\n".join(lines)
    print(table)
    if not args.no_write and benchlib.careerkit_is_this_tree():
        benchlib.write_section("scattered", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
