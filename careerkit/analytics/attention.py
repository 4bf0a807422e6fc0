"""Which goals need attention, why, and in what order: ``needs_attention``.

The one home of the attention rule: the timeline's rows, the Dashboard's table, the
report's lists, ``careerkit status`` and the notebooks all order goals with
:func:`attention_order` and explain them with :func:`attention_reasons`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import CareerData
from .kernel import days
from .status import goal_status

#: Every state, most in need of attention first.
ATTENTION_ORDER = ("overdue", "stalled", "at_risk", "not_started", "on_hold", "on_track",
                   "completed", "dropped")
#: The states that need attention.
ATTENTION_STATES = ("overdue", "stalled", "at_risk")

NEEDS_ATTENTION_COLUMNS = ["client", "title", "category", "state", "reason", "severity_days",
                           "current_target", "forecast_date", "last_checkin"]


def attention_severity(status: pd.DataFrame) -> np.ndarray:
    """How bad it is within a state, in days, for each row of a ``goal_status`` frame.

    Overdue: days past the current target; stalled: days since the last check-in (or the
    start); at risk: days from the current target to the forecast; 0 for other states.
    """
    state = status["state"].to_numpy(dtype=object)
    late = days(status["forecast_date"]) - days(status["current_target"])
    late = np.where(status["forecast_date"].isna().to_numpy(), 0, late)
    return np.select(
        [state == "overdue", state == "stalled", state == "at_risk"],
        [status["overdue_days"].to_numpy(dtype="int64", na_value=0),
         status["days_since_checkin"].to_numpy(dtype="int64", na_value=0), late],
        default=0,
    ).astype(np.int64)


def attention_reasons(status: pd.DataFrame) -> pd.Series:
    """Why each overdue, stalled or at-risk goal needs attention, in words ("" otherwise).

    Each drift says what it is measured from: overdue "12 d past current target", at risk
    "forecast 17 d after current target" (the current target: the latest revision, else the
    first-planned target_date); stalled "no check-in for 35 d" (or "no check-in since it
    started 35 d ago").

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.attention import attention_reasons
    >>> status = careerkit.goal_status(careerkit.load("sample_data"))
    >>> attention_reasons(status).loc[status["state"] == "overdue"].str.endswith(
    ...     " d past current target").all()
    np.True_
    """
    state = status["state"].to_numpy(dtype=object)
    severity = attention_severity(status)
    count = np.char.add(np.array([f"{n:,}" for n in severity.tolist()], dtype=str), " d")
    never = status["last_checkin"].isna().to_numpy()
    text = np.select(
        [state == "overdue", (state == "stalled") & never, state == "stalled",
         state == "at_risk"],
        [np.char.add(count, " past current target"),
         np.char.add(np.char.add("no check-in since it started ", count), " ago"),
         np.char.add("no check-in for ", count),
         np.char.add(np.char.add("forecast ", count), " after current target")],
        default="",
    )
    return pd.Series(text.astype(object), index=status.index, dtype=object)


def attention_order(status: pd.DataFrame) -> np.ndarray:
    """Positions of a ``goal_status`` frame's rows, the most pressing first.

    By state in :data:`ATTENTION_ORDER`, then severity (worst first, see
    :func:`attention_severity`), then client and goal_id in code-point order.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.attention import attention_order
    >>> status = careerkit.goal_status(careerkit.load("sample_data"))
    >>> status.iloc[attention_order(status)]["state"].iloc[0]
    'overdue'
    """
    rank = pd.Categorical(status["state"], categories=ATTENTION_ORDER).codes
    key = pd.DataFrame({"rank": rank, "severity": -attention_severity(status),
                        "client": status["client"].to_numpy(dtype=object),
                        "goal": status.index.to_numpy(dtype=object)})
    return key.sort_values(["rank", "severity", "client", "goal"], kind="stable").index.to_numpy()


def needs_attention(data: CareerData, as_of=None, *, stall_days: int = 21) -> pd.DataFrame:
    """The goals that need attention on ``as_of``, why, and the most pressing first.

    A goal needs attention when its :func:`~careerkit.goal_status` state is overdue,
    stalled or at_risk.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        As in :func:`~careerkit.goal_status`.
    stall_days : int, default 21
        As in :func:`~careerkit.goal_status`.

    Returns
    -------
    DataFrame
        Indexed by ``goal_id``, ordered overdue, stalled, at_risk; within a state the worst
        first (``severity_days`` descending), then by client and goal_id. Columns:

        - ``client``, ``title``, ``category``, ``state``: as in goal_status.
        - ``reason``: why, in words, each drift saying what it is measured from
          ("12 d past current target", "no check-in for 30 d", "forecast 17 d after
          current target").
        - ``severity_days``: days overdue (overdue), days without a check-in (stalled),
          or days from the current target to the forecast (at_risk).
        - ``current_target``, ``forecast_date``, ``last_checkin``: as in goal_status.

    Examples
    --------
    >>> import careerkit
    >>> attention = careerkit.needs_attention(careerkit.load("sample_data"))
    >>> attention["state"].unique().tolist()
    ['overdue', 'stalled', 'at_risk']
    """
    status = goal_status(data, as_of=as_of, stall_days=stall_days)
    status = status.loc[status["state"].isin(ATTENTION_STATES)]
    status = status.iloc[attention_order(status)].copy()
    status["reason"] = attention_reasons(status).astype(status["state"].dtype)
    status["severity_days"] = attention_severity(status)
    return status[NEEDS_ATTENTION_COLUMNS]
