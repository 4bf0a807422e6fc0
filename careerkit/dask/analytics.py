"""The analytics on a partitioned caseload: the in-memory functions, partition by partition.

No rule is written twice. Every goal, with its tasks and check-ins, lives in one
partition (all of its client's rows do), and every per-goal or per-client result depends
only on those rows and on ``as_of``. So :func:`run`

1. fixes ``as_of`` first, exactly as in memory: the latest event over all partitions
   (the in-memory :func:`~careerkit.analytics.default_as_of` of the partitions' latest
   dates), and passes it to every partition;
2. calls the same function on each partition (a CareerData in memory), as Dask tasks;
3. puts the rows in the in-memory order: results keyed by goal_id, task_id or client are
   sorted by that key (each partition's result cut into ranges of the key, each range
   gathered and sorted: no shuffle of whole frames); results whose order starts with
   goal_id or client (all of whose rows come from one partition, already in order) by
   that key and then their place in the partition; needs_attention by its order (state,
   severity, client, goal_id);
4. combines aggregates from exact partial results: ``completion_rates`` grouped by client
   (alone or with other keys) per partition, as a client's goals are all in one;
   otherwise from the per-goal counts of every partition
   (:func:`~careerkit.analytics.rates.completion_counts`, in file order, so even the
   float means are the same), ``time_to_goal`` from the summed
   per-duration counts of events and censored goals (a Kaplan–Meier curve depends on
   nothing else: the one implementation runs on goals rebuilt from those counts).

``forecast_finish`` draws each goal's trials from a stream seeded by (seed, goal_id), so a
goal gets the same dates in any partition: a first pass puts the caseload's pooled
increments together from every partition (:func:`caseload_pool`), and each partition's
call borrows those (basis ``caseload``) and writes levels in the caseload's unit.
``forecast_accuracy`` runs partition by partition too: each partition counts and sums its
goals' errors at every grid date (forecast_finish borrowing the caseload's pool of that
date), and the tables come from the totals (the Brier score's mean over the squared
errors gathered in goal_id order).
"""

from __future__ import annotations

import inspect

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask import delayed

from ..analytics import accuracy, attention, forecast, kernel, rates
from ..data import CareerData
from ..data.schema import FILES, GOALS
from ..data.validation import empty_frame
from .data import NO_STRING_CONVERSION, DaskCareerData

_POSITION = "__careerkit_position"

#: How each analytic's rows are put in order: "index" (sorted by a unique index), a
#: column name (the order starts with it; see the module docstring) or "attention".
ROWS = {
    "goal_status": "index",
    "task_status": "index",
    "schedule_performance": "index",
    "forecast_finish": "index",
    "needs_attention": "attention",
    "target_history": "goal_id",
    "changes": "client",
}
#: The same for the tables of the analytics returning a named tuple.
TUPLES = {
    "checkin_cadence": ("index", "index"),
    "revisions": ("goal_id", "index"),
}
#: Analytics reading only the latest dates of the data.
LATEST = ("default_as_of", "resolve_as_of", "staleness")
#: Analytics of one goal: they run on the partition holding it.
ONE_GOAL = ("forecast_at_pace", "pace_plan", "percent_over_time")


