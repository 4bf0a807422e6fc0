"""How each CSV file of a folder is written, remembered at load so that saves keep it.

A :class:`Dialect` (documented internal) holds a file's delimiter, encoding and BOM, line
ends, quoting, date style, decimal comma, percent sign, and the user's own headers in their
order. :func:`sniff` finds it from the first records of a file; :func:`write_table` saves a
table in it: not at all when the table is as loaded, by adding the new rows' bytes after
the last line when only rows were appended (every other byte stays as it was), or by
rewriting the file in its own dialect otherwise. A value that the file's encoding cannot
hold (an emoji in a cp1252 file) makes the file UTF-8 with BOM, after a backup, with a
:class:`~careerkit.data.exceptions.CareerDataWarning` that says so.
"""

from __future__ import annotations

import codecs
import re
import shutil
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import files
from .exceptions import CareerDataWarning
from .schema import FileSpec, Rule
from .validation import normalize_header

_SAMPLE_BYTES = 1 << 13  # the first records tell a file's dialect
_SAMPLE_RECORDS = 100
_ISO = re.compile(r"^\d{4}(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})")
_DMY = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?!\d)")
_NUMBER_LIKE = re.compile(r"^[\d\s.,/:%+-]+$")
_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows Western (cp1252)", "latin-1": "Latin-1",
          "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}


@dataclass(frozen=True)
class DateStyle:
    """How dates are typed: ``order`` "ymd" (ISO), "dmy" or "mdy", the separator, whether
    day and month have two digits (01/02) and the year's digits (4 or 2)."""

    order: str = "ymd"
    sep: str = "-"
    padded: bool = True
    year_digits: int = 4

    def format(self, values: pd.Series) -> pa.Array:
        """Dates as text in this style (missing stays missing), in Arrow."""
        days = values.to_numpy(dtype="datetime64[D]")
        iso = pa.array(np.datetime_as_string(days, unit="D"), pa.large_string(),
                       mask=np.isnat(days))
        year = pc.utf8_slice_codeunits(iso, 2 if self.year_digits == 2 else 0, 4)
        month = pc.utf8_slice_codeunits(iso, 5, 7)
        day = pc.utf8_slice_codeunits(iso, 8, 10)
        if not self.padded and self.order != "ymd":
            month, day = pc.utf8_ltrim(month, characters="0"), pc.utf8_ltrim(day, characters="0")
        parts = {"ymd": (year, month, day), "dmy": (day, month, year),
                 "mdy": (month, day, year)}[self.order]
        return pc.binary_join_element_wise(*parts, _text(self.sep))


@dataclass(frozen=True)
class Dialect:
    """A CSV file's way of writing things (documented internal: kept per table by
    :class:`~careerkit.data.career_data.CareerData` from load to save).

    ``layout`` names the careerkit column of each column of the file, in file order
    (None for an empty column careerkit does not keep); ``headers`` are the header cells as
    typed; ``header_line`` the header record as it is in the file (None: build it).
    ``quoting`` is "minimal" (only cells that need it), "text" (every text cell, as
    LibreOffice's "quote all text cells") or "all".
    """

    encoding: str = "utf-8"  # the codec of the text after the BOM
    bom: bytes = b""
    delimiter: str = ","
    newline: str = "\n"
    final_newline: bool = True
    quoting: str = "minimal"
    quote_empty: bool = False
    quote_headers: bool = False
    dates: DateStyle = DateStyle()
    decimal_comma: bool = False
    percent_sign: str = ""  # "", "%" or " %" after percent_complete values
    layout: tuple[str | None, ...] = ()
    headers: tuple[str, ...] = ()
    header_line: str | None = None

    def with_columns(self, columns: list[str]) -> Dialect:
        """This dialect for a table of ``columns`` (new ones after the file's own)."""
        keep = [(c, h) for c, h in zip(self.layout, self.headers, strict=True)
                if c is None or c in columns]
        new = [c for c in columns if c not in self.layout]
        layout = tuple(c for c, _ in keep) + tuple(new)
        if layout == self.layout:
            return self
        return replace(self, layout=layout, headers=tuple(h for _, h in keep) + tuple(new),
                       header_line=None)

    def described(self) -> str:
        """The encoding in words, for messages."""
        name = _NAMES.get(self.encoding, self.encoding)
        return f"{name} with BOM" if self.bom and self.encoding == "utf-8" else name


def canonical(columns: list[str]) -> Dialect:
    """careerkit's own format (UTF-8, commas, LF, ISO dates) for a table of ``columns``."""
    return Dialect(layout=tuple(columns), headers=tuple(columns))


