"""Save, or compare with saved ones, careerkit's answers on the benchmark caseloads.

A change meant to make careerkit faster must not change a single cell. This script loads
the benchmark caseloads (``careerkit demo --seed 2026`` in sorted and realistic order, the
same cached folders as ``benchmarks/run.py``, made on first use), computes the loaded
tables and every metric at two days (the default as_of and 120 days before it):
``goal_status``, ``task_status``, ``completion_rates`` by client and by category,
``target_history`` and ``needs_attention``. Then it either saves them (``--save DIR``,
one pickle per caseload) or compares them with saved ones (``--compare DIR``): values,
dtypes, index and column order, exactly. Exit status 1 on any difference.

Usage::

    python benchmarks/compare_results.py --save /tmp/results-before      # before a change
    python benchmarks/compare_results.py --compare /tmp/results-before   # after it
    python benchmarks/compare_results.py --compare /tmp/results-before --sizes 100000
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
import warnings
from pathlib import Path

import benchlib
import pandas as pd

SEED = 2026
ORDERS = ("sorted", "realistic")
EARLIER = pd.Timedelta(days=120)


def results(folder: Path) -> dict[str, pd.DataFrame]:
    """Every answer compared: the loaded tables and the metrics at two days."""
    import careerkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        data = careerkit.load(folder)
    out = {"goals": data.goals, "tasks": data.tasks, "progress": data.progress}
    latest = careerkit.default_as_of(data)
    for label, as_of in (("default", None), ("earlier", latest - EARLIER)):
        metrics = {
            "goal_status": lambda a=as_of: careerkit.goal_status(data, as_of=a),
            "task_status": lambda a=as_of: careerkit.task_status(data, as_of=a),
            "completion_rates_client": lambda a=as_of: careerkit.completion_rates(
                data, by="client", as_of=a),
            "completion_rates_category": lambda a=as_of: careerkit.completion_rates(
                data, by="category", as_of=a),
            "target_history": lambda a=as_of: careerkit.target_history(data, as_of=a),
            "needs_attention": lambda a=as_of: careerkit.needs_attention(data, as_of=a),
        }
        for name, compute in metrics.items():
            out[f"{name}@{label}"] = compute()
    return out


def differences(name: str, expected: pd.DataFrame, actual: pd.DataFrame) -> str | None:
    """Why two frames differ (None when identical: values, dtypes, index, columns)."""
    try:
        pd.testing.assert_frame_equal(actual, expected, check_exact=True,
                                      check_index_type=True, check_column_type=True,
                                      check_frame_type=True, check_names=True,
                                      check_flags=True, check_freq=True)
    except AssertionError as error:
        return f"{name}: {error}"
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, metavar="DIR")
    action.add_argument("--compare", type=Path, metavar="DIR")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--orders", nargs="+", choices=ORDERS, default=list(ORDERS))
    parser.add_argument("--cache", type=Path, default=benchlib.CACHE)
    args = parser.parse_args(argv)
    failed = False
    for clients in args.sizes:
        for order in args.orders:
            folder = benchlib.caseload(clients, SEED, order, args.cache)
            start = time.perf_counter()
            found = results(folder)
            took = time.perf_counter() - start
            file = (args.save or args.compare) / f"clients-{clients}-seed-{SEED}-{order}.pickle"
            if args.save:
                file.parent.mkdir(parents=True, exist_ok=True)
                with open(file, "wb") as handle:
                    pickle.dump(found, handle, protocol=pickle.HIGHEST_PROTOCOL)
                print(f"{clients:,} {order}: {len(found)} frames saved to {file} "
                      f"({took:.1f} s)")
                continue
            with open(file, "rb") as handle:
                saved = pickle.load(handle)
            problems = [f"{name}: missing" for name in saved.keys() - found.keys()]
            problems += [f"{name}: not saved" for name in found.keys() - saved.keys()]
            problems += [d for name in sorted(saved.keys() & found.keys())
                         if (d := differences(name, saved[name], found[name]))]
            failed |= bool(problems)
            verdict = "identical" if not problems else f"{len(problems)} differ"
            print(f"{clients:,} {order}: {len(saved)} frames {verdict} ({took:.1f} s)")
            for problem in problems:
                print("  " + problem.replace("\n", "\n    "))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
