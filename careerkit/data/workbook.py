"""Excel workbooks as a data source: reading, saving changed sheets, and a starter template.

A source is either one workbook (``caseload.xlsx``) with a sheet for goals, tasks and
progress (sheet names match like headers: "Goals", "progress " are fine), or a folder
holding ``goals.xlsx`` (and ``tasks.xlsx``, ``progress.xlsx``), each table on the first
sheet of its workbook.

Reading gives :class:`~careerkit.data.validation.Table` objects, as the CSV reader does:
one validation for both. Cells are taken as they are shown: real dates, numbers as numbers,
a percent-formatted cell (stored 0.45) as ``45%``, a whole number in an id column as
``7`` (zero-padded by a ``000`` format: ``007``). Text dates follow the folder rules of
CSV files. Problems name the sheet and the cell (``Progress sheet, cell D14``).

Saving (:func:`save`) rewrites only the sheets whose table changed, in place in the
workbook file: every other part of the file (the coach's own sheets, styles, charts) is
copied byte for byte, and a rewritten sheet keeps its header row, the rows above it, its
column styles, widths, filters and drop-down lists. The new file replaces the old one
atomically, after a backup of the workbook as it was loaded (``caseload.orig.xlsx``).

:func:`template` writes a starter workbook a coach can fill in.

Reading uses python-calamine for the cells (many times faster than openpyxl's read-only
mode) and takes the number formats it does not give (a percent, a zero-padded id) from the
workbook's styles; openpyxl's read-only mode reads a sheet whose cells cannot be placed so
(see :class:`Book`). ``benchmarks/workbook.py`` measures both readers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import files
from .exceptions import CareerDataError, CareerDataWarning, problems_frame
from .schema import FILES, GOALS, HEADER_SPELLINGS, STATUSES, FileSpec, Rule
from .validation import TEXT, Table, goal_statuses, normalize_header

#: Workbooks careerkit reads and writes.
SUFFIXES = (".xlsx", ".xlsm")
#: Other spreadsheet files, and what to do with them.
UNSUPPORTED = {
    ".xls": "an Excel 97-2003 workbook: open it in Excel or LibreOffice and save it as "
            "Excel Workbook (.xlsx)",
    ".xlsb": "an Excel binary workbook: open it in Excel and save it as Excel Workbook (.xlsx)",
    ".ods": "an OpenDocument spreadsheet: open it in LibreOffice and save it as Excel 2007-365 "
            "(.xlsx)",
    ".numbers": "a Numbers spreadsheet: export it from Numbers as Excel (.xlsx)",
}
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0%"
TEXT_FORMAT = "@"


# --- what a path is ------------------------------------------------------------------------

def is_workbook(path: str | Path) -> bool:
    """Whether ``path`` names a workbook source (documented internal: :func:`careerkit.load`
    and ``CareerData.save`` dispatch on it).

    True for a file ending in ``.xlsx`` (or another spreadsheet suffix, which loading then
    refuses with a sentence saying how to convert it), and for a folder holding
    ``goals.xlsx`` (or ``goals.xls``, ...) but no ``goals.csv``.

    Examples
    --------
    >>> from careerkit.data.workbook import is_workbook
    >>> is_workbook("caseload.xlsx"), is_workbook("sample_data")
    (True, False)
    """
    path = Path(path)
    if path.suffix.lower() in (*SUFFIXES, *UNSUPPORTED):
        return True
    return (path.is_dir() and not (path / GOALS.filename).exists()
            and _folder_goals(path) is not None)


def _folder_goals(folder: Path) -> Path | None:
    """The goals workbook of a folder of workbooks (goals.xlsx, or an unsupported kind)."""
    for suffix in (*SUFFIXES, *UNSUPPORTED):
        candidate = folder / f"{GOALS.name}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _table_file(folder: Path, spec: FileSpec) -> Path | None:
    for suffix in (*SUFFIXES, *UNSUPPORTED):
        candidate = folder / f"{spec.name}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _problem(path: Path, expected: str, rule: Rule, column: str = "") -> list:
    return [path.name, pd.NA, column, None, expected, rule]


def _refuse(records: list, where: Path) -> None:
    if records:
        raise CareerDataError(problems_frame(records), where=str(where))


def _lock_file(path: Path) -> Path | None:
    """The lock file Excel (``~$name``) or LibreOffice (``.~lock.name#``) keeps beside an
    open workbook, or None."""
    for name in (f"~${path.name}", f".~lock.{path.name}#"):
        if (path.parent / name).exists():
            return path.parent / name
    return None


def _open_problem(path: Path) -> list | None:
    """Why ``path`` cannot be read as an .xlsx workbook (a problem record), or None."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        return _problem(path, f"an .xlsx workbook; {path.name} is {UNSUPPORTED[suffix]}",
                        Rule.UNSUPPORTED_FORMAT)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            if head == _OLE_MAGIC:
                rest = handle.read(1 << 20)
                if _ENCRYPTED in rest:
                    return _problem(
                        path, "a workbook without a password: open it in Excel, remove the "
                        "password (File > Info > Protect Workbook > Encrypt with Password, "
                        "empty) and save it", Rule.WORKBOOK_PROTECTED)
                return _problem(path, f"an .xlsx workbook; {path.name} is {UNSUPPORTED['.xls']}",
                                Rule.UNSUPPORTED_FORMAT)
    except PermissionError:
        return _locked(path)
    except OSError as error:
        return _problem(path, f"a file careerkit can read ({error.strerror or error})",
                        Rule.UNREADABLE_FILE)
    if not zipfile.is_zipfile(path):
        return _problem(path, "an Excel workbook (.xlsx); this file is not one",
                        Rule.UNREADABLE_FILE)
    return None


def _locked(path: Path) -> list:
    return _problem(path, "a workbook careerkit may open: access is denied. Is it open in "
                    "Excel? Close it there and try again (or check the file's permissions)",
                    Rule.WORKBOOK_LOCKED)


# --- reading -------------------------------------------------------------------------------

@dataclass
class Source:
    """A workbook source as read: the tables for validation and what saving needs later."""

    path: Path
    tables: dict[str, Table | None]
    sheets: dict[str, str] = field(default_factory=dict)  # table name -> sheet title

    def fingerprints(self, frames) -> dict:
        """What was on disk when loaded: file stamps and the tables as loaded (for
        :attr:`CareerData._fingerprints`; documented internal)."""
        headers = {}
        day_month = set()
        for name, table in self.tables.items():
            if table is not None and table.letters is not None:
                headers[name] = dict(zip(table.frame.columns, table.letters, strict=True))
                for column in table.spec.of_kind("date"):
                    if column in table.frame.columns and _day_month(table.frame[column]):
                        day_month.add(name)
        state = Loaded({spec.name: frame.copy() for spec, frame in zip(FILES, frames,
                                                                         strict=True)},
                       headers, self.sheets, day_month=frozenset(day_month))
        return {**fingerprints(self.path), LOADED: state}


#: A date typed as text with day and month in numbers (31/03/2025, 03.31.25).
_DAY_MONTH = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"


