"""Reading spreadsheet-exported CSV files as text tables, and writing files atomically.

Reading does no typing at all: every cell comes back as trimmed text (or missing), with the
line number a spreadsheet shows for its row. Typing and rules live in
:mod:`careerkit.data.validation`.
"""

from __future__ import annotations

import codecs
import csv
import ctypes
import datetime as dt
import io
import os
import re
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

DELIMITERS = (",", ";", "\t")


def _reading_pool() -> pa.MemoryPool:
    """The memory the tables read are built in: jemalloc where Arrow has it. Reading a large
    file allocates and frees many blocks of many sizes; jemalloc gives them back, where the
    default pool (mimalloc) kept hundreds of megabytes of a 100,000-client caseload."""
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:
        return pa.default_memory_pool()


_POOL = _reading_pool()
_CHUNK = 1 << 23


def release_unused_memory() -> None:
    """Give back to the system the memory Arrow keeps after reading and typing a folder
    (documented internal: loading calls it once done). Arrow's allocators keep freed blocks
    for reuse; the blocks of text read and dropped while loading a large caseload are not
    reused by the analytics, whose arrays numpy allocates. The C library's allocator (glibc)
    keeps the free memory of each thread that loading ran in apart, where the analytics,
    on the main thread, do not reuse it: it is trimmed too."""
    for pool in {_POOL, pa.default_memory_pool()}:
        pool.release_unused()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _malloc_trim():
    """glibc's ``malloc_trim``, or None elsewhere (macOS, Windows, musl)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim() if sys.platform.startswith("linux") else None


@dataclass(frozen=True)
class FileFormat:
    """How a file on disk was written, as far as careerkit needs to know."""

    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252" or "latin-1"
    delimiter: str
    headers: tuple[str, ...]  # header cells as typed (trimmed)


@dataclass
class RawTable:
    """A CSV file as text: one str column per header cell (named ``c0``, ``c1``, ...)."""

    frame: pd.DataFrame
    lines: np.ndarray  # spreadsheet line number of each row (header = 1)
    format: FileFormat
    ragged: list[tuple[int, int]]  # (line, cell count) of rows longer than the header
    reader: str  # "arrow" (the fast path) or "csv" (the standard library's reader)
    #: positions of the columns read as dates (datetime64[us]): every cell of them was
    #: a date written 2025-03-31 (from the year 0100) or empty
    dates: frozenset[int] = frozenset()


def fingerprint(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of a file, or None when it does not exist."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def read_table(path: Path, *, arrow: bool = True,
               contiguous: Callable[[str], bool] | None = None,
               dates: Callable[[str], bool] | None = None) -> RawTable:
    """Read a CSV file exported by a spreadsheet into a table of trimmed text cells.

    Handles UTF-8 (with or without BOM), UTF-16 with BOM and Windows cp1252; CRLF or LF;
    comma, semicolon or tab delimiters; quoted fields with delimiters, quotes and line breaks;
    blank lines and all-empty rows (skipped, but counted for line numbers).

    Two readers give the same table: Arrow's, fast, for files without blank lines or ragged
    rows, and the standard library's ``csv`` module for every other file. ``arrow=False``
    forces the second (internal: the tests read each file both ways and compare);
    :attr:`RawTable.reader` says which one read the file.

    Arrow reads the file itself first, as UTF-8 (a BOM is skipped with the header): it checks
    every cell for valid UTF-8 as it reads, so that valid files (nearly all) need no pass of
    their own, and the file's bytes are never held whole. The columns whose header
    ``contiguous`` accepts (by default every column) come back as one Arrow array each, not
    a chunk per block read: joins and takes of rows are several times faster on them.

    The columns whose header ``dates`` accepts (by default none) are read as dates
    (datetime64[us], :attr:`RawTable.dates`) when Arrow reads the file and every cell of
    them is a date written 2025-03-31 or empty: no text of them is ever held. Otherwise they
    stay text, as every other column.
    """
    contiguous = contiguous or (lambda header: True)
    if arrow:
        found = _read_arrow(path, "utf-8", contiguous, dates)
        if found is not None:
            return found
    data, encoding = _decode(path.read_bytes())
    if arrow and encoding not in ("utf-8", "utf-8-sig"):  # re-encoded bytes: Arrow may read
        found = _read_arrow(data, encoding, contiguous)
        if found is not None:
            return found
    end = _content_end(data)
    delimiter = _detect_delimiter(_first_line(data, end).decode("utf-8"))
    headers, table, lines, ragged = _read_careful(memoryview(data)[:end], delimiter)
    table = _trim(table, empty_is_missing=False)  # the csv module leaves empty cells as ""
    keep = _non_empty_rows(table)
    if keep is not None:
        table, lines = table.filter(pa.array(keep)), lines[keep]
    return RawTable(table.to_pandas(), lines,
                    FileFormat(encoding, delimiter, tuple(headers)), ragged, "csv")


_HEAD = 1 << 16


def _read_arrow(source: Path | bytes, encoding: str, contiguous: Callable[[str], bool],
                dates: Callable[[str], bool] | None = None) -> RawTable | None:
    """The table Arrow reads from a UTF-8 file (``source`` a path; a BOM is allowed) or UTF-8
    bytes, or None when the careful reader must read it (UTF-16, a header with a quoted
    line break, ragged rows or odd quoting, a blank line, or cells that are not valid
    UTF-8). The columns ``dates`` accepts whose cells in the first lines are all ISO dates
    are read as dates; when another cell is not, the file is read again as text."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            head = handle.read(_HEAD)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return None
        if head.startswith(codecs.BOM_UTF8):
            head, encoding = head[len(codecs.BOM_UTF8):], "utf-8-sig"
        if len(head) >= _HEAD - len(codecs.BOM_UTF8) and b"\n" not in head \
                and b"\r" not in head:
            return None  # a header longer than the look ahead: the careful reader
        end = len(head) if b"\n" in head or b"\r" in head else _content_end(head)
        header_line = _first_line(head, end)
        data = str(source)  # Arrow reads the file itself, block by block
    else:
        end = _content_end(source)
        header_line = _first_line(source, end)
        data = pa.py_buffer(memoryview(source)[:end])
    try:
        header = header_line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not header_line.strip() or header_line.count(b'"') % 2:
        return None
    delimiter = _detect_delimiter(header)
    headers = _split_header(header, delimiter)
    typed = _iso_date_columns(head, delimiter, headers, dates) if dates is not None \
        and isinstance(source, Path) else []
    try:
        read = _read_fast(data, delimiter, len(headers), typed)
    except pa.ArrowInvalid:  # ragged rows, odd quoting, invalid UTF-8 or a date that is not
        if not typed:
            return None
        typed = []
        try:
            read = _read_fast(data, delimiter, len(headers))
        except pa.ArrowInvalid:
            return None
    table = _trim(read, empty_is_missing=True)
    del read
    if not table.num_rows:
        return None  # the header only: nothing for Arrow to read
    lines = np.arange(table.num_rows, dtype=np.int64) + 2
    keep = _non_empty_rows(table)
    if keep is not None:
        # A blank line is a row of missing cells here and one record to the csv module,
        # whose count of lines is the one to keep; all-empty rows (",,") are skipped by
        # both, and so are the file's last lines when blank. Only a file with empty rows
        # before its last kept row needs a look at its bytes to tell them apart.
        if not keep[:np.flatnonzero(keep)[-1] if keep.any() else 0].all():
            whole = source.read_bytes() if isinstance(source, Path) else source
            whole = whole[len(codecs.BOM_UTF8):] if encoding == "utf-8-sig" else whole
            if _has_blank_line(whole, _content_end(whole)):
                return None
        table, lines = table.filter(pa.array(keep)), lines[keep]
    columns = table.columns
    del table  # each column's blocks go as soon as the column is one array
    typed = [i for i in typed if _from_year_100(columns[i])]
    out = {}
    for i, (column, header) in enumerate(zip(columns, headers, strict=True)):
        columns[i] = None  # converted one by one: no column is held twice for long
        if pa.types.is_date32(column.type):
            out[f"c{i}"] = _dates(column) if i in typed else pd.Series(
                pc.strftime(column, "%Y-%m-%d", memory_pool=_POOL).cast(pa.large_string())
                .to_pandas().array, dtype="str")  # years below 100: read as text
            continue
        if column.num_chunks > 1 and contiguous(header):
            column = pa.chunked_array([column.combine_chunks(memory_pool=_POOL)])
        out[f"c{i}"] = column.to_pandas()
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(lines)), copy=False)
    return RawTable(frame, lines, FileFormat(encoding, delimiter, tuple(headers)), [], "arrow",
                    frozenset(typed))


