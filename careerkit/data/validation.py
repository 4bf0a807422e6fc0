"""Typing and checking the three tables against the data contract.

Input: one table per file with its headers as typed and its cells as text (from a CSV file)
or as whatever a user's frame holds. Output: frames with canonical columns and dtypes, plus
every problem found, in one pass. Cell values are parsed once per distinct value, not once
per row, which keeps loading fast on large caseloads.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .exceptions import problems_frame
from .schema import FILES, STATUSES, FileSpec, Rule
from .spellings import (
    close_column,
    column_letter,
    header_spellings,
    normalize_statuses,
    similar_clients,
)

TEXT = "str"
DATE = "datetime64[us]"

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[AaPp][Mm])?)?"
_ISO = re.compile(rf"^(?P<y>\d{{4}})([-/])(?P<m>\d{{1,2}})\2(?P<d>\d{{1,2}}){_TIME}$")
_DMY = re.compile(
    rf"^(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_TIME}$"
)
DATE_EXPECTED = "a date like 2025-03-31 (or 31/03/2025, 03/31/2025, 31.03.2025)"


@dataclass
class Table:
    """One file's cells before typing, with what is needed to name places in it.

    ``letters`` (documented internal) gives the spreadsheet column letter of each column of
    ``frame``; a table that has them (a workbook sheet) names the places of its problems as
    cells: the ``cell`` column of the problems table, "Progress sheet, cell D14" in messages.
    :func:`canonical_names` keeps it aligned with the renamed columns.
    """

    spec: FileSpec
    frame: pd.DataFrame  # columns as in the file (headers as typed), values text or typed
    lines: np.ndarray  # spreadsheet line of each row
    label: str  # "goals.csv" (or "goals" for a user's frame)
    decimal_comma: bool = False
    trimmed: bool = False  # cells already trimmed, empty ones missing (true of CSV files)
    ragged: list[tuple[int, int]] = field(default_factory=list)
    letters: list[str] | None = None  # column letter of each column of frame (sheets)
    #: columns (as named in frame) the reader typed as dates from cells written 2025-03-31
    #: (:attr:`careerkit.data.files.RawTable.dates`): taken as they are, shown as written
    iso_dates: frozenset[str] = frozenset()


class Problems:
    """Collects problems as small frames; concatenated once at the end.

    ``letters`` maps a table's label to the column letter of each of its columns (by
    canonical name): problems in such a table get their ``cell`` ("D14").
    """

    def __init__(self):
        self._parts: list[pd.DataFrame] = []
        self.letters: dict[str, dict[str, str]] = {}
        #: label -> {careerkit column: (the user's header, its column letter)}
        self.headers: dict[str, dict[str, tuple[str, str]]] = {}

    def add(self, rule, file, lines, column, values, expected) -> None:
        """Problems of one ``rule`` (a :class:`Rule`, or one per line) at ``lines``."""
        lines = np.atleast_1d(np.asarray(lines, dtype="float"))
        n = len(lines)
        values = np.asarray(values, dtype=object) if values is not None else np.full(n, None)
        frame = pd.DataFrame(
            {
                "file": np.full(n, file, dtype=object),
                "line": lines,
                "column": np.full(n, column, dtype=object),
                "value": np.atleast_1d(values),
                "expected": np.broadcast_to(np.asarray(expected, dtype=object), (n,)),
                "rule": np.broadcast_to(np.asarray(rule, dtype=object), (n,)),
            }
        )
        self._parts.append(frame)

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return problems_frame()
        frame = problems_frame(pd.concat(self._parts, ignore_index=True))
        for label, letters in self.letters.items():
            at = (frame["file"] == label) & frame["line"].notna()
            letter = frame.loc[at, "column"].map(letters)
            frame.loc[at, "cell"] = letter + frame.loc[at, "line"].astype(str)
        for label, headers in self.headers.items():
            at = (frame["file"] == label) & frame["column"].isin(list(headers))
            columns = frame.loc[at, "column"]
            frame.loc[at, "header"] = columns.map({k: h for k, (h, _) in headers.items()})
            frame.loc[at, "column_letter"] = columns.map({k: c for k, (_, c) in headers.items()})
        return frame


def normalize_header(header: str) -> str:
    """'  Goal ID ' -> 'goal_id': case, surrounding spaces, spaces and hyphens are ignored."""
    return re.sub(r"[\s\-]+", "_", str(header).strip().lstrip("\ufeff").lower())


def canonical_names(table: Table, columns: dict[str, str] | None, problems: Problems,
                    notes: list | None = None) -> None:
    """Rename the table's columns to the contract's names; report missing or doubled ones.

    A header matches a column by its name, by ``columns`` (the user's own, which win) or
    by a built-in spelling (``schema.HEADER_SPELLINGS``) when the file has no column of
    that exact name. An unknown header close to a missing column is reported: a
    ``MISSING_COLUMN`` problem naming it when the column is required, else a note
    ``(Rule.UNKNOWN_HEADER, sentence, {header: column})`` appended to ``notes``.
    """
    known = set(table.spec.names)
    present = {normalize_header(h) for h in table.frame.columns} & known
    mapping = {key: name for key, name in header_spellings(table.spec.name,
                                                           normalize_header).items()
               if name not in present}
    mapping |= {normalize_header(k): v for k, v in (columns or {}).items()}
    names: list[str] = []
    seen: dict[str, int] = {}
    keep = []
    for position, header in enumerate(table.frame.columns):
        header = str(header).strip()
        key = normalize_header(header)
        if not header and table.frame.iloc[:, position].isna().all():
            continue  # a spreadsheet's trailing empty column
        name = mapping.get(key) or (key if key in known else header or f"unnamed_{position + 1}")
        if name in seen:
            if name in known:
                problems.add(Rule.DUPLICATE_COLUMN, table.label, 1, name, header,
                             f"one column for {name} (column {seen[name] + 1} is {name} too)")
                continue
            name = f"{name}.{sum(n.split('.')[0] == name for n in names)}"
        seen[name] = position
        names.append(name)
        keep.append(position)
    typed = [str(table.frame.columns[position]).strip() for position in keep]
    letters = [table.letters[position] if table.letters is not None
               else column_letter(position) for position in keep]
    frame = table.frame.iloc[:, keep]  # no copy: its columns are shared, never changed
    frame.columns = names
    table.iso_dates = frozenset(name for name, position in zip(names, keep, strict=True)
                                if table.frame.columns[position] in table.iso_dates)
    table.frame = frame
    if table.letters is not None:
        table.letters = letters
        problems.letters[table.label] = dict(zip(names, table.letters, strict=True))
    problems.headers[table.label] = {
        name: (header, letter) for name, header, letter in
        zip(names, typed, letters, strict=True) if header != name}
    missing = [name for name in table.spec.names if name not in frame.columns]
    close = {}
    for header in frame.columns:
        if header not in known:
            column = close_column(header, [m for m in missing if m not in close.values()],
                                  table.spec.name, normalize_header)
            if column:
                close[header] = column
    for header, column in close.items():
        if column not in table.spec.required_names and notes is not None:
            notes.append((Rule.UNKNOWN_HEADER,
                          f'{table.label}: the column "{header}" is not a careerkit column and '
                          f"is kept as your own: did you mean {column}? (add "
                          f'"{header}" = "{column}" under [columns] in careerkit.toml)',
                          {header: column}))
    wanted = {column: header for header, column in close.items()}
    for name in table.spec.required_names:
        if name not in frame.columns:
            near = (f'; your column "{wanted[name]}" looks like it: add "{wanted[name]}" = '
                    f'"{name}" under [columns] in careerkit.toml') if name in wanted else ""
            problems.add(
                Rule.MISSING_COLUMN, table.label, np.nan, name, wanted.get(name),
                f"a column named {name} (headers match ignoring case and spaces; map your own "
                f"header in careerkit.toml [columns] or with columns={{'Your header': "
                f"'{name}'}}{near})",
            )


# --- keys ------------------------------------------------------------------------------

def positions(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """Row of ``keys`` holding each value (its first row when repeated), -1 when absent.

    A missing value is found at the first missing key, if any. Ids that fit in 8 bytes (most
    do) are joined as 64-bit integers (:class:`IdKeys`); others by a hash join in Arrow,
    several times faster than ``Index.get_indexer`` or ``isin`` on text columns of millions
    of rows.
    """
    return IdKeys(_arrow_text(keys)).find(values)


def _text_positions(values: pa.Array, keys: pa.Array) -> np.ndarray:
    """:func:`positions` by a hash join of text in Arrow (rows as int32, as Arrow finds
    them: the joins kept with loaded data take half the memory of int64)."""
    if values.type != keys.type:
        values, keys = values.cast(pa.large_string()), keys.cast(pa.large_string())
    if values.null_count > len(values) // 2 and not keys.null_count:
        present = pc.is_valid(values)  # mostly missing (task_id of check-ins): look up the rest
        found = np.full(len(values), -1, dtype=np.int32)
        found[present.to_numpy(zero_copy_only=False)] = _index_in(values.filter(present), keys)
        return found
    return _index_in(values, keys)


def _index_in(values: pa.Array, keys: pa.Array) -> np.ndarray:
    found = pc.index_in(values, value_set=keys)  # int32
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32, copy=False)


class IdKeys:
    """The ids of a table (goal_id, task_id) made ready once for every join on them, their
    code-point order and the check for repeats (documented internal: loading makes one for
    goals and one for tasks and joins tasks and check-ins through them).

    Ids of up to 8 bytes after their shared start are numbered (:func:`number_ids`) and
    sorted as integers; when what follows the shared start is digits of one length (G0000042,
    T89844756) and the numbers are not too sparse, a table indexed by that number finds
    each id's row directly, and the order is read from it without a sort; other numbered
    ids are found by a binary search of their numbers in order (no hash table to build and
    hold for a lookup of a few).

    Examples
    --------
    >>> import pyarrow as pa
    >>> from careerkit.data.validation import IdKeys
    >>> keys = IdKeys(pa.array(["G07", "G03", "G12"], pa.large_string()))
    >>> keys.order.tolist(), keys.find(pa.array(["G12", "G99", None])).tolist()
    ([1, 0, 2], [2, -1, -1])
    """

    def __init__(self, ids: pa.Array):
        self.ids = _contiguous(ids)
        self.form = _id_form(self.ids)
        self.numbered = None if self.form is None else number_ids(self.ids, form=self.form)
        self._table = self._sorted = None
        self.order = self.repeats = None
        if self.numbered is not None and not self.ids.null_count:
            self._table = _dense_table(_decimal(self.numbered))
        if self._table is not None:
            self.order = self._table[self._table >= 0].astype(np.int64)
            self.repeats = np.zeros(len(self.ids), dtype=bool)
        else:
            self.order, self.repeats = ids_in_order(self.ids, self.numbered)
            if self.order is not None and not self.ids.null_count and not self.repeats.any() \
                    and self.numbered is not None:
                self._sorted = self.numbered.numbers[self.order]  # for every find

    def find(self, values: pd.Series | pa.Array) -> np.ndarray:
        """Row of these ids holding each value, as :func:`positions`."""
        values = _arrow_text(values)
        if self._table is None and self._sorted is None:
            return _text_positions(values, self.ids)
        # rows as int32 when they fit: the joins kept with loaded data take half the memory
        found = np.full(len(values), -1, dtype=np.int32 if len(self.ids) < 2**31 else np.int64)
        if not len(self.ids):
            return found
        for start in range(0, len(values), _BLOCK):  # in blocks: small temporary arrays
            block = values.slice(start, _BLOCK)
            numbered = number_ids(block, form=self.form)
            at = found[start:start + len(block)]
            if self._table is not None:
                number = _decimal(numbered)
                rows = np.flatnonzero((number >= 0) & (number < len(self._table)))
                at[rows] = self._table[number[rows]]
            else:
                at[numbered.fits] = self._search(numbered.numbers[numbered.fits])
        return found


    def _search(self, numbers: np.ndarray) -> np.ndarray:
        """Row of the id numbered each of ``numbers`` (-1: none): a search of the numbers in
        order for the looked-up ones in order too, which reads memory mostly forward."""
        order = np.argsort(numbers)
        wanted = numbers[order]
        near = np.minimum(np.searchsorted(self._sorted, wanted), len(self._sorted) - 1)
        found = np.empty(len(numbers), dtype=np.int64)
        found[order] = np.where(self._sorted[near] == wanted, self.order[near], -1)
        return found


#: Rows of ids numbered at a time when looking them up.
_BLOCK = 1 << 20


def _decimal(numbered: IdNumbers) -> np.ndarray | None:
    """What follows the ids' shared start read as a decimal number (-1 where it is not
    digits or the id has no number), when the ids have one length after it; else None.
    The up to 8 digits of an id are read at once, as the bytes of one 64-bit integer."""
    width = numbered.width
    if not width:
        return None
    low = np.uint64((1 << 8 * width) - 1)
    zeros, nibbles = np.uint64(0x3030303030303030), np.uint64(0xF0F0F0F0F0F0F0F0)
    # the digits right-aligned in the integer's bytes, "0" in front: "0000"+"0421"
    number = (numbered.numbers >> np.uint64(8 * (8 - width))) | (zeros & ~low)
    digits = numbered.fits & ((number & nibbles) == zeros) \
        & (((number + np.uint64(0x0606060606060606)) & nibbles) == zeros)
    number = number - zeros  # each byte one digit, 0 to 9
    number = ((number >> np.uint64(8)) & np.uint64(0x00FF00FF00FF00FF)) * np.uint64(10) \
        + (number & np.uint64(0x00FF00FF00FF00FF))  # two digits a 16-bit lane
    number = ((number >> np.uint64(16)) & np.uint64(0x0000FFFF0000FFFF)) * np.uint64(100) \
        + (number & np.uint64(0x0000FFFF0000FFFF))  # four digits a 32-bit lane
    number = (number >> np.uint64(32)) * np.uint64(10000) + (number & np.uint64(0xFFFFFFFF))
    return np.where(digits, number.astype(np.int64), -1)


def _dense_table(number: np.ndarray | None) -> np.ndarray | None:
    """Row of each number (-1: none) indexed by number, or None when some id is not all
    digits, the numbers are sparse (more than 32 slots a row) or one repeats."""
    if number is None or not len(number) or number.min() < 0:
        return None
    top = int(number.max())
    if top >= 32 * len(number) + (1 << 16) or len(number) >= 2**31:
        return None
    table = np.full(top + 1, -1, dtype=np.int32)
    rows = np.arange(len(number), dtype=np.int32)
    table[number] = rows
    return table if (table[number] == rows).all() else None


class IdNumbers(NamedTuple):
    """Ids as numbers (see :func:`id_numbers`) with what turns them back into text."""

    numbers: np.ndarray  # uint64 per row
    fits: np.ndarray  # the rows that have a number
    prefix: bytes  # the bytes every id starts with
    width: int | None  # the byte length after them (None: several lengths)


def id_numbers(values: pa.Array, like: pa.Array | None = None
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """Ids as unsigned 64-bit integers, equal where the ids are equal and in the ids'
    code-point order (documented internal: joins and sorts of ids as integers).

    The bytes that every id starts with (the ``T`` of ``T89844756``) are left out; what is
    left is numbered by its bytes when it has one length of up to 8 bytes, or by its bytes
    and then its length when it has several lengths of up to 7 bytes. Returns the numbers and
    a mask of the rows that have one (not missing, and of the form ``like``'s numbering
    allows; ``like`` is an array of ids whose numbering to follow, by default ``values``
    itself), or None when the ids of ``like`` are too long for 8 bytes.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from careerkit.data.validation import id_numbers
    >>> numbers, fits = id_numbers(pa.array(["b1", "a22", None], pa.large_string()))
    >>> bool(numbers[1] < numbers[0]), fits.tolist()
    (True, [True, True, False])
    """
    numbered = number_ids(values, like)
    return None if numbered is None else (numbered.numbers, numbered.fits)


def number_ids(values: pa.Array, like: pa.Array | None = None,
               form: tuple[bytes, int | None] | None = None) -> IdNumbers | None:
    """:func:`id_numbers` with the shared start and length of the ids (documented internal,
    for :func:`ids_at`). ``form``: the shared start and length to follow, when known."""
    values = _contiguous(values)
    if form is None:
        form = _id_form(values if like is None else _contiguous(like))
    if form is None:
        return None
    prefix, width = form  # width None: several lengths
    starts, lengths, data = _string_parts(values)
    skip = len(prefix)
    fits = ((lengths >= skip) & (lengths - skip <= 7) if width is None
            else lengths == skip + width)
    if values.null_count:
        fits &= values.is_valid().to_numpy(zero_copy_only=False)
    for k, byte in enumerate(prefix):  # ids without the shared start are no such ids
        rows = np.flatnonzero(fits)
        fits[rows[data[starts[rows] + k] != byte]] = False
    n = len(values)
    cells = np.zeros((n, 8), dtype=np.uint8)
    if width is not None and n and fits.all():  # one run of ids of one length: a view
        run = np.lib.stride_tricks.as_strided(data[starts[0]:], shape=(n, skip + width),
                                              strides=(skip + width, 1), writeable=False)
        cells[:, :width] = run[:, skip:]
    else:
        rows = np.flatnonzero(fits)
        rest = lengths[rows] - skip
        for k in range(7 if width is None else width):
            present = rows[rest > k] if width is None else rows
            cells[present, k] = data[starts[present] + skip + k]
        if width is None:
            cells[rows, 7] = rest
    return IdNumbers(cells.view(">u8")[:, 0].astype(np.uint64), fits, prefix, width)


def ids_at(ids: IdNumbers, rows: np.ndarray) -> pa.Array | None:
    """The ids at ``rows`` (positions; -1: a missing id) as text, written from their numbers
    (documented internal: ids in any order at the cost of a take in file order, where a take
    of text in random order reads all over memory). None unless every id has a number and
    one length.

    Examples
    --------
    >>> import numpy as np, pyarrow as pa
    >>> from careerkit.data.validation import ids_at, number_ids
    >>> ids = number_ids(pa.array(["T07", "T12", "T30"], pa.large_string()))
    >>> ids_at(ids, np.array([2, -1, 0])).to_pylist()
    ['T30', None, 'T07']
    """
    if ids.width is None or not ids.fits.all():
        return None
    n, start, size = len(rows), len(ids.prefix), len(ids.prefix) + ids.width
    if size == 8 and n and len(ids.numbers) and rows.min() >= 0:
        # ids of eight bytes (T0421337), all present: each id is one 64-bit integer, its
        # bytes most significant first, written at once
        head = np.uint64(int.from_bytes(ids.prefix, "big") << 8 * (8 - start)) if start \
            else np.uint64(0)
        cells = (ids.numbers[rows] >> np.uint64(8 * start) | head).astype(">u8")
        offsets = np.arange(0, 8 * n + 1, 8, dtype=np.int64)
        return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(cells))
    present = rows >= 0
    numbers = ids.numbers[np.where(present, rows, 0)] if len(ids.numbers) else \
        np.zeros(n, dtype=np.uint64)
    cells = np.empty((n, size), dtype=np.uint8)
    cells[:, :start] = np.frombuffer(ids.prefix, dtype=np.uint8)
    cells[:, start:] = numbers.astype(">u8").view(np.uint8).reshape(n, 8)[:, :ids.width]
    if present.all():
        offsets = np.arange(n + 1, dtype=np.int64) * size
        return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(cells))
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.where(present, size, 0), out=offsets[1:])
    valid = pa.py_buffer(np.packbits(present, bitorder="little"))
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets),
                                            pa.py_buffer(cells[present]), valid,
                                            int(n - present.sum()))


def _id_form(ids: pa.Array) -> tuple[bytes, int | None] | None:
    """The bytes every id starts with, and the byte length every id has after them (up to
    8), or None for several lengths (up to 7 after them); None when that does not fit."""
    starts, lengths, data = _string_parts(ids)
    if ids.null_count:
        present = ids.is_valid().to_numpy(zero_copy_only=False)
        starts, lengths = starts[present], lengths[present]
    if not len(lengths):
        return b"", None
    low, high = int(lengths.min()), int(lengths.max())
    first = data[starts[0]:starts[0] + low]
    skip = 0
    while skip < low and (data[starts + skip] == first[skip]).all():
        skip += 1
    if low == high and high - skip <= 8:
        return first[:skip].tobytes(), high - skip
    return (first[:skip].tobytes(), None) if high - skip <= 7 else None


def _string_parts(values: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and byte length of each string of a (large) string array, and its bytes."""
    _, offsets, data = values.buffers()
    kind = np.int64 if pa.types.is_large_string(values.type) else np.int32
    offsets = np.frombuffer(offsets, dtype=kind)[values.offset:values.offset + len(values) + 1]
    offsets = offsets.astype(np.int64, copy=False)
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return offsets[:-1], np.diff(offsets), data