def _day_month(cells: pd.Series) -> bool:
    """Whether a column of cells as read holds a date typed as text like 31/03/2025."""
    if cells.dtype != object:
        return False
    text = np.fromiter((type(value) is str for value in cells), dtype=bool, count=len(cells))
    return bool(text.any() and pd.Series(cells[text], dtype="str").str.match(_DAY_MONTH).any())


#: Key of the :class:`Loaded` state in a CareerData's fingerprints.
LOADED = "workbook tables as loaded"


@dataclass(frozen=True)
class Loaded:
    """The tables of a workbook as loaded or last saved, where their columns were, and
    which workbook files have been backed up since loading."""

    frames: dict[str, pd.DataFrame]
    letters: dict[str, dict[str, str]]  # table -> column -> letter, as loaded
    sheets: dict[str, str]  # table -> sheet title
    backed_up: frozenset[str] = frozenset()  # files already backed up since loading
    day_month: frozenset[str] = frozenset()  # tables with dates typed as text like 31/03/2025


def fingerprints(path: str | Path) -> dict:
    """(modification time, size) of each workbook file of a source, by file name
    (documented internal, for ``CareerData.changed_on_disk``)."""
    path = Path(path)
    if path.is_dir():
        return {f"{spec.name}.xlsx": files.fingerprint(path / f"{spec.name}.xlsx")
                for spec in FILES}
    return {path.name: files.fingerprint(path)}


def read(path: str | Path) -> Source:
    """Read a workbook source into tables for validation (documented internal: used by
    :func:`careerkit.load`).

    Raises
    ------
    CareerDataError
        A workbook that cannot be read (missing, not .xlsx, password protected, locked,
        without a goals sheet), one sentence each.

    Warns
    -----
    CareerDataWarning
        A workbook open in Excel (its lock file is beside it): what is not saved there yet
        is not read.
    """
    import warnings

    path = Path(path)
    if path.is_dir():
        found = {spec.name: _table_file(path, spec) for spec in FILES}
    elif path.is_file():
        found = {GOALS.name: path}
    else:
        _refuse([_problem(path, "an Excel workbook (.xlsx) with a goals sheet",
                          Rule.MISSING_FILE)], path)
    records = [p for p in (_open_problem(f) for f in found.values() if f is not None) if p]
    _refuse(records, path)
    for file in {f for f in found.values() if f is not None}:
        lock = _lock_file(file)
        if lock is not None:
            warnings.warn(CareerDataWarning(
                f"{file.name} is open in Excel or LibreOffice ({lock.name} is beside it): "
                "changes not saved there yet are not loaded", Rule.WORKBOOK_LOCKED),
                stacklevel=3)
    tables: dict[str, Table | None] = {spec.name: None for spec in FILES}
    sheets: dict[str, str] = {}
    for file in dict.fromkeys(f for f in found.values() if f is not None):
        try:
            book = Book(file)
        except PermissionError:
            _refuse([_locked(file)], path)
        except Exception as error:  # a damaged file: the readers raise many kinds
            _refuse([_problem(file, f"an Excel workbook careerkit can read ({error})",
                              Rule.UNREADABLE_FILE)], path)
        if path.is_dir():
            spec = next(s for s in FILES if found[s.name] == file)
            title = book.titles[0]
            tables[spec.name] = book.table(title, spec, file.name)
            sheets[spec.name] = title
        else:
            chosen = _match_sheets(book.titles, file)
            for spec in FILES:
                if spec.name in chosen:
                    title = chosen[spec.name]
                    tables[spec.name] = book.table(title, spec, f"{title.strip()} sheet")
                    sheets[spec.name] = title
    return Source(path, tables, sheets)


class Book:
    """A workbook's cells, read by python-calamine, with what its number formats show
    (documented internal, used by :func:`read`).

    python-calamine reads values (dates as dates) many times faster than openpyxl, but
    does not give number formats, without which 0.45 shown as 45 % is 0.45, and 7 shown as
    007 is 7. Those formats are taken from the workbook's styles: the cells that use a
    percent or zero-padding format are found in the sheet's XML. A sheet whose cells do not
    say where they are (no ``r`` attribute, written by rare programs) is read by openpyxl's
    read-only mode instead (:func:`read_sheet`), which gives each cell's format.
    """

    def __init__(self, file: Path):
        import python_calamine

        self.file = file
        data = file.read_bytes()  # read once, for both; no file is left open
        self.cells = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        self.titles = list(self.cells.sheet_names)
        package = _Package(data)
        self.zip = package.zip
        self.parts = dict(package.sheets())
        styles = package.styles
        kinds = {} if styles is None else {
            index: format_kind(styles.code(index)) for index in range(len(styles.xfs))}
        self.shown = {index: kind for index, kind in kinds.items()
                      if kind[0] in ("percent", "padded")}

    def table(self, title: str, spec: FileSpec, label: str) -> Table:
        marks = self.marks(title)
        if marks is None:
            from openpyxl import load_workbook

            book = load_workbook(self.file, read_only=True, data_only=True)
            try:
                return read_sheet(book[title], spec, label)
            finally:
                book.close()
        rows = self.cells.get_sheet_by_name(title).to_python(skip_empty_area=False)
        return grid_table(rows, marks, spec, label)

    def marks(self, title: str) -> dict[tuple[int, int], tuple] | None:
        """The number formats that change what a cell shows, by (row, column) from 0; None
        when the sheet's cells cannot be placed without reading each."""
        if not self.shown:
            return {}
        part = self.parts.get(title)
        if part is None:
            return None
        styles = b"|".join(str(index).encode() for index in self.shown)
        data = self.zip.read(part)
        # Cells as Excel, LibreOffice and openpyxl write them (r, then s) are found fast.
        # Every cell with such a style holds s="N": when the file holds no more of those
        # than cells found, they are all found (a count is faster than a search); else
        # every cell is looked at.
        found = re.findall(rb'c r="([A-Z]+)(\d+)" s="(' + styles + rb')"', data)
        if len(found) != sum(data.count(b's="%d"' % index) for index in self.shown):
            found = []
            for cell in re.finditer(rb'<(?:\w+:)?c\b[^>]*?\bs="(' + styles + rb')"[^>]*>',
                                    data):
                ref = re.search(rb'\br="([A-Z]+)(\d+)"', cell.group(0))
                if ref is None:
                    return None
                found.append((ref.group(1), ref.group(2), cell.group(1)))
        return {(int(row) - 1, _column_index(column.decode()) - 1): self.shown[int(style)]
                for column, row, style in found}