_ISO_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def _iso_date_columns(head: bytes, delimiter: str, headers: list[str],
                      dates: Callable[[str], bool]) -> list[int]:
    """Positions of the columns ``dates`` accepts whose cells in ``head`` (the file's first
    bytes) are all dates written 2025-03-31 or empty: worth reading as dates."""
    wanted = [i for i, header in enumerate(headers) if dates(header)]
    if not wanted:
        return []
    text = head.decode("utf-8", errors="replace")
    cut = max(text.rfind("\n"), text.rfind("\r"))
    records = list(csv.reader(io.StringIO(text[:cut] if cut > 0 else text, newline=""),
                              delimiter=delimiter))[1:]
    return [i for i in wanted if all(
        _ISO_DATE.fullmatch(record[i]) or not record[i].strip()
        for record in records if i < len(record))]


def _from_year_100(column: pa.ChunkedArray) -> bool:
    """Whether a column of dates has none before the year 100 (which the careful path reads
    as 20xx: such a column is read as text)."""
    if not pa.types.is_date32(column.type) or column.null_count == len(column):
        return pa.types.is_date32(column.type)
    return pc.min(column).as_py() >= _YEAR_100


_YEAR_100 = dt.date(100, 1, 1)


def _dates(column: pa.ChunkedArray) -> pd.Series:
    """A column of dates as datetime64[us] (missing: NaT), one chunk at a time."""
    micros = np.empty(len(column), dtype="datetime64[us]")
    at = 0
    for chunk in column.chunks:
        micros[at:at + len(chunk)] = chunk.cast(pa.timestamp("us")).to_numpy(
            zero_copy_only=False)
        at += len(chunk)
    return pd.Series(micros, copy=False)