def for_new_file(base: Dialect, columns: list[str]) -> Dialect:
    """The dialect of a file not there at load: the folder's (``base``), careerkit's
    headers."""
    return replace(base, layout=tuple(columns), headers=tuple(columns), header_line=None)


# --- finding a file's dialect -------------------------------------------------------------

def sniff(path: Path, spec: FileSpec, format: files.FileFormat, raw_frame: pd.DataFrame,
          columns: list[str], dayfirst: bool | None) -> Dialect | None:
    """The dialect of ``path`` as loaded: ``format`` from the reader, ``raw_frame`` its text
    cells (columns as the headers), ``columns`` the names of the loaded table (the file's
    columns first, in order). None when the columns cannot be matched to the file's."""
    headers = tuple(format.headers)
    dropped = [not h and raw_frame.iloc[:, i].isna().all() for i, h in enumerate(headers)]
    kept = len(dropped) - sum(dropped)
    if kept > len(columns):
        return None
    names = iter(columns[:kept])
    layout = tuple(None if d else next(names) for d in dropped)

    with path.open("rb") as handle:
        head = handle.read(_SAMPLE_BYTES)
        handle.seek(max(0, path.stat().st_size - 4))
        tail = handle.read()
    bom, codec = _codec(head, format.encoding)
    text = head[len(bom):].decode(codec, errors="ignore")
    records, newline, header_end = _records(text, format.delimiter)
    header_cells = records[0] if records else []
    data = records[1:]

    dates = [i for i, c in enumerate(layout) if c in spec.of_kind("date")]
    date_text = [r[i][0] for r in data for i in dates if i < len(r) and r[i][0].strip()]
    percent = layout.index("percent_complete") if "percent_complete" in layout else None
    percents = [r[percent][0].strip() for r in data
                if percent is not None and percent < len(r) and r[percent][0].strip()]
    sign = next((m.group(0) for p in percents if (m := re.search(r"\s*%$", p))), "")
    numbers = [i for i, c in enumerate(layout) if c in spec.of_kind("number")]
    number_text = [r[i][0] for r in data for i in numbers if i < len(r)]
    comma = format.delimiter == ";" or any(re.fullmatch(r"\s*-?\d+,\d+\s*%?\s*", t)
                                            for t in number_text)
    quoting, quote_empty = _quoting(data, layout, spec)
    line = text[:header_end] if header_end is not None and header_cells else None
    return Dialect(
        encoding=codec, bom=bom, delimiter=format.delimiter, newline=newline or "\n",
        final_newline=tail.endswith((b"\n", b"\r", b"\n\x00", b"\x00\n")),
        quoting=quoting, quote_empty=quote_empty,
        quote_headers=bool(header_cells) and all(q for t, q in header_cells if t),
        dates=date_style(date_text, dayfirst), decimal_comma=comma, percent_sign=sign,
        layout=layout, headers=headers, header_line=line,
    )


def folder_dayfirst(dayfirst: bool | None, raw_columns: list[pd.Series]) -> bool:
    """The folder's day/month order for new dates: as given, else as the dates prove it
    (any 31/01 is day-first, any 01/31 month-first), else day-first."""
    if dayfirst is not None:
        return bool(dayfirst)
    for text in raw_columns:
        if not text.iloc[:200].dropna().astype("str").str.match(
                r"^\s*\d{1,2}[/-]\d{1,2}[/-]").any():
            continue  # ISO or dotted dates: nothing to decide
        text = text.dropna().astype("str")
        if text.str.match(r"^\s*(1[3-9]|2\d|3[01])[/-]\d{1,2}[/-]").any():
            return True
        if text.str.match(r"^\s*\d{1,2}[/-](1[3-9]|2\d|3[01])[/-]").any():
            return False
    return True


def date_style(values: list[str], dayfirst: bool | None) -> DateStyle:
    """The style of the most common form among typed dates (ISO when there are none); day
    and month have two digits when a date shows it (01/05), one when a date shows that
    (1/5)."""
    forms: dict[tuple, int] = {}
    padded = unpadded = False
    for value in values:
        value = value.strip()
        if match := _ISO.match(value):
            form = ("ymd", match["sep"], 4)
        elif match := _DMY.match(value):
            a, b = int(match["a"]), int(match["b"])
            order = "dmy" if match["sep"] == "." or a > 12 else "mdy" if b > 12 else \
                ("dmy" if dayfirst is None or dayfirst else "mdy")
            form = (order, match["sep"], len(match["y"]))
            for part in (match["a"], match["b"]):
                padded |= len(part) == 2 and part.startswith("0")
                unpadded |= len(part) == 1
        else:
            continue
        forms[form] = forms.get(form, 0) + 1
    if not forms:
        return DateStyle()
    order, sep, year_digits = max(forms, key=forms.get)
    return DateStyle(order, sep, padded or not unpadded, year_digits)


