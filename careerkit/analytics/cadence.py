"""How regularly each client and goal is checked in on: ``checkin_cadence``.

A check-in is a day: every progress row (goal- or task-level) dated on or before T of a
started goal counts, and several rows on one day are one check-in. Per goal and per client:
recent counts, gaps between check-in days, the current streak of weeks with a check-in, and
``engagement`` (engaged, lapsing, lapsed) from the days since the last check-in; and
``lapsing_clients``: the clients drifting away who still have an open goal, the longest
silence first.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from ..data import CareerData
from ..data.validation import TEXT
from .kernel import (
    NAT,
    as_dates,
    code_point_ranks,
    day_counts,
    days,
    in_order,
    resolve_as_of,
    texts,
)
from .status import goal_status

#: The engagement labels, from the most to the least engaged.
ENGAGEMENT = ("engaged", "lapsing", "lapsed")

CADENCE_COLUMNS = ["checkins_30d", "checkins_90d", "median_gap_days", "longest_gap_days",
                   "streak_weeks", "last_checkin", "days_since_checkin", "engagement"]


class LapsingClients(NamedTuple):
    """The result of :func:`lapsing_clients`."""

    #: The lapsing and lapsed clients with an open goal, the longest silence first.
    clients: pd.DataFrame
    #: How many clients have an open goal (engaged ones included).
    with_open_goal: int


class Cadence(NamedTuple):
    """The result of :func:`checkin_cadence`: one frame per client and one per goal."""

    by_client: pd.DataFrame
    by_goal: pd.DataFrame


def checkin_cadence(data: CareerData, as_of=None, *, lapsing_days: int = 14,
                    lapsed_days: int = 30) -> Cadence:
    """Check-in cadence and engagement of every client and goal on ``as_of``.

    Check-ins are the progress rows, goal- or task-level, dated on or before T, of goals
    started by T (a row dated before its goal's start counts). A check-in is a **day**:
    several rows on one day, for one goal or across a client's goals, are one check-in.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`.
    lapsing_days, lapsed_days : int, default 14 and 30
        More than ``lapsing_days`` since the last check-in is lapsing, more than
        ``lapsed_days`` lapsed.

    Returns
    -------
    Cadence
        A NamedTuple ``(by_client, by_goal)``. ``by_client``: one row per client with a goal
        started by T, indexed by ``client``; ``by_goal``: one row per goal started by T
        (completed, dropped and on hold included), indexed by ``goal_id``, with a ``client``
        column first. Both in code-point order. Columns:

        - ``checkins_30d``, ``checkins_90d``: check-in days d with T - 30 < d <= T (and 90);
        - ``median_gap_days`` (float), ``longest_gap_days`` (Int64): over the gaps between
          consecutive check-in days (not from the start, not the open time since the last
          one); the median of an even count is the mean of the middle two; NA with fewer
          than two check-in days;
        - ``streak_weeks``: consecutive calendar weeks (Monday to Sunday) with a check-in,
          ending at the week holding T, or at the week before when T's week has none yet;
          0 otherwise;
        - ``last_checkin``: the latest check-in day (NaT without one);
        - ``days_since_checkin`` (Int64): T - last_checkin; without a check-in, T - the
          goal's start_date (per client: the earliest start_date of their goals);
        - ``engagement``: ``engaged`` when days_since_checkin <= lapsing_days, ``lapsing``
          up to lapsed_days, ``lapsed`` beyond, whatever the goal's state.

    Examples
    --------
    >>> import careerkit
    >>> by_client, by_goal = careerkit.checkin_cadence(careerkit.load("sample_data"))
    >>> by_client[["checkins_30d", "days_since_checkin", "engagement"]].head(4)
                         checkins_30d  days_since_checkin engagement
    client
    Adebayo Abe                     1                  12    engaged
    Amara Okonkwo                   2                   6    engaged
    José Ramírez-Ortega             0                 111     lapsed
    Malik Tran                      3                  18    lapsing
    """
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    # goals numbered in goal_id order, clients in client order: the rows come out sorted
    goal_rows, goal_place = in_order(data.goal_order(), days(data.goals["start_date"]) <= t)
    n = len(goal_rows)
    client_codes, clients = _clients(data.goals["client"], goal_rows)
    client_of_goal = clients.array.take(client_codes)
    start = days(data.goals["start_date"])[goal_rows]

    # each goal's check-in days: distinct (goal, day), sorted (by value: no row order needed)
    code = goal_place.astype(np.int32)[data.checkin_goal_rows()]  # a small table: fast
    day = days(data.progress["date"])
    valid = (code >= 0) & (day <= t)
    if not valid.all():
        code, day = code[valid], day[valid]
    low = int(day.min()) if len(day) else int(t)
    # days from the earliest (low), 32-bit (fewer bytes to write and read)
    goal, day = _distinct_days(code, np.subtract(day, low, dtype=np.int32), n)
    # each client's: distinct (client, day) over their goals' days
    client, client_day = _distinct_days(client_codes[goal], day, len(clients))
    day, client_day = day + low, client_day + low

    earliest = np.full(len(clients), np.iinfo(np.int64).max)
    np.minimum.at(earliest, client_codes, start)
    by_goal = _cadence(goal, day, n, t, start, lapsing_days, lapsed_days)
    by_client = _cadence(client, client_day, len(clients), t, earliest, lapsing_days,
                         lapsed_days)

    by_goal.index = pd.Index(data.goal_ids_at(goal_rows), dtype=TEXT, name="goal_id")
    by_goal.insert(0, "client", pd.array(client_of_goal, dtype=TEXT))
    by_client.index = pd.Index(clients, dtype=TEXT, name="client")
    return Cadence(by_client, by_goal)


def lapsing_clients(data: CareerData, as_of=None, *, status: pd.DataFrame | None = None,
                    lapsing_days: int = 14, lapsed_days: int = 30) -> LapsingClients:
    """The clients drifting away from check-ins who still have an open goal.

    A client is listed when :func:`checkin_cadence` calls them ``lapsing`` or ``lapsed`` on
    ``as_of`` and at least one of their goals started by then is open: neither completed
    by ``as_of`` nor dropped (goal_status' ``state`` is neither ``completed`` nor
    ``dropped``; on hold counts as open). The longest silence comes first
    (``days_since_checkin`` descending); ties keep the clients' code-point order.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`.
    status : DataFrame, optional
        :func:`~careerkit.goal_status` of ``data`` on ``as_of``, when the caller has it
        already (it is computed otherwise).
    lapsing_days, lapsed_days : int, default 14 and 30
        As in :func:`checkin_cadence`.

    Returns
    -------
    LapsingClients
        A NamedTuple ``(clients, with_open_goal)``: ``clients`` has the columns of
        :func:`checkin_cadence`'s ``by_client`` and ``open_goals`` (Int64: the client's
        open goals), indexed by ``client``; ``with_open_goal`` counts the clients with an
        open goal, engaged or not.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.cadence import lapsing_clients
    >>> lapsing = lapsing_clients(careerkit.load("sample_data"), "2026-06-30")
    >>> bool(lapsing.clients["days_since_checkin"].is_monotonic_decreasing)
    True
    >>> set(lapsing.clients["engagement"]) <= {"lapsing", "lapsed"}
    True
    """
    stamp = resolve_as_of(data, as_of)
    if status is None:
        status = goal_status(data, stamp)
    by_client = checkin_cadence(data, stamp, lapsing_days=lapsing_days,
                                lapsed_days=lapsed_days).by_client
    state = status["state"].to_numpy(dtype=object)
    is_open = (state != "completed") & (state != "dropped")
    open_goals = status.loc[is_open].groupby("client", sort=False).size()
    with_open = by_client.loc[by_client.index.isin(open_goals.index)]
    drifting = with_open.loc[with_open["engagement"].isin(ENGAGEMENT[1:]).to_numpy()]
    drifting = drifting.sort_values("days_since_checkin", ascending=False, kind="stable")
    counts = open_goals.reindex(drifting.index).to_numpy(dtype=np.int64)
    drifting = drifting.assign(open_goals=pd.array(counts, dtype="Int64"))
    return LapsingClients(drifting, len(with_open))


def _clients(column: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, pd.Series]:
    """The client of each goal at ``rows`` as a code (0, 1, ... in code-point order of the
    clients) and the distinct clients in that order. The column is encoded in file order
    (its text read once, in order) and only the codes are gathered."""
    text = pa.array(column.array)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    encoded = text.dictionary_encode(null_encoding="encode")
    codes = encoded.indices.to_numpy()[rows]
    used = np.zeros(len(encoded.dictionary), dtype=bool)
    used[codes] = True
    used = np.flatnonzero(used)
    clients = pd.Series(pd.array(encoded.dictionary.take(pa.array(used)), dtype=TEXT))
    rank = code_point_ranks(clients, np.arange(len(clients)))  # of the used ones, by code
    code_rank = np.zeros(len(encoded.dictionary), dtype=np.int32)  # a small table: fast
    code_rank[used] = rank
    return code_rank[codes], clients.iloc[_order(rank)].reset_index(drop=True)


def _distinct_days(entity: np.ndarray, day: np.ndarray, n: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (entity, day) pairs (entity < n, day >= 0), sorted."""
    key, bits = _sorted_pairs(entity, day, n)
    repeated = key[1:] == key[:-1]
    if repeated.any():
        key = key[np.append(True, ~repeated)]
    return key >> bits, key & ((1 << bits) - 1)


