"""Each client's goals at a glance: ``client_summary`` (documented internal).

The caseload chart and the Dashboard's caseload tally a goal_status frame they already
have (the Dashboard's is filtered by the states and categories chosen) per client: goal
counts by state, the completion rate, how many goals need attention and the days since
the client's last check-in, the clients needing attention most first. The Dashboard
tallies many subsets of one frame: :class:`ClientTally` does the work per row once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.schema import STATES
from ..data.validation import DATE, TEXT
from .attention import ATTENTION_STATES
from .kernel import NAT, as_dates, days

#: The states a client's goals are counted in (dropped goals are not counted).
COUNTED_STATES = [state for state in STATES if state != "dropped"]


def client_summary(status: pd.DataFrame, as_of, clients=None) -> pd.DataFrame:
    """One row per client of a ``goal_status`` frame, those needing attention most first.

    Dropped goals are not counted.

    Parameters
    ----------
    status : DataFrame
        Rows of :func:`~careerkit.goal_status` (any subset of them; the columns ``client``,
        ``state`` and ``last_checkin`` are enough).
    as_of : date-like
        The day ``status`` was computed on.
    clients : list of str, optional
        One row for each of these clients, in this order before sorting, even for a
        client without a counted goal; goals of other clients are left out. By default,
        every client with a counted goal, in code-point order before sorting.

    Returns
    -------
    DataFrame
        Indexed by ``client``, sorted by ``attention`` (most first; ties keep the order
        above). Columns:

        - one count of goals per state in :data:`COUNTED_STATES` (``completed``, ``on_hold``,
          ``overdue``, ...);
        - ``goals``: the goals counted; ``completion_rate``: completed / goals (NaN
          without goals), as :func:`~careerkit.completion_rates` by client;
        - ``attention``: goals overdue, stalled or at risk;
        - ``last_checkin``: the latest check-in over the client's counted goals (NaT
          without one); ``days_since_checkin``: days from it to ``as_of`` (NA without
          one).

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.caseload import client_summary
    >>> data = careerkit.load("sample_data")
    >>> status = careerkit.goal_status(data, as_of="2026-06-30")
    >>> summary = client_summary(status, "2026-06-30")
    >>> bool(summary["attention"].is_monotonic_decreasing)
    True
    >>> int(summary["goals"].sum()) == int((status["state"] != "dropped").sum())
    True
    """
    return ClientTally(status, as_of).summary(clients=clients)


class ClientTally:
    """:func:`client_summary` of any subset of one goal_status frame's rows, the work on
    each row (its client's code, its state's, its last check-in day) done once
    (documented internal).

    The Dashboard computes goal_status once per as_of day and filters it at every change
    of its filters: a filter's summary is then counts over the rows kept.

    Parameters
    ----------
    status : DataFrame
        Rows of :func:`~careerkit.goal_status` (the columns ``client``, ``state`` and
        ``last_checkin`` are enough).
    as_of : date-like
        The day ``status`` was computed on.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.caseload import ClientTally, client_summary
    >>> status = careerkit.goal_status(careerkit.load("sample_data"), as_of="2026-06-30")
    >>> tally = ClientTally(status, "2026-06-30")
    >>> keep = (status["category"] == "skills").to_numpy()
    >>> tally.summary(keep).equals(client_summary(status.loc[keep], "2026-06-30"))
    True
    """

    def __init__(self, status: pd.DataFrame, as_of):
        codes, names = pd.factorize(status["client"], sort=True)
        self.names = pd.Index(np.asarray(names, dtype=object), dtype=object)
        self.client = codes  # -1: no client
        self.state = pd.Index(COUNTED_STATES).get_indexer(status["state"])  # -1: dropped
        self.last = days(status["last_checkin"])
        self.t = int(days([pd.Timestamp(as_of)])[0])

    def summary(self, keep: np.ndarray | None = None, clients=None) -> pd.DataFrame:
        """:func:`client_summary` of the rows ``keep`` (a boolean array over the frame's
        rows; all by default), for ``clients`` as there."""
        counted = (self.state >= 0) & (self.client >= 0)
        if keep is not None:
            counted &= keep
        codes = self.client[counted]
        state = self.state[counted].astype(np.int64)
        m, width = len(self.names), len(COUNTED_STATES)
        counts = np.bincount(codes * width + state, minlength=m * width).reshape(m, width)
        last = np.full(m, NAT, dtype=np.int64)
        np.maximum.at(last, codes, self.last[counted])
        if clients is None:
            rows = np.flatnonzero(counts.any(axis=1))
            names = self.names.to_numpy()[rows]
            counts, last = counts[rows], last[rows]
        else:
            names = np.asarray(list(clients), dtype=object)
            rows = self.names.get_indexer(names)  # -1: no goal in the frame, the row added
            counts = np.vstack([counts, np.zeros((1, width), dtype=counts.dtype)])[rows]
            last = np.append(last, NAT)[rows]
        goals = counts.sum(axis=1)
        completed = counts[:, COUNTED_STATES.index("completed")]
        attention = counts[:, [COUNTED_STATES.index(s) for s in ATTENTION_STATES]].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = completed / goals
        summary = pd.DataFrame(counts, columns=COUNTED_STATES,
                               index=pd.Index(names, dtype=TEXT, name="client"))
        summary["goals"] = goals
        summary["completion_rate"] = rate
        summary["attention"] = attention
        summary["last_checkin"] = pd.Series(as_dates(last), index=summary.index).astype(DATE)
        summary["days_since_checkin"] = pd.arrays.IntegerArray(
            np.where(last == NAT, 0, self.t - last), last == NAT)
        return summary.iloc[np.argsort(-attention, kind="stable")]
