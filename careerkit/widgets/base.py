"""What every careerkit widget shares (documented internal): the message line, handlers
that never show a traceback, text for forms, and the one save → refused → reload path.

- :class:`Panel`: a VBox with a ``message`` line; handlers wrapped in :func:`guarded`
  show an unexpected error there and send its traceback to the ``careerkit`` logger.
- :class:`Form`: a Panel that edits a data folder. Its state is in traits: ``data`` (the
  data as loaded or last saved) and ``refused`` (the last save was refused because the
  files changed on disk). :meth:`Form.save` is the only way a widget writes (first backing
  up a file for edits that change or remove its rows); when it is
  refused, ``refused`` becomes True and the Reload button shows (an ``@observe`` of
  ``refused``); Reload loads the folder again into ``data``, and every new ``data`` is
  shown by the form's :meth:`Form.data_changed` (an ``@observe`` of ``data``).
"""

from __future__ import annotations

import functools
import html
import logging
import os
import re
import shutil
import warnings
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import traitlets

from ..data import CareerData, CareerDataError, CareerDataWarning, ChangedOnDiskError, load
from ..data.files import backup_path
from ..data.schema import FILES, Rule
from ..data.workbook import is_workbook
from ..formatting import count_text, date_text, signed_days_text
from ..plotting import STATE_COLORS, STATE_LABELS

#: Where an unexpected error inside a widget's handler is logged, with its traceback.
LOG = logging.getLogger("careerkit")

#: Suggested reasons for a revised target (any text is accepted).
REASONS = ("scope", "capacity", "dependency", "priority", "other")
#: How forms ask for a date.
DATE_HINT = "YYYY-MM-DD"
ERROR_COLOR = "#D55E00"
OK_COLOR = "#009E73"
MUTED_COLOR = "#666666"


# --- text ------------------------------------------------------------------------------------

def iso(value) -> str:
    """YYYY-MM-DD of a date-like value; empty text when missing."""
    return date_text(value, missing="")


def days_text(value) -> str:
    """A signed day count for a table cell: ``+12 days``, ``0 days``, "—" when missing."""
    return signed_days_text(value, " days")


def plural_days(n: int) -> str:
    """``1 day``, ``62 days``."""
    return count_text(n, "day")


def note(kind: str, text: str) -> str:
    """A status line of ``kind`` error, ok or info; ``text`` is HTML (escape data first)."""
    color = {"error": ERROR_COLOR, "ok": OK_COLOR}.get(kind, MUTED_COLOR)
    return f'<div class="ck-{kind}" style="color:{color}">{text}</div>'


def field_error(problems: list[str]) -> str:
    """What a form shows beside a field: its problems (HTML), or nothing."""
    if not problems:
        return ""
    return f'<span style="color:{ERROR_COLOR}">' + "<br>".join(problems) + "</span>"


def chip(state) -> str:
    """A coloured square and the state's name."""
    if state is None or pd.isna(state):
        return "—"
    color = STATE_COLORS.get(state, MUTED_COLOR)
    return (f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:2px;'
            f'background:{color};margin-right:0.3em;vertical-align:baseline"></span>'
            f"{html.escape(STATE_LABELS.get(state, str(state)))}")


def problem_text(row, label: str | None = None) -> str:
    """One problem of a CareerDataError as a short sentence for a form (HTML-escaped).

    The wording is chosen from the problem's ``rule`` code, never from its text.
    """
    if row.rule == Rule.DAYFIRST_UNDECIDED:
        expected = ("a date written as YYYY-MM-DD: a date like 03/04/2025 could be day/month "
                    "or month/day")
    elif row.rule == Rule.REQUIRED_VALUE:
        expected = "a value (required)"
    else:
        expected = str(row.expected)
    text = f"expected {expected}"
    if isinstance(row.value, str) and row.value:
        text = f"{row.value!r}: {text}"
    if label:
        text = f"{label}: {text}"
    return html.escape(text, quote=False)


def warning_text(message) -> str:
    """A CareerDataWarning without the file and lines it names (a form has no lines)."""
    text = re.sub(r"^\w+(\.csv)?: ", "", str(message))
    return re.sub(r" \(lines? [^)]*\)$", "", text)


def blank(value):
    """None for empty text; the text trimmed otherwise."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def show(widget: widgets.Widget, visible: bool) -> None:
    widget.layout.display = None if visible else "none"


def tag(pairs) -> None:
    """Add a CSS class to each widget: ``[(widget, "ck-name"), ...]``."""
    for widget, name in pairs:
        widget.add_class(name)


def as_data(data_or_folder) -> CareerData:
    """A CareerData as given, or loaded from a folder."""
    if isinstance(data_or_folder, CareerData):
        return data_or_folder
    if isinstance(data_or_folder, str | os.PathLike):
        return load(data_or_folder)
    raise TypeError("expected a CareerData or the path of a data folder, not "
                    f"{type(data_or_folder).__name__}")


# --- handlers ----------------------------------------------------------------------------

def guarded(method):
    """Run a handler; an unexpected error is shown in the widget's message line (never as
    a traceback in the notebook) and logged with its traceback to the ``careerkit``
    logger, so that it is never silently swallowed."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # a widget shows its problems; the log keeps the trace
            LOG.exception("%s.%s failed", type(self).__name__, method.__name__)
            self.message.value = note(
                "error", f"Something went wrong: {html.escape(type(error).__name__)}: "
                         f"{html.escape(str(error))}")
            return None
    return run


