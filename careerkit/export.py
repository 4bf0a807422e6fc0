"""Excel export: the metrics of a data folder as one workbook (``careerkit export``).

Sheets: ``goal status`` (:func:`careerkit.goal_status`), ``task status``
(:func:`careerkit.task_status`), ``completion by client`` and ``completion by category``
(:func:`careerkit.completion_rates`), and ``about`` (as_of, the data folder, the careerkit
version). Columns keep the metrics' names. Dates are real Excel dates shown as yyyy-mm-dd,
rates are percentages, ``percent_complete`` is a number from 0 to 100; the header row is
frozen. Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is stored as text and marked to stay text when edited.
The data files are only read, never changed.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from copy import copy
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from . import __version__
from .analytics import completion_rates, goal_status, resolve_as_of, task_status
from .data import CareerData

__all__ = ["FORMULA_STARTS", "export"]

#: Text starting with one of these is run as a formula by some spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "yyyy-mm-dd"
RATE_FORMAT = "0%"
PERCENT_FORMAT = "0.0"
RATE_COLUMNS = {"completion_rate", "on_time_rate", "task_completion_rate"}
PERCENT_COLUMNS = {"percent_complete", "mean_percent_complete"}
MAX_WIDTH = 60
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F2F4F7")


def export(data: CareerData, path: str | os.PathLike, *, as_of=None) -> Path:
    """Write the metrics of ``data`` as of one day to an Excel workbook.

    Parameters
    ----------
    data : CareerData
    path : path
        The ``.xlsx`` file to write (replaced if it exists).
    as_of : date-like, optional
        As in :func:`careerkit.goal_status` (default: the latest recorded event).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, openpyxl, careerkit
    >>> from careerkit.export import export
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = export(careerkit.load("sample_data"), f"{folder}/status.xlsx")
    ...     openpyxl.load_workbook(path).sheetnames
    ['goal status', 'task status', 'completion by client', 'completion by category', 'about']
    """
    path = Path(path)
    stamp = resolve_as_of(data, as_of)
    sheets = {
        "goal status": goal_status(data, stamp).reset_index(),
        "task status": task_status(data, stamp).reset_index(),
        "completion by client": completion_rates(data, by="client", as_of=stamp).reset_index(),
        "completion by category": completion_rates(data, by="category",
                                                   as_of=stamp).reset_index(),
    }
    about = pd.DataFrame({
        "item": ["as_of", "data folder", "careerkit version", "sheets"],
        "value": [
            stamp.to_pydatetime() if stamp is not None else None,
            str(data.folder) if data.folder is not None else "(data given in Python)",
            __version__,
            "; ".join(sheets),
        ],
    })
    book = Workbook(write_only=True)
    for name, frame in sheets.items():
        write_sheet(book, name, frame)
    write_sheet(book, "about", about, date_rows=True)
    book.save(path)
    return path


def write_sheet(book: Workbook, name: str, frame: pd.DataFrame, *,
                date_rows: bool = False) -> None:
    """Append ``frame`` as a sheet of a write-only workbook (documented internal).

    Typed cells (real dates, numbers), a frozen, bold header, and text that looks like a
    formula stored as text, never run by Excel.
    """
    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    columns = [_column(frame[c], str(c)) for c in frame.columns]
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_safe_text(column.name))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        header.append(_as_text(cell))
    sheet.append(header)
    # Styled cells share their column's style (an array of ids) instead of having it
    # looked up for each cell: much faster on millions of cells.
    styles = []
    for column in columns:
        proto = WriteOnlyCell(sheet, value=0)
        proto.number_format = column.number_format or "General"
        styles.append(proto._style if column.number_format else None)
    date_style = None
    if date_rows:
        proto = WriteOnlyCell(sheet, value=0)
        proto.number_format = DATE_FORMAT
        date_style = proto._style
    text_proto = _as_text(WriteOnlyCell(sheet, value="x"))
    for row in zip(*(c.values for c in columns), strict=True):
        cells = list(row)
        for i, value in enumerate(row):
            if value is None:
                continue
            style = styles[i]
            if isinstance(value, str):
                if value.startswith(FORMULA_STARTS):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"
                    cell._style = copy(text_proto._style)
                    cells[i] = cell
            elif style is not None or (date_style is not None and isinstance(value, dt.datetime)):
                cell = WriteOnlyCell(sheet, value=value)
                cell._style = copy(style if style is not None else date_style)
                cells[i] = cell
        sheet.append(cells)


def _as_text(cell):
    """A string cell that is never a formula, and stays text when edited in Excel."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


class _Column:
    __slots__ = ("name", "number_format", "values", "width")

    def __init__(self, name, values, number_format, width):
        self.name = name
        self.values = values
        self.number_format = number_format
        self.width = width


def _column(series: pd.Series, name: str) -> _Column:
    """Python values for openpyxl (None for missing), the number format and a width."""
    missing = series.isna().to_numpy()
    number_format = None
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        stamps = series.dt.to_pydatetime() if len(series) else []
        values = [None if m else v for v, m in zip(stamps, missing, strict=True)]
        number_format = DATE_FORMAT
        width = 12
    elif pd.api.types.is_bool_dtype(series.dtype):
        values = [None if m else bool(v) for v, m in
                  zip(series.to_numpy(dtype=object), missing, strict=True)]
        width = max(len(name), 6)
    elif pd.api.types.is_integer_dtype(series.dtype):
        raw = series.to_numpy(dtype="float64", na_value=np.nan)
        values = [None if m else int(v) for v, m in zip(raw, missing, strict=True)]
        number_format = "0"
        width = max(len(name), 8)
    elif pd.api.types.is_float_dtype(series.dtype):
        raw = series.to_numpy(dtype="float64", na_value=np.nan)
        values = [None if (m or not math.isfinite(v)) else float(v)
                  for v, m in zip(raw, missing, strict=True)]
        number_format = (RATE_FORMAT if name in RATE_COLUMNS else
                         PERCENT_FORMAT if name in PERCENT_COLUMNS else "0.0")
        width = max(len(name), 8)
    else:
        values = [None if m else _cell_value(v) for v, m in
                  zip(series.to_numpy(dtype=object), missing, strict=True)]
        texts = [v for v in values[:2000] if isinstance(v, str)]
        longest = max((len(max(t.split("\n"), key=len)) for t in texts), default=0)
        width = min(MAX_WIDTH, max(len(name), longest) + 2)
    return _Column(name, values, number_format, max(width, len(name) + 2))


def _cell_value(value):
    if isinstance(value, str):
        return _safe_text(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _safe_text(text: str) -> str:
    """Characters an xlsx file cannot hold (control characters) are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)
