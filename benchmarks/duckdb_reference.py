"""An independent DuckDB SQL implementation of careerkit's four metrics, as a reference.

It reads a data folder with DuckDB's own CSV reader and computes ``goal_status``,
``task_status``, ``completion_rates`` (by client) and ``target_history`` in SQL, following
docs/metrics.md, without importing careerkit: a second implementation to check careerkit's
answers against (``benchmarks/check_reference.py``, ``tests/test_duckdb_reference.py``) and
to time it against (``benchmarks/run.py``). DuckDB is a development dependency only.

Scope: folders as careerkit writes them (``CareerData.save``, ``careerkit demo``): UTF-8,
comma-separated, ISO dates, plain numbers, canonical headers. It does not validate
anything and does not read the other formats careerkit accepts (day-first dates,
semicolons, other encodings, ...); a percent may end in ``%``.

How the contract is followed:

- ``as_of`` (T) defaults to the latest check-in date or completed date of a goal or task,
  else the latest start date. Rows dated after T are ignored; goals starting after T are
  left out, with their tasks and check-ins.
- "The latest check-in" is the last by (date, line in the file): the line is the ``rowid``
  of the table created from progress.csv, which DuckDB fills in file order
  (``preserve_insertion_order``, on by default).
- Percents and task weights count in millionths (six decimal places), as integers, so the
  forecast ``T + ceil((100 - p) / (p / days so far))`` is computed exactly: a goal with
  tasks has p = 100 * done weight / total weight, a goal without has p = its latest
  goal-level percent; forecasts are capped at 9999-12-31.

Usage::

    python benchmarks/duckdb_reference.py FOLDER            # prints the phases' seconds as JSON
    python benchmarks/duckdb_reference.py FOLDER --show     # prints the four results

From Python: ``compute(folder, as_of=None)`` returns a dict of the four pandas frames, shaped
like careerkit's (same columns, index and sort order).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import duckdb

METRICS = ("goal_status", "task_status", "completion_rates", "target_history")

#: The largest date a forecast takes (docs/metrics.md: "Forecasts are capped").
CAP = "DATE '9999-12-31'"
MICRO = 1_000_000


def _csv(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    return (f"read_csv('{quoted}', header = true, all_varchar = true, delim = ',', "
            "quote = '\"', escape = '\"')")


def _header(path: Path) -> set[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {name.strip() for name in next(csv.reader(handle), [])}


def _text(column: str) -> str:
    """A text cell, trimmed, NULL when empty."""
    return f"nullif(trim({column}), '')"


def _date(column: str) -> str:
    """An ISO date cell (a time of day, if any, dropped), NULL when empty."""
    return f"CAST(left({_text(column)}, 10) AS DATE)"


def _micro(column: str) -> str:
    """A number cell (``45``, ``45.5``, ``45%``) in millionths (rounded half away from
    zero), NULL when empty."""
    return (f"CAST(round(CAST(replace({_text(column)}, '%', '') AS DECIMAL(38, 18))"
            f" * {MICRO}) AS BIGINT)")


def _table(con, name: str, path: Path, columns: dict[str, tuple[str, str, str]]) -> None:
    """CREATE TABLE name from the CSV file: columns maps each output column to (the file's
    column, the expression on it, the value when the file has no such column)."""
    present = _header(path)
    select = ", ".join(
        f"{expression if source in present else missing} AS {out}"
        for out, (source, expression, missing) in columns.items())
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {select} FROM {_csv(path)}")


def load(folder: str | os.PathLike, con: duckdb.DuckDBPyConnection | None = None):
    """Read goals.csv, tasks.csv and progress.csv of ``folder`` into DuckDB tables.

    Optional columns may be missing; the file's other columns are not read.
    """
    folder = Path(folder)
    con = con or duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    _table(con, "goals_file", folder / "goals.csv", {
        "goal_id": ("goal_id", "trim(goal_id)", "NULL::VARCHAR"),
        "client": ("client", "trim(client)", "NULL::VARCHAR"),
        "title": ("title", "trim(title)", "NULL::VARCHAR"),
        "category": ("category", _text("category"), "NULL::VARCHAR"),
        "start_date": ("start_date", _date("start_date"), "NULL::DATE"),
        "target_date": ("target_date", _date("target_date"), "NULL::DATE"),
        "completed_date": ("completed_date", _date("completed_date"), "NULL::DATE"),
        "status": ("status", f"lower({_text('status')})", "NULL::VARCHAR"),
    })
    # a blank status is completed with a completed_date, else active
    con.execute("""
        CREATE OR REPLACE TABLE goals AS
        SELECT * REPLACE (coalesce(status, CASE WHEN completed_date IS NULL THEN 'active'
                                                ELSE 'completed' END) AS status)
        FROM goals_file;
        DROP TABLE goals_file
    """)
    tasks = folder / "tasks.csv"
    if tasks.exists():
        _table(con, "tasks", tasks, {
            "task_id": ("task_id", "trim(task_id)", "NULL::VARCHAR"),
            "goal_id": ("goal_id", "trim(goal_id)", "NULL::VARCHAR"),
            "title": ("title", "trim(title)", "NULL::VARCHAR"),
            "due_date": ("due_date", _date("due_date"), "NULL::DATE"),
            "w": ("weight", f"coalesce({_micro('weight')}, {MICRO})", f"{MICRO}::BIGINT"),
            "completed_date": ("completed_date", _date("completed_date"), "NULL::DATE"),
        })
    else:
        con.execute("""CREATE OR REPLACE TABLE tasks (task_id VARCHAR, goal_id VARCHAR,
                       title VARCHAR, due_date DATE, w BIGINT, completed_date DATE)""")
    progress = folder / "progress.csv"
    if progress.exists():
        # the line in the file is the table's rowid: DuckDB fills a table in file order
        _table(con, "progress", progress, {
            "date": ("date", _date("date"), "NULL::DATE"),
            "goal_id": ("goal_id", "trim(goal_id)", "NULL::VARCHAR"),
            "task_id": ("task_id", _text("task_id"), "NULL::VARCHAR"),
            "pct": ("percent_complete", _micro("percent_complete"), "NULL::BIGINT"),
            "revised": ("revised_target_date", _date("revised_target_date"), "NULL::DATE"),
        })
    else:
        con.execute("""CREATE OR REPLACE TABLE progress (date DATE, goal_id VARCHAR,
                       task_id VARCHAR, pct BIGINT, revised DATE)""")
    return con


def default_as_of_sql() -> str:
    return """coalesce(
        (SELECT max(day) FROM (SELECT date AS day FROM progress
                               UNION ALL SELECT completed_date FROM goals
                               UNION ALL SELECT completed_date FROM tasks)),
        (SELECT max(start_date) FROM goals))"""


def _as_of(as_of) -> str:
    if as_of is None:
        return default_as_of_sql()
    return f"DATE '{dt.date.fromisoformat(str(as_of)[:10]).isoformat()}'"


def _common(as_of) -> str:
    """CTEs shared by the metrics: T, the goals started by T, check-ins on or before T."""
    return f"""
    as_of_day AS (SELECT {_as_of(as_of)} AS T),
    g AS (SELECT goals.*, T FROM goals, as_of_day WHERE start_date <= T),
    ci AS (
        SELECT p.*, p.rowid AS line,
               (p.date - DATE '1970-01-01') * 4294967296 + p.rowid AS key
        FROM progress p, as_of_day WHERE p.date <= T
    )"""


def _goal_rows(stall_days: int) -> str:
    """CTEs computing goal_status's rows (named ``gs``), after ``_common``."""
    return f"""
    task_w AS (
        SELECT goal_id, count(*) AS n_tasks,
               count(*) FILTER (WHERE completed_date <= T) AS n_done,
               sum(w)::HUGEINT AS w_total,
               coalesce(sum(w) FILTER (WHERE completed_date <= T), 0)::HUGEINT AS w_done
        FROM tasks, as_of_day GROUP BY goal_id
    ),
    pct AS (
        SELECT goal_id, arg_max(pct, key) AS pct
        FROM ci WHERE task_id IS NULL AND pct IS NOT NULL GROUP BY goal_id
    ),
    rev AS (
        SELECT goal_id, arg_max(revised, key) AS revised
        FROM ci WHERE task_id IS NULL AND revised IS NOT NULL GROUP BY goal_id
    ),
    seen AS (SELECT goal_id, max(date) AS last_checkin FROM ci GROUP BY goal_id),
    step1 AS (
        SELECT g.*, coalesce(g.completed_date <= g.T, false) AS completed_at_T,
               coalesce(rev.revised, g.target_date) AS current_target,
               seen.last_checkin, task_w.n_tasks, task_w.n_done, task_w.w_total,
               task_w.w_done,
               -- percent_complete = num / den, exactly
               CASE WHEN coalesce(g.completed_date <= g.T, false) THEN 100::HUGEINT
                    WHEN task_w.goal_id IS NOT NULL THEN 100 * task_w.w_done
                    WHEN pct.pct IS NOT NULL THEN pct.pct::HUGEINT
                    ELSE 0::HUGEINT END AS num,
               CASE WHEN coalesce(g.completed_date <= g.T, false) THEN 1::HUGEINT
                    WHEN task_w.goal_id IS NOT NULL THEN task_w.w_total
                    WHEN pct.pct IS NOT NULL THEN {MICRO}::HUGEINT
                    ELSE 1::HUGEINT END AS den
        FROM g
        LEFT JOIN task_w USING (goal_id)
        LEFT JOIN pct USING (goal_id)
        LEFT JOIN rev USING (goal_id)
        LEFT JOIN seen USING (goal_id)
    ),
    step2 AS (
        SELECT *,
               -- the days still needed: ceil((100 - p) * days so far / p), p = num / den,
               -- in whole numbers
               CASE WHEN NOT completed_at_T AND num > 0 AND num < 100 * den
                    THEN ((100 * den - num) * greatest(1, T - start_date) + num - 1) // num
               END AS to_go
        FROM step1
    ),
    step3 AS (
        SELECT *,
               CASE WHEN completed_at_T THEN completed_date
                    WHEN num = 100 * den THEN T
                    WHEN to_go > {CAP} - T THEN {CAP}
                    WHEN to_go IS NOT NULL THEN T + CAST(to_go AS INTEGER)
               END AS forecast_date
        FROM step2
    ),
    gs AS (
        SELECT goal_id, client, title, category, status, start_date, target_date,
               completed_date, completed_at_T,
               CAST(num AS DOUBLE) / CAST(den AS DOUBLE) AS percent_complete,
               current_target, forecast_date,
               current_target - target_date AS revision_drift_days,
               forecast_date - target_date AS forecast_drift_days,
               CASE WHEN NOT completed_at_T AND T > current_target THEN T - current_target
                    ELSE 0 END AS overdue_days,
               last_checkin,
               T - coalesce(last_checkin, start_date) AS days_since_checkin,
               CASE WHEN status = 'dropped' THEN 'dropped'
                    WHEN completed_at_T THEN 'completed'
                    WHEN status = 'on_hold' THEN 'on_hold'
                    WHEN NOT completed_at_T AND T > current_target THEN 'overdue'
                    WHEN T - coalesce(last_checkin, start_date) > {int(stall_days)}
                        THEN 'stalled'
                    WHEN num = 0 THEN 'not_started'
                    WHEN forecast_date > current_target THEN 'at_risk'
                    ELSE 'on_track' END AS state,
               n_tasks, n_done, w_total, w_done, T
        FROM step3
    )"""