def grid_table(rows: list[list], marks: dict, spec: FileSpec, label: str) -> Table:
    """A sheet's cells (python-calamine's rows from A1, ``""`` for empty) as a table for
    validation, as :func:`read_sheet` makes it (documented internal)."""
    width = max((len(row) for row in rows), default=0)
    grid = np.empty((len(rows), width), dtype=object)
    if rows and all(len(row) == width for row in rows):
        grid[:] = rows  # python-calamine's rows all have the sheet's width
    else:
        for position, row in enumerate(rows):
            grid[position, :len(row)] = row
            grid[position, len(row):] = ""
    for (row, column), kind in marks.items():
        if row < grid.shape[0] and column < width:
            grid[row, column] = shown(grid[row, column], kind)
    filled = np.flatnonzero((grid != "").any(axis=1)) if width else np.zeros(0, int)
    header_at = next((at for at in filled[:HEADER_ROWS] if names_a_column(
        [_header_text(value) for value in grid[at]], spec)), filled[0] if len(filled) else 0)
    data = filled[filled > header_at]
    header = [_header_text(value) for value in grid[header_at]] if len(filled) else []
    columns = {}
    for position in range(width):
        cells = grid[data, position]
        cells[cells == ""] = None
        other = np.flatnonzero([type(value) in _AS_TEXT for value in cells])
        texts: dict = {}  # once per distinct value: a year of check-ins has few dates
        cells[other] = [texts[value] if value in texts else texts.setdefault(
            value, _text_of(value)) for value in cells[other]]
        columns[position] = _column(cells)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(data)))
    frame.columns = header
    letters = [_letter(position + 1) for position in range(width)]
    return Table(spec, frame, (data + 1).astype(np.int64), label, letters=letters)


def _match_sheets(titles: list[str], file: Path) -> dict[str, str]:
    """The sheet of each table (names match like headers), or a problem for each doubt."""
    chosen: dict[str, str] = {}
    records = []
    for spec in FILES:
        matches = [t for t in titles if normalize_header(t) == spec.name]
        if len(matches) > 1:
            records.append(_problem(file, f"one sheet for {spec.name}, not "
                                    + " and ".join(repr(t) for t in matches),
                                    Rule.DUPLICATE_SHEET))
        elif matches:
            chosen[spec.name] = matches[0]
    if GOALS.name not in chosen and not records:
        shown = ", ".join(repr(t) for t in titles)
        records.append(_problem(
            file, f"a sheet named goals (the workbook has {shown}): name the sheet of goals "
            "'goals', of tasks 'tasks' and of check-ins 'progress'", Rule.MISSING_SHEET))
    _refuse(records, file)
    return chosen


def read_sheet(sheet, spec: FileSpec, label: str) -> Table:
    """A worksheet (openpyxl, read-only) as a table for validation (documented internal:
    :class:`Book` reads a sheet so when python-calamine's cells cannot be placed).

    The header is found by :func:`names_a_column`; rows above it (a title) are not data,
    rows without any value are skipped (their numbers still count). Each cell becomes what
    it shows: see :func:`cell_value`.
    """
    sheet.reset_dimensions()  # some programs write a wrong used range: read every row
    kinds: dict[str, tuple] = {}
    header: list | None = None
    pending: list[tuple[int, list]] = []  # rows with values while the header is unknown
    rows: list[list] = []
    lines: list[int] = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        values = [cell_value(cell, kinds) for cell in row]
        if not any(v is not None and v != "" for v in values):
            continue
        if header is None:
            pending.append((number, values))
            found = names_a_column([_header_text(v) for v in values], spec)
            if found or len(pending) == HEADER_ROWS:
                at = len(pending) - 1 if found else 0
                header = pending[at][1]
                rows.extend(values for _, values in pending[at + 1:])
                lines.extend(number for number, _ in pending[at + 1:])
            continue
        rows.append(values)
        lines.append(number)
    if header is None and pending:
        header = pending[0][1]
        rows.extend(values for _, values in pending[1:])
        lines.extend(number for number, _ in pending[1:])
    header = header or []
    width = max([len(header), *map(len, rows)])
    header = [_header_text(v) for v in header] + [""] * (width - len(header))
    columns = {}
    for position in range(width):
        cells = [row[position] if position < len(row) else None for row in rows]
        columns[position] = _column(cells)
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))
    frame.columns = header
    letters = [_letter(position + 1) for position in range(width)]
    return Table(spec, frame, np.asarray(lines, dtype=np.int64), label, letters=letters)


#: Rows with values at the top of a sheet among which its header is looked for.
HEADER_ROWS = 10


def names_a_column(texts: list[str], spec: FileSpec) -> bool:
    """Whether a row is the header: a cell names one of the table's columns (or a built-in
    spelling of one). A sheet's header is the first such row among its first
    :data:`HEADER_ROWS` rows with values, else the first row with values (documented
    internal: reading and saving find the same header)."""
    known = set(spec.names) | {normalize_header(typed) for spellings in
                               HEADER_SPELLINGS.get(spec.name, {}).values()
                               for typed in spellings}
    return any(normalize_header(text) in known for text in texts if text.strip())


def _header_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column(cells: list) -> pd.Series:
    """Numbers only (and blanks): float64; anything else: object."""
    if all(v is None or (isinstance(v, int | float) and not isinstance(v, bool))
           for v in cells):
        return pd.Series(np.asarray([np.nan if v is None else v for v in cells],
                                    dtype="float64"))
    return pd.Series(cells, dtype=object)


_LITERAL = r'(?:"[^"]*"|\\.)*'
_PADDED = re.compile(rf"^({_LITERAL})(0+)({_LITERAL})$")


def format_kind(number_format: str) -> tuple:
    """How a number format shows a number: ("percent",), ("padded", prefix, width, suffix)
    for id formats such as ``000`` or ``"G"000``, ("date",) or ("number",)."""
    from openpyxl.styles import is_date_format

    code = number_format.split(";")[0]
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    if "%" in bare:
        return ("percent",)
    padded = _PADDED.match(code)
    if padded and len(padded.group(2)) > 1:
        def literal(text):
            return re.sub(r'"([^"]*)"|\\(.)', lambda m: m.group(1) or m.group(2) or "", text)
        return ("padded", literal(padded.group(1)), len(padded.group(2)),
                literal(padded.group(3)))
    if is_date_format(code):
        return ("date",)
    return ("number",)


def cell_value(cell, kinds: dict | None = None):
    """What a cell shows, for validation (documented internal).

    Text as it is; a date cell as an ISO date (``2025-03-31``, with the time when there is
    one); a number formatted as a percent as ``"45%"`` (stored 0.45); a whole number whose
    format pads it with zeros as that text (``007``); other numbers as numbers; blanks as
    None. ``kinds`` caches :func:`format_kind` by number format.
    """
    value = cell.value
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _text_of(value)
    number_format = cell.number_format
    if number_format == "General":
        return value
    kind = None if kinds is None else kinds.get(number_format)
    if kind is None:
        kind = format_kind(number_format)
        if kinds is not None:
            kinds[number_format] = kind
    return shown(value, kind)


