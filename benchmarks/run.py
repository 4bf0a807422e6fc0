"""Benchmark careerkit on synthetic caseloads of several sizes.

For each size, a caseload is generated once with ``careerkit.demo`` (cached under
``build/bench/``), then a fresh Python process does the whole job: import careerkit, ``load``
the folder and compute the four metrics. The table reports the wall time and peak memory
(max RSS) of that process, and the split between its phases. Best of ``--repeat`` runs.

Usage::

    python benchmarks/run.py                      # 1,000, 10,000 and 100,000 clients
    python benchmarks/run.py --sizes 1000 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 2026

JOB = r"""
import json, sys, time
t0 = time.perf_counter()
import careerkit
t1 = time.perf_counter()
data = careerkit.load(sys.argv[1])
t2 = time.perf_counter()
phases = {"import": t1 - t0, "load": t2 - t1}
for name in ["goal_status", "task_status", "completion_rates", "target_history"]:
    start = time.perf_counter()
    getattr(careerkit, name)(data)
    phases[name] = time.perf_counter() - start
print(json.dumps(phases))
"""


def caseload(clients: int, cache: Path) -> Path:
    """The folder of a generated caseload, made on first use."""
    folder = cache / f"clients-{clients}-seed-{SEED}"
    if not (folder / "goals.csv").exists():
        import careerkit

        start = time.perf_counter()
        data = careerkit.demo.write(folder, clients, seed=SEED)
        print(f"  generated {data} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return folder


def run_once(folder: Path) -> dict:
    """Run the job in a fresh process; wall time and peak RSS come from the OS."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", JOB, str(folder)], stdout=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    output = process.stdout.read()
    process.stdout.close()
    if status != 0:
        raise SystemExit(f"benchmark job failed on {folder}")
    result = json.loads(output)
    result["wall"] = wall
    result["peak_mib"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return result


def sizes_of(folder: Path) -> str:
    counts = []
    for name in ["goals", "tasks", "progress"]:
        with open(folder / f"{name}.csv", "rb") as handle:
            counts.append(sum(1 for _ in handle) - 1)
    megabytes = sum((folder / f"{n}.csv").stat().st_size for n in ["goals", "tasks", "progress"])
    return f"{counts[0]:,} / {counts[1]:,} / {counts[2]:,} ({megabytes / 1e6:.0f} MB)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)

    rows = []
    for clients in args.sizes:
        print(f"{clients:,} clients", file=sys.stderr)
        folder = caseload(clients, args.cache)
        runs = [run_once(folder) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["wall"])
        best["peak_mib"] = min(r["peak_mib"] for r in runs)
        rows.append((clients, sizes_of(folder), best))

    print("| clients | goals / tasks / check-ins (CSV size) | wall time | peak memory "
          "| import | load | goal_status | task_status | completion_rates | target_history |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for clients, sizes, r in rows:
        print(f"| {clients:,} | {sizes} | {r['wall']:.2f} s | {r['peak_mib']:,.0f} MiB "
              f"| {r['import']:.2f} s | {r['load']:.2f} s | {r['goal_status']:.2f} s "
              f"| {r['task_status']:.2f} s | {r['completion_rates']:.2f} s "
              f"| {r['target_history']:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