def goal_status_sql(as_of=None, stall_days: int = 21) -> str:
    return f"""
    WITH {_common(as_of)}, {_goal_rows(stall_days)}
    SELECT goal_id, client, title, category, status, start_date, target_date, completed_date,
           completed_at_T, percent_complete, current_target, forecast_date,
           revision_drift_days, forecast_drift_days, overdue_days, last_checkin,
           days_since_checkin, state
    FROM gs ORDER BY goal_id"""


def task_status_sql(as_of=None) -> str:
    return f"""
    WITH {_common(as_of)},
    rev AS (
        SELECT task_id, arg_max(revised, key) AS revised
        FROM ci WHERE task_id IS NOT NULL AND revised IS NOT NULL GROUP BY task_id
    ),
    ts AS (
        SELECT t.task_id, t.goal_id, t.title, t.due_date,
               coalesce(rev.revised, t.due_date) AS current_due,
               coalesce(t.completed_date <= g.T, false) AS done, t.completed_date, g.T
        FROM tasks t JOIN g USING (goal_id) LEFT JOIN rev USING (task_id)
    )
    SELECT task_id, goal_id, title, due_date, current_due, done,
           CASE WHEN done THEN completed_date - due_date
                ELSE greatest(T, current_due) - due_date END AS drift_days,
           CASE WHEN done THEN completed_date <= due_date
                WHEN T > due_date THEN false END AS on_time
    FROM ts ORDER BY task_id"""


