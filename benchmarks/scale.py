"""Past one machine: a caseload generated to Parquet and analysed on a Dask LocalCluster.

    .venv/bin/python benchmarks/scale.py --clients 1000000 --in-memory 100000 --write
    .venv/bin/python benchmarks/scale.py --clients 100000 --in-memory 100000   # smaller

(``make bench-scale``; ``BENCH_SCALE_CLIENTS=100000`` for the smaller run.) Steps:

1. ``careerkit demo --format parquet`` (``careerkit.demo.write_parquet``): the caseload
   generated block by block straight into partitions of about 100,000 goals; wall time,
   CPU and peak memory of the generating process (``--reuse``: the figures of the run that
   generated ``--folder``, kept in its ``benchmark-generate.json``).
2. On a ``LocalCluster`` (``--workers`` processes, one thread each, ``--memory-limit`` per
   worker), each step timed alone: the default ``as_of``, ``goal_status`` (the per-goal
   rows computed and held on the workers, in goal_id order), ``completion_rates`` by
   client and by category, ``time_to_goal`` by category (pandas results back here): wall
   time, the CPU time of each worker process and of this process, the load average; the
   peak memory of each worker.
3. One partition's task in this process (its three tables read, then ``goal_status``):
   CPU seconds, from which the table says how the work divides among workers and what a
   10-node cluster should take.
4. ``--in-memory N``: the in-memory path on N clients in a fresh process (load from
   Parquet, the same analytics, its peak memory; then loading the same caseload from CSV).

With ``--write`` the table goes into benchmarks/README.md between
``<!-- bench:scale:start -->`` and ``<!-- bench:scale:end -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

    cpu = cpu_seconds()
    _, seconds = timed(lambda: careerkit.demo.write_parquet(folder, clients, seed=seed,
                                                            progress=True))
    cpu = cpu_seconds() - cpu
    from careerkit.data import parquet

    meta = parquet.read_meta(folder)
    return {"generate_s": seconds, "generate_cpu_s": cpu, "generate_peak": peak_rss(),
            "partitions": meta["partitions"],
            "goals": meta["tables"]["goals"]["rows"], "tasks": meta["tables"]["tasks"]["rows"],
            "checkins": meta["tables"]["progress"]["rows"]}


def parquet_caseload(folder: Path) -> bool:
    from careerkit.data import parquet

    return parquet.is_dataset(folder)


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def on_cluster(folder: Path, workers: int, memory_limit: str) -> dict:
    import distributed

    import careerkit
    import careerkit.dask

    found = {"steps": {}}
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                  memory_limit=memory_limit, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        client.run(lambda: __import__("careerkit.dask"))  # imports are not the work timed

        def step(name, call):
            """Wall time, each worker's CPU and this process's CPU of one call."""
            before, mine = client.run(cpu_seconds), cpu_seconds()
            result, seconds = timed(call)
            after = client.run(cpu_seconds)
            found["steps"][name] = {
                "wall_s": seconds, "client_cpu_s": cpu_seconds() - mine,
                "worker_cpu_s": sorted(after[w] - before[w] for w in after),
                "load": benchlib.load_average()}
            print(name, json.dumps(found["steps"][name]), file=sys.stderr, flush=True)
            return result

        data = careerkit.dask.load(folder)
        as_of = step("as_of", lambda: careerkit.default_as_of(data))

        def status():
            held = careerkit.goal_status(data, as_of=as_of).persist()
            distributed.wait(held)
            rows = int(held.map_partitions(len).compute().sum())
            del held
            return rows

        found["status_rows"] = step("goal_status", status)
        by_client = step("rates_client", lambda: careerkit.completion_rates(
            data, by="client", as_of=as_of))
        step("rates_category", lambda: careerkit.completion_rates(
            data, by="category", as_of=as_of))
        step("time_to_goal", lambda: careerkit.time_to_goal(data, by="category", as_of=as_of))
        found["rates_rows"] = len(by_client)
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        found["worker_peaks"] = sorted(peaks.values())
        found["as_of"] = str(as_of.date())
    found["client_peak"] = peak_rss()
    found |= one_partition(folder, as_of)
    return found


def one_partition(folder: Path, as_of) -> dict:
    """One partition's task in this process, as a worker runs it for ``goal_status``:
    its three tables read from the files (a fresh CareerData), then the in-memory
    ``goal_status`` on it. CPU seconds, best of 3."""
    import careerkit
    from careerkit.dask.data import read_partition_data
    from careerkit.data import parquet

    meta = parquet.read_meta(folder)
    dtypes = {name: meta["tables"][name]["dtypes"] for name in parquet.TABLES}
    reads, computes = [], []
    for _ in range(3):
        started = cpu_seconds()
        part, _ = read_partition_data(str(folder), 0, dtypes)
        read = cpu_seconds()
        careerkit.goal_status(part, as_of=as_of)
        reads.append(read - started)
        computes.append(cpu_seconds() - read)
    return {"partition_goals": len(part.goals), "partition_read_s": min(reads),
            "partition_status_s": min(computes)}


IN_MEMORY = """
import json, resource, sys, tempfile, time
import careerkit
folder = sys.argv[1]
times = {}
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
def timed(name, call):
    wall, started = time.perf_counter(), cpu()
    result = call()
    times[name] = time.perf_counter() - wall
    times[name[:-2] + "_cpu_s"] = cpu() - started
    return result