def shown(value, kind: tuple):
    """A number as a cell of that :func:`format_kind` shows it: ``"45%"`` for 0.45 formatted
    as a percent, ``"007"`` for 7 formatted ``000``; anything else as it is (documented
    internal)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if kind[0] == "percent":
        return number_text(round(value * 100, 9)) + "%"
    if kind[0] == "padded" and float(value).is_integer() and value >= 0:
        return f"{kind[1]}{int(value):0{kind[2]}d}{kind[3]}"
    return value


#: Cell values (as openpyxl and python-calamine give them) that validation gets as text.
_AS_TEXT = frozenset({dt.datetime, dt.date, dt.time, dt.timedelta, bool})


def _text_of(value) -> str:
    """A date cell as an ISO date (with the time when there is one), a time or duration as
    ISO text, anything else (TRUE) as str()."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def number_text(value: float) -> str:
    """45.0 -> '45', 0.5 -> '0.5' (documented internal)."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else repr(value)


# --- saving --------------------------------------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = f"{REL_NS}/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
#: Rows after the header searched for the style of each column's cells.
STYLE_ROWS = 50
#: zlib level of the parts written: fast (as Excel's own), files a little larger.
COMPRESSION = 1


def save(frames, path: str | Path, as_loaded: dict | None) -> tuple[list[Path], dict]:
    """Write the three tables to a workbook source (documented internal: called by
    ``CareerData.save``).

    Only sheets whose table differs from the table as loaded (``as_loaded``: the data's
    fingerprints when it is saved to the source it came from; None writes every table) are
    rewritten, in place in the file (see the module docstring). A workbook that does not
    exist yet starts as :func:`template` (without its Instructions sheet in a folder of
    workbooks). Before the first save since loading, the workbook as it was is copied to
    ``<name>.orig.xlsx`` (replacing an older backup).

    Returns
    -------
    written : list of Path
        The workbook files replaced or created (empty when no table changed).
    fingerprints : dict
        What is on disk now, for the data's next save.

    Raises
    ------
    CareerDataError
        The workbook is open in Excel (or access is denied), password protected, or of a
        kind careerkit does not write (.xls, .ods): nothing is written.
    """
    path = Path(path)
    loaded: Loaded | None = (as_loaded or {}).get(LOADED)
    tables = {spec.name: frame for spec, frame in zip(FILES, frames, strict=True)}
    letters = dict(loaded.letters) if loaded else {}
    sheets = dict(loaded.sheets) if loaded else {}
    backed_up = set(loaded.backed_up) if loaded else set()
    changed = {name: frame for name, frame in tables.items()
               if loaded is None or not _same(frame, loaded.frames.get(name))}
    if changed and loaded is not None:
        # Rewritten dates become date cells: a sheet's 31/01/2025 may be what decides
        # another's 03/04/2025 is day-first, so sheets with such text dates go together.
        changed = {name: frame for name, frame in tables.items()
                   if name in changed or name in loaded.day_month}
    if path.suffix.lower() in UNSUPPORTED:
        _refuse([_problem(path, f"an .xlsx workbook to save to; {path.name} would be "
                          f"{UNSUPPORTED[path.suffix.lower()]}", Rule.UNSUPPORTED_FORMAT)],
                path)
    if path.is_dir():
        targets = [(path / f"{name}.xlsx", {name: frame}) for name, frame in changed.items()]
    else:
        targets = [(path, changed)] if changed else []
    written = []
    for file, parts in targets:
        parts = {name: frame for name, frame in parts.items()
                 if name == GOALS.name or len(frame) or _has_sheet(file, name, sheets)}
        if not parts:
            continue
        single = not path.is_dir()
        done = _save_file(file, parts, letters, sheets, single=single,
                          backup=file.name not in backed_up)
        letters.update(done)
        backed_up.add(file.name)
        written.append(file)
    state = Loaded({name: frame.copy() for name, frame in tables.items()}, letters, sheets,
                   frozenset(backed_up), loaded.day_month - set(changed) if loaded else
                   frozenset())
    return written, {**fingerprints(path), LOADED: state}


def _same(frame: pd.DataFrame, loaded: pd.DataFrame | None) -> bool:
    return (loaded is not None and list(frame.columns) == list(loaded.columns)
            and frame.dtypes.astype(str).tolist() == loaded.dtypes.astype(str).tolist()
            and frame.equals(loaded))


def _has_sheet(file: Path, name: str, sheets: dict[str, str]) -> bool:
    """Whether the workbook file already holds a sheet for the table (so that an empty
    table still empties it)."""
    if not file.exists():
        return False
    if file.name == f"{name}.xlsx" or name in sheets:
        return True
    try:
        package = _Package(file.read_bytes())
    except (OSError, zipfile.BadZipFile):
        return False
    return any(normalize_header(title) == name for title, _ in package.sheets())


def _save_file(file: Path, parts: dict[str, pd.DataFrame], letters, sheets, *, single: bool,
               backup: bool) -> dict[str, dict[str, str]]:
    lock = _lock_file(file)
    if lock is not None:
        _refuse([_problem(file, f"a workbook closed in Excel or LibreOffice before saving: "
                          f"{lock.name} beside it says it is open there. Close it (if no "
                          f"program has it open, delete {lock.name}) and save again; "
                          "nothing was written", Rule.WORKBOOK_LOCKED)], file)
    if file.exists():
        problem = _open_problem(file)
        if problem:
            _refuse([problem], file)
        try:
            base = file.read_bytes()
        except PermissionError:
            _refuse([_locked(file)], file)
    else:
        specs = FILES if single else [spec for spec in FILES if spec.name in parts]
        base = starter(specs, instructions=single)
    package = _Package(base)
    done = {}
    for spec in FILES:
        if spec.name in parts:
            title = sheets.get(spec.name) if single else None
            title, done[spec.name] = package.put_table(spec, parts[spec.name], title,
                                                        letters.get(spec.name, {}),
                                                        first_sheet=not single)
            sheets[spec.name] = title
    data = package.to_bytes()
    try:
        if backup and file.exists():
            files.write_bytes_atomic(file.with_name(f"{file.stem}.orig{file.suffix}"), base)
        files.write_bytes_atomic(file, data)
    except PermissionError:
        _refuse([_locked(file)], file)
    return done


class _Package:
    """An .xlsx file's parts, some replaced: written back with every other part as it was."""

    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.zip.namelist())
        self.changed: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.book = _part_path("", self._target("_rels/.rels", "/officeDocument"))
        self.styles = _Styles.of(self)
        book = self.text(self.book)
        self.date1904 = re.search(r'<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"',
                                  book) is not None

    # parts
    def text(self, name: str) -> str:
        return (self.changed.get(name) or self.zip.read(name)).decode("utf-8")

    def put(self, name: str, text: str) -> None:
        self.changed[name] = text.encode("utf-8")

    def to_bytes(self) -> bytes:
        if self.styles is not None and self.styles.added:
            self.put(self.styles.part, self.styles.text())
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in self.zip.infolist():
                if info.filename in self.removed:
                    continue
                data = self.changed.pop(info.filename, None)
                target.writestr(info, data if data is not None else self.zip.read(info),
                                compresslevel=COMPRESSION)
            for name, data in self.changed.items():
                target.writestr(name, data, compresslevel=COMPRESSION)
        return out.getvalue()

    def _rels(self, part: str) -> str:
        folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
        return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"

    def relationships(self, part: str) -> list[dict]:
        rels = self._rels(part) if not part.startswith("_rels/") else part
        if rels not in self.names and rels not in self.changed:
            return []
        return [dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
                for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)/?>", self.text(rels))]

    def _target(self, rels: str, kind: str) -> str:
        for rel in self.relationships(rels):
            if rel.get("Type", "").endswith(kind):
                return rel["Target"]
        raise KeyError(kind)

    def sheets(self) -> list[tuple[str, str]]:
        """(title, part) of each worksheet, in workbook order."""
        targets = {rel["Id"]: _part_path(self.book, rel["Target"])
                   for rel in self.relationships(self.book)}
        found = []
        for match in re.finditer(r"<(?:\w+:)?sheet\b([^>]*?)/?>", self.text(self.book)):
            attributes = match.group(1)
            name = re.search(r'\bname="([^"]*)"', attributes)
            rid = re.search(r'\b\w+:id="([^"]*)"', attributes)
            if name and rid and targets.get(rid.group(1), "") in self.names | set(self.changed):
                found.append((_unescape(name.group(1)), targets[rid.group(1)]))
        return found

    # tables
    def put_table(self, spec: FileSpec, frame: pd.DataFrame, title: str | None,
                  letters: dict[str, str], *, first_sheet: bool):
        """Write ``frame`` into its sheet (found by title, by name, or the first sheet; a new
        one when there is none). Returns the sheet title and the letter of each column."""
        sheets = self.sheets()
        if first_sheet and sheets:
            chosen = sheets[0]
        else:
            chosen = next((s for s in sheets if s[0] == title), None) or next(
                (s for s in sheets if normalize_header(s[0]) == spec.name), None)
        if chosen is None:
            chosen = (spec.name, self._new_sheet(spec.name))
        title, part = chosen
        sheet = _Sheet(self.text(part), self.shared_string, spec)
        done = sheet.write(spec, frame, letters, self.styles, self.date1904)
        self.changed[part] = sheet.data
        self._fit_tables(part, sheet)
        self._drop_calc_chain()
        return title, done

    def shared_string(self, index: int) -> str:
        if not hasattr(self, "_strings"):
            self._strings = []
            targets = [rel["Target"] for rel in self.relationships(self.book)
                       if rel.get("Type", "").endswith("/sharedStrings")]
            if targets:
                text = self.text(_part_path(self.book, targets[0]))
                self._strings = [
                    _unescape("".join(re.findall(r"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>",
                                                 re.sub(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>",
                                                        "", item, flags=re.S), re.S)))
                    for item in re.findall(r"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", text,
                                           re.S)]
        return self._strings[index] if 0 <= index < len(self._strings) else ""

    def _fit_tables(self, part: str, sheet: _Sheet) -> None:
        """Excel tables (Format as Table) on the sheet grow or shrink with its rows."""
        for rel in self.relationships(part):
            if rel.get("Type", "").endswith("/table"):
                table = _part_path(part, rel["Target"])
                if table in self.names:
                    self.put(table, sheet.fit_range(self.text(table)))

    def _drop_calc_chain(self) -> None:
        """Excel's cache of formula cells names cells of the old sheet: drop it (Excel
        rebuilds it)."""
        for rel in self.relationships(self.book):
            if rel.get("Type", "").endswith("/calcChain"):
                chain = _part_path(self.book, rel["Target"])
                self.removed.add(chain)
                rels = self._rels(self.book)
                self.put(rels, re.sub(rf'<(?:\w+:)?Relationship\b[^>]*\bId="{rel["Id"]}"[^>]*/>',
                                      "", self.text(rels)))
                types = self.text("[Content_Types].xml")
                self.put("[Content_Types].xml", re.sub(
                    rf'<(?:\w+:)?Override\b[^>]*PartName="/{re.escape(chain)}"[^>]*/>', "",
                    types))

    def _new_sheet(self, title: str) -> str:
        """Add an empty worksheet named ``title``; returns its part name."""
        number = 1
        while f"xl/worksheets/sheet{number}.xml" in self.names | set(self.changed):
            number += 1
        part = f"xl/worksheets/sheet{number}.xml"
        self.put(part, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                       f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetData/>'
                       "</worksheet>")
        rels = self._rels(self.book)
        ids = {rel["Id"] for rel in self.relationships(self.book)}
        rid = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        target = part[len(self.book.rsplit("/", 1)[0]) + 1:] if "/" in self.book else part
        self.put(rels, self.text(rels).replace(
            "</Relationships>",
            f'<Relationship Id="{rid}" Type="{WORKSHEET_TYPE}" Target="{target}"/>'
            "</Relationships>"))
        types = self.text("[Content_Types].xml")
        self.put("[Content_Types].xml", types.replace(
            "</Types>", f'<Override PartName="/{part}" ContentType="{WORKSHEET_CONTENT}"/>'
                        "</Types>"))
        book = self.text(self.book)
        ids = [int(n) for n in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bsheetId="(\d+)"', book)]
        prefix = re.match(r"(?s).*?<(\w+:)?workbook\b", book).group(1) or ""
        element = (f'<{prefix}sheet xmlns:r="{REL_NS}" name="{_escape(title)}" '
                   f'sheetId="{max(ids, default=0) + 1}" r:id="{rid}"/>')
        self.put(self.book, re.sub(rf"</{prefix}sheets>", lambda _: element + f"</{prefix}sheets>",
                                   book, count=1))
        return part


def _part_path(source: str, target: str) -> str:
    """A relationship's target as a part name (relative to the part ``source``)."""
    import posixpath

    if target.startswith("/"):
        return target[1:]
    folder = posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(folder, target))


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        '"', "&quot;")