def completion_rates_sql(as_of=None, stall_days: int = 21) -> str:
    return f"""
    WITH {_common(as_of)}, {_goal_rows(stall_days)}
    SELECT client,
           count(*) AS goals,
           count(*) FILTER (WHERE completed_at_T) AS completed,
           count(*) FILTER (WHERE completed_at_T) / count(*) AS completion_rate,
           count(*) FILTER (WHERE target_date <= T) AS due,
           count(*) FILTER (WHERE completed_at_T AND completed_date <= target_date) AS on_time,
           count(*) FILTER (WHERE completed_at_T AND completed_date <= target_date)
               / nullif(count(*) FILTER (WHERE target_date <= T OR completed_at_T), 0)
               AS on_time_rate,
           coalesce(sum(n_tasks), 0)::BIGINT AS tasks,
           coalesce(sum(n_done), 0)::BIGINT AS tasks_done,
           CAST(sum(w_done) AS DOUBLE) / nullif(CAST(sum(w_total) AS DOUBLE), 0)
               AS task_completion_rate,
           avg(percent_complete) AS mean_percent_complete,
           quantile_cont(forecast_drift_days, 0.5) AS median_forecast_drift_days
    FROM gs WHERE status <> 'dropped'
    GROUP BY client ORDER BY client NULLS LAST"""


