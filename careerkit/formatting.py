"""Single values as text for people: shared by the widgets and the report."""

from __future__ import annotations

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