class _Styles:
    """The cell formats (``cellXfs``) of a workbook, and the few careerkit adds: a format
    like an existing one with another number format. Written back by inserting the new
    entries only, so every existing index keeps its meaning."""

    def __init__(self, part: str, text: str):
        self.part = part
        self._text = text
        self.prefix = re.search(r"<(\w+:)?styleSheet\b", text).group(1) or ""
        p = re.escape(self.prefix)
        self.formats = dict(_builtin_formats())
        for match in re.finditer(rf"<{p}numFmt\b([^>]*?)/?>", text):
            number = re.search(r'\bnumFmtId="(\d+)"', match.group(1))
            code = re.search(r'\bformatCode="([^"]*)"', match.group(1))
            if number and code:
                self.formats[int(number.group(1))] = _unescape(code.group(1))
        block = re.search(rf"<{p}cellXfs\b[^>]*>(.*?)</{p}cellXfs>", text, re.S)
        self.xfs = [m.group(0) for m in re.finditer(rf"<{p}xf\b[^>]*?(?:/>|>.*?</{p}xf>)",
                                                       block.group(1) if block else "", re.S)]
        self.count = len(self.xfs)
        self.new_formats: dict[str, int] = {}
        self._derived: dict[tuple[int, str], int] = {}

    @classmethod
    def of(cls, package: _Package) -> _Styles | None:
        for rel in package.relationships(package.book):
            if rel.get("Type", "").endswith("/styles"):
                part = _part_path(package.book, rel["Target"])
                if part in package.names:
                    styles = cls(part, package.text(part))
                    return styles if styles.xfs else None
        return None

    @property
    def added(self) -> bool:
        return len(self.xfs) > self.count

    def code(self, index: int) -> str:
        xf = self.xfs[index] if 0 <= index < len(self.xfs) else self.xfs[0]
        number = re.search(r'\bnumFmtId="(\d+)"', xf.split(">", 1)[0])
        return self.formats.get(int(number.group(1)) if number else 0, "General")

    def kind(self, index: int) -> str:
        """"date" (a format showing a day), "percent", or "other"."""
        kind = format_kind(self.code(index))[0]
        if kind == "date":
            bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", self.code(index))
            return "date" if re.search(r"[yYdD]", bare) else "other"
        return kind if kind == "percent" else "other"

    def with_format(self, index: int, code: str) -> int:
        """The index of a format like ``index`` but showing numbers as ``code``."""
        key = (index, code)
        if key not in self._derived:
            number = next((i for i, c in self.formats.items() if c == code), None)
            if number is None:
                number = max([163, *self.formats]) + 1
                self.formats[number] = code
                self.new_formats[code] = number
            base = self.xfs[index] if 0 <= index < len(self.xfs) else self.xfs[0]
            start, rest = re.match(r"(?s)(<[^>]*?)(/?>.*)", base).groups()
            start = re.sub(r'\s(?:numFmtId|applyNumberFormat)="[^"]*"', "", start)
            start = re.sub(r"^(<\S+)", rf'\1 numFmtId="{number}" applyNumberFormat="1"', start)
            self.xfs.append(start + rest)
            self._derived[key] = len(self.xfs) - 1
        return self._derived[key]

    def text(self) -> str:
        p = self.prefix
        text = self._text
        if self.new_formats:
            entries = "".join(f'<{p}numFmt numFmtId="{number}" formatCode="{_escape(code)}"/>'
                              for code, number in self.new_formats.items())
            if re.search(rf"</{re.escape(p)}numFmts>", text):
                text = re.sub(rf"</{re.escape(p)}numFmts>", lambda _: entries + f"</{p}numFmts>",
                              text, count=1)
                text = _recount(text, f"{p}numFmts", len(re.findall(
                    rf"<{re.escape(p)}numFmt\b", text)))
            else:
                text = re.sub(rf"(<{re.escape(p)}styleSheet\b[^>]*>)",
                              lambda m: m.group(1) + f'<{p}numFmts count="{len(self.new_formats)}">'
                              + entries + f"</{p}numFmts>", text, count=1)
        added = "".join(self.xfs[self.count:])
        text = re.sub(rf"</{re.escape(p)}cellXfs>", lambda _: added + f"</{p}cellXfs>", text,
                      count=1)
        return _recount(text, f"{p}cellXfs", len(self.xfs))


