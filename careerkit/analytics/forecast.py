"""Probabilistic finish dates: ``forecast_finish``.

A Monte Carlo forecast from each goal's own history. Its weekly progress increments (the
change of goal_status' ``percent_complete`` over each week) are drawn with replacement,
week after week, until the goal reaches 100 %. Goals with too little history borrow their
client's increments, then the caseload's.

Exactness: every level (a done-weight share or a check-in percent) is a rational number;
levels are written as whole multiples of one common unit (1 / the least common multiple of
every level's denominator), so "the running total reaches 100" is decided in integer
arithmetic. Should that common denominator exceed 10**14 (dozens of unusual task-weight
totals in one caseload), levels are rounded to 10**-12 percent and a trial counts as
finished within the rounding error it can have accumulated (2 units a week).

Randomness: the draw of trial i in week w is half of SplitMix64 output number
128 i + ceil(w / 2) (the low 32 bits in odd weeks, the high 32 bits in even weeks) of a
stream keyed by the seed and the goal_id's text (FNV-1a of its UTF-8 bytes), so a goal's
draws depend on nothing else: not on the other goals, the chunk size or the order of the
rows.
"""

from __future__ import annotations

import math
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from ..data import CareerData
from ..data.validation import DATE, TEXT
from .kernel import NAT, as_dates, code_point_ranks, days, resolve_as_of, started_goals
from .status import goal_table

#: Trials stop after this many weeks (3 years); the rest count as not finished.
HORIZON_WEEKS = 156
#: The finish-date percentiles reported, in percent of all trials.
PERCENTILES = (50, 85, 95)
#: Where a goal's increments come from, in the order they are tried.
BASES = ("completed", "goal", "client", "caseload", "none")

_CAP = 10**14  # largest exact common denominator: 15,700 % in these units fits in int64
_FALLBACK_UNITS = 10**12  # units per percent when the exact denominator is larger
_PAIRS_PER_CHUNK = 1 << 18  # (goal, trial) pairs simulated at once: bounds memory
_LONG_RUN = 20_000_000  # goal-trials above which a progress bar is worth showing

# SplitMix64 (Steele, Lea and Flood 2014) and FNV-1a constants.
_GAMMA = 0x9E3779B97F4A7C15
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
# Draws: output c = trial * 128 + m + 1 of the goal's SplitMix64 stream, mix(key + c·γ),
# gives week 2m + 1 (its low 32 bits) and week 2m + 2 (its high 32 bits).
_COUNTERS = (HORIZON_WEEKS + 1) // 2
_TRIAL_STRIDE = np.uint64(_GAMMA * 128 % 2**64)
_COUNTER_STEPS = np.array([_GAMMA * (m + 1) % 2**64 for m in range(_COUNTERS)], dtype=np.uint64)
_BLOCK_COUNTERS = 4  # counters a block: 8 weeks between clean-ups of finished trials
_SLICE = 16384  # pairs advanced by one pass of numpy operations (their work stays in cache)


# --- weekly history ---------------------------------------------------------------------

class WeeklyHistory(NamedTuple):
    """Every started goal's level at each week end, in common integer units (documented
    internal; see :func:`weekly_history`)."""

    #: per goal (started goals in file order): first position in ``levels``, weeks held.
    first: np.ndarray
    weeks: np.ndarray
    #: per goal: the last week end (T, or completed_date for a goal completed by T).
    end: np.ndarray
    #: per position: the level at that week end, in units (``units`` per percent).
    levels: np.ndarray
    #: per goal: weeks holding a goal-level percent check-in (goals without tasks) or a
    #: task completion (goals with tasks).
    weeks_with_data: np.ndarray
    #: per goal: percent_complete at its last week end is 100 (exactly).
    full: np.ndarray
    units: int
    exact: bool

    @property
    def increments(self) -> np.ndarray:
        """Per position: the change of the level over that week (0 before the start)."""
        before = np.empty_like(self.levels)
        before[1:] = self.levels[:-1]
        before[self.first[self.weeks > 0]] = 0
        return self.levels - before


class Scale(NamedTuple):
    """The unit levels are written in (documented internal): ``units`` per percent, exact
    or rounded to 10**-12 percent."""

    units: int
    exact: bool