data = timed("load_parquet_s", lambda: careerkit.load(folder))
as_of = careerkit.default_as_of(data)
timed("goal_status_s", lambda: careerkit.goal_status(data, as_of=as_of))
timed("rates_client_s", lambda: careerkit.completion_rates(data, by="client", as_of=as_of))
timed("rates_category_s", lambda: careerkit.completion_rates(data, by="category", as_of=as_of))
timed("time_to_goal_s", lambda: careerkit.time_to_goal(data, by="category", as_of=as_of))
# load + analytics: this process's own high-water mark (ru_maxrss would keep the parent's
# across exec on Linux)
with open("/proc/self/status") as status:
    times["peak"] = next(int(line.split()[1]) * 1024 for line in status
                         if line.startswith("VmHWM:"))
with tempfile.TemporaryDirectory() as csv:
    data.save(csv)
    del data
    timed("load_csv_s", lambda: careerkit.load(csv))
print(json.dumps(times))
"""


def in_memory(folder: Path) -> dict:
    """The in-memory path on the caseload in ``folder``, in a fresh process."""
    started = benchlib.now()
    out = subprocess.run([sys.executable, "-c", IN_MEMORY, str(folder)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1]) | {
        "started": f"{started:%H:%M} UTC", "load": benchlib.load_average()}


STEPS = {
    "as_of": "default as_of over all partitions (4 date columns read)",
    "goal_status": "`goal_status` ({status_rows:,} rows in goal_id order, held on the workers)",
    "rates_client": "`completion_rates(by=\"client\")` ({rates_rows:,} rows, pandas)",
    "rates_category": "`completion_rates(by=\"category\")`",
    "time_to_goal": "`time_to_goal(by=\"category\")`",
}


def table(clients: int, workers: int, memory_limit: str, gen: dict, dask: dict,
          memory: dict | None, memory_clients: int | None) -> str:
    gib = lambda b: f"{b / GIB:.2f} GiB"  # noqa: E731
    goals, partitions = gen["goals"], gen["partitions"]
    lines = [
        f"{clients:,} clients: {goals:,} goals, {gen['tasks']:,} tasks, "
        f"{gen['checkins']:,} check-ins in {partitions} partitions; as_of "
        f"{dask['as_of']}; LocalCluster of {workers} workers x 1 thread, memory limit "
        f"{memory_limit} each. CPU: user + system seconds of each worker process and of "
        "the process asking (the client), during that step alone.",
        "",
        f"Generating it (`careerkit demo --format parquet`, one process): "
        f"{gen['generate_s']:.0f} s, {gen.get('generate_cpu_s', float('nan')):.0f} s of CPU, "
        f"peak memory {gib(gen['generate_peak'])}.",
        "",
        "| step | wall time | CPU: workers | CPU: client | load average |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, label in STEPS.items():
        found = dask["steps"][name]
        lines.append(
            f"| {label.format(**dask)} | {found['wall_s']:.1f} s | "
            + " + ".join(f"{cpu:.1f}" for cpu in found["worker_cpu_s"])
            + f" s | {found['client_cpu_s']:.1f} s | {found['load']} |")
    lines += [
        "",
        "Peak memory of each worker over the whole run: "
        + ", ".join(gib(p) for p in dask["worker_peaks"])
        + f"; of the client process: {gib(dask['client_peak'])}.",
    ]
    per_partition = dask["partition_read_s"] + dask["partition_status_s"]
    per_goal = per_partition / max(dask["partition_goals"], 1)
    one_core = per_goal * goals
    waves = lambda n: -(-partitions // n)  # noqa: E731  (rounds of one partition each)
    status = dask["steps"]["goal_status"]
    lines += [
        "",
        f"How the time divides: a `goal_status` task on one partition "
        f"({dask['partition_goals']:,} goals, in this process) takes "
        f"{dask['partition_read_s']:.2f} s of CPU to read its three tables and "
        f"{dask['partition_status_s']:.2f} s to compute, {1e6 * per_goal:.1f} µs per goal: "
        f"{one_core:.0f} s of one core for all {goals:,} goals. The workers used "
        f"{sum(status['worker_cpu_s']):.0f} s of CPU for it (the rest: Dask's own work, "
        f"cutting the results into goal_id ranges, moving them), "
        f"{sum(status['worker_cpu_s']) / max(status['wall_s'], 1e-9):.2f} cores on average "
        "over its wall time on this shared machine. With a core per worker the partitions "
        f"go in rounds: {partitions} partitions take {waves(workers)} rounds on "
        f"{workers} workers (about {waves(workers) * per_partition:.0f} s), "
        f"{waves(20)} on a 10-node cluster of 2 cores each (20 workers: about "
        f"{waves(20) * per_partition:.1f} s of work, plus the scheduler's few seconds "
        "and the files' transfer from shared storage).",
    ]
    if memory:
        lines += [
            "",
            f"In memory (one process, {memory_clients:,} clients; run at "
            f"{memory['started']}, load average {memory['load']} at its end): load from Parquet "
            f"{memory['load_parquet_s']:.1f} s ({memory['load_parquet_cpu_s']:.1f} s CPU); "
            f"goal_status {memory['goal_status_s']:.1f} s ({memory['goal_status_cpu_s']:.1f}"
            f" s CPU), completion_rates by client {memory['rates_client_s']:.1f} s "
            f"({memory['rates_client_cpu_s']:.1f}), by category "
            f"{memory['rates_category_s']:.1f} s ({memory['rates_category_cpu_s']:.1f}), "
            f"time_to_goal {memory['time_to_goal_s']:.1f} s "
            f"({memory['time_to_goal_cpu_s']:.1f}); peak memory {gib(memory['peak'])} "
            f"(load and these analytics). Loading the same caseload from CSV: "
            f"{memory['load_csv_s']:.1f} s ({memory['load_csv_cpu_s']:.1f} s CPU).",
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
                        help="also run the in-memory path on N clients: this caseload when "
                             "N equals --clients, else build/scale/<N> (generated first "
                             "when missing)")
    parser.add_argument("--reuse-cluster", action="store_true",
                        help="with --reuse: also the cluster figures of the last run on "
                             "--folder (its benchmark-cluster.json; to redo only the "
                             "in-memory path)")
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
    clustered = folder / "benchmark-cluster.json"  # the figures of the last cluster run
    if args.reuse and args.reuse_cluster:
        dask = json.loads(clustered.read_text(encoding="utf-8"))
        started, commit, loads = dt.datetime.fromisoformat(dask["started"]), \
            dask["commit"], dask["loads"]
    else:
        dask = on_cluster(folder, args.workers, args.memory_limit)
        loads += [step["load"] for step in dask["steps"].values()]
        dask |= {"started": started.isoformat(), "commit": commit, "loads": loads}
        clustered.write_text(json.dumps(dask), encoding="utf-8")
    print(json.dumps(dask), file=sys.stderr)
    memory = None
    if args.in_memory:
        other = folder if args.in_memory == args.clients else \
            benchlib.ROOT / "build" / "scale" / str(args.in_memory)
        if not parquet_caseload(other):
            generate(other, args.in_memory, args.seed)
        memory = in_memory(other)
        print(json.dumps(memory), file=sys.stderr)
    if not args.reuse_cluster:
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