class Panel(widgets.VBox):
    """A VBox with a message line (``message``, an HTML widget) that says what happened."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.message = widgets.HTML()

    def say(self, kind: str, text: str) -> None:
        """Show ``text`` (HTML) in the message line as ``kind`` (error, ok or info)."""
        self.message.value = note(kind, text)


class Form(Panel):
    """A panel that edits a data folder: the one save → refused → reload path.

    Subclasses say how they follow a new ``data`` (saved or reloaded) in
    :meth:`data_changed`, and what the message says after a reload in
    :attr:`reloaded_text`.
    """

    #: The data as loaded, last saved or reloaded.
    data = traitlets.Instance(CareerData, allow_none=True)
    #: The last save was refused because the files changed on disk: Reload is offered.
    refused = traitlets.Bool(False)

    reloaded_text = "Reloaded from disk."

    def __init__(self, data: CareerData, **kwargs):
        super().__init__(**kwargs)
        self.reload_button = widgets.Button(description="Reload from disk", icon="refresh")
        show(self.reload_button, False)
        self.reload_button.on_click(self._on_reload)
        self.set_trait("data", data)

    @traitlets.observe("refused")
    def _offer_reload(self, change) -> None:
        show(self.reload_button, change["new"])

    @traitlets.observe("data")
    def _follow_data(self, change) -> None:
        if change["old"] is not None:  # the first data is set while the form is built
            self.data_changed()

    def data_changed(self) -> None:
        """Show the new ``data``: options, previews, charts."""

    def changed_text(self, error: Exception | None = None) -> str:
        names = self.data.changed_on_disk()
        what = ", ".join(names) if names else "the files"
        text = (f"Not saved: {what} changed in {self.data.folder} since they were loaded "
                "(someone else edited them). Reload to see their changes, then save again.")
        if error is not None and not names:
            text += f" ({error})"
        return html.escape(text)

    def save(self, new: CareerData, *, backup: str | None = None) -> list[str] | None:
        """Write ``new`` into the data's folder and make it the form's ``data``.

        ``backup`` names a table (``"progress"``) whose file is first copied beside it as
        it is on disk (``progress.orig.csv``, or the first free ``progress.orig-2.csv``,
        ...), for edits that change or remove rows; a workbook keeps its own backup
        (``caseload.orig.xlsx``, see :meth:`CareerData.save`). The save itself is atomic and
        refuses files changed on disk since loading, as always.

        Returns the notes of the save (its warnings, and where the backup is), or None when
        nothing was written: the message says why, and when the files changed on disk since
        loading, ``refused`` becomes True (Reload is offered).
        """
        if self.data.folder is None:
            self.say("info", "Nothing saved: this data was not loaded from a folder, so there "
                             "is nowhere to save it. Open the folder instead.")
            return None
        if self.data.changed_on_disk():
            self.say("error", self.changed_text())
            self.refused = True
            return None
        try:
            kept = self._back_up(backup) if backup else None
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", CareerDataWarning)
                new.save()
        except ChangedOnDiskError as error:
            self.say("error", self.changed_text(error))
            self.refused = True
            return None
        except OSError as error:
            self.say("error", html.escape(
                f"Not saved: could not write to {self.data.folder} ({error}). Is a file open "
                "in another program? Close it and save again."))
            return None
        self.refused = False
        self.data = new
        notes = [str(w.message) for w in caught if issubclass(w.category, CareerDataWarning)]
        if kept is not None:
            notes.append(f"The file as it was is kept as {kept.name}.")
        return notes

    def _back_up(self, table: str) -> Path | None:
        """Copy the file of ``table`` beside it under a free name; the copy, or None for a
        workbook (which backs itself up) or a file not there."""
        folder = Path(self.data.folder)
        if is_workbook(folder):
            return None
        (spec,) = [spec for spec in FILES if spec.name == table]
        path = folder / spec.filename
        if not path.exists():
            return None
        copy = backup_path(path)
        shutil.copy2(path, copy)
        return copy

    @guarded
    def _on_reload(self, _button) -> None:
        try:
            data = load(self.data.folder)
        except CareerDataError as error:
            self.say("error", html.escape(str(error)).replace("\n", "<br>"))
            return
        self.refused = False
        self.data = data
        self.say("info", self.reloaded_text)
