"""A data folder's own settings: ``careerkit.toml`` beside goals.csv.

``load`` reads it (its arguments override it), so the command line, the widgets and the
notebooks all use it. The file is small and written for people::

    dayfirst = true            # dates like 03/04/2026 are day/month/year

    [columns]                  # your header = careerkit's column
    "Goal #" = "goal_id"
    "Fortschritt" = "percent_complete"

    [status]                   # your word = a status
    parked = "on_hold"

    private_columns = ["Phone"]  (top level, before any [table]: kept out of reports)

A typo (a syntax error, an unknown key, a column or status careerkit does not know) is a
:class:`~careerkit.CareerDataError` naming the line of the settings file
(``Rule.SETTINGS_INVALID``).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .exceptions import CareerDataError, problems_frame
from .files import write_text_atomic
from .schema import FILES, STATUSES, Rule

#: The settings file's name, in the data folder.
SETTINGS_FILE = "careerkit.toml"

_KEYS = ("columns", "dayfirst", "status", "private_columns")
_COLUMNS = sorted({name for spec in FILES for name in spec.names})


@dataclass(frozen=True)
class Settings:
    """A folder's settings (empty when it has no ``careerkit.toml``).

    Attributes
    ----------
    columns : dict
        The user's header -> careerkit's column.
    dayfirst : bool or None
        Day/month order of dates like 03/04/2026 (None: the folder's dates decide).
    status : dict
        The user's status word -> one of ``STATUSES``.
    private_columns : tuple of str
        Columns of the user's own to keep out of reports.
    path : Path or None
        The file read, if any.
    """

    columns: dict[str, str] = field(default_factory=dict)
    dayfirst: bool | None = None
    status: dict[str, str] = field(default_factory=dict)
    private_columns: tuple[str, ...] = ()
    path: Path | None = None


def settings_path(folder: str | os.PathLike) -> Path:
    """Where a data folder's settings live (beside a workbook given as a file)."""
    folder = Path(folder)
    return (folder.parent if folder.is_file() else folder) / SETTINGS_FILE


def read_settings(folder: str | os.PathLike) -> Settings:
    """The settings of a data folder; empty settings when it has no ``careerkit.toml``.

    Raises
    ------
    CareerDataError
        Listing every typo with its line in the settings file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> text = 'dayfirst = true\\n[status]\\nparked = "on_hold"\\n'
    >>> _ = (folder / "careerkit.toml").write_text(text)
    >>> read_settings(folder).status
    {'parked': 'on_hold'}
    >>> _ = (folder / "careerkit.toml").write_text("dayfirst = maybe\\n")
    >>> try:
    ...     read_settings(folder)
    ... except CareerDataError as error:
    ...     print(error.problems.loc[0, "line"], error.problems.loc[0, "rule"])
    1 settings_invalid
    """
    path = settings_path(folder)
    if not path.is_file():
        return Settings()
    text = path.read_text(encoding="utf-8-sig")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        reason = re.sub(r"\s*\(at line.*\)$", "", str(error))
        _fail(path, [(line, "", None, f"valid TOML ({reason}): e.g. dayfirst = true, or "
                                      '"My header" = "percent_complete" under [columns]')])
    problems = []

    def where(key: str, table: str | None = None) -> int | None:
        return _line_of(text, key, table)

    for key in raw:
        if key not in _KEYS:
            problems.append((where(key), key, None, "one of the keys " + ", ".join(_KEYS)))
    dayfirst = raw.get("dayfirst")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        problems.append((where("dayfirst"), "dayfirst", str(dayfirst),
                         "dayfirst = true (day/month/year) or dayfirst = false (month/day/year)"))
    columns = _table(raw, "columns", problems, where)
    for header, name in columns.items():
        if name not in _COLUMNS:
            problems.append((where(header, "columns"), header, str(name),
                             "a careerkit column: one of " + ", ".join(_COLUMNS)))
    status = _table(raw, "status", problems, where)
    for word, meaning in status.items():
        if meaning not in STATUSES:
            problems.append((where(word, "status"), word, str(meaning),
                             "a status: one of " + ", ".join(STATUSES)))
    private = raw.get("private_columns", [])
    if not isinstance(private, list) or not all(isinstance(p, str) for p in private):
        problems.append((where("private_columns"), "private_columns", str(private),
                         'a list of headers, e.g. private_columns = ["Phone"]'))
        private = []
    if problems:
        _fail(path, problems)
    return Settings({str(k): str(v) for k, v in columns.items()},
                    dayfirst, {str(k): str(v) for k, v in status.items()},
                    tuple(private), path)


def _table(raw: dict, key: str, problems: list, where) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        problems.append((where(key), key, str(value),
                         f'a table: [{key}] on its own line, then "yours" = "careerkit\'s"'))
        return {}
    return value


def _line_of(text: str, key: str, table: str | None) -> int | None:
    """The line (1-based) of ``key`` (in ``[table]``, or at the top level), or None."""
    section = None
    pattern = re.compile(rf'^\s*(?:"{re.escape(key)}"|\'{re.escape(key)}\'|{re.escape(key)})'
                         r"\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            section = header.group(1).strip("\"'")
            if table is None and section == key:
                return number
            continue
        if section == table and pattern.match(line):
            return number
    return None


def _fail(path: Path, problems: list) -> None:
    records = [[path.name, line, column, value, expected, Rule.SETTINGS_INVALID]
               for line, column, value, expected in problems]
    raise CareerDataError(problems_frame(records), where=str(path))


def settings_text(columns: dict[str, str] | None = None, dayfirst: bool | None = None) -> str:
    """The lines to add to ``careerkit.toml`` for these settings.

    Examples
    --------
    >>> print(settings_text({"% complet": "percent_complete"}, dayfirst=True), end="")
    dayfirst = true
    [columns]
    "% complet" = "percent_complete"
    """
    lines = [] if dayfirst is None else [f"dayfirst = {'true' if dayfirst else 'false'}"]
    if columns:
        lines.append("[columns]")
        lines += [f"{json.dumps(h, ensure_ascii=False)} = {json.dumps(c)}"
                  for h, c in columns.items()]
    return "".join(line + "\n" for line in lines)


def write_settings(folder: str | os.PathLike, columns: dict[str, str] | None = None,
                   dayfirst: bool | None = None) -> Path:
    """Add settings to the folder's ``careerkit.toml``, keeping every other line of it.

    ``dayfirst`` replaces an existing ``dayfirst`` line (or goes before the first table);
    ``columns`` go under the existing ``[columns]`` (or a new one at the end), replacing
    lines for the same headers. Written atomically (a temporary file, then a rename).
    """
    path = settings_path(folder)
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    read_settings(folder)  # refuse to merge into a file with typos
    lines = text.splitlines()
    if dayfirst is not None:
        entry = f"dayfirst = {'true' if dayfirst else 'false'}"
        at = _line_of(text, "dayfirst", None)
        if at:
            lines[at - 1] = entry
        else:
            first = next((i for i, line in enumerate(lines)
                          if re.match(r"^\s*\[", line)), len(lines))
            lines.insert(first, entry)
    for header, column in (columns or {}).items():
        entry = f"{json.dumps(header, ensure_ascii=False)} = {json.dumps(column)}"
        current = "\n".join(lines)
        at = _line_of(current, header, "columns")
        if at:
            lines[at - 1] = entry
            continue
        start = next((i for i, line in enumerate(lines)
                      if re.match(r"^\s*\[\s*columns\s*\]", line)), None)
        if start is None:
            lines += (["", "[columns]"] if lines else ["[columns]"])
            start = len(lines) - 1
        lines.insert(start + 1, entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, "\n".join(lines) + "\n")
    return path
