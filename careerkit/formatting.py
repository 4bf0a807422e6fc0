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
