"""Past one machine: a caseload generated to Parquet and analysed on a Dask LocalCluster.

    .venv/bin/python benchmarks/scale.py --clients 1000000          # make bench-scale
    .venv/bin/python benchmarks/scale.py --clients 100000 --in-memory 100000

Steps, each timed (wall clock) in this process:

1. ``careerkit demo --format parquet`` (``careerkit.demo.write_parquet``): the caseload
   generated block by block straight into partitions of about 100,000 goals; peak memory
   of the generating process.
2. On a ``LocalCluster`` (``--workers`` processes, one thread each, ``--memory-limit`` per
   worker): ``goal_status`` (the per-goal rows computed and held on the workers, in
   goal_id order), ``completion_rates`` by client and by category, and ``time_to_goal``
   by category (pandas results back here). Peak memory of each worker process.
3. Per-partition throughput: one partition in memory here, goal_status timed on it alone
   (best of 3); the extrapolation to more workers divides the partitions' work among them.
4. ``--in-memory N``: the in-memory path on N clients in a fresh process (load from the
   Parquet folder and from a CSV folder, goal_status, completion_rates, time_to_goal) and
   its peak memory, for comparison.

With ``--write`` the table goes into benchmarks/README.md between
``<!-- bench:scale:start -->`` and ``<!-- bench:scale:end -->``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib

GIB = 2**30


def peak_rss() -> int:
    """Peak resident memory of this process, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def generate(folder: Path, clients: int, seed: int) -> dict:
    import careerkit

    _, seconds = timed(lambda: careerkit.demo.write_parquet(folder, clients, seed=seed,
                                                            progress=True))
    from careerkit.data import parquet

    meta = parquet.read_meta(folder)
    return {"generate_s": seconds, "generate_peak": peak_rss(),
            "partitions": meta["partitions"],
            "goals": meta["tables"]["goals"]["rows"], "tasks": meta["tables"]["tasks"]["rows"],
            "checkins": meta["tables"]["progress"]["rows"]}


def on_cluster(folder: Path, workers: int, memory_limit: str) -> dict:
    import distributed

    import careerkit
    import careerkit.dask

    found = {}
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                  memory_limit=memory_limit, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        client.run(lambda: __import__("careerkit.dask"))  # imports are not the work timed
        data = careerkit.dask.load(folder)
        as_of, found["as_of_s"] = timed(lambda: careerkit.default_as_of(data))

        def status():
            held = careerkit.goal_status(data, as_of=as_of).persist()
            distributed.wait(held)
            rows = int(held.map_partitions(len).compute().sum())
            del held
            return rows

        found["status_rows"], found["goal_status_s"] = timed(status)
        by_client, found["rates_client_s"] = timed(
            lambda: careerkit.completion_rates(data, by="client", as_of=as_of))
        _, found["rates_category_s"] = timed(
            lambda: careerkit.completion_rates(data, by="category", as_of=as_of))
        _, found["time_to_goal_s"] = timed(
            lambda: careerkit.time_to_goal(data, by="category", as_of=as_of))
        found["rates_rows"] = len(by_client)
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        found["worker_peaks"] = sorted(peaks.values())
        found["as_of"] = str(as_of.date())
        # one partition in memory: the in-memory function's time on it, alone, joins
        # included (a fresh CareerData each time, as each Dask task builds one)
        from careerkit.dask.data import partition_data

        frames = [table.get_partition(0).compute() for table in data.frames()]
        times = [timed(lambda: careerkit.goal_status(partition_data(*frames)[0], as_of=as_of))[1]
                 for _ in range(3)]
        found["partition_goals"] = len(frames[0])
        found["partition_status_s"] = min(times)
    found["client_peak"] = peak_rss()
    return found


IN_MEMORY = """
import json, resource, sys, tempfile, time
import careerkit
folder, clients = sys.argv[1], int(sys.argv[2])
times = {}
def timed(name, call):
    started = time.perf_counter(); result = call(); times[name] = time.perf_counter() - started
    return result
data = timed("load_parquet_s", lambda: careerkit.load(folder))
with tempfile.TemporaryDirectory() as csv:
    data.save(csv)
    timed("load_csv_s", lambda: careerkit.load(csv))
as_of = careerkit.default_as_of(data)
timed("goal_status_s", lambda: careerkit.goal_status(data, as_of=as_of))
timed("rates_client_s", lambda: careerkit.completion_rates(data, by="client", as_of=as_of))
timed("rates_category_s", lambda: careerkit.completion_rates(data, by="category", as_of=as_of))
timed("time_to_goal_s", lambda: careerkit.time_to_goal(data, by="category", as_of=as_of))
times["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps(times))
"""