def _recount(text: str, element: str, count: int) -> str:
    def fix(match):
        start = re.sub(r'\scount="\d+"', "", match.group(0)[:-1])
        return f'{start} count="{count}">'
    return re.sub(rf"<{re.escape(element)}\b[^>]*>", fix, text, count=1)


def _builtin_formats() -> dict[int, str]:
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    return BUILTIN_FORMATS


def _column_index(letters: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letters)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PLAIN_NUMBER = r"-?(?:0|[1-9]\d{0,14})(?:\.\d{0,14}[1-9])?"
_ISO_DAY = r"\d{4}-\d{2}-\d{2}"


class _Sheet:
    """A worksheet's XML, split around its rows: the rows up to the header are kept as they
    are, the rows below are replaced by a table's."""

    def __init__(self, text: str, shared_string, spec: FileSpec):
        self.prefix = re.search(r"<(\w+:)?worksheet\b", text).group(1) or ""
        p = re.escape(self.prefix)
        opening = re.search(rf"<{p}sheetData\b[^>]*?(/?)>", text)
        self.head = text[:opening.start()]
        if opening.group(1):
            region, self.tail = "", text[opening.end():]
        else:
            closing = text.index(f"</{self.prefix}sheetData>", opening.end())
            region = text[opening.end():closing]
            self.tail = text[closing + len(f"</{self.prefix}sheetData>"):]
        self.kept: list[str] = []
        self.header_row: int | None = None
        self.header: dict[int, str] = {}
        self.header_style = 0
        self.styles: dict[int, int] = {}
        self.last_row = 1
        self._read_rows(region, shared_string, spec)

    def _read_rows(self, region: str, shared_string, spec: FileSpec) -> None:
        p = re.escape(self.prefix)
        cell_pattern = re.compile(rf"<{p}c\b([^>]*?)(?:/>|>(.*?)</{p}c>)", re.S)
        number = after = 0
        seen: list[tuple[int, str, list]] = []  # every row while the header is unknown
        with_values = []  # positions in seen of rows with values
        for row in re.finditer(rf"<{p}row\b([^>]*?)(?:/>|>(.*?)</{p}row>)", region, re.S):
            found = re.search(r'\br="(\d+)"', row.group(1))
            number = int(found.group(1)) if found else number + 1
            cells = []
            column = 0
            for cell in cell_pattern.finditer(row.group(2) or ""):
                attributes, inner = cell.group(1), cell.group(2) or ""
                ref = re.search(r'\br="([A-Z]+)\d+"', attributes)
                column = _column_index(ref.group(1)) if ref else column + 1
                style = re.search(r'\bs="(\d+)"', attributes)
                cells.append((column, int(style.group(1)) if style else None,
                              _cell_text(attributes, inner, shared_string)))
            if self.header_row is None:
                seen.append((number, row.group(0), cells))
                if any(text.strip() for _, _, text in cells):
                    with_values.append(len(seen) - 1)
                    texts = [text for _, _, text in cells]
                    if names_a_column(texts, spec) or len(with_values) == HEADER_ROWS:
                        at = with_values[-1] if names_a_column(texts, spec) else with_values[0]
                        after = self._take_header(seen, at)
                continue
            after += 1
            self._note_styles(cells)
            if after >= STYLE_ROWS:
                break
        if self.header_row is None and with_values:
            self._take_header(seen, with_values[0])

    def _take_header(self, seen: list, at: int) -> int:
        """Row ``seen[at]`` is the header: the rows up to it are kept; returns how many rows
        after it were looked at for styles."""
        number, _, cells = seen[at]
        self.header_row = number
        self.header = {column: text for column, _, text in cells}
        self.header_style = next((s for _, s, t in reversed(cells) if t), 0) or 0
        self.kept = [xml for _, xml, _ in seen[:at + 1]]
        for _, _, later in seen[at + 1:]:
            self._note_styles(later)
        return len(seen) - at - 1

    def _note_styles(self, cells: list) -> None:
        for column, style, text in cells:
            if style is not None or text:
                self.styles.setdefault(column, style or 0)

    def column_style(self, column: int) -> int:
        if column in self.styles:
            return self.styles[column]
        for match in re.finditer(rf"<{re.escape(self.prefix)}col\b([^>]*?)/?>", self.head):
            attributes = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
            if int(attributes.get("min", 0)) <= column <= int(attributes.get("max", 0)):
                return int(attributes.get("style", 0))
        return 0

    def write(self, spec: FileSpec, frame: pd.DataFrame, letters: dict[str, str], styles,
              date1904: bool) -> dict[str, str]:
        """Replace the rows below the header by ``frame``; returns each column's letter."""
        names = [str(name) for name in frame.columns]
        columns = self._columns(spec, frame, names, letters)
        header_row = self.header_row or 1
        first = header_row + 1
        self.last_row = header_row + len(frame)
        added = [(c, n) for n, c in columns.items() if c not in self.header]
        p = self.prefix
        header_cells = "".join(
            f'<{p}c r="{_letter(c)}{header_row}"{_style(self.header_style)} t="inlineStr">'
            f"<{p}is><{p}t>{_escape(name)}</{p}t></{p}is></{p}c>" for c, name in sorted(added))
        if self.kept:
            header = self.kept[-1]
            if header_cells:
                header = re.sub(r'\sspans="[^"]*"', "", header)
                header = re.sub(rf"</{re.escape(p)}row>$", lambda _: header_cells + f"</{p}row>",
                                header)
            self.kept[-1] = header
        else:
            self.kept = [f'<{p}row r="1">{header_cells}</{p}row>']
        numbers = pa.array(np.arange(first, first + len(frame)).astype(str), pa.large_string())
        parts = [_text(f'<{p}row r="'), numbers, _text('">')]
        for name, column in sorted(columns.items(), key=lambda item: item[1]):
            parts.append(self._cells(spec, frame[name], name, column, numbers, styles,
                                     date1904))
        rows = pc.binary_join_element_wise(*parts, _text(f"</{p}row>"), _text(""))
        width = max([*columns.values(), *self.header, 1])
        last = f"{_letter(width)}{max(self.last_row, header_row)}"
        head = re.sub(rf'(<{re.escape(p)}dimension\b[^>]*?\bref=")[^"]*"',
                      lambda m: f'{m.group(1)}A1:{last}"', self.head, count=1)
        self.data = b"".join([
            (head + f"<{p}sheetData>" + "".join(self.kept)).encode("utf-8"), _joined(rows),
            (f"</{p}sheetData>" + self.fit_range(self.tail)).encode("utf-8")])
        return {name: _letter(column) for name, column in columns.items()}

    def _columns(self, spec, frame, names, letters) -> dict[str, int]:
        """The column (1 = A) of each of the frame's columns: where it was loaded from, else
        under its header, else a new column after the last (only for columns with values, or
        every column of a sheet that has no header yet)."""
        def matches(text, name):
            return text is not None and (normalize_header(text) == name or text.strip() == name)

        chosen: dict[str, int] = {}
        for name in names:
            hint = letters.get(name)
            if hint is None:
                continue
            column = _column_index(hint)
            text = self.header.get(column)
            other = text is not None and text.strip() and not matches(text, name) and (
                normalize_header(text) in names or text.strip() in names)
            if column not in chosen.values() and not other and (
                    (text or "").strip() or name not in spec.names):
                chosen[name] = column
        for name in names:
            if name not in chosen:
                column = next((c for c, text in sorted(self.header.items())
                               if c not in chosen.values() and matches(text, name)), None)
                if column is not None:
                    chosen[name] = column
        following = max([*self.header, *chosen.values(), 0]) + 1
        for name in names:
            if name not in chosen and (_says_something(frame, name)
                                       or (self.header_row is None and name in spec.names)):
                chosen[name] = following
                following += 1
        return chosen

    def _cells(self, spec, values: pd.Series, name: str, column: int, numbers: np.ndarray,
               styles, date1904: bool) -> np.ndarray:
        """The XML of one column's cells, an array of str ("" where a value is missing).

        Dates are date cells and numbers number cells (``percent_complete`` divided by 100
        when its cells are formatted as percentages); text that is a plain number
        (``7``, ``2.5``, not ``007``) is a number cell, as Excel would store it when typed;
        in columns of the coach's own, ``2026-03-31`` is a date and ``45%`` a percentage.
        """
        cells = _Cells(f'<{self.prefix}c r="{_letter(column)}', numbers, self.prefix,
                       values.isna().to_numpy())
        style = self.column_style(column)
        kind = next((c.kind for c in spec.columns if c.name == name), "extra")
        if kind == "date":
            if styles is None:
                return cells.text(values.dt.strftime("%Y-%m-%d"), style)
            if styles.kind(style) != "date":
                style = styles.with_format(style, DATE_FORMAT)
            return cells.numbers(_serials(values, date1904), style)
        if kind == "number":
            number = values.to_numpy(dtype="float64", na_value=np.nan)
            if name == "percent_complete" and styles is not None \
                    and styles.kind(style) == "percent":
                number = np.round(number / 100, 12)
            return cells.numbers(_number_texts(number), style)
        text = values.astype("str")
        out = cells.text(text, style)
        out = cells.put(out, text, _PLAIN_NUMBER, lambda found: found, style)
        if kind == "extra" and styles is not None:
            out = cells.put(out, text, _ISO_DAY, lambda found: _serials(
                pd.to_datetime(found, format="%Y-%m-%d"), date1904),
                style if styles.kind(style) == "date" else styles.with_format(
                    style, DATE_FORMAT))
            out = cells.put(out, text, rf"{_PLAIN_NUMBER}%", lambda found: _number_texts(
                np.round(pd.to_numeric(found.str.rstrip("%")).to_numpy(dtype="float64") / 100,
                         12)),
                style if styles.kind(style) == "percent" else styles.with_format(
                    style, PERCENT_FORMAT))
        return out

    def fit_range(self, text: str) -> str:
        """Tables and filters that start on the header row end on the last row."""
        end = max(self.last_row, (self.header_row or 1) + 1)

        def fit(match):
            if int(match.group(3)) != (self.header_row or 1):
                return match.group(0)
            return f"{match.group(1)}{match.group(2)}{match.group(3)}:{match.group(4)}{end}\""
        return re.sub(r'(<(?:\w+:)?(?:table|autoFilter)\b[^>]*?\bref=")([A-Z]+)(\d+):([A-Z]+)\d+"',
                      fit, text)


