"""Values as text for people: shared by the charts, the widgets, the report and the cli.

One value at a time (``date_text``, ``percent_text``, ...) or many at once as object arrays
(``date_texts``, ``percent_texts``, ...), written the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def date_text(value, missing: str = "—") -> str:
    """YYYY-MM-DD of a date-like value, or ``missing``."""
    return missing if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def percent_text(value) -> str:
    """A percent (0-100) with at most one decimal: ``45%``, ``33.3%``; "—" when missing."""
    if value is None or pd.isna(value):
        return "—"
    return f"{round(float(value), 1):g}%"


def plain_text(value) -> str:
    """A cell of free text as text: "" when missing."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def count_text(n, noun: str) -> str:
    """``1 goal``, ``1,250 goals``: a count with its noun, plural unless it is 1."""
    n = int(n)
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def rate_text(value) -> str:
    """A share (0-1) as a whole percent: ``0.456`` gives ``46%``; "—" when missing."""
    return "—" if value is None or pd.isna(value) else f"{100 * float(value):.0f}%"


def signed_days_text(value, unit: str = "", missing: str = "—") -> str:
    """A day count with its sign: ``+12``, ``-3.5``, ``0`` (``missing`` when missing);
    ``unit`` follows the number (``" days"``)."""
    if value is None or pd.isna(value):
        return missing
    value = float(value)
    text = f"{value:+,.1f}" if value != round(value) else f"{int(value):+,d}"
    return ("0" if value == 0 else text) + unit


# --- many values at once (object arrays, for the charts' hover text and labels) -----------

def date_texts(values, missing: str | None = "—") -> np.ndarray:
    """YYYY-MM-DD of each date, or ``missing``; as :func:`date_text` for many values.

    ``values`` are dates (datetime64, Timestamps, a date column) or whole days since
    1970-01-01 as integers (as :func:`careerkit.analytics.kernel.days` gives them, its
    ``NAT`` being missing).

    Examples
    --------
    >>> import numpy as np
    >>> from careerkit.formatting import date_texts
    >>> date_texts(np.array([20178, np.iinfo(np.int64).min])).tolist()
    ['2025-03-31', '—']
    """
    values = np.asarray(values)
    if values.dtype.kind in "iu":
        dates = values.astype(np.int64).astype("datetime64[D]")
    else:
        dates = np.asarray(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[D]")
    text = np.datetime_as_string(dates).astype(object)
    text[np.isnat(dates)] = missing
    return text


def percent_texts(values) -> np.ndarray:
    """Percents (0-100) as :func:`percent_text` writes them, for many values: ``45%``,
    ``33.3%``, "—" when missing.

    Examples
    --------
    >>> from careerkit.formatting import percent_texts
    >>> percent_texts([45.0, 100 / 3, float("nan")]).tolist()
    ['45%', '33.3%', '—']
    """
    values = np.asarray(values, dtype="float64")
    missing = np.isnan(values)
    # Python's "%.1f" rounds the exact value half to even, as round(value, 1) does.
    rounded = np.char.mod("%.1f", np.where(missing, 0.0, values)).astype("float64")
    text = np.char.mod("%g", rounded).astype(object) + "%"
    text[missing] = "—"
    return text


def integer_texts(values, *, signed: bool = False) -> np.ndarray:
    """Whole numbers (counts, day counts) as text: ``12``; ``signed`` puts ``+`` before
    positive ones (``+12``, ``-3``, ``0``).

    Examples
    --------
    >>> from careerkit.formatting import integer_texts
    >>> integer_texts([12, -3, 0], signed=True).tolist()
    ['+12', '-3', '0']
    """
    values = np.asarray(values)
    text = np.char.mod("%d", values).astype(object)
    return np.where(values > 0, "+", "").astype(object) + text if signed else text


def plural_words(counts, one: str, many: str | None = None) -> np.ndarray:
    """The noun for each count: ``one`` for 1, else ``many`` (default ``one`` + "s").

    Examples
    --------
    >>> from careerkit.formatting import plural_words
    >>> plural_words([0, 1, 2], "goal").tolist()
    ['goals', 'goal', 'goals']
    """
    return np.where(np.asarray(counts) == 1, one, many or one + "s").astype(object)