def _codec(head: bytes, encoding: str) -> tuple[bytes, str]:
    if head.startswith(codecs.BOM_UTF8):
        return codecs.BOM_UTF8, "utf-8"
    if head.startswith(codecs.BOM_UTF16_LE):
        return codecs.BOM_UTF16_LE, "utf-16-le"
    if head.startswith(codecs.BOM_UTF16_BE):
        return codecs.BOM_UTF16_BE, "utf-16-be"
    return b"", "utf-8" if encoding == "utf-8-sig" else encoding


def _records(text: str, delimiter: str):
    """The first records of ``text``: lists of (cell, quoted); the first line end seen;
    where the header record ends."""
    records, cells, cell = [], [], []
    quoted = in_quotes = False
    newline = header_end = None
    i, n = 0, len(text)
    while i < n and len(records) < _SAMPLE_RECORDS:
        ch = text[i]
        if in_quotes:
            if ch == '"' and text.startswith('""', i):
                cell.append('"')
                i += 2
                continue
            if ch == '"':
                in_quotes = False
            else:
                cell.append(ch)
        elif ch == '"' and not "".join(cell).strip():
            in_quotes = quoted = True
            cell = []
        elif ch == delimiter:
            cells.append(("".join(cell), quoted))
            cell, quoted = [], False
        elif ch in "\r\n":
            end = "\r\n" if text.startswith("\r\n", i) else ch
            newline = newline or end
            cells.append(("".join(cell), quoted))
            if any(c.strip() for c, _ in cells) or records:
                if not records:
                    header_end = i
                records.append(cells)
            cells, cell, quoted = [], [], False
            i += len(end)
            continue
        else:
            cell.append(ch)
        i += 1
    return records, newline, header_end


def _quoting(data: list, layout: tuple, spec: FileSpec) -> tuple[str, bool]:
    kinds = {c.name: c.kind for c in spec.columns}
    text_cells, other_cells, empty = [], [], []
    for record in data:
        for i, (value, quoted) in enumerate(record[:len(layout)]):
            if not value.strip():
                empty.append(quoted)
            elif kinds.get(layout[i]) in ("date", "number") or _NUMBER_LIKE.match(value):
                other_cells.append(quoted)
            else:
                text_cells.append(quoted)
    quote_empty = bool(empty) and all(empty)
    if other_cells and all(other_cells) and all(text_cells):
        return "all", quote_empty
    if text_cells and all(text_cells):
        return "text", quote_empty
    return "minimal", quote_empty


# --- writing ------------------------------------------------------------------------------

def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())


def _number_text(values: pd.Series, dialect: Dialect, percent: bool) -> pa.Array:
    whole = values.notna() & (values == np.round(values)) & (values.abs() < 2**53)
    text = values.astype(object).map(repr).to_numpy(dtype=object)
    if whole.any():
        text[whole.to_numpy()] = values[whole].astype("int64").astype(str).to_numpy(object)
    text = pa.array(text, pa.large_string(), mask=values.isna().to_numpy())
    if dialect.decimal_comma:
        text = pc.replace_substring(text, ".", ",")
    if percent and dialect.percent_sign:
        text = pc.binary_join_element_wise(text, _text(dialect.percent_sign), _text(""))
    return text


def _cells(frame: pd.DataFrame, dialect: Dialect, spec: FileSpec) -> list[pa.Array]:
    """Each column of the file as Arrow text ready to join (quoted where needed)."""
    kinds = {c.name: c.kind for c in spec.columns}
    special = "[" + re.escape(dialect.delimiter) + '"\r\n]'
    empty = '""' if dialect.quote_empty else ""
    out = []
    for name in dialect.layout:
        if name is None or name not in frame.columns:
            out.append(pa.array(np.full(len(frame), empty, dtype=object), pa.large_string()))
            continue
        column = frame[name]
        is_text = False
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            text = dialect.dates.format(column)
        elif pd.api.types.is_numeric_dtype(column.dtype) and column.dtype != bool:
            text = _number_text(column.astype("float64"), dialect, name == "percent_complete")
        else:
            text = pa.array(column.astype("str").array, pa.large_string())
            is_text = kinds.get(name, "text") in ("text", "id")
        text = text.cast(pa.large_string())
        if dialect.quoting == "all" or (dialect.quoting == "text" and is_text):
            quote = pc.is_valid(text)
        else:
            quote = pc.fill_null(pc.match_substring_regex(text, special), False)
        quoted = pc.binary_join_element_wise(_text('"'), pc.replace_substring(text, '"', '""'),
                                             _text('"'), _text(""))
        out.append(pc.fill_null(pc.if_else(quote, quoted, text), _text(empty)))
    return out