def _says_something(frame: pd.DataFrame, name: str) -> bool:
    """Whether a column holds what its absence would not say: a value, and for a goal's
    status one other than a blank status means."""
    if name == "status" and "completed_date" in frame.columns:
        blank = pd.Series(np.nan, index=frame.index, dtype=TEXT)
        return not frame["status"].equals(goal_statuses(frame.assign(status=blank)))
    return bool(frame[name].notna().any())


def _cell_text(attributes: str, inner: str, shared_string) -> str:
    kind = re.search(r'\bt="(\w+)"', attributes)
    kind = kind.group(1) if kind else "n"
    if kind == "inlineStr":
        return _unescape("".join(re.findall(r"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", inner,
                                            re.S)))
    value = re.search(r"<(?:\w+:)?v\b[^>]*>(.*?)</(?:\w+:)?v>", inner, re.S)
    if value is None:
        return ""
    if kind == "s":
        return shared_string(int(value.group(1)))
    return _unescape(value.group(1))


def _style(index: int) -> str:
    return f' s="{index}"' if index else ""


def _serials(values: pd.Series, date1904: bool) -> pa.Array:
    """Excel's day numbers of dates, as text (null where missing)."""
    epoch = np.datetime64("1904-01-01" if date1904 else "1899-12-30", "D")
    days = values.to_numpy(dtype="datetime64[us]").astype("datetime64[D]") - epoch
    return pc.cast(pa.array(days.astype("int64"), mask=np.isnat(days)), pa.large_string())