def _content_end(data: bytes) -> int:
    """Where ``data`` ends without its trailing blank lines (no copy of data)."""
    end = len(data)
    while end and data[end - 1] in b"\r\n\t ":
        end -= 1
    return end


def _has_blank_line(data: bytes, end: int) -> bool:
    """Whether ``data[:end]`` has a blank line (LF, CRLF or CR line ends), quoted or not."""
    return (data.find(b"\n\n", 0, end) >= 0 or data.find(b"\n\r", 0, end) >= 0
            or data.find(b"\r\r", 0, end) >= 0)


def _decode(raw: bytes) -> tuple[bytes, str]:
    """The file's bytes as UTF-8 without BOM, and the encoding it was written in."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8):], "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16").encode("utf-8"), "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(raw), _CHUNK):
            decoder.decode(raw[start:start + _CHUNK])
        decoder.decode(b"", final=True)
        return raw, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1").encode("utf-8"), "latin-1"


def _first_line(data: bytes, end: int) -> bytes:
    """The header line of UTF-8 ``data[:end]`` with LF, CRLF (its CR kept) or CR line ends."""
    header_end = data.find(b"\n", 0, end)
    line = data[:end] if header_end < 0 else data[:header_end]
    cr = line.find(b"\r")
    if 0 <= cr < len(line) - 1:  # CR line ends (old Mac exports)
        line = line[:cr]
    return line


def _detect_delimiter(header: str) -> str:
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = [unquoted.count(d) for d in DELIMITERS]
    return DELIMITERS[int(np.argmax(counts))] if max(counts) else ","


def _split_header(line: str, delimiter: str) -> list[str]:
    return [cell.strip() for cell in next(csv.reader([line.rstrip("\r")], delimiter=delimiter))]


def _read_fast(data: str | pa.Buffer, delimiter: str, ncols: int,
               dates: list[int] = ()) -> pa.Table:
    names = [f"c{i}" for i in range(ncols)]
    types = {name: pa.date32() if i in dates else pa.large_string()
             for i, name in enumerate(names)}
    return pacsv.read_csv(
        data, memory_pool=_POOL,
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
        # a blank line is read as a row of missing cells (and counted), not skipped
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                         ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types=types,
            strings_can_be_null=True, null_values=[""],
        ),
    )


def _read_careful(data: memoryview, delimiter: str):
    """The standard library's reader: slower, but it keeps exact record numbers."""
    text = bytes(data).decode("utf-8")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    start = next((i for i, record in enumerate(records) if any(c.strip() for c in record)), 0)
    headers = [cell.strip() for cell in records[start]] if records else []
    ncols = len(headers)
    rows, lines, ragged = [], [], []
    for number, record in enumerate(records[start + 1:], start=start + 2):
        if len(record) > ncols:
            if any(cell.strip() for cell in record[ncols:]):
                ragged.append((number, len(record)))
            record = record[:ncols]
        rows.append(record + [""] * (ncols - len(record)))
        lines.append(number)
    columns = list(zip(*rows, strict=True)) if rows else [()] * ncols
    table = pa.table(
        {f"c{i}": pa.array(column, pa.large_string()) for i, column in enumerate(columns)}
    )
    return headers, table, np.asarray(lines, dtype=np.int64), ragged