def rows_text(frame: pd.DataFrame, dialect: Dialect, spec: FileSpec) -> list[str]:
    """The records of ``frame`` as lines of the file (without line ends)."""
    if not len(frame):
        return []
    cells = _cells(frame, dialect, spec)
    return pc.binary_join_element_wise(*cells, _text(dialect.delimiter)).to_pylist()


def header_text(dialect: Dialect) -> str:
    """The header record: as it was in the file, or built from the headers."""
    if dialect.header_line is not None:
        return dialect.header_line
    special = re.compile(f"[{re.escape(dialect.delimiter)}\"\r\n]")
    cells = ['"' + h.replace('"', '""') + '"' if dialect.quote_headers or special.search(h)
             else h for h in dialect.headers]
    return dialect.delimiter.join(cells)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return (list(a.columns) == list(b.columns)
            and a.dtypes.astype(str).tolist() == b.dtypes.astype(str).tolist()
            and a.reset_index(drop=True).equals(b.reset_index(drop=True)))


def unchanged(frame: pd.DataFrame, loaded: pd.DataFrame | None) -> bool:
    """Whether ``frame`` holds exactly the table as loaded."""
    return loaded is not None and len(frame) == len(loaded) and _same(frame, loaded)


def appended(frame: pd.DataFrame, loaded: pd.DataFrame | None, dialect: Dialect) -> bool:
    """Whether ``frame`` is the loaded table with rows added that fit the file's columns."""
    if loaded is None or len(frame) <= len(loaded) or not _same(frame.iloc[:len(loaded)],
                                                                 loaded):
        return False
    new = frame.iloc[len(loaded):]
    outside = [c for c in frame.columns if c not in dialect.layout]
    return not any(new[c].notna().any() for c in outside)


def write_table(path: Path, frame: pd.DataFrame, spec: FileSpec, dialect: Dialect, *,
                append_after: int | None = None) -> Dialect:
    """Write ``frame`` to ``path`` in ``dialect``, atomically; the dialect the file has now.

    With ``append_after`` (the number of rows the file holds, unchanged), only the rows
    after them are written, after the file's last line; every other byte stays. Otherwise
    the file is rewritten: the header, then every row.
    """
    if append_after is not None:
        raw = path.read_bytes()
        text = raw[len(dialect.bom):].decode(dialect.encoding)
        end = len(text.rstrip("\r\n"))
        lines = rows_text(frame.iloc[append_after:], dialect, spec)
        new = dialect.newline + dialect.newline.join(lines)
        suffix = text[end:].encode(dialect.encoding)
        try:
            data = raw[:len(raw) - len(suffix)] + new.encode(dialect.encoding) + suffix
        except UnicodeEncodeError as error:
            return _as_utf8(path, text[:end] + new + text[end:], dialect, error, new)
        files.write_bytes_atomic(path, data)
        return dialect
    columns = [c for c in frame.columns if c in dialect.layout or frame[c].notna().any()]
    dialect = dialect.with_columns(columns)
    records = [header_text(dialect), *rows_text(frame, dialect, spec)]
    text = dialect.newline.join(records) + (dialect.newline if dialect.final_newline else "")
    try:
        data = dialect.bom + text.encode(dialect.encoding)
    except UnicodeEncodeError as error:
        return _as_utf8(path, text, dialect, error, text)
    files.write_bytes_atomic(path, data)
    return dialect