def _number_texts(numbers: np.ndarray) -> pa.Array:
    """Numbers as text (shortest round-trip form: 45, 0.45, 1e+20), null where missing."""
    numbers = np.asarray(numbers, dtype="float64")
    return pc.cast(pa.array(numbers, mask=~np.isfinite(numbers)), pa.large_string())


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())


def _joined(strings: pa.Array) -> bytes:
    """The strings of an Arrow array (without nulls) one after the other."""
    if isinstance(strings, pa.ChunkedArray):
        strings = strings.combine_chunks()
    if not len(strings):
        return b""
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)[
        strings.offset:strings.offset + len(strings) + 1]
    return memoryview(strings.buffers()[2])[offsets[0]:offsets[-1]].tobytes()


class _Cells:
    """Builds the XML of one column's cells as an Arrow array of text ("" where missing)."""

    def __init__(self, start: str, numbers: pa.Array, prefix: str, missing: np.ndarray):
        self.start = _text(start)
        self.rows = numbers
        self.prefix = prefix
        self.missing = missing

    def _join(self, middle: str, values: pa.Array, end: str, rows=None) -> pa.Array:
        numbers = self.rows if rows is None else self.rows.filter(pa.array(rows))
        return pc.binary_join_element_wise(self.start, numbers, _text(middle),
                                           values.cast(pa.large_string()), _text(end),
                                           _text(""))

    def numbers(self, text: pa.Array, style: int) -> pa.Array:
        p = self.prefix
        cells = self._join(f'"{_style(style)}><{p}v>', text, f"</{p}v></{p}c>")
        return pc.if_else(pa.array(self.missing), _text(""), cells).fill_null("")

    def text(self, text: pd.Series, style: int) -> pa.Array:
        p = self.prefix
        values = pa.array(text.astype("str").array).cast(pa.large_string())
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        if pc.any(pc.match_substring_regex(values, _ILLEGAL.pattern)).as_py():
            values = pc.replace_substring_regex(values, _ILLEGAL.pattern, "")
        for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
            values = pc.replace_substring(values, raw, entity)
        cells = self._join(f'"{_style(style)} t="inlineStr"><{p}is><{p}t xml:space="preserve">',
                           values, f"</{p}t></{p}is></{p}c>")
        return pc.if_else(pa.array(self.missing), _text(""), cells).fill_null("")

    def put(self, out: pa.Array, text: pd.Series, pattern: str, convert, style: int
            ) -> pa.Array:
        """``out`` with the cells whose text matches ``pattern`` as number cells of
        ``convert(matching text)``."""
        found = text.str.fullmatch(pattern).fillna(False).to_numpy(dtype=bool) & ~self.missing
        if not found.any():
            return out
        p = self.prefix
        values = convert(text[found])
        values = values if isinstance(values, pa.Array | pa.ChunkedArray) else pa.array(
            np.asarray(values).astype(str))
        cells = self._join(f'"{_style(style)}><{p}v>', values, f"</{p}v></{p}c>", rows=found)
        return pc.replace_with_mask(out, pa.array(found), cells)


# --- the template --------------------------------------------------------------------------

INSTRUCTIONS = "Instructions"
_NOTES = (
    "How to fill in this workbook",
    "",
    "One row per goal on the goals sheet, per task (a step toward a goal) on the tasks sheet, "
    "and per check-in (a dated note of progress) on the progress sheet.",
    "Keep the first row of each sheet (the headers). Columns may be in any order; add "
    "columns of your own to the right if you like: careerkit keeps them.",
    "Dates: type them as dates (2026-03-31, or 31/03/2026 as your Excel is set up); the date "
    "columns are formatted yyyy-mm-dd.",
    "percent_complete: type 45% (the column is formatted as a percentage).",
    "status: pick from the list (" + ", ".join(STATUSES) + "); a blank status means active, "
    "or completed when completed_date is filled in.",
    "Ids (goal_id, task_id) are text: 007 stays 007. A task or check-in names its goal by "
    "its goal_id.",
    "When a deadline moves, keep target_date as first planned and add a check-in with the "
    "new revised_target_date: that is how careerkit measures drift.",
    "Check it:  careerkit validate caseload.xlsx        In Python:  "
    "careerkit.load(\"caseload.xlsx\")",
    "",
)


def template(path: str | Path) -> Path:
    """Write a starter workbook a coach can fill in.

    Sheets ``goals``, ``tasks`` and ``progress`` with careerkit's headers (bold, frozen),
    date formats on the date columns, a percent format on ``percent_complete``, text
    format on the id columns (``007`` stays ``007``), a drop-down list of statuses, and an
    ``Instructions`` sheet describing every column. ``careerkit template FILE.xlsx`` does
    the same from a terminal.

    Parameters
    ----------
    path : path
        The ``.xlsx`` file to create. An existing file is never replaced.

    Returns
    -------
    Path

    Raises
    ------
    FileExistsError
        When ``path`` exists.

    Examples
    --------
    >>> import tempfile, careerkit
    >>> from careerkit.data.workbook import template
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = template(f"{folder}/caseload.xlsx")
    ...     len(careerkit.load(path).goals)
    0
    """
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"a template is an .xlsx workbook: give a name ending in .xlsx, "
                         f"not {path.name}")
    if path.exists():
        raise FileExistsError(f"{path} exists: a template never replaces a workbook; give "
                              "another file name")
    files.write_bytes_atomic(path, starter(FILES))
    return path


def starter(specs, *, instructions: bool = True) -> bytes:
    """The bytes of a starter workbook with a sheet for each table of ``specs`` (documented
    internal: :func:`template` writes it, :func:`save` starts new workbooks from it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2F4F7")
    for spec in specs:
        sheet = book.create_sheet(spec.name)
        sheet.append(spec.names)
        sheet.freeze_panes = "A2"
        for position, column in enumerate(spec.columns, start=1):
            letter = _letter(position)
            sheet.cell(1, position).font = bold
            sheet.cell(1, position).fill = fill
            dimension = sheet.column_dimensions[letter]
            dimension.width = 40 if column.name in ("title", "note") else max(
                len(column.name) + 4, 14)
            number_format = (DATE_FORMAT if column.kind == "date" else
                             PERCENT_FORMAT if column.name == "percent_complete" else
                             TEXT_FORMAT if column.kind == "id" else None)
            if number_format:
                dimension.number_format = number_format
            if spec is GOALS and column.name == "status":
                choice = DataValidation(
                    type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                    errorStyle="warning", showErrorMessage=True, errorTitle="status",
                    error="careerkit knows these statuses: " + ", ".join(STATUSES))
                choice.add(f"{letter}2:{letter}1048576")
                sheet.add_data_validation(choice)
    if instructions:
        sheet = book.create_sheet(INSTRUCTIONS)
        for line in _NOTES:
            sheet.append([line])
        sheet.cell(1, 1).font = Font(bold=True, size=13)
        sheet.append(["sheet", "column", "type", "required", "what it is"])
        header = sheet.max_row
        for spec in specs:
            for column in spec.columns:
                sheet.append([spec.name, column.name, column.kind,
                              "yes" if column.required else "no", column.description])
        for cell in sheet[header]:
            cell.font, cell.fill = bold, fill
        for letter, width in zip("ABCDE", (12, 22, 8, 10, 70), strict=True):
            sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