def run(function, data: DaskCareerData, *args, **kwargs):
    """``function(data, *args, **kwargs)`` on a partitioned caseload (documented internal:
    called by :func:`careerkit.analytics.dispatch.partitioned`).

    Examples
    --------
    >>> import tempfile, careerkit, careerkit.dask
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = careerkit.load("sample_data").to_parquet(folder, partitions=2)
    ...     rates = careerkit.completion_rates(careerkit.dask.load(folder), by="category")
    >>> rates.equals(careerkit.completion_rates(careerkit.load("sample_data"), by="category"))
    True
    """
    name = function.__name__
    if name in LATEST:
        return function(latest_entries(data), *args, **kwargs)
    arguments = _arguments(function, data, args, kwargs)
    if name == "forecast_finish" and arguments["caseload_increments"] is None:
        arguments["caseload_increments"] = caseload_pool(data, arguments["as_of"])
    if name in ROWS:
        return _rows(function, data, arguments, ROWS[name])
    if name in TUPLES:
        meta = function(data.empty(), **arguments)
        parts = [delayed(_call, pure=True)(function, part, arguments)
                 for part in data.partitions()]
        return type(meta)(*(
            _ordered([delayed(_element, pure=True)(p, i) for p in parts], table, order, data)
            for i, (table, order) in enumerate(zip(meta, TUPLES[name], strict=True))))
    if name == "completion_rates":
        return _completion_rates(data, arguments)
    if name == "time_to_goal":
        return _time_to_goal(function, data, arguments)
    if name in ONE_GOAL:
        return function(_partition_of(data, arguments["goal_id"]), **arguments)
    if name == "forecast_accuracy":
        return _forecast_accuracy(data, arguments)
    raise TypeError(f"{name} does not take a partitioned caseload")


# --- as_of -------------------------------------------------------------------------------

def latest_entries(data: DaskCareerData) -> CareerData:
    """A one-row CareerData holding the latest dates of every partition (the latest
    check-in, goal and task completion, goal start): what
    :func:`~careerkit.analytics.default_as_of` reads, computed over all partitions once
    (remembered by ``data``)."""
    if data.latest is None:
        data.latest = _latest_entries(data)
    return data.latest


def _latest_entries(data: DaskCareerData) -> CareerData:
    wanted = [("progress", "date"), ("goals", "completed_date"), ("tasks", "completed_date"),
              ("goals", "start_date")]
    parts = [[delayed(_latest, pure=True)(part, column) for part in data.columns(table, [column])]
             for table, column in wanted]
    latest = [max((value for value in found if not pd.isna(value)), default=pd.NaT)
              for found in dask.compute(*parts)]
    frames = [empty_frame(spec) for spec in FILES]
    goals, tasks, progress = (frame.reindex(range(1)) for frame in frames)
    progress["date"] = pd.Series([latest[0]], dtype=frames[2]["date"].dtype)
    goals["completed_date"] = pd.Series([latest[1]], dtype=frames[0]["completed_date"].dtype)
    tasks["completed_date"] = pd.Series([latest[2]], dtype=frames[1]["completed_date"].dtype)
    goals["start_date"] = pd.Series([latest[3]], dtype=frames[0]["start_date"].dtype)
    return CareerData(goals, tasks, progress)


def _latest(frame: pd.DataFrame, column: str):
    return frame[column].max()


def _arguments(function, data: DaskCareerData, args, kwargs) -> dict:
    """The call's arguments by name, with ``as_of`` (and ``until``) fixed for all partitions."""
    bound = inspect.signature(function).bind(data, *args, **kwargs)
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    arguments.pop(next(iter(arguments)))
    for name in ("as_of", "until"):
        if name in arguments:
            given = arguments[name]
            arguments[name] = (kernel.default_as_of(latest_entries(data)) if given is None
                               else kernel.resolve_as_of(data, given))
    return arguments


# --- rows --------------------------------------------------------------------------------

def _call(function, part, arguments):
    return function(part[0], **arguments)


def _element(result, i):
    return result[i]


def _rows(function, data, arguments, order):
    meta = function(data.empty(), **arguments)
    parts = [delayed(_call, pure=True)(function, part, arguments) for part in data.partitions()]
    return _ordered(parts, meta, order, data)


#: The table and column whose values an index of that name takes.
KEY_SOURCES = {"goal_id": ("goals", "goal_id"), "task_id": ("tasks", "task_id"),
               "client": ("goals", "client")}