def _as_utf8(path: Path, text: str, dialect: Dialect, error: UnicodeEncodeError,
             failed: str) -> Dialect:
    """Save ``text`` as UTF-8 with BOM (the old file backed up), saying why."""
    start = failed.rfind(dialect.newline, 0, error.start) + len(dialect.newline)
    stop = failed.find(dialect.newline, error.end)
    line = failed[start:stop if stop >= 0 else len(failed)]
    cell = next((c.strip('"') for c in line.split(dialect.delimiter)
                 if error.object[error.start:error.end] in c), line)
    backup = None
    if path.exists():
        backup = files.backup_path(path)
        shutil.copy2(path, backup)
    kept = f"; your original is kept as {backup.name}" if backup else ""
    warnings.warn(CareerDataWarning(
        f"{path.name}: {cell!r} cannot be written in {dialect.described()}, the encoding "
        f"of {path.name}, so {path.name} is now saved as UTF-8 with BOM (Excel and other "
        f"spreadsheets open it; delimiter, dates and headers are kept){kept}",
        Rule.FORMAT_CHANGED), stacklevel=4)
    dialect = replace(dialect, encoding="utf-8", bom=codecs.BOM_UTF8)
    files.write_bytes_atomic(path, dialect.bom + text.encode("utf-8"))
    return dialect


# --- a folder -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A table as loaded (documented internal): its file's dialect (None when it cannot be
    known) and the frame as loaded, to tell at save what changed. The frame is a shallow
    copy: pandas copies a column on write, so later edits of the data never reach it."""

    dialect: Dialect | None
    loaded: pd.DataFrame


def remember(folder: Path, specs: tuple[FileSpec, ...], raws: dict, frames: dict,
             dayfirst: bool | None) -> dict[str, Source]:
    """The :class:`Source` of each table of a CSV folder just loaded: ``raws`` maps a
    table's name to the reader's ``RawTable`` (its frame's columns are the headers),
    ``frames`` to the loaded table."""
    date_names = {spec.name: spec.of_kind("date") for spec in specs}
    raw_dates = [raw.frame.iloc[:, i] for name, raw in raws.items()
                 for i, h in enumerate(raw.format.headers)
                 if normalize_header(h) in date_names[name]]
    order = folder_dayfirst(dayfirst, raw_dates)
    sources = {}
    for spec in specs:
        frame = frames[spec.name]
        raw = raws.get(spec.name)
        dialect = None
        if raw is not None:
            dialect = sniff(folder / spec.filename, spec, raw.format, raw.frame,
                            list(frame.columns), order)
        sources[spec.name] = Source(dialect, frame.copy(deep=False))
    return sources


def save_tables(folder: Path, specs: tuple[FileSpec, ...], frames: tuple, sources: dict,
                loaded_stamps: dict | None) -> tuple[list[Path], dict[str, Source]]:
    """Write the tables of a folder, each in its own dialect; the files written and the
    sources as saved.

    ``loaded_stamps`` (the fingerprints at load, or None when saving elsewhere) lets a
    table as loaded be skipped and one with rows only appended be appended to, while its
    file is as loaded. Files without a dialect of their own take the first table's (goals),
    with careerkit's headers; data that was never loaded from CSV is written in careerkit's
    own format, the file it replaces backed up when its format differs.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written, saved = [], {}
    base = next((s.dialect for s in sources.values() if s.dialect is not None), None)
    for spec, frame in zip(specs, frames, strict=True):
        path = folder / spec.filename
        source = sources.get(spec.name)
        exists = path.exists()
        if not spec.required and frame.empty and not exists:
            if source is not None:
                saved[spec.name] = source
            continue
        dialect = source.dialect if source is not None else None
        same_file = (loaded_stamps is not None and exists
                     and files.fingerprint(path) == loaded_stamps.get(spec.filename))
        append_after = None
        if same_file and source is not None and dialect is not None:
            if unchanged(frame, source.loaded):
                saved[spec.name] = source
                continue
            if appended(frame, source.loaded, dialect):
                append_after = len(source.loaded)
        if dialect is None and base is not None:
            dialect = for_new_file(base, list(frame.columns))
        elif dialect is None:
            dialect = canonical(list(frame.columns))
            _back_up_if_reformatted(path, frame)
        dialect = write_table(path, frame, spec, dialect, append_after=append_after)
        saved[spec.name] = Source(dialect, frame.copy(deep=False))
        written.append(path)
    return written, saved


def _back_up_if_reformatted(path: Path, frame: pd.DataFrame) -> None:
    reason = files.differs_from_canonical(path, [str(c) for c in frame.columns])
    if reason:
        backup = files.backup_path(path)
        shutil.copy2(path, backup)
        warnings.warn(CareerDataWarning(
            f"{path.name} is now written as UTF-8 CSV with commas and ISO dates "
            f"({reason}); your original is kept as {backup.name}", Rule.FORMAT_CHANGED),
            stacklevel=4)