def _contiguous(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    if not (pa.types.is_large_string(values.type) or pa.types.is_string(values.type)):
        values = values.cast(pa.large_string())
    return values


def code_point_order(values: pd.Series) -> np.ndarray:
    """Rows of a column in the code-point order of its values (missing last), rows with
    equal values in file order (documented internal: sorting by id is integer work).

    Examples
    --------
    >>> import pandas as pd
    >>> from careerkit.data.validation import code_point_order
    >>> code_point_order(pd.Series(["b", None, "a", "B"], dtype="str")).tolist()
    [3, 2, 0, 1]
    """
    array = pa.array(values.array) if isinstance(values, pd.Series) else pa.array(values)
    if pa.types.is_large_string(array.type) or pa.types.is_string(array.type):
        order = IdKeys(array).order
        if order is not None:
            return order
    return pc.sort_indices(array).to_numpy().astype(np.int64)


def ids_in_order(ids: pa.Array, numbered: IdNumbers | None = None
                 ) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The rows of a text column in the code-point order of their values (missing last,
    equal ones in file order) and the mask of :func:`repeated`, from one sort of the ids as
    integers (:func:`id_numbers`), or from a look at ids in order already; (None, None)
    when only a sort of text would tell. Documented internal: loading checks goal and task
    ids for repeats this way and keeps their order for the analytics. ``numbered``: the
    ids' :func:`number_ids`, when already made."""
    numbered = numbered or number_ids(ids)
    n = len(ids)
    if numbered is None:
        if ids.null_count or n < 2 or not pc.all(pc.less_equal(ids.slice(0, n - 1),
                                                               ids.slice(1))).as_py():
            return None, None
        order = np.arange(n, dtype=np.int64)
        same = pc.equal(ids.slice(0, n - 1), ids.slice(1)).to_numpy(zero_copy_only=False)
        return order, _repeats(order, same, np.ones(n, dtype=bool))
    numbers, fits = numbered.numbers, numbered.fits
    rows = np.flatnonzero(fits)
    order = rows[np.argsort(numbers[rows])]
    same = numbers[order[1:]] == numbers[order[:-1]]
    if same.any():  # equal ids: in file order
        order = rows[np.argsort(numbers[rows], kind="stable")]
        same = numbers[order[1:]] == numbers[order[:-1]]
    mask = _repeats(order, same, fits)
    if len(rows) < n:  # the missing ones, last
        order = np.concatenate([order, np.flatnonzero(~fits)])
    return order, mask


def _repeats(order: np.ndarray, same: np.ndarray, present: np.ndarray) -> np.ndarray:
    """:func:`repeated` from the present rows in order and whether each equals the next."""
    mask = np.zeros(len(present), dtype=bool)
    if same.any():
        twice = np.zeros(len(order), dtype=bool)
        twice[:-1] |= same
        twice[1:] |= same
        mask[order[twice]] = True
        mask[~present] = (~present).sum() > 1  # missing ones repeat as well (see repeated)
    return mask


def repeated(values: pd.Series) -> np.ndarray:
    """Mask of rows whose value (not missing) appears on another row too.

    When some value repeats, missing values count as one more repeated value (as
    :func:`positions` finds a missing value at the first missing key).
    """
    array = _arrow_text(values)
    numbered = id_numbers(array)
    if numbered is not None:
        numbers, present = numbered
        twice = pd.Series(numbers[present]).duplicated(keep=False).to_numpy()
        if not twice.any():
            return np.zeros(len(values), dtype=bool)
        mask = np.full(len(values), (~present).sum() > 1)
        mask[present] = twice
        return mask
    distinct = pc.count_distinct(array, mode="only_valid").as_py()
    if distinct == values.count():
        return np.zeros(len(values), dtype=bool)
    first = positions(values, values)
    later = (first >= 0) & (first != np.arange(len(values)))
    mask = later.copy()
    mask[first[later]] = True
    return mask


def _arrow_text(values: pd.Series) -> pa.Array:
    """A text column as one contiguous Arrow string array."""
    array = pa.array(values.array) if isinstance(values, pd.Series) else pa.array(values)
    return _contiguous(array)


# --- distinct values ---------------------------------------------------------------------

def _distinct(series: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes (-1 for missing) and distinct values of a column."""
    if series.dtype == TEXT:  # Arrow's dictionary encoding is several times faster
        array = pa.array(series.array)
        if not isinstance(array, pa.ChunkedArray):
            array = pa.chunked_array([array])
        encoded = array.dictionary_encode()  # one dictionary shared by every chunk
        if not encoded.num_chunks:
            return np.zeros(0, dtype=np.intp), pd.Series([], dtype=object)
        indices = pa.chunked_array([chunk.indices for chunk in encoded.chunks])
        codes = indices.fill_null(-1).to_numpy().astype(np.intp)
        return codes, pd.Series(encoded.chunk(0).dictionary.to_pylist(), dtype=object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, pd.Series(uniques, dtype=object)


def _as_text(values: pd.Series) -> pd.Series:
    """Distinct cell values as text; dates and numbers a user's frame holds become text."""
    def one(value):
        if isinstance(value, str):
            return value.strip()
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return values.map(one)


def text_column(series: pd.Series, *, trimmed: bool = False) -> pd.Series:
    """Ids and text as pandas' text dtype, trimmed; numbers a frame holds become '7', not '7.0'."""
    if trimmed and series.dtype == TEXT:
        return series
    if series.dtype == object or not pd.api.types.is_string_dtype(series.dtype):
        codes, uniques = _distinct(series)
        text = _as_text(uniques).replace("", np.nan)
        values = np.append(text.to_numpy(dtype=object), np.nan)[codes]
        return pd.Series(values, index=series.index, dtype=TEXT)
    result = series.astype(TEXT).str.strip()
    return result.mask(result == "")


# --- dates -------------------------------------------------------------------------------

@dataclass
class DateColumn:
    """A date column's distinct text values, split into parts before the day/month decision."""

    table: Table
    name: str
    codes: np.ndarray
    text: pd.Series  # distinct values as text
    typed: pd.Series | None  # the column itself when it already holds datetimes
    iso: pd.DataFrame  # y, m, d for ISO-like values
    dmy: pd.DataFrame  # a, sep, b, y for day/month forms
    parsed: pd.Series | None = None  # the dates, when every cell is a plain ISO date

    def first_line(self, mask: np.ndarray) -> tuple[int, str]:
        """Line and text of the first row whose distinct value is in ``mask``."""
        rows = np.flatnonzero(mask[self.codes] & (self.codes >= 0))
        row = rows[0]
        return int(self.table.lines[row]), self.text.iloc[self.codes[row]]

    @property
    def slash(self) -> pd.Series:
        """Distinct values in an a/b/y form whose order the folder decides (not dotted)."""
        return self.dmy["sep"].notna() & (self.dmy["sep"] != ".")


def split_dates(table: Table, name: str) -> DateColumn:
    series = table.frame[name]
    if name in table.iso_dates and series.dtype == DATE:  # typed by the reader: as they are
        typed, parsed = False, series
    else:
        typed = pd.api.types.is_datetime64_any_dtype(series.dtype)
        parsed = None if typed else _iso_dates(series)
    if typed or parsed is not None:
        empty = pd.DataFrame(index=pd.RangeIndex(0))
        return DateColumn(table, name, np.zeros(0, dtype=np.intp), pd.Series(dtype=object),
                          series if typed else None, empty,
                          empty.assign(sep=pd.Series(dtype=object)), parsed)
    codes, uniques = _distinct(series)
    text = _as_text(uniques).astype(TEXT)
    iso = text.str.extract(_ISO)[["y", "m", "d"]]
    dmy = text.str.extract(_DMY)[["a", "sep", "b", "y"]]
    return DateColumn(table, name, codes, text, None, iso, dmy)


def _iso_dates(series: pd.Series) -> pd.Series | None:
    """The dates of a text column whose every cell is a date written 2025-03-31 (from the
    year 0100: earlier two-digit years are 20xx), or None: such a column, the usual one,
    is parsed by Arrow at once, with the same dates as the careful path gives."""
    if series.dtype != TEXT:
        return None
    values = pa.array(series.array)  # as read: Arrow works on its blocks
    present = values.null_count < len(values)
    if present:
        length = pc.min_max(pc.binary_length(values))
        if length["min"].as_py() != 10 or length["max"].as_py() != 10:
            return None
    try:
        dates = values.cast(pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if present and pc.min(dates).as_py() < _YEAR_100:
        return None
    micros = dates.cast(pa.timestamp("us")).to_numpy(zero_copy_only=False)
    return pd.Series(micros.astype(DATE, copy=False), index=series.index, dtype=DATE,
                     copy=False)


_YEAR_100 = dt.date(100, 1, 1)


def decide_dayfirst(columns: list[DateColumn], dayfirst: bool | None,
                    problems: Problems) -> bool | None:
    """Day/month order for the whole folder: any 31/01 proves day-first, any 01/31 month-first.

    Returns ``dayfirst`` when given. Otherwise True (day-first) or False (month-first) as
    the folder's dates decide, or True when no date needs the decision. None when the order
    stays unknown, with one problem reported: ``DAYFIRST_UNDECIDED`` (dates like 03/04/2025
    and none decides) or ``DAYFIRST_CONFLICT`` (dates prove both orders). With None,
    :func:`parse_dates` leaves day/month dates unparsed and reports nothing more about them.
    """
    if dayfirst is not None:
        return bool(dayfirst)
    proofs = {True: None, False: None}
    undecided = []
    for column in columns:
        if column.typed is not None or not len(column.text):
            continue
        a = pd.to_numeric(column.dmy["a"]).where(column.slash)
        b = pd.to_numeric(column.dmy["b"]).where(column.slash)
        for order, mask in ((True, (a > 12) & (b <= 12)), (False, (b > 12) & (a <= 12))):
            if proofs[order] is None and mask.any():
                proofs[order] = (column, column.first_line(mask.to_numpy()))
        if ((a <= 12) & (b <= 12) & (a != b)).any():
            undecided.append(column)
    if proofs[True] and proofs[False]:
        (c1, (l1, v1)), (c2, (l2, v2)) = proofs[True], proofs[False]
        problems.add(
            Rule.DAYFIRST_CONFLICT, c1.table.label, l1, c1.name, v1,
            f"dates in one order for the whole folder, but {v1!r} is day/month and "
            f"{c2.table.label} line {l2}, column {c2.name}, {v2!r} is month/day: "
            "fix one of them, or pass dayfirst=True or dayfirst=False",
        )
        return None
    if proofs[True] or proofs[False]:
        return proofs[True] is not None
    if undecided:
        where = ", ".join(f"{c.table.label} {c.name}" for c in undecided)
        line, value = undecided[0].first_line(
            ((pd.to_numeric(undecided[0].dmy["a"]) <= 12)
             & (pd.to_numeric(undecided[0].dmy["b"]) <= 12)).to_numpy()
        )
        problems.add(
            Rule.DAYFIRST_UNDECIDED, undecided[0].table.label, line, undecided[0].name, value,
            "a day/month order that the folder's dates settle, but none of them (in "
            f"{where}) has a day above 12: pass dayfirst=True if your dates are day/month/year, "
            "dayfirst=False if month/day/year (or write dayfirst = true or false in the "
            "folder's careerkit.toml)",
        )
        return None
    return True


def parse_dates(column: DateColumn, dayfirst: bool | None, problems: Problems) -> pd.Series:
    """Typed dates (midnight, no zone); unparseable and impossible dates are reported.

    ``dayfirst`` is as :func:`decide_dayfirst` returns it: with None, day/month dates such as
    03/04/2025 stay missing without a problem of their own (the unknown order is reported
    once).
    """
    if column.parsed is not None:
        return column.parsed
    if column.typed is not None:
        values = column.typed
        if getattr(values.dtype, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        return values.dt.normalize().astype(DATE)
    dmy, iso = column.dmy, column.iso
    a, b = pd.to_numeric(dmy["a"]), pd.to_numeric(dmy["b"])
    day_first = (dmy["sep"] == ".") | (column.slash & bool(dayfirst))
    year = pd.to_numeric(iso["y"]).fillna(pd.to_numeric(dmy["y"]))
    year = year.where(year >= 100, year + 2000)
    month = pd.to_numeric(iso["m"]).fillna(b.where(day_first, a))
    day = pd.to_numeric(iso["d"]).fillna(a.where(day_first, b))
    shaped = iso["y"].notna() | (dmy["sep"].notna() & (day_first | (dayfirst is not None)))
    parts = pd.DataFrame({"year": year, "month": month, "day": day}).where(shaped)
    distinct = pd.to_datetime(parts, errors="coerce").astype(DATE)
    undecided = dmy["sep"].notna() & ~shaped
    bad = distinct.isna() & ~undecided
    if bad.any():
        rows = np.flatnonzero(bad.to_numpy()[column.codes] & (column.codes >= 0))
        order = " (day/month order)" if dayfirst else " (month/day order)"
        distinct_expected = np.where(
            iso["y"].notna(), "a real calendar date",
            np.where(dmy["sep"].notna(), np.where(day_first, "a real calendar date (day/month)",
                                                  "a real calendar date" + order),
                     DATE_EXPECTED))
        distinct_rule = np.where(iso["y"].notna() | dmy["sep"].notna(), Rule.NOT_A_REAL_DATE,
                                 Rule.NOT_A_DATE)
        codes = column.codes[rows]
        problems.add(distinct_rule[codes], column.table.label, column.table.lines[rows],
                     column.name, column.text.to_numpy(dtype=object)[codes],
                     distinct_expected[codes])
    values = np.append(distinct.to_numpy(), np.datetime64("NaT", "us"))
    return pd.Series(values[column.codes], index=column.table.frame.index, dtype=DATE)


# --- numbers -----------------------------------------------------------------------------

def parse_numbers(table: Table, name: str, problems: Problems) -> pd.Series:
    """Floats from '45', '45%', ' 60 % ' and, in semicolon files, '45,5'.

    In other files a decimal comma is read where it cannot be a thousands separator: one
    comma followed by one, two or more than three digits ('22,5', quoted in a
    comma-separated file); '1,500' stays a problem.
    """
    series = table.frame[name]
    if pd.api.types.is_numeric_dtype(series.dtype) and series.dtype != bool:
        return series.astype("float64")
    codes, uniques = _distinct(series)
    text = _as_text(uniques).astype(TEXT).str.replace(r"\s*%$", "", regex=True).str.strip()
    if table.decimal_comma:
        text = text.str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(r"^(-?\d+),(\d{1,2}|\d{4,})$", r"\1.\2", regex=True)
    distinct = np.append(pd.to_numeric(text, errors="coerce").astype("float64"), np.nan)
    rows = np.flatnonzero((codes >= 0) & np.isnan(distinct[codes]))
    if len(rows):
        problems.add(Rule.NOT_A_NUMBER, table.label, table.lines[rows], name,
                     _as_text(uniques).to_numpy(dtype=object)[codes[rows]],
                     "a number like 45 or 45%")
    return pd.Series(distinct[codes], index=series.index, dtype="float64", copy=False)


# --- the whole folder --------------------------------------------------------------------

def build(tables: dict[str, Table | None], *, dayfirst=None, columns=None, statuses=None):
    """Type and check the three tables together.

    ``columns`` maps the user's headers to careerkit's, ``statuses`` more status words to
    statuses (a folder's settings, see :mod:`careerkit.data.settings`).

    Returns
    -------
    frames : dict
        ``goals``, ``tasks`` and ``progress`` with canonical columns and dtypes, and
        ``joins``: the goal row of each task and check-in and the task row of each
        check-in (as :func:`positions`), keyed by (frame, column, key frame, key column);
        ``orders``: the rows of goals and tasks in code-point order of their ids (as
        :func:`code_point_order`), keyed by (frame, column), when the check for repeated ids
        found it on the way; ``numbers``: the goal and task ids' :func:`number_ids`.
    problems : DataFrame
        Every problem found (empty when the data is valid).
    notes : list of (Rule, str) or (Rule, str, dict)
        Odd but possible things worth a warning: the rule and a sentence for a person, and
        for an unknown header the ``[columns]`` settings that would map it.
    """
    problems = Problems()
    header_notes: list = []
    for table in tables.values():
        if table is not None:
            canonical_names(table, columns, problems, header_notes)
            for line, cells in table.ragged:
                problems.add(Rule.TOO_MANY_CELLS, table.label, line, "", None,
                             f"as many cells as the header has ({len(table.frame.columns)}), "
                             f"not {cells}: a stray delimiter or quote?")
    present = {name: t for name, t in tables.items() if t is not None}
    date_columns = [
        split_dates(t, c) for t in present.values() for c in t.spec.of_kind("date")
        if c in t.frame.columns
    ]
    order = decide_dayfirst(date_columns, dayfirst, problems)
    dates = {(c.table.spec.name, c.name): parse_dates(c, order, problems) for c in date_columns}
    lines = {name: (t.lines if t is not None else np.zeros(0)) for name, t in tables.items()}

    # The joins through goal ids, those through task ids and the look for client names
    # spelled two ways do not depend on each other: they run at once, in threads (most of
    # the joins' work is numpy's and Arrow's, which let go of the GIL). Each gives the same
    # answer wherever it runs.
    with ThreadPoolExecutor(min(2, os.cpu_count() or 1),
                            thread_name_prefix="careerkit-check") as pool:
        frames = {}
        for spec in FILES:
            frames[spec.name] = _typed(spec, present.get(spec.name), dates, problems)
            if spec.name == "goals":  # while the others are typed
                clients = pool.submit(similar_clients, frames["goals"]["client"],
                                      lines["goals"])
        goals, tasks, progress = frames["goals"], frames["tasks"], frames["progress"]
        goal_keys = pool.submit(IdKeys, _arrow_text(goals["goal_id"]))
        goals["status"] = goal_statuses(goals, statuses)
        keys = goal_keys.result()
        owned = {name: pool.submit(keys.find, frames[name]["goal_id"])
                 for name in ("progress", "tasks")}
        (task_order, task_numbers, task_repeats), checkin_task = \
            _keys(tasks["task_id"], progress["task_id"])
        # a join still waiting for a thread (behind the look for client names) runs here
        owners = {name: keys.find(frames[name]["goal_id"]) if future.cancel()
                  else future.result() for name, future in owned.items()}
        goal_order, goal_numbers = keys.order, keys.numbered
        goal_repeats = keys.repeats if keys.repeats is not None else repeated(goals["goal_id"])
        del keys  # its lookup tables go before the rules are checked
        similar = clients.result()
    labels = {spec.name: (present[spec.name].label if spec.name in present else spec.filename)
              for spec in FILES}
    raw = {name: (t.frame, t.iso_dates) for name, t in present.items()}
    orders = {"goals": goal_order, "tasks": task_order}
    numbers = {"goals": goal_numbers, "tasks": task_numbers}
    repeats = {"goals": goal_repeats, "tasks": task_repeats}
    _check_rules(goals, tasks, progress, owners, checkin_task, lines, labels, raw, repeats,
                 problems)
    notes = header_notes + _oddities(goals, tasks, progress, owners, lines, labels)
    notes += [(Rule.SIMILAR_CLIENTS, f"{labels['goals']}: {sentence}") for sentence in similar]
    frames["joins"] = {("tasks", "goal_id", "goals", "goal_id"): owners["tasks"],
                       ("progress", "goal_id", "goals", "goal_id"): owners["progress"],
                       ("progress", "task_id", "tasks", "task_id"): checkin_task}
    frames["orders"] = {(name, column): orders[name] for name, column in
                        (("goals", "goal_id"), ("tasks", "task_id")) if orders[name] is not None}
    frames["numbers"] = {(name, column): numbers[name] for name, column in
                         (("goals", "goal_id"), ("tasks", "task_id"))}
    return frames, problems.frame(), notes


def _keys(ids: pd.Series, values: pd.Series) -> tuple:
    """(order, numbers, repeats) of a table's ids (as :class:`IdKeys` finds them, the
    repeats by :func:`repeated` when it does not), and the row of these ids holding each
    of ``values`` (as :func:`positions`). The ids' lookup tables go when it returns."""
    keys = IdKeys(_arrow_text(ids))
    repeats = keys.repeats if keys.repeats is not None else repeated(ids)
    return (keys.order, keys.numbered, repeats), keys.find(values)


def _typed(spec: FileSpec, table: Table | None, dates, problems: Problems) -> pd.DataFrame:
    if table is None:
        return empty_frame(spec)
    frame = table.frame
    out = {}
    for name in frame.columns:
        kind = next((c.kind for c in spec.columns if c.name == name), "text")
        if kind == "date":
            out[name] = dates[(spec.name, name)]
        elif kind == "number":
            out[name] = parse_numbers(table, name, problems)
        else:
            out[name] = text_column(frame[name], trimmed=table.trimmed)
    for column in spec.columns:
        if column.name not in out:
            out[column.name] = _empty_series(column.kind, len(frame))
    typed = pd.DataFrame(out, index=pd.RangeIndex(len(frame)), copy=False)
    for name in spec.required_names:
        if name in frame.columns:
            empty = typed[name].isna().to_numpy().copy()
            if name in spec.of_kind("date"):
                empty &= frame[name].isna().to_numpy()  # unparseable dates are reported apart
            missing = np.flatnonzero(empty)
            if len(missing):
                problems.add(Rule.REQUIRED_VALUE, table.label, table.lines[missing], name, None,
                             f"a value ({name} is required)")
    return typed


def date_columns(spec: FileSpec, columns: dict[str, str] | None = None
                 ) -> Callable[[str], bool]:
    """Which headers of a file name its date columns, to read as dates at once (documented
    internal, for :func:`careerkit.data.files.read_table`): those named as the contract
    names them, unless ``columns`` (the user's own headers) maps them elsewhere."""
    names = set(spec.of_kind("date"))
    mapped = {normalize_header(header) for header in (columns or {})}
    return lambda header: (key := normalize_header(header)) in names and key not in mapped


def contiguous_columns(spec: FileSpec) -> Callable[[str], bool]:
    """Which headers of a file name columns to keep as one Arrow array each (documented
    internal, for :func:`careerkit.data.files.read_table`): the ids, and the text of goals
    and tasks. The analytics join ids and take rows of that text, several times faster on
    one array than on the blocks a file is read in; dates and numbers are parsed, and the
    free text of check-ins is read rarely, so they stay as read."""
    names = {c.name for c in spec.columns
             if c.kind == "id" or (c.kind == "text" and spec.name != "progress")}
    return lambda header: normalize_header(header) in names


def _empty_series(kind: str, n: int) -> pd.Series:
    if kind == "date":
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype=DATE))
    if kind == "number":
        return pd.Series(np.full(n, np.nan))
    return pd.Series(np.full(n, np.nan, dtype=object), dtype=TEXT)


def empty_frame(spec: FileSpec) -> pd.DataFrame:
    """A frame with the file's columns and canonical dtypes and no rows."""
    return pd.DataFrame({c.name: _empty_series(c.kind, 0) for c in spec.columns})


def _joined_lines(keys: pd.Series, lines: np.ndarray) -> np.ndarray:
    """For each row, the comma-joined lines of every row with the same key."""
    frame = pd.DataFrame({"key": keys.to_numpy(dtype=object), "line": lines.astype(int)})
    joined = frame.groupby("key", sort=False)["line"].agg(lambda s: ", ".join(map(str, s)))
    return frame["key"].map(joined).to_numpy(dtype=object)


def goal_statuses(goals: pd.DataFrame, statuses: dict[str, str] | None = None) -> pd.Series:
    """The status column as loaded: status words as people type them (``On hold``,
    ``done``, and ``statuses`` from the settings) become statuses
    (:func:`~careerkit.data.spellings.normalize_statuses`); a blank one is ``completed``
    when the goal has a completed_date, else ``active``. Unknown values are kept (trimmed,
    lower case, and reported by the rules)."""
    status = normalize_statuses(goals["status"], statuses)
    done = goals["completed_date"].notna()
    return status.mask(status.isna(), np.where(done, "completed", "active"))


def _check_rules(goals, tasks, progress, owners, task, lines, labels, raw, repeats,
                 problems: Problems) -> None:
    """Rules across rows and files, reported into ``problems`` (the frames are not changed).

    ``goals["status"]`` is as :func:`goal_statuses` makes it. ``expected`` texts are built
    for failing rows only.
    """

    def report(rule, name, mask, column, expected):
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(rows):
            return
        frame, iso_dates = raw.get(name, (None, ()))
        values = None
        if frame is not None and column in iso_dates:  # as written: 2025-03-31
            values = frame[column].iloc[rows].dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        elif frame is not None and column in frame.columns:
            values = _as_text(frame[column].iloc[rows].astype(object)).to_numpy(dtype=object)
        if callable(expected):
            expected = np.asarray(expected(rows), dtype=object)
        problems.add(rule, labels[name], lines[name][rows], column, values, expected)

    def after_start(rows):
        return "a date on or after start_date " + goals["start_date"].iloc[rows].dt.strftime(
            "%Y-%m-%d").to_numpy(dtype=object)

    def unique(name, column):
        ids = {"goals": goals, "tasks": tasks}[name][column]
        dup = repeats[name]
        if dup.any():
            where = _joined_lines(ids[dup], lines[name][dup])
            report(Rule.DUPLICATE_ID, name, dup, column,
                   lambda rows: f"a unique {column}; it is on lines " + where)

    # goals
    unique("goals", "goal_id")
    start = goals["start_date"]
    for column in ("target_date", "completed_date"):
        report(Rule.BEFORE_START, "goals", goals[column] < start, column, after_start)
    status = goals["status"]
    report(Rule.UNKNOWN_STATUS, "goals", ~status.isin(STATUSES), "status",
           "one of " + ", ".join(STATUSES))
    done = goals["completed_date"].notna()
    report(Rule.COMPLETED_WITHOUT_DATE, "goals", (status == "completed") & ~done, "status",
           "a completed_date as well (status completed needs the day it was reached)")
    report(Rule.STATUS_CONFLICT, "goals", done & status.isin(["active", "dropped", "on_hold"]),
           "completed_date",
           lambda rows: "no completed_date on a goal whose status is "
           + status.iloc[rows].to_numpy(dtype=object)
           + " (clear the date or set status to completed)")

    # tasks
    unique("tasks", "task_id")
    report(Rule.UNKNOWN_GOAL, "tasks", tasks["goal_id"].notna().to_numpy() & (owners["tasks"] < 0),
           "goal_id", f"a goal_id that is in {labels['goals']}")
    report(Rule.NOT_POSITIVE, "tasks", tasks["weight"] <= 0, "weight", "a weight above 0")

    # progress
    report(Rule.UNKNOWN_GOAL, "progress",
           progress["goal_id"].notna().to_numpy() & (owners["progress"] < 0),
           "goal_id", f"a goal_id that is in {labels['goals']}")
    percent = progress["percent_complete"]
    report(Rule.OUT_OF_RANGE, "progress", (percent < 0) | (percent > 100), "percent_complete",
           "a percent from 0 to 100")
    report(Rule.UNKNOWN_TASK, "progress", progress["task_id"].notna().to_numpy() & (task < 0),
           "task_id", f"a task_id that is in {labels['tasks']}")
    elsewhere = np.zeros(len(task), dtype=bool)
    of_task = np.flatnonzero(task >= 0)  # check-ins of a task (a few): their task's goal
    elsewhere[of_task] = owners["tasks"][task[of_task]] != owners["progress"][of_task]
    report(Rule.TASK_OF_OTHER_GOAL, "progress", elsewhere, "task_id", lambda rows: [
        f"a task of goal {goal} (this task belongs to goal {owner})" for goal, owner in zip(
            progress["goal_id"].iloc[rows],
            tasks["goal_id"].iloc[task[rows]].to_numpy(dtype=object), strict=True)])


def _oddities(goals, tasks, progress, owners, lines, labels) -> list[tuple[Rule, str]]:
    """Odd but possible data: one rule and sentence per kind, with the first few lines."""
    notes = []

    def note(rule, mask, file, file_lines, text):
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(rows):
            shown = ", ".join(str(int(x)) for x in file_lines[rows[:5]])
            more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
            notes.append((rule, f"{file}: {text} (line{'s' if len(rows) > 1 else ''} "
                                f"{shown}{more})"))

    def of_goal(status, who):  # whether each row's goal has that status (False if unknown)
        return np.append((goals["status"] == status).to_numpy(dtype=bool), False)[owners[who]]

    p_file, t_file = labels["progress"], labels["tasks"]
    note(Rule.REVISED_BEFORE_CHECKIN, progress["revised_target_date"] < progress["date"],
         p_file, lines["progress"], "a revised target dated before its check-in")
    done = tasks["completed_date"].notna().to_numpy()
    note(Rule.OPEN_TASK_ON_COMPLETED_GOAL, of_goal("completed", "tasks") & ~done, t_file,
         lines["tasks"], "open tasks on a completed goal")
    note(Rule.DONE_TASK_ON_DROPPED_GOAL, of_goal("dropped", "tasks") & done, t_file,
         lines["tasks"], "done tasks on a dropped goal")
    note(Rule.FULL_CHECKIN_NOT_COMPLETED,
         (progress["percent_complete"] >= 100).to_numpy() & progress["task_id"].isna().to_numpy()
         & (owners["progress"] >= 0) & ~of_goal("completed", "progress"), p_file,
         lines["progress"], "a 100 % check-in on a goal whose status is not completed")
    return notes