def _ordered(parts: list, meta: pd.DataFrame, order: str, data: DaskCareerData
             ) -> dd.DataFrame:
    """The partitions' results as one Dask DataFrame in the in-memory order."""
    with dask.config.set(NO_STRING_CONVERSION):
        frame = dd.from_delayed(parts, meta=meta, verify_meta=False)
        if order == "index":  # a unique key: ranges of it, each sorted
            divisions = key_divisions(data, *KEY_SOURCES[meta.index.name])
            if len(divisions) < 2:
                return frame.repartition(npartitions=1).map_partitions(
                    _sorted_by_index, meta=meta)
            return _by_ranges(parts, meta, divisions)
        # results of events or few rows: in order in one partition
        whole = frame.map_partitions(_numbered, meta=_numbered(meta)).repartition(
            npartitions=1)
        sort = _attention_sorted if order == "attention" else _lead_sorted
        return whole.map_partitions(sort, order, meta=meta)


def key_divisions(data: DaskCareerData, table: str, column: str) -> tuple:
    """Boundaries splitting the values of ``table[column]`` into about as many ranges as
    there are partitions (from a sample of each partition, remembered), for sorting a
    result by it in one shuffle."""
    known = data.divisions.get((table, column))
    if known is None:
        samples = dask.compute(*(delayed(_sample, pure=True)(part[column], data.npartitions)
                                 for part in data.columns(table, [column])))
        values = np.unique(np.concatenate([np.asarray(s, dtype=object) for s in samples]))
        if len(values):
            cuts = values[np.linspace(0, len(values) - 1, data.npartitions + 1).astype(int)]
            known = tuple(dict.fromkeys(cuts.tolist()))
        else:
            known = ()
        data.divisions[(table, column)] = known
    return known


def _sample(values: pd.Series, count: int) -> np.ndarray:
    """About 20 values per partition of the whole, sorted, first and last included."""
    ordered = np.sort(values.dropna().to_numpy(dtype=object))
    if not len(ordered):
        return ordered
    picks = np.linspace(0, len(ordered) - 1, min(len(ordered), 20 * count)).astype(int)
    return ordered[picks]


def _by_ranges(parts: list, meta: pd.DataFrame, divisions: tuple) -> dd.DataFrame:
    """The partitions' results (each indexed by a unique key) as ranges of the key, each
    sorted: every result is cut into its rows of each range where it is (the ranges of
    :meth:`dask.dataframe.DataFrame.set_index`: ``divisions[i] <= key < divisions[i +
    1]``, the last range closed), and each range gathers only its own rows."""
    count = len(divisions) - 1
    cuts = [delayed(_cut, pure=True, nout=count)(part, divisions) for part in parts]
    ranges = [delayed(_joined, pure=True)([cut[i] for cut in cuts]) for i in range(count)]
    return dd.from_delayed(ranges, meta=meta, divisions=divisions, verify_meta=False)


def _cut(frame: pd.DataFrame, divisions: tuple) -> tuple:
    """``frame``'s rows of each range of :func:`_by_ranges`, in their order."""
    count = len(divisions) - 1
    inner = np.asarray(divisions[1:-1], dtype=object)
    at = np.searchsorted(inner, frame.index.to_numpy(dtype=object), side="right")
    order = np.argsort(at, kind="stable")
    bounds = np.searchsorted(at[order], np.arange(count + 1))
    return tuple(frame.iloc[order[bounds[i]:bounds[i + 1]]] for i in range(count))


def _joined(frames: list) -> pd.DataFrame:
    """One range's rows from every partition, sorted by the key."""
    filled = [frame for frame in frames if len(frame)]
    return _sorted_by_index(pd.concat(filled) if filled else frames[0])


def _sorted_by_index(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_index(kind="stable")


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{_POSITION: np.arange(len(frame), dtype=np.int64)})


def _lead_sorted(frame: pd.DataFrame, lead: str) -> pd.DataFrame:
    """Rows whose order starts with ``lead`` (each value's rows from one partition, in
    order there): sorted by it, then by their place in their partition."""
    order = np.lexsort((frame[_POSITION].to_numpy(),
                        frame[lead].to_numpy(dtype=object)))
    return frame.iloc[order].drop(columns=_POSITION).reset_index(drop=True)