def target_history_sql(as_of=None) -> str:
    return f"""
    WITH {_common(as_of)},
    rows AS (
        SELECT goal_id, NULL::VARCHAR AS task_id, start_date AS date, target_date AS target,
               0 AS revision, -1 AS line
        FROM g
        UNION ALL
        SELECT ci.goal_id, NULL, ci.date, ci.revised, 1, ci.line
        FROM ci JOIN g USING (goal_id) WHERE ci.task_id IS NULL AND ci.revised IS NOT NULL
        UNION ALL
        SELECT t.goal_id, t.task_id, g.start_date, t.due_date, 0, -1
        FROM tasks t JOIN g USING (goal_id)
        UNION ALL
        SELECT ci.goal_id, ci.task_id, ci.date, ci.revised, 1, ci.line
        FROM ci JOIN g USING (goal_id) WHERE ci.task_id IS NOT NULL AND ci.revised IS NOT NULL
    )
    SELECT goal_id, task_id, date, target FROM rows
    ORDER BY goal_id, task_id NULLS FIRST, date, revision, line"""


SQL = {
    "goal_status": goal_status_sql,
    "task_status": task_status_sql,
    "completion_rates": completion_rates_sql,
    "target_history": target_history_sql,
}
INDEX = {"goal_status": "goal_id", "task_status": "task_id", "completion_rates": "client",
         "target_history": None}


def as_of_of(con) -> dt.date:
    """The default as_of of the loaded folder."""
    return con.execute(f"SELECT {default_as_of_sql()}").fetchone()[0]


def fetch(relation):
    """A query's whole result as an Arrow table (``to_arrow_table`` since DuckDB 1.4)."""
    method = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return method()


def to_pandas(name: str, table):
    """A result (an Arrow table) as a pandas frame shaped like careerkit's."""
    frame = table.to_pandas()
    return frame.set_index(INDEX[name]) if INDEX[name] else frame


def compute(folder: str | os.PathLike, as_of=None) -> dict:
    """The four metrics of ``folder`` as pandas frames (completion rates by client)."""
    con = load(folder)
    try:
        return {name: to_pandas(name, fetch(con.sql(SQL[name](as_of)))) for name in METRICS}
    finally:
        con.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--show", action="store_true", help="print the four results")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    con = load(args.folder)
    phases = {"load": time.perf_counter() - start}
    results = {}
    for name in METRICS:
        start = time.perf_counter()
        results[name] = fetch(con.sql(SQL[name](args.as_of)))  # computed and fetched
        phases[name] = time.perf_counter() - start
    if args.show:
        for name, table in results.items():
            print(f"{name}: {table.num_rows:,} rows\n{to_pandas(name, table).head(10)}\n")
    else:
        print(json.dumps(phases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