def weekly_history(data: CareerData, t: int, scale: Scale | None = None) -> WeeklyHistory:
    """The level of every goal started by day ``t`` at each of its week ends (documented
    internal).

    Weeks are counted back from ``end`` (T, or the completed_date of a goal completed by
    T): (end − 7, end], (end − 14, end − 7], ... down to the week holding start_date, and
    stored oldest first. The level at a week end is goal_status' percent_complete as of
    that day: 100 once completed; else the share of task weight done; else the latest
    goal-level check-in percent; else 0. Computed for all goals and weeks at once.

    ``scale``: the unit to write levels in, when it must be that of more data than
    ``data`` (a partition of a caseload); exact units must be a multiple of every level's
    denominator here. By default the least common multiple of those denominators.
    """
    rows, place = started_goals(data, t)
    goals = data.goals.iloc[rows]
    n = len(rows)
    start = days(goals["start_date"])
    completed = days(goals["completed_date"])
    completed_at_t = (completed != NAT) & (completed <= t)
    end = np.where(completed_at_t, completed, t)
    weeks = np.maximum((end - start) // 7 + 1, 0)
    first = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(weeks, out=first[1:])
    size = int(first[-1])

    def week_position(goal: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Position of the week holding ``day`` (clamped to the first week) and whether
        ``day`` lies inside the goal's weeks at all."""
        back = (end[goal] - day) // 7
        return first[goal] + np.maximum(weeks[goal] - 1 - back, 0), back < weeks[goal]

    # Goals with tasks: the done share of task weight, in units of 1 / total weight.
    tasks = data.tasks
    owner = place[data.task_goal_rows()]
    mine = np.flatnonzero(owner >= 0)
    owner = owner[mine]
    weight = tasks["weight"].to_numpy(dtype="float64", na_value=np.nan)[mine]
    weight = np.where(np.isnan(weight), 1.0, weight)
    power = np.zeros(n, dtype=np.int64)
    np.maximum.at(power, owner, decimal_places(weight))
    scaled = np.rint(weight * 10.0 ** power[owner]).astype(np.int64)
    total = np.zeros(n, dtype=np.int64)
    np.add.at(total, owner, scaled)
    has_tasks = np.bincount(owner, minlength=n) > 0
    share = np.gcd(total, 100)
    denominator = np.where(has_tasks & (total > 0), total // np.maximum(share, 1), 1)
    task_done = days(tasks["completed_date"])[mine]
    done = (task_done != NAT) & (task_done <= end[owner]) & (weeks[owner] > 0)
    position, inside = week_position(owner[done], task_done[done])
    step = np.zeros(size, dtype=np.int64)
    np.add.at(step, position, scaled[done] * (100 // np.maximum(share, 1))[owner[done]])
    task_level = _segment_cumsum(step, first, weeks)
    data_at = [position[inside]]

    # Goals without tasks: the latest goal-level check-in percent (by date, then file order).
    progress = data.progress
    code = place[data.checkin_goal_rows()]
    day = days(progress["date"])
    percent = progress["percent_complete"].to_numpy(dtype="float64", na_value=np.nan)
    used = np.flatnonzero((code >= 0) & progress["task_id"].isna().to_numpy()
                          & ~np.isnan(percent))
    used = used[(day[used] <= end[code[used]]) & ~has_tasks[code[used]]
                & (weeks[code[used]] > 0)]
    goal = code[used]
    power = np.zeros(n, dtype=np.int64)
    np.maximum.at(power, goal, decimal_places(percent[used]))
    denominator = np.where(has_tasks, denominator, 10 ** power)
    value = np.rint(percent[used] * 10.0 ** power[goal]).astype(np.int64)
    position, inside = week_position(goal, day[used])
    data_at.append(position[inside])
    order = np.lexsort((used, day[used], position))
    last = np.ones(len(order), dtype=bool)
    last[:-1] = position[order][1:] != position[order][:-1]
    latest = np.full(size, -1, dtype=np.int64)
    latest[position[order][last]] = position[order][last]
    reported = np.zeros(size, dtype=np.int64)
    reported[position[order][last]] = value[order][last]
    latest = np.maximum.accumulate(latest) if size else latest
    owner_of = np.repeat(np.arange(n), weeks)
    seen = latest >= first[owner_of]
    checkin_level = np.where(seen, reported[np.maximum(latest, 0)], 0)

    level = np.where(has_tasks[owner_of], task_level, checkin_level)
    hundred = 100 * denominator
    level[first[1:][completed_at_t & (weeks > 0)] - 1] = hundred[completed_at_t & (weeks > 0)]

    # One unit for every goal: exact when the common denominator is small enough.
    units = _capped_lcm(denominator) if scale is None else scale.units
    exact = units <= _CAP if scale is None else scale.exact
    if exact:
        levels = level * (units // denominator)[owner_of]
    else:
        units = _FALLBACK_UNITS
        levels = np.rint(level / denominator[owner_of] * units).astype(np.int64)

    held = np.zeros(size, dtype=bool)
    held[np.concatenate(data_at)] = True
    weeks_with_data = np.bincount(owner_of[held], minlength=n)
    now = np.zeros(n, dtype=np.int64)
    now[weeks > 0] = level[first[1:][weeks > 0] - 1]
    return WeeklyHistory(first[:-1], weeks, end, levels, weeks_with_data.astype(np.int64),
                         now >= hundred, int(units), bool(exact))


def decimal_places(values: np.ndarray) -> np.ndarray:
    """Per value, the fewest decimal places (0 to 6) that make it whole (documented
    internal; the per-value form of the kernel's ``decimal_scale``)."""
    places = np.full(len(values), 6, dtype=np.int64)
    for power in range(6, -1, -1):
        scaled = values * 10.0**power
        places[np.abs(scaled - np.round(scaled)) < 1e-6] = power
    return places


def _segment_cumsum(values: np.ndarray, first: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    running = np.cumsum(values)
    before = np.concatenate([[0], running])[first[:-1]]
    return running - np.repeat(before, weeks)


def _capped_lcm(denominators: np.ndarray) -> int:
    """Least common multiple of the distinct denominators, or a number above the cap."""
    common = 1
    for value in np.unique(denominators).tolist():  # stops at the cap: a few values at most
        common = math.lcm(common, value)
        if common > _CAP:
            break
    return common


# --- the counter-based random stream ----------------------------------------------------

def _mix(x: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """SplitMix64's output function, in place on a uint64 array."""
    np.right_shift(x, 30, out=scratch)
    x ^= scratch
    x *= _MIX1
    np.right_shift(x, 27, out=scratch)
    x ^= scratch
    x *= _MIX2
    np.right_shift(x, 31, out=scratch)
    x ^= scratch
    return x


def stream_keys(goal_ids: pd.Series, seed: int) -> np.ndarray:
    """A 64-bit key per goal_id and seed: the goal's random stream (documented internal).

    FNV-1a over the UTF-8 bytes of the text, mixed with the seed: stable across runs,
    platforms and Python versions (unlike ``hash``).
    """
    text = pa.array(goal_ids.array)
    if isinstance(text, pa.ChunkedArray):  # ids read from Parquet
        text = text.combine_chunks()
    text = text.cast(pa.large_string())
    n = len(text)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)[text.offset:text.offset + n + 1]
    raw = text.buffers()[2]
    payload = np.frombuffer(raw, dtype=np.uint8) if raw is not None else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    key = np.full(n, _FNV_OFFSET, dtype=np.uint64)
    for place in range(int(lengths.max()) if n else 0):  # one pass per character position
        live = np.flatnonzero(lengths > place)
        key[live] = (key[live] ^ payload[offsets[live] + place].astype(np.uint64)) * _FNV_PRIME
    seeded = np.array([int(seed) % 2**64], dtype=np.uint64)
    key ^= _mix(seeded, np.empty_like(seeded))
    return _mix(key, np.empty_like(key))


# --- forecast_finish --------------------------------------------------------------------

def forecast_finish(data: CareerData, as_of=None, trials: int = 2000, seed: int = 0, *,
                    goals=None, progress: bool | None = None, chunk_size: int | None = None,
                    caseload_increments: CaseloadPool | None = None) -> pd.DataFrame:
    """Probabilistic finish dates: P50, P85 and P95 dates and the chance of making the target.

    Each trial starts from the goal's ``percent_complete`` at T and adds one weekly
    increment after another, drawn with replacement from the goal's history, until it
    reaches 100 %; it finishes on T + 7 × weeks. Trials stop after
    :data:`HORIZON_WEEKS` (156) weeks.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        As in :func:`goal_status`: records after T are ignored.
    trials : int, default 2000
        Simulated futures per goal.
    seed : int, default 0
        The same data, as_of, trials and seed give the same frame.
    progress : bool, optional
        Show a progress bar (tqdm). Default: only on long runs, and only in a notebook or
        a terminal.
    goals : str or iterable of str, optional
        Only the rows of these goal_ids (those started by T), for a chart or a preview:
        the pools still come from all the data, so the rows are those of a full run, and
        only these goals are simulated.
    chunk_size : int, optional
        Goals simulated at once by each thread (memory: about 60 bytes × trials ×
        chunk_size). The result does not depend on it. Default: 262,144 // trials.
    caseload_increments : CaseloadPool, optional
        Documented internal: the caseload's pooled increments and their unit when ``data``
        is one partition of a larger caseload (see :func:`caseload_pool`), so that goals
        on the ``caseload`` basis draw from the whole caseload's increments. Default: those
        of ``data``.

    Returns
    -------
    DataFrame
        One row per goal started by T, indexed by ``goal_id`` (code-point order). Columns:

        - ``p50_date``, ``p85_date``, ``p95_date``: the earliest simulated finish date by
          which at least 50 / 85 / 95 % of all trials (unfinished ones included) have
          finished; NaT when fewer finish within the horizon.
        - ``prob_by_target``: the share of trials finishing on or before goal_status'
          ``current_target``.
        - ``basis``: where the increments came from: ``completed`` (completed by T: the
          dates are its completed_date, the chance 1 or 0), ``goal`` (its own history: at
          least 2 weeks with data), ``client`` (the pooled increments of the client's goals
          that have 2), ``caseload`` (those of every such goal) or ``none`` (no history
          anywhere: dates and shares are NA).
        - ``horizon_share``: the share of trials not finished within 156 weeks.

        A goal at 100 % but not marked completed has the three dates at T, a chance of 1
        if T is on or before its current target (else 0) and horizon_share 0.

    See Also
    --------
    goal_status : the linear forecast (``forecast_date``) and current_target.
    forecast_accuracy : how well these dates did in the past.

    Notes
    -----
    Weekly increments: weeks are counted back from T ((T − 7, T], (T − 14, T − 7], ...) to
    the week holding start_date (for a completed goal used as history, back from its
    completed_date). An increment is the change of goal_status' ``percent_complete`` over
    one week (0 before the start): weeks without change give 0 and re-estimates downwards
    stay negative. A "week with data" holds a goal-level check-in with a percent (goals
    without tasks) or a task completion (goals with tasks). Comparisons with 100 % are
    exact (rational arithmetic on weights and percents).

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> finish = careerkit.forecast_finish(data, as_of="2026-03-31", trials=200)
    >>> finish.columns.tolist()
    ['p50_date', 'p85_date', 'p95_date', 'prob_by_target', 'basis', 'horizon_share']
    >>> bool((finish["p50_date"] <= finish["p85_date"]).all())
    True
    >>> finish.loc["C00001-G1", ["p50_date", "basis"]].tolist()  # completed by T
    [Timestamp('2025-11-18 00:00:00'), 'completed']
    >>> finish["basis"].value_counts().to_dict()
    {'goal': 16, 'completed': 11, 'client': 7}
    """
    trials = int(trials)
    if trials < 1:
        raise ValueError(f"trials must be at least 1, not {trials}")
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    status = goal_table(data, t, 21)
    history = weekly_history(data, t)
    caseload = None
    if caseload_increments is not None:
        history, caseload = _in_common_scale(history, caseload_increments,
                                             lambda scale: weekly_history(data, t, scale))
    n = len(status)
    completed = status["completed_at_T"].to_numpy()
    full = history.full & ~completed
    ranks = code_point_ranks(status["goal_id"], np.arange(n))
    pools = _pools(history, pd.factorize(status["client"], use_na_sentinel=False)[0], ranks,
                   caseload)
    basis = np.select([completed, pools.basis == "none"], ["completed", "none"], pools.basis)

    # Trials: goals below 100 % with some history that can go up at all (the others never
    # finish, and need no trial to say so).
    wanted = np.ones(n, dtype=bool)
    if goals is not None:
        wanted = status["goal_id"].isin([goals] if isinstance(goals, str) else list(goals))
        wanted = wanted.to_numpy()
    simulated = np.flatnonzero(wanted & ~completed & ~full & (basis != "none")
                               & (pools.highest > 0))
    now = np.zeros(n, dtype=np.int64)
    now[history.weeks > 0] = history.levels[(history.first + history.weeks - 1)[
        history.weeks > 0]]
    target = days(status["current_target"])
    target_week = np.clip((target - t) // 7, 0, HORIZON_WEEKS)
    keys = stream_keys(status["goal_id"].iloc[simulated], seed)
    chunk = max(1, int(chunk_size or _PAIRS_PER_CHUNK // trials))

    def run(low: int) -> tuple[np.ndarray, Outcomes]:
        goals = simulated[low:low + chunk]
        finishes = _simulate(keys[low:low + chunk], now[goals], pools.first[goals],
                             pools.length[goals], pools.values, trials, history)
        return goals, _outcomes(finishes, target_week[goals], trials)

    outcome = Outcomes(np.full((n, len(PERCENTILES)), -1, dtype=np.int64),
                       np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    show = show_progress(progress, len(simulated) * trials)
    with progress_bar(show, len(simulated)) as bar, ThreadPoolExecutor(_workers()) as threads:
        for goals, part in threads.map(run, range(0, len(simulated), chunk)):
            for mine, theirs in zip(outcome, part, strict=True):
                mine[goals] = theirs
            bar.update(len(goals))

    # Dates and shares.
    done_on = days(status["completed_date"])
    none = (basis == "none") & ~full
    dates = {}
    for place, percent in enumerate(PERCENTILES):
        week = outcome.weeks[:, place]
        when = np.select([completed, full, week >= 0], [done_on, np.full(n, t), t + 7 * week],
                         NAT)
        dates[f"p{percent}_date"] = pd.Series(as_dates(when), dtype=DATE)
    by_target = np.select([completed, full], [done_on <= target, t <= target],
                          outcome.by_target / trials)
    unfinished = np.where(completed | full, 0.0, (trials - outcome.finished) / trials)
    frame = pd.DataFrame({
        "goal_id": status["goal_id"],
        **dates,
        "prob_by_target": np.where(none, np.nan, by_target.astype(np.float64)),
        "basis": pd.Series(basis, dtype=TEXT),
        "horizon_share": np.where(none, np.nan, unfinished),
    })
    order = np.argsort(ranks)
    return frame.iloc[order[wanted[order]]].set_index("goal_id")


# --- the caseload's pool over partitions ------------------------------------------------

class CaseloadPool(NamedTuple):
    """The caseload's pooled increments, for :func:`forecast_finish` on one partition of
    a larger caseload (documented internal; see :func:`caseload_pool`)."""

    #: the increments of every goal with >= 2 weeks with data, by client (in order of
    #: first appearance in the goals file) then goal_id, in ``scale`` units.
    increments: np.ndarray
    scale: Scale


class PoolPieces(NamedTuple):
    """One partition's share of the caseload's pool (documented internal; see
    :func:`pool_pieces`)."""

    increments: np.ndarray  # the pooled increments of its goals, in their pool order
    lengths: np.ndarray  # per pooled goal: how many increments it holds
    client_row: np.ndarray  # per pooled goal: the file row of its client's first goal
    scale: Scale


def pool_pieces(data: CareerData, as_of=None, *, rows=None, scale: Scale | None = None
                ) -> PoolPieces:
    """``data``'s pooled increments, keyed for putting the pieces of several partitions
    together (documented internal; the first pass of :func:`caseload_pool`).

    ``rows``: the row number in the whole goals file of each row of ``data.goals``
    (default: 0, 1, ...); ``scale`` as in :func:`weekly_history`.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.forecast import caseload_pool, pool_pieces
    >>> data = careerkit.load("sample_data")
    >>> pool = caseload_pool([pool_pieces(data, "2026-03-31")])
    >>> len(pool.increments), pool.scale.exact
    (498, True)
    """
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0
    started, _ = started_goals(data, t)
    history = weekly_history(data, t, scale)
    client = pd.factorize(data.goals["client"].iloc[started], use_na_sentinel=False)[0]
    ranks = code_point_ranks(pd.Series(data.goal_ids_at(started)), np.arange(len(started)))
    pooled, _, values = _pooled(history, client, ranks)
    row = (np.arange(len(data.goals)) if rows is None else np.asarray(rows))[started]
    first_row = np.full(int(client.max()) + 1 if len(client) else 0, np.iinfo(np.int64).max)
    np.minimum.at(first_row, client, row)
    return PoolPieces(values, history.weeks[pooled], first_row[client[pooled]],
                      Scale(history.units, history.exact))


def common_scale(scales: list[Scale]) -> Scale:
    """The unit of a whole caseload from its parts' (documented internal): the least
    common multiple of their exact units, else the rounded unit."""
    if all(scale.exact for scale in scales):
        units = _capped_lcm(np.array([scale.units for scale in scales], dtype=np.int64))
        if units <= _CAP:
            return Scale(units, True)
    return Scale(_FALLBACK_UNITS, False)


def _in_common_scale(history: WeeklyHistory, pool: CaseloadPool, rounded
                     ) -> tuple[WeeklyHistory, np.ndarray]:
    """``history`` and ``pool``'s increments in one unit: that of the caseload they come
    from (exact units are brought to it exactly; ``rounded(scale)`` computes the history
    again in the rounded unit). A pool in exact units cannot join a rounded history."""
    own = Scale(history.units, history.exact)
    scale = common_scale([own, pool.scale])
    if own != scale:
        history = (history._replace(levels=history.levels * (scale.units // own.units),
                                    units=scale.units) if scale.exact else rounded(scale))
    if pool.scale != scale and not scale.exact:
        raise ValueError("caseload_increments are in exact units, but this data needs "
                         "rounded ones: compute them with its scale")
    return history, pool.increments * (scale.units // pool.scale.units)


def caseload_pool(pieces: list[PoolPieces]) -> CaseloadPool:
    """The caseload's pool from every partition's pieces (documented internal): the pool
    :func:`forecast_finish` builds from the whole caseload in memory, for passing to
    each partition's call.

    The pieces must be in their :func:`common_scale` unless that scale is exact
    (exact pieces are brought to it exactly); otherwise compute them again with it.
    """
    scale = common_scale([piece.scale for piece in pieces])
    if any(piece.scale != scale for piece in pieces) and not scale.exact:
        raise ValueError("the pieces must be computed with common_scale(pieces)")
    values = np.concatenate([np.zeros(0, np.int64)] + [
        piece.increments * (scale.units // piece.scale.units) for piece in pieces])
    lengths = np.concatenate([np.zeros(0, np.int64)] + [piece.lengths for piece in pieces])
    first = np.cumsum(lengths) - lengths
    order = np.argsort(np.concatenate([np.zeros(0, np.int64)]
                                      + [piece.client_row for piece in pieces]), kind="stable")
    return CaseloadPool(values[_segments(first[order], lengths[order])], scale)


class Outcomes(NamedTuple):
    """What the trials of each goal came to (documented internal)."""

    weeks: np.ndarray  # per goal and percentile: the week by which enough finished, or -1
    by_target: np.ndarray  # per goal: trials finished by the target week
    finished: np.ndarray  # per goal: trials finished within the horizon


def _outcomes(finishes: np.ndarray, target_week: np.ndarray, trials: int) -> Outcomes:
    """Percentile weeks and counts from the finishes per week of some goals."""
    by_week = np.cumsum(finishes, axis=1)
    weeks = np.empty((len(finishes), len(PERCENTILES)), dtype=np.int64)
    for place, percent in enumerate(PERCENTILES):
        enough = by_week >= (percent * trials + 99) // 100  # >= percent % of all trials
        weeks[:, place] = np.where(enough[:, -1], np.argmax(enough, axis=1), -1)
    return Outcomes(weeks, by_week[np.arange(len(finishes)), target_week], by_week[:, -1])


class _Pools(NamedTuple):
    values: np.ndarray  # increments of every goal with >= 2 weeks with data, by client, goal
    basis: np.ndarray  # per goal: goal, client, caseload or none
    first: np.ndarray  # per goal: where its pool starts in ``values``
    length: np.ndarray  # per goal: how many increments its pool holds
    highest: np.ndarray  # per goal: the largest increment of its pool


def _pooled(history: WeeklyHistory, client: np.ndarray, ranks: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The goals with >= 2 weeks with data, by client (in order of first appearance) then
    goal_id, where each one's increments start in the pool, and the pool."""
    pooled = np.flatnonzero(history.weeks_with_data >= 2)
    pooled = pooled[np.lexsort((ranks[pooled], client[pooled]))]
    lengths = history.weeks[pooled]
    first = np.zeros(len(client), dtype=np.int64)
    first[pooled] = np.cumsum(lengths) - lengths
    return pooled, first, history.increments[_segments(history.first[pooled], lengths)]


def _pools(history: WeeklyHistory, client: np.ndarray, ranks: np.ndarray,
           caseload: np.ndarray | None = None) -> _Pools:
    """Each goal's pool of increments: its own, else its client's, else the caseload's
    (``caseload``, else the pooled increments of ``history``)."""
    n = len(client)
    qualifies = history.weeks_with_data >= 2
    pooled, first, values = _pooled(history, client, ranks)
    lengths = history.weeks[pooled]
    own_max = np.zeros(n, dtype=np.int64)
    if len(pooled):
        own_max[pooled] = np.maximum.reduceat(values, first[pooled])

    clients = int(client.max()) + 1 if n else 0
    owners, at = np.unique(client[pooled], return_index=True)
    client_first = np.zeros(clients, dtype=np.int64)
    client_first[owners] = first[pooled[at]]
    client_length = np.bincount(client[pooled], lengths, minlength=clients).astype(np.int64)
    client_max = np.full(clients, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(client_max, client[pooled], own_max[pooled])

    by_client = client_length[client] > 0
    caseload_first = 0
    if caseload is not None:  # after the goals' own increments
        caseload_first = len(values)
        values = np.concatenate([values, caseload])
    else:
        caseload = values
    anywhere = np.full(n, len(caseload) > 0)
    basis = np.select([qualifies, by_client, anywhere], ["goal", "client", "caseload"], "none")
    caseload_max = caseload.max() if len(caseload) else 0
    return _Pools(
        values,
        basis,
        np.select([qualifies, by_client], [first, client_first[client]], caseload_first),
        np.select([qualifies, by_client, anywhere],
                  [history.weeks, client_length[client], np.full(n, len(caseload))], 0),
        np.select([qualifies, by_client, anywhere],
                  [own_max, client_max[client], np.full(n, caseload_max)], 0),
    )


def _segments(first: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Positions first[i] .. first[i] + lengths[i] - 1 for every i, concatenated."""
    starts = np.repeat(first - np.cumsum(lengths) + lengths, lengths)
    return starts + np.arange(int(lengths.sum()))


def _simulate(keys: np.ndarray, current: np.ndarray, start: np.ndarray, length: np.ndarray,
              pool: np.ndarray, trials: int, history: WeeklyHistory) -> np.ndarray:
    """Finishes per week (column w: trials finishing in week w) of a chunk of goals.

    The (goal, trial) pairs still running advance a block of 8 weeks at a time, in slices
    of :data:`_SLICE` pairs whose work arrays stay in the processor's cache; pairs that
    finished leave at the end of the block (the others move up, in place).
    """
    count = len(keys)
    goal = np.repeat(np.arange(count, dtype=np.intp), trials)
    base = keys[goal] + np.tile(np.arange(trials, dtype=np.uint64), count) * _TRIAL_STRIDE
    running = current[goal]
    size = length.astype(np.uint64)
    first = start.astype(np.int64)
    goal_max = 100 * history.units
    slack = 0 if history.exact else 2
    work = _Work(min(len(goal), _SLICE))
    codes = []  # goal × (HORIZON_WEEKS + 1) + week, of every finished pair
    alive = len(goal)
    for counter in range(0, _COUNTERS, _BLOCK_COUNTERS):
        rows = min(_BLOCK_COUNTERS, _COUNTERS - counter)
        weeks = 2 * counter + 1 + np.arange(2 * rows)  # the block's weeks (1-based)
        # a trial counts as finished within the rounding error it can have accumulated
        threshold = (goal_max - slack * weeks)[:, None]
        kept = 0
        for low in range(0, alive, _SLICE):
            high = min(low + _SLICE, alive)
            mine = goal[low:high]
            draws, halves, totals, hit, reached, before = work.take(rows, high - low)
            np.add(base[None, low:high], _COUNTER_STEPS[counter:counter + rows, None],
                   out=draws)
            _mix(draws, halves[:, 0])
            # Its low and high 32 bits: uniform indices into the goal's pool for weeks
            # 2m + 1 and 2m + 2 of the block (multiply and shift).
            np.bitwise_and(draws, np.uint64(0xFFFFFFFF), out=halves[:, 0])
            np.right_shift(draws, np.uint64(32), out=halves[:, 1])
            halves *= size[mine]
            halves >>= np.uint64(32)
            positions = halves.view(np.int64)
            positions += first[mine]
            steps = totals.reshape(2 * rows, -1)  # week by row
            pool.take(positions.reshape(2 * rows, -1), out=steps, mode="clip")  # in range
            # Running totals week by week; a pair finishes in the first week reaching 100 %:
            # count the weeks before any reached it.
            steps[0] += running[low:high]
            for row in range(1, 2 * rows):
                steps[row] += steps[row - 1]
            np.greater_equal(steps, threshold, out=hit)
            flags = hit.view(np.uint8)
            np.copyto(reached, flags[0])
            np.subtract(1, reached, out=before)
            for row in range(1, 2 * rows):
                reached |= flags[row]
                before += 1
                before -= reached
            done = np.flatnonzero(reached)
            if len(done):
                when = weeks[0] + before.take(done)
                codes.append(mine[done] * (HORIZON_WEEKS + 1) + when)
                stay = np.ones(high - low, dtype=bool)
                stay[done] = False
                survivors = np.flatnonzero(stay)
            else:
                survivors = slice(None)
            moved = kept + (high - low - len(done))
            goal[kept:moved] = mine[survivors]
            base[kept:moved] = base[low:high][survivors]
            running[kept:moved] = steps[-1][survivors]
            kept = moved
        alive = kept
        if not alive:
            break
    finished = np.bincount(np.concatenate(codes) if codes else np.zeros(0, np.intp),
                           minlength=count * (HORIZON_WEEKS + 1))
    return finished.reshape(count, HORIZON_WEEKS + 1)


class _Work:
    """Work arrays of one slice of pairs, allocated once."""

    def __init__(self, pairs: int):
        size = _BLOCK_COUNTERS * pairs
        self.draws = np.empty(size, dtype=np.uint64)
        self.halves = np.empty(2 * size, dtype=np.uint64)
        self.totals = np.empty(2 * size, dtype=np.int64)
        self.hit = np.empty(2 * size, dtype=bool)
        self.reached = np.empty(pairs, dtype=np.uint8)
        self.before = np.empty(pairs, dtype=np.uint8)

    def take(self, rows: int, pairs: int):
        size = rows * pairs
        return (self.draws[:size].reshape(rows, pairs),
                self.halves[:2 * size].reshape(rows, 2, pairs),
                self.totals[:2 * size].reshape(rows, 2, pairs),
                self.hit[:2 * size].reshape(2 * rows, pairs), self.reached[:pairs],
                self.before[:pairs])


# --- the progress bar -------------------------------------------------------------------

def show_progress(progress: bool | None, work: int) -> bool:
    """Whether to show a progress bar (documented internal): as ``progress`` says, else only
    when ``work`` (goal-trials) is long and someone watches (a notebook or a terminal)."""
    if progress is not None:
        return bool(progress)
    if work < _LONG_RUN:
        return False
    shell = sys.modules.get("IPython")
    in_kernel = shell is not None and getattr(shell, "get_ipython", lambda: None)() is not None
    return in_kernel or sys.stderr.isatty()


def progress_bar(show: bool, total: int, *, unit: str = "goal", desc: str = "forecast_finish"):
    """A tqdm bar (a widget in notebooks), silent unless ``show`` (documented internal)."""
    from tqdm.auto import tqdm

    return tqdm(total=total, unit=unit, desc=desc, disable=not show, leave=False)


def _workers() -> int:
    """Threads for the trials: numpy releases the GIL, so each core takes a chunk."""
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return max(1, min(4, len(cores) if cores else os.cpu_count() or 1))