def _attention_sorted(frame: pd.DataFrame, _) -> pd.DataFrame:
    """needs_attention's order (:func:`careerkit.analytics.attention.attention_order`):
    state, severity (worst first), client, goal_id."""
    key = pd.DataFrame({
        "rank": pd.Categorical(frame["state"], categories=attention.ATTENTION_ORDER).codes,
        "severity": -frame["severity_days"].to_numpy(dtype=np.int64),
        "client": frame["client"].to_numpy(dtype=object),
        "goal": frame.index.to_numpy(dtype=object)})
    order = key.sort_values(["rank", "severity", "client", "goal"], kind="stable").index
    return frame.iloc[order.to_numpy()].drop(columns=_POSITION)


# --- aggregates --------------------------------------------------------------------------

def _keys(by) -> list:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def _completion_counts(part, keys: list, t: int) -> pd.DataFrame:
    data, rows = part
    counted = rates.completion_counts(data, keys, t)
    started, _ = kernel.started_goals(data, t)
    counted.index = rows.to_numpy()[started[counted.index.to_numpy()]]
    return counted


def _completion_rates(data: DaskCareerData, arguments: dict) -> pd.DataFrame:
    empty = rates.completion_rates(data.empty(), **arguments)  # the same errors for a wrong ``by``
    keys, stamp = _keys(arguments["by"]), arguments["as_of"]
    if "client" in keys:  # every group in one partition: its rates are computed there
        parts = [part for part in dask.compute(*(
            delayed(_call, pure=True)(rates.completion_rates, part, arguments)
            for part in data.partitions())) if len(part)]
        return pd.concat(parts).sort_index(na_position="last") if parts else empty
    t = kernel.days([stamp])[0] if stamp is not None else 0
    parts = dask.compute(*(delayed(_completion_counts, pure=True)(part, keys, t)
                           for part in data.partitions()))
    counted = pd.concat(parts).sort_index(kind="stable")  # the goals' file order
    return rates.rates_of_counts(counted, keys)


def _duration_counts(function, part, arguments: dict) -> pd.DataFrame:
    table = function(part[0], **arguments).table
    return table[[*_keys(arguments["by"]), "days", "events", "censored"]]


def _time_to_goal(function, data: DaskCareerData, arguments: dict):
    meta = function(data.empty(), **arguments)
    keys, stamp = _keys(arguments["by"]), arguments["as_of"]
    parts = dask.compute(*(delayed(_duration_counts, pure=True)(function, part, arguments)
                           for part in data.partitions()))
    counts = pd.concat([meta.table[[*keys, "days", "events", "censored"]], *parts])
    counts = counts.groupby([*keys, "days"], dropna=False, sort=False).sum().reset_index()
    return function(_goals_of_counts(counts, keys, stamp), **arguments)


def _goals_of_counts(counts: pd.DataFrame, keys: list, stamp) -> CareerData:
    """Goals with exactly the durations and outcomes counted: each event a goal started
    ``days`` before T and completed on T, each censored one a goal started ``days`` before
    T and still active on T. Their time_to_goal is that of the counted goals."""
    events = counts["events"].to_numpy()
    censored = counts["censored"].to_numpy()
    row = np.concatenate([np.repeat(np.arange(len(counts)), events),
                          np.repeat(np.arange(len(counts)), censored)])
    done = np.repeat([True, False], [events.sum(), censored.sum()])
    goals = empty_frame(GOALS).reindex(range(len(row)))
    t = pd.Timestamp(stamp) if stamp is not None else pd.Timestamp(0)
    day = pd.to_timedelta(counts["days"].to_numpy()[row], unit="D")
    dates = goals["start_date"].dtype
    goals["goal_id"] = pd.Series(np.arange(len(row)).astype(str), dtype=goals["goal_id"].dtype)
    goals["client"] = goals["goal_id"]
    goals["start_date"] = pd.Series(t - day, dtype=dates)
    goals["target_date"] = goals["start_date"]
    goals["completed_date"] = pd.Series(np.where(done, t, pd.NaT), dtype=dates)
    goals["status"] = pd.Series(np.where(done, "completed", "active"),
                                dtype=goals["status"].dtype)
    for key in keys:
        goals[key] = counts[key].iloc[row].reset_index(drop=True)
    tasks, progress = (empty_frame(spec) for spec in FILES[1:])
    return CareerData(goals, tasks, progress)


