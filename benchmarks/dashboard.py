"""How fast the Dashboard widget answers, on a large made-up caseload.

Builds ``careerkit.demo.generate(CLIENTS, seed=1)`` in memory (10,000 clients, about 50,000
goals, by default), renders a :class:`careerkit.widgets.Dashboard` once, then times what a
person does: change a filter, change the as_of day. Each timing is ``time.perf_counter``
around setting a control's ``.value`` (the handlers run synchronously: metrics when needed,
the table, both charts updated in place), in this process, with no browser attached. The
table gives the median of ``--repeat`` runs, each a real change (another value each time),
and the CPU time of the same runs (``time.process_time``), which a busy machine disturbs
less. Targets: a filter change under 100 ms, an as_of change under 1 s. Also counted: what
the change sends to the browser's two charts (plotly commands, each one redraw of a chart in
the browser, and their JSON size), the median of the same runs.

The table is printed and written into benchmarks/README.md between
``<!-- bench:dashboard:start -->`` and ``end`` (not with ``--no-write``, nor when careerkit
is imported from another tree), with the commit measured and the date.

Usage::

    python benchmarks/dashboard.py                 # 10,000 clients, 7 runs each
    python benchmarks/dashboard.py --clients 1000 --repeat 11 --no-write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time

import benchlib
import plotly.utils

import careerkit
from careerkit.widgets import Dashboard

TARGETS = {"filter": 0.100, "as_of": 1.0}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    runs = args.repeat
    started, loads = benchlib.now(), [benchlib.load_average()]
    commit = benchlib.measured_commit()

    start = time.perf_counter()
    data = careerkit.demo.generate(args.clients, seed=args.seed)
    print(f"generated {data} in {time.perf_counter() - start:.1f} s", file=sys.stderr)

    start = time.perf_counter()
    dash = Dashboard(data)
    first = time.perf_counter() - start
    clients = dash.client.options
    categories = [value for _, value in dash.category.options]
    states = [value for _, value in dash.state.options]
    as_of = dash.as_of.value

    def pick(i: int) -> tuple:  # three clients, another three each run
        return tuple(clients[(3 * i + k) % len(clients)] for k in range(3))

    rows = []
    sent: list[tuple[int, int]] = []  # (plotly commands, JSON bytes) sent to the charts

    def recorder(send):
        def record(msg, buffers=None):
            commands = sum(1 for key, value in msg.get("state", {}).items()
                           if key.startswith("_py2js_") and value is not None)
            size = len(json.dumps(msg, cls=plotly.utils.PlotlyJSONEncoder))
            sent.append((commands, size + sum(len(b) for b in buffers or ())))
            send(msg, buffers)
        return record

    for figure in (dash.caseload_figure, dash.timeline_figure):
        figure._send = recorder(figure._send)

    def measure(what: str, kind: str, set_value, before=None) -> None:
        def run(i):
            if before is not None:
                before(i)  # not timed: puts the widget where the timed change starts
            sent.clear()
            start = time.perf_counter(), time.process_time()
            set_value(i)
            return start
        wall, cpu, commands, size = [], [], [], []
        for i in range(runs):
            (w, c) = run(i)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
            commands.append(sum(n for n, _ in sent))
            size.append(sum(b for _, b in sent))
        rows.append((what, kind, statistics.median(wall), statistics.median(cpu),
                     statistics.median(commands), statistics.median(size)))

    measure("pick 3 clients", "filter", lambda i: setattr(dash.client, "value", pick(i)))
    measure("back to all clients", "filter", lambda i: setattr(dash.client, "value", ()),
            before=lambda i: setattr(dash.client, "value", pick(i)))
    measure("pick a category", "filter",
            lambda i: setattr(dash.category, "value", (categories[i % len(categories)],)),
            before=lambda i: setattr(dash.category, "value", ()))
    dash.category.value = ()
    measure("pick a state", "filter",
            lambda i: setattr(dash.state, "value", (states[i % len(states)],)),
            before=lambda i: setattr(dash.state, "value", ()))
    dash.state.value = ()
    measure("new as_of day (computes goal_status)", "as_of",
            lambda i: setattr(dash.as_of, "value", as_of - dt.timedelta(days=7 * (i + 1))))
    measure("as_of day seen before (cached)", "as_of",
            lambda i: setattr(dash.as_of, "value", as_of - dt.timedelta(days=7 * (i % 2 + 1))))

    loads.append(benchlib.load_average())
    command = "make bench" if os.environ.get("MAKELEVEL") else "python benchmarks/dashboard.py"
    lines = [benchlib.stamp(command, started, loads, commit), "",
             f"Dashboard on {args.clients:,} clients, seed {args.seed} ({len(data.goals):,} "
             f"goals, {len(data.tasks):,} tasks, {len(data.progress):,} check-ins); median "
             f"of {runs} runs.", "",
             "| change | wall time | CPU time | target | chart redraws sent | JSON sent |",
             "|---|---:|---:|---:|---:|---:|",
             f"| first render (Dashboard(data)) | {first * 1000:,.0f} ms | | | | |"]
    for what, kind, wall, cpu, commands, size in rows:
        target = TARGETS[kind]
        mark = "" if wall < target else " (over)"
        lines.append(f"| {what} | {wall * 1000:,.0f} ms{mark} | {cpu * 1000:,.0f} ms "
                     f"| < {target * 1000:,.0f} ms | {commands:g} | {size / 1000:,.0f} kB |")
    table = "\n".join(lines)
    print(table)
    if not args.no_write and benchlib.careerkit_is_this_tree():
        benchlib.write_section("dashboard", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