# Bytes that can begin or end a whitespace character in UTF-8 (a superset: ASCII spaces and
# controls, and the lead or last bytes of U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028,
# U+2029, U+202F, U+205F and U+3000).
_MAY_START_SPACE = np.zeros(256, dtype=bool)
_MAY_START_SPACE[[*range(0x09, 0x0E), *range(0x1C, 0x21), 0xC2, 0xE1, 0xE2, 0xE3]] = True
_MAY_END_SPACE = np.zeros(256, dtype=bool)
_MAY_END_SPACE[[*range(0x09, 0x0E), *range(0x1C, 0x21), *range(0x80, 0x8B), 0x85, 0x9F, 0xA0,
                0xA8, 0xA9, 0xAF]] = True


def _trim(table: pa.Table, *, empty_is_missing: bool) -> pa.Table:
    """Cells without surrounding whitespace; empty cells (or only whitespace) missing.

    Most columns of a real export need no trimming: a look at the first and last byte of
    every cell (on Arrow's buffers, no copies) finds those that may, and only they are
    trimmed.
    """
    columns = []
    for column in table.columns:
        if not pa.types.is_large_string(column.type):  # dates Arrow read: nothing to trim
            columns.append(column)
            continue
        trimmed = any(_may_need_trim(chunk) for chunk in column.chunks)
        if trimmed:
            column = pc.utf8_trim_whitespace(column, memory_pool=_POOL)
        if (trimmed or not empty_is_missing) and _has_empty(column):
            column = pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column,
                                memory_pool=_POOL)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _may_need_trim(chunk: pa.LargeStringArray) -> bool:
    _, offsets, values = chunk.buffers()
    if values is None or values.size == 0:
        return False
    bytes_ = np.frombuffer(values, dtype=np.uint8)
    offsets = np.frombuffer(offsets, dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1]
    # An empty cell's start is the first byte of a cell after it and its end the last byte of
    # one before it (or, at the edges, a byte of the buffer): a look there can only find a
    # cell that may need trimming when one does, or make a needless trim, never miss one.
    # (indices clipped to the buffer: the edges)
    return bool(_MAY_START_SPACE.take(bytes_.take(offsets[:-1], mode="clip")).any()
                or _MAY_END_SPACE.take(bytes_.take(offsets[1:] - 1, mode="clip")).any())


def _has_empty(column: pa.ChunkedArray) -> bool:
    return pc.min(pc.binary_length(column)).as_py() == 0


def _non_empty_rows(table: pa.Table) -> np.ndarray | None:
    """Mask of rows with at least one cell, or None when every row has one."""
    if table.num_columns == 0 or table.num_rows == 0:
        return None
    empty = pc.is_null(table.column(0))
    for column in table.columns[1:]:
        empty = pc.and_(empty, pc.is_null(column))
    if not pc.any(empty).as_py():
        return None
    return np.logical_not(empty.to_numpy(zero_copy_only=False))


# --- writing -----------------------------------------------------------------------------

_DAY_MONTH = re.compile(rb"(?<![\d.])\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?![\d.])")


def differs_from_canonical(path: Path, headers: list[str]) -> str | None:
    """Why rewriting ``path`` canonically would change its format, or None if it would not."""
    if not path.exists():
        return None
    raw = path.read_bytes()
    data, encoding = _decode(raw)
    if encoding != "utf-8":
        return f"it was written in {encoding}"
    header_line = _first_line(data, len(data)).decode("utf-8")
    delimiter = _detect_delimiter(header_line)
    if delimiter != ",":
        return f"it used {'a tab' if delimiter == chr(9) else repr(delimiter)} as delimiter"
    if _split_header(header_line, delimiter) != headers:
        return "its headers differ from the canonical ones"
    if _DAY_MONTH.search(data):
        return "it held day/month dates"
    return None


def backup_path(path: Path) -> Path:
    """A free name beside ``path`` for a backup of the user's original file."""
    candidate = path.with_name(f"{path.stem}.orig{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.orig-{number}{path.suffix}")
        number += 1
    return candidate


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, line ends as they are) to ``path`` through a temporary file in
    the same folder, then replace ``path`` with it (documented internal: every file careerkit
    writes goes through here or :func:`write_bytes_atomic`).

    A failure at any point leaves the old file as it was. A file that exists keeps its
    permissions; a new one gets those the umask gives.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from careerkit.data.files import write_text_atomic
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_text_atomic(Path(folder) / "note.txt", "hello")
    ...     (Path(folder) / "note.txt").read_text(encoding="utf-8")
    'hello'
    """
    with _replacing(path) as handle:
        handle.write(text)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as :func:`write_text_atomic` writes text (documented
    internal: workbooks and CSV files, in their own dialect, are written through here)."""
    with _replacing(path, binary=True) as handle:
        handle.write(data)


@contextmanager
def _replacing(path: Path, *, binary: bool = False):
    """A text (or binary) handle on a temporary file beside ``path`` that replaces ``path``
    when the block ends without error (and is removed when it fails)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding="utf-8", newline="")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