# --- one goal ----------------------------------------------------------------------------

def _partition_of(data: DaskCareerData, goal_id) -> CareerData:
    """The partition holding ``goal_id`` in memory (the first partition when none does:
    the function then says the goal is unknown, as in memory)."""
    found = dask.compute(*(delayed(_holds, pure=True)(part, str(goal_id))
                           for part in data.columns("goals", ["goal_id"])))
    return data.partition(found.index(True) if True in found else 0)


def _holds(part: pd.DataFrame, goal_id: str) -> bool:
    return bool((part["goal_id"] == goal_id).any())


# --- forecast_finish ---------------------------------------------------------------------

def caseload_pool(data: DaskCareerData, stamp) -> forecast.CaseloadPool:
    """The pooled increments of the whole caseload as of ``stamp``, from every partition's
    pieces, in the unit of the whole caseload: what forecast_finish pools in memory."""
    pieces = dask.compute(*(delayed(_pool_pieces, pure=True)(part, stamp, None)
                            for part in data.partitions()))
    scale = forecast.common_scale([piece.scale for piece in pieces])
    if not scale.exact and any(piece.scale != scale for piece in pieces):  # rounded units
        pieces = dask.compute(*(delayed(_pool_pieces, pure=True)(part, stamp, scale)
                                for part in data.partitions()))
    return forecast.caseload_pool(list(pieces))


def _pool_pieces(part, stamp, scale) -> forecast.PoolPieces:
    data, rows = part
    return forecast.pool_pieces(data, stamp, rows=rows.to_numpy(), scale=scale)


def _pools_on_grid(data: DaskCareerData, grid) -> list:
    """:func:`caseload_pool` at every grid date, one task per partition for all dates."""
    parts = data.partitions()
    pieces = dask.compute(*(delayed(_pieces_on_grid, pure=True)(part, grid, None)
                            for part in parts))
    pools = []
    for place, stamp in enumerate(grid):
        found = [own[place] for own in pieces]
        scale = forecast.common_scale([piece.scale for piece in found])
        if not scale.exact and any(piece.scale != scale for piece in found):
            found = list(dask.compute(*(delayed(_pool_pieces, pure=True)(part, stamp, scale)
                                        for part in parts)))
        pools.append(forecast.caseload_pool(found))
    return pools


def _pieces_on_grid(part, grid, scale) -> list:
    return [_pool_pieces(part, stamp, scale) for stamp in grid]


# --- forecast_accuracy -------------------------------------------------------------------

def _forecast_accuracy(data: DaskCareerData, arguments: dict) -> accuracy.ForecastAccuracy:
    known_by = kernel.default_as_of(latest_entries(data))
    earliest = min((value for value in dask.compute(*(
        delayed(_earliest, pure=True)(part) for part in data.columns("goals", ["start_date"])))
        if not pd.isna(value)), default=pd.NaT)
    grid = accuracy.grid_between(earliest, known_by, arguments["every"])
    pools = _pools_on_grid(data, grid)
    counts = dask.compute(*(delayed(_accuracy_counts, pure=True)(
        part, grid, known_by, arguments["trials"], pools) for part in data.partitions()))
    return accuracy.accuracy_tables(list(counts), grid)


def _earliest(frame: pd.DataFrame):
    return frame["start_date"].min()


def _accuracy_counts(part, grid, known_by, trials, pools) -> accuracy.AccuracyCounts:
    return accuracy.accuracy_counts(part[0], grid, known_by, trials, pools=pools)