def in_memory(folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", IN_MEMORY, str(folder), "0"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(clients: int, workers: int, memory_limit: str, gen: dict, dask: dict,
          memory: dict | None, memory_clients: int | None) -> str:
    gib = lambda b: f"{b / GIB:.2f} GiB"  # noqa: E731
    per_goal = dask["partition_status_s"] / max(dask["partition_goals"], 1)
    goals = gen["goals"]
    one_core = per_goal * goals
    lines = [
        f"{clients:,} clients: {goals:,} goals, {gen['tasks']:,} tasks, "
        f"{gen['checkins']:,} check-ins in {gen['partitions']} partitions; as_of "
        f"{dask['as_of']}; LocalCluster of {workers} workers x 1 thread, memory limit "
        f"{memory_limit} each.",
        "",
        "| step | wall time | peak memory |",
        "| --- | ---: | ---: |",
        f"| generate to Parquet (`careerkit demo --format parquet`) | {gen['generate_s']:.1f} s "
        f"| {gib(gen['generate_peak'])} (the generating process) |",
        f"| default as_of over all partitions | {dask['as_of_s']:.1f} s | |",
        f"| `goal_status` ({dask['status_rows']:,} rows, held on the workers) | "
        f"{dask['goal_status_s']:.1f} s | workers: "
        + ", ".join(gib(p) for p in dask["worker_peaks"]) + " (peak of each, whole run) |",
        f"| `completion_rates(by=\"client\")` ({dask['rates_rows']:,} rows, pandas) | "
        f"{dask['rates_client_s']:.1f} s | |",
        f"| `completion_rates(by=\"category\")` | {dask['rates_category_s']:.1f} s | |",
        f"| `time_to_goal(by=\"category\")` | {dask['time_to_goal_s']:.1f} s | client process "
        f"{gib(dask['client_peak'])} |",
        "",
        f"Per-partition throughput: `goal_status` on one partition in memory "
        f"({dask['partition_goals']:,} goals) takes {dask['partition_status_s']:.2f} s, "
        f"{1e6 * per_goal:.1f} µs per goal: {one_core:.1f} s of one core for all {goals:,} "
        f"goals, so about {one_core / workers:.1f} s on {workers} workers and "
        f"{one_core / 20:.1f} s on a 10-node cluster of 2 cores each (20 workers), plus "
        "reading, the shuffle into goal_id order and the scheduler's overhead (the "
        "difference between that and the measured wall time above).",
    ]
    if memory:
        lines += [
            "",
            f"In memory (one process, {memory_clients:,} clients, the same caseload folder): "
            f"load from Parquet {memory['load_parquet_s']:.1f} s, from CSV "
            f"{memory['load_csv_s']:.1f} s; goal_status {memory['goal_status_s']:.1f} s, "
            f"completion_rates by client {memory['rates_client_s']:.1f} s, by category "
            f"{memory['rates_category_s']:.1f} s, time_to_goal {memory['time_to_goal_s']:.1f} s;"
            f" peak memory {gib(memory['peak'])}.",
        ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="4GiB")
    parser.add_argument("--folder", type=Path, default=None,
                        help="where the Parquet caseload goes (default build/scale/<clients>)")
    parser.add_argument("--reuse", action="store_true",
                        help="use the caseload already in --folder and the figures of the "
                             "run that generated it (skip generating)")
    parser.add_argument("--in-memory", type=int, default=None, metavar="N",
                        help="also run the in-memory path, on the caseload when N equals "
                             "--clients (the folder is loaded whole)")
    parser.add_argument("--write", action="store_true",
                        help="write the table into benchmarks/README.md")
    args = parser.parse_args(argv)
    folder = args.folder or benchlib.ROOT / "build" / "scale" / str(args.clients)
    started = benchlib.now()
    commit = benchlib.measured_commit()
    loads = [benchlib.load_average()]
    generated = folder / "benchmark-generate.json"  # the figures of the generating run
    if args.reuse:
        gen = json.loads(generated.read_text(encoding="utf-8"))
    else:
        gen = generate(folder, args.clients, args.seed)
        generated.write_text(json.dumps(gen), encoding="utf-8")
    print(json.dumps(gen), file=sys.stderr)
    dask = on_cluster(folder, args.workers, args.memory_limit)
    print(json.dumps(dask), file=sys.stderr)
    memory = in_memory(folder) if args.in_memory == args.clients else None
    loads.append(benchlib.load_average())
    text = table(args.clients, args.workers, args.memory_limit, gen, dask, memory,
                 args.in_memory)
    command = f"benchmarks/scale.py --clients {args.clients}" + (
        f" --in-memory {args.in_memory}" if args.in_memory else "")
    text = benchlib.stamp(command, started, loads, commit) + "\n\n" + text
    print(text)
    if args.write and benchlib.careerkit_is_this_tree():
        benchlib.write_section("scale", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