def _sorted_pairs(entity: np.ndarray, value: np.ndarray, n: int) -> tuple[np.ndarray, int]:
    """(entity, value) pairs of whole numbers (0 <= entity < n, value >= 0) sorted, each
    packed in one integer ``entity << bits | value``; 32-bit integers when they fit (a sort
    twice as fast, and half the memory to read after it)."""
    bits = int(value.max()).bit_length() if len(value) else 0
    fits = ((max(n, 1) << bits) - 1) <= np.iinfo(np.int32).max
    key = entity.astype(np.int32 if fits else np.int64)
    key <<= bits
    key |= value
    key.sort()
    return key, bits


def _order(ranks: np.ndarray) -> np.ndarray:
    """Positions that put rows of distinct ``ranks`` (0 .. n-1) in rank order."""
    order = np.empty(len(ranks), dtype=np.int64)
    order[ranks] = np.arange(len(ranks))
    return order


def _cadence(entity: np.ndarray, day: np.ndarray, n: int, t: int, start: np.ndarray,
             lapsing_days: int, lapsed_days: int) -> pd.DataFrame:
    """The cadence columns of ``n`` entities from their distinct check-in days, sorted by
    (entity, day); ``start`` is each entity's day to count from without a check-in."""
    same = entity[1:] == entity[:-1]
    last = np.append(np.flatnonzero(~same), len(entity) - 1) if len(entity) else entity
    counts = np.zeros(n, dtype=np.int64)  # each entity's days: from its runs' ends
    counts[entity[last]] = np.diff(last, prepend=-1)
    latest = np.full(n, NAT)
    latest[entity[last]] = day[last]
    since = np.where(latest != NAT, t - latest, t - start)

    # gaps between consecutive check-in days of one entity (each >= 1: the days are
    # distinct), sorted per entity; the step from one entity's last day to the next one's
    # first is no gap: it becomes 0 and sorts first among the next entity's, so entity e's
    # gaps, smallest first, are ascending[begin[e]:ends[e]], begin[e] the place of its first
    # day (no gathers to leave those steps out)
    gap = day[1:] - day[:-1]
    gap *= same
    gaps = np.maximum(counts - 1, 0)
    has_gap = gaps > 0
    ascending, bits = _sorted_pairs(entity[1:], gap, n)
    ascending &= (1 << bits) - 1
    begin = np.zeros(n, dtype=np.int64)
    begin[entity[last]] = last - counts[entity[last]] + 1
    ends = begin + gaps
    first = begin[has_gap]
    middle = ascending[first + (gaps[has_gap] - 1) // 2] + ascending[first + gaps[has_gap] // 2]
    median = np.full(n, np.nan)
    median[has_gap] = middle / 2
    longest = np.zeros(n, dtype=np.int64)
    longest[has_gap] = ascending[ends[has_gap] - 1]

    # streak of calendar weeks (Monday to Sunday; 1970-01-01 was a Thursday): runs of
    # check-in days without a whole week between them; the entity's last run, when it
    # reaches T's week or the week before, counts its weeks (last - first + 1)
    week = (day + 3) // 7
    run_start = np.ones(len(entity), dtype=bool)
    run_start[1:] = ~same | (week[1:] > week[:-1] + 1)
    runs = np.flatnonzero(run_start)
    last = last[week[last] >= (t + 3) // 7 - 1]  # the entities with a current run
    run_from = runs[np.searchsorted(runs, last, side="right") - 1]
    streak = np.zeros(n, dtype=np.int64)
    streak[entity[last]] = week[last] - week[run_from] + 1

    # the days of the last 90 days first (a few), then of the last 30 among them
    recent = np.flatnonzero(day > t - 90)
    recent_entity = entity[recent]
    return pd.DataFrame({
        "checkins_30d": np.bincount(recent_entity[day[recent] > t - 30], minlength=n),
        "checkins_90d": np.bincount(recent_entity, minlength=n),
        "median_gap_days": median,
        "longest_gap_days": day_counts(longest, ~has_gap),
        "streak_weeks": streak,
        "last_checkin": as_dates(latest),
        "days_since_checkin": day_counts(since),
        "engagement": texts(ENGAGEMENT, np.select([since <= lapsing_days,
                                                    since <= lapsed_days], [0, 1], 2)),
    }).astype({"checkins_30d": np.int64, "checkins_90d": np.int64})
