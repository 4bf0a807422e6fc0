"""A self-contained HTML report of a caseload (or of some clients) as of one day.

:func:`build` returns the report as text and :func:`write` saves it. The page holds every
number as a table and draws the charts with plotly.js, which is embedded once, so the file
opens offline and can be sent by email: it requests nothing from any network (a
Content-Security-Policy in the page forbids it) and uses the reader's system fonts.

Sections: the headline figures, the goals that need attention and why, what happened since
the last session, the caseload, completion by category, one section per client (timeline,
target trend, goal table) and a footer that says how to rebuild the report.

Text from the data is always shown literally: the page is rendered by Jinja2 with
autoescaping, and chart data sit in ``<script type="application/json">`` blocks with ``<``,
``>`` and ``&`` written as ``\\u003c`` and so on, so that a name like
``<script>alert(1)</script>`` is shown, never run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shlex
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd
import plotly.io as pio
import plotly.offline
from markupsafe import Markup

from . import plotting
from ._version import __version__
from .analytics import (
    ATTENTION_ORDER,
    ATTENTION_STATES,
    completion_rates,
    goal_status,
    resolve_as_of,
)
from .analytics.attention import attention_order, attention_reasons
from .data import CareerData
from .formatting import date_text, percent_text
from .plotting import STATE_COLORS, STATE_LABELS

__all__ = ["MAX_CLIENT_SECTIONS", "MAX_LIST_ROWS", "SINCE_DAYS", "build", "write"]

#: Without ``clients``, a caseload of more clients than this gets sections only for the
#: clients needing attention most, this many at most.
MAX_CLIENT_SECTIONS = 25
#: The longest list a section shows (the page says when there are more).
MAX_LIST_ROWS = 100
#: The default ``since``: this many days before ``as_of``.
SINCE_DAYS = 14

_PLOT_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"]}


# --- public API ----------------------------------------------------------------------------

def build(data: CareerData, *, as_of=None, since=None, clients=None,
          anonymize: bool = False) -> str:
    """The HTML report of ``data`` as of one day, as one self-contained page.

    Sections:

    - **headline**: goals, completion rate, on-time rate, median forecast drift, goals
      needing attention (from :func:`careerkit.completion_rates` and
      :func:`careerkit.goal_status`);
    - **needs attention**: the overdue, stalled and at-risk goals, each with why ("overdue
      by 12 days", "no check-in for 35 days", "forecast 40 days after target");
    - **since last session**: in the window (``since``, ``as_of``]: check-ins logged, goals
      completed, targets revised (old → new, with the check-in's note and reason) and goals
      whose state changed between ``since`` and ``as_of``;
    - **caseload** (with more than one client) and **completion by category** (chart and
      table);
    - **one section per client**: timeline, target trend and goal table. Without
      ``clients``, a caseload of up to 25 clients gets one for every client; a larger one
      only for the (at most 25) clients with the most goals needing attention, and the page
      says so;
    - a **footer**: the data folder, ``as_of``, the careerkit version and the command that
      rebuilds the report.

    Lists longer than 100 rows show the first 100 and say how many there are.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to report on (default: the latest recorded event, see
        :func:`careerkit.default_as_of`; never today's date).
    since : date-like, optional
        The day of the last session (default: 14 days before ``as_of``). Events on that day
        belong to the last session; only those after it and on or before ``as_of`` count.
    clients : str or list of str, optional
        Only these clients: a client's own report. With ``anonymize``, a pseudonym such as
        ``"Client C"`` also picks its client.
    anonymize : bool, default False
        Replace client names by pseudonyms ("Client A", "Client B", ... given to the
        caseload's names in sorted order, so the same name gets the same pseudonym in every
        report of the same folder), everywhere: tables, charts, the footer. In titles, notes
        and reasons, words of a client's name are replaced as well (matched as written in
        the data, or capitalized).

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    ValueError
        For an unknown client, a ``since`` that is not before ``as_of``, or data without
        goals.

    Examples
    --------
    >>> import careerkit, careerkit.report
    >>> data = careerkit.load("sample_data")
    >>> html = careerkit.report.build(data, as_of="2026-06-30")
    >>> html.startswith("<!DOCTYPE html>")
    True
    >>> "Since last session" in html
    True
    """
    return _render(data, as_of=as_of, since=since, clients=clients, anonymize=anonymize)


def write(data: CareerData, path: str | os.PathLike, *, as_of=None, since=None, clients=None,
          anonymize: bool = False) -> Path:
    """Write the report of :func:`build` to ``path`` (UTF-8), replacing it atomically.

    Parameters
    ----------
    data : CareerData
    path : path
        The HTML file to write; its folder must exist.
    as_of, since, clients, anonymize
        As in :func:`build`.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, careerkit, careerkit.report
    >>> data = careerkit.load("sample_data")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = careerkit.report.write(data, f"{folder}/report.html", anonymize=True)
    ...     "Client A" in path.read_text(encoding="utf-8")
    True
    """
    path = Path(path)
    html = _render(data, as_of=as_of, since=since, clients=clients, anonymize=anonymize,
                   output=path)
    return _write_atomic(path, html)


# --- building ------------------------------------------------------------------------------

def _render(data: CareerData, *, as_of=None, since=None, clients=None, anonymize=False,
            output: str | os.PathLike = "report.html", folder_arg: str | None = None,
            extra_args: Iterable[str] = (), step: Callable[[str], None] | None = None) -> str:
    """The report; ``folder_arg``, ``extra_args`` and ``output`` shape the footer command,
    ``step`` hears about each phase (the command line shows them as progress)."""
    step = step or (lambda message: None)
    stamp = resolve_as_of(data, as_of)
    if stamp is None:
        raise ValueError("the data has no goals, so there is nothing to report")
    before = resolve_as_of(data, since) if since is not None else (
        stamp - pd.Timedelta(days=SINCE_DAYS))
    if before >= stamp:
        raise ValueError(f"since ({date_text(before)}) must be before as_of ({date_text(stamp)})")

    step("computing")
    names = _Names(pd.unique(data.goals["client"].dropna()).tolist(), anonymize)
    chosen = names.resolve(clients)
    scope = names.renamed(data.select(clients=chosen) if chosen is not None else data)
    chosen = None if chosen is None else [names.shown(c) for c in chosen]

    now = goal_status(scope, stamp)
    then = goal_status(scope, before)
    why = attention_reasons(now)
    totals = completion_rates(scope, by=None, as_of=stamp).iloc[0]
    attention = now.loc[now["state"].isin(ATTENTION_STATES)]
    scope_clients = sorted(pd.unique(scope.goals["client"]).tolist())
    sections, section_note = _client_sections(scope_clients, now, chosen)
    figures: list[dict] = []

    def figure(fig, name: str) -> dict:
        spec = {"id": f"chart-{len(figures) + 1}", "kind": name,
                "height": int(fig.layout.height or 450), "json": _figure_json(fig)}
        figures.append(spec)
        return spec

    step("drawing charts")
    caseload_chart = (figure(plotting.plot_caseload(scope, as_of=stamp), "caseload")
                      if len(scope_clients) > 1 else None)
    category_chart = figure(plotting.plot_completion(scope, by="category", as_of=stamp),
                            "completion")
    client_sections = []
    owners = _Owners(scope)
    for number, client in enumerate(sections, start=1):
        step(f"drawing charts: client {number} of {len(sections)}")
        own = names.scrubbed(owners.data(client))
        goals = now.loc[now["client"] == client]
        client_sections.append({
            "anchor": f"client-{number}",
            "name": client,
            "summary": _client_summary(goals),
            "timeline": figure(plotting.plot_timeline(own, client=client, as_of=stamp),
                               "timeline"),
            "trend": figure(plotting.plot_target_trend(own, client=client, as_of=stamp),
                            "target_trend"),
            "goals": _goal_rows(goals, why, names.text),
        })

    step("writing")
    folder_name = command = None
    if data.folder is not None:
        folder_name = names.scrub_all(Path(data.folder).name)
        folder_text = folder_arg if folder_arg is not None else str(data.folder)
        command = names.scrub_all(_command(folder_text, output, stamp, before, chosen,
                                           anonymize, extra_args))
    scope_text = "all clients" if chosen is None else ", ".join(chosen)
    plotly_js = _plotly_js()
    context = {
        "title": f"careerkit report — {scope_text} — as of {date_text(stamp)}",
        "scope_text": scope_text,
        "client_count": len(scope_clients),
        "one_client": chosen is not None and len(chosen) == 1,
        "as_of": date_text(stamp),
        "since": date_text(before),
        "headline": _headline(totals, attention, scope_clients),
        "attention": _attention_rows(attention, why, names.text),
        "since_section": _since_section(scope, now, then, before, stamp, why, names.text),
        "caseload_chart": caseload_chart,
        "category_chart": category_chart,
        "category_rows": _rate_rows(completion_rates(scope, by="category", as_of=stamp)),
        "clients": client_sections,
        "client_note": section_note,
        "figures": figures,
        "folder_name": folder_name,
        "command": command,
        "anonymized": anonymize,
        "version": __version__,
        "states": [{"name": s, "color": STATE_COLORS[s], "ink": _ink(STATE_COLORS[s])}
                   for s in STATE_COLORS],
        "plot_config": _script_json(json.dumps(_PLOT_CONFIG)),
        "plotly_js": Markup(plotly_js),
        "runner": Markup(_RUNNER),
        # base64 digests: nothing to escape
        "csp_scripts": Markup(" ".join(f"'{_sha256(s)}'" for s in (plotly_js, _RUNNER))),
    }
    return _template().render(context)


def _write_atomic(path: Path, text: str) -> Path:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


class _Owners:
    """Which client each goal, task and check-in belongs to, to cut out one client fast."""

    def __init__(self, data: CareerData):
        self.data_all = data
        client = pd.Series(data.goals["client"].to_numpy(dtype=object),
                           index=data.goals["goal_id"].to_numpy(dtype=object))
        self.goals = data.goals["client"].to_numpy(dtype=object)
        self.tasks = data.tasks["goal_id"].map(client).to_numpy(dtype=object)
        self.progress = data.progress["goal_id"].map(client).to_numpy(dtype=object)

    def data(self, client: str) -> CareerData:
        data = self.data_all
        return CareerData(data.goals.loc[self.goals == client],
                          data.tasks.loc[self.tasks == client],
                          data.progress.loc[self.progress == client])


# --- clients and pseudonyms ----------------------------------------------------------------

def _pseudonym(number: int) -> str:
    """Client A, ..., Client Z, Client AA, Client AB, ... (bijective base 26)."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Client {letters}"


_WORD = re.compile(r"\w+")
_REPEATS = re.compile(r"(Client [A-Z]+|\[name\])(?:[\s'’.-]{1,3}\1(?!\w))+")


class _Names:
    """Client names as the report shows them: as they are, or as pseudonyms.

    Pseudonyms go to the caseload's names in sorted (code-point) order. Free text (titles,
    notes, reasons) is scrubbed only where it is shown: the whole name of the text's own
    client in any case, then every word of any client's name, as written in the data or
    capitalized (a word shared by several clients becomes the owner's pseudonym when the
    owner has it, else "[name]"). Words of one letter and short lower-case particles
    ("de", "van") are kept."""

    def __init__(self, names: list[str], anonymize: bool):
        self.names = sorted(names)
        self.anonymize = anonymize
        self.aliases = ({name: _pseudonym(i) for i, name in enumerate(self.names)}
                        if anonymize else {})
        self.real = {alias: name for name, alias in self.aliases.items()}
        self.words: dict[str, set[str]] = {}
        for name, alias in self.aliases.items():
            for word in _WORD.findall(name):
                if len(word) < 2 or (word.islower() and len(word) <= 3):
                    continue
                for form in {word, word[:1].upper() + word[1:]}:
                    self.words.setdefault(form, set()).add(alias)

    def resolve(self, clients) -> list[str] | None:
        """The real names of the chosen clients, in the order given (None: every client).

        With pseudonyms on, a pseudonym picks its client too."""
        if clients is None:
            return None
        wanted = [clients] if isinstance(clients, str) else list(clients)
        if not wanted:
            return None
        known = set(self.names)
        chosen: list[str] = []
        for name in wanted:
            real = name if name in known else self.real.get(name)
            if real is None:
                if not self.names:
                    raise ValueError(f"unknown client {name!r}: the data has no clients")
                listed = sorted(self.real) if self.anonymize else self.names
                more = f" and {len(listed) - 10:,} more" if len(listed) > 10 else ""
                kind = "pseudonyms" if self.anonymize else "clients"
                raise ValueError(f"unknown client {name!r}; the {kind} are: "
                                 f"{', '.join(listed[:10])}{more}")
            if real not in chosen:
                chosen.append(real)
        return chosen

    def shown(self, name: str) -> str:
        return self.aliases.get(name, name) if self.anonymize else name

    def renamed(self, data: CareerData) -> CareerData:
        """The data with pseudonyms in the client column (free text untouched)."""
        if not self.anonymize:
            return data
        goals = data.goals.copy()
        goals["client"] = goals["client"].map(self.aliases).astype(data.goals["client"].dtype)
        return CareerData(goals, data.tasks, data.progress)

    def text(self, value, client: str | None = None) -> str:
        """A cell of free text as shown, for the client shown as ``client``."""
        value = _text(value)
        if not self.anonymize or not value:
            return value
        real = self.real.get(client) if client is not None else None
        if real:
            value = _replace_name(value, real, client)

        def swap(match):
            users = self.words.get(match.group())
            if not users:
                return match.group()
            if client in users:
                return client
            return next(iter(users)) if len(users) == 1 else "[name]"

        return _REPEATS.sub(r"\1", _WORD.sub(swap, value))

    def scrub_all(self, value: str) -> str:
        """A text about no client in particular (folder name, command) with every name
        replaced."""
        if not self.anonymize:
            return value
        for name, alias in self.aliases.items():
            value = _replace_name(value, name, alias)
        return self.text(value)

    def scrubbed(self, data: CareerData) -> CareerData:
        """Renamed data (a client's own, small) with titles, notes and reasons scrubbed."""
        if not self.anonymize:
            return data
        client = pd.Series(data.goals["client"].to_numpy(dtype=object),
                           index=data.goals["goal_id"].to_numpy(dtype=object))
        goals = data.goals.copy()
        goals["title"] = self._column(goals["title"], goals["client"].to_numpy(dtype=object))
        tasks = data.tasks.copy()
        tasks["title"] = self._column(tasks["title"],
                                      tasks["goal_id"].map(client).to_numpy(dtype=object))
        progress = data.progress.copy()
        owner = progress["goal_id"].map(client).to_numpy(dtype=object)
        for column in ("note", "reason"):
            progress[column] = self._column(progress[column], owner)
        return CareerData(goals, tasks, progress)

    def _column(self, values: pd.Series, owners: np.ndarray) -> pd.Series:
        out = [self.text(v, o) if isinstance(v, str) else v
               for v, o in zip(values.to_numpy(dtype=object), owners, strict=True)]
        return pd.Series(out, index=values.index, name=values.name,
                         dtype=object).astype(values.dtype)


def _replace_name(text: str, name: str, alias: str) -> str:
    """Every occurrence of the whole name, in any case, replaced by the alias."""
    if not name or name.casefold() not in text.casefold():
        return text
    return re.sub(re.escape(name), lambda _: alias, text, flags=re.IGNORECASE)


# --- what the sections show ----------------------------------------------------------------

def _headline(totals: pd.Series, attention: pd.DataFrame, clients: list[str]) -> list[dict]:
    counts = attention["state"].value_counts()
    parts = [f"{counts.get(s, 0):,} {STATE_LABELS[s]}" for s in ATTENTION_STATES]
    return [
        {"label": "goals", "value": f"{int(totals['goals']):,}",
         "note": f"of {_count(len(clients), 'client')}, started and not dropped"},
        {"label": "completion rate", "value": _rate(totals["completion_rate"]),
         "note": f"{int(totals['completed']):,} completed"},
        {"label": "on-time rate", "value": _rate(totals["on_time_rate"]),
         "note": "completed by the first-planned target, of the goals due or completed"},
        {"label": "median drift", "value": _signed_days(totals["median_forecast_drift_days"],
                                                        " days"),
         "note": "forecast minus first-planned target, over goals with a forecast"},
        {"label": "need attention", "value": f"{len(attention):,}",
         "note": " · ".join(parts)},
    ]


def _attention_rows(attention: pd.DataFrame, why: pd.Series, text) -> dict:
    shown = attention.iloc[attention_order(attention)].iloc[:MAX_LIST_ROWS]
    rows = [
        {"client": r.client, "goal": text(r.title, r.client), "goal_id": goal_id,
         "state": r.state, "why": why[goal_id], "percent": percent_text(r.percent_complete),
         "target": date_text(r.current_target), "forecast": date_text(r.forecast_date),
         "last_checkin": date_text(r.last_checkin)}
        for goal_id, r in zip(shown.index, shown.itertuples(index=False), strict=True)
    ]
    return {"rows": rows, "total": len(attention)}


def _goal_rows(goals: pd.DataFrame, why: pd.Series, text) -> list[dict]:
    ordered = goals.iloc[attention_order(goals)]
    return [
        {"goal": text(r.title, r.client), "goal_id": goal_id,
         "category": text(r.category, r.client), "state": r.state, "why": why[goal_id],
         "percent": percent_text(r.percent_complete), "start": date_text(r.start_date),
         "target": date_text(r.target_date), "current_target": date_text(r.current_target),
         "forecast": date_text(r.forecast_date), "drift": _signed_days(r.forecast_drift_days),
         "last_checkin": date_text(r.last_checkin)}
        for goal_id, r in zip(ordered.index, ordered.itertuples(index=False), strict=True)
    ]


def _client_summary(goals: pd.DataFrame) -> str:
    counts = goals["state"].value_counts()
    parts = [f"{counts[s]} {STATE_LABELS[s]}" for s in ATTENTION_ORDER if counts.get(s, 0)]
    return f"{_count(len(goals), 'goal')}: " + ", ".join(parts) if parts else "no goal yet"


def _rate_rows(rates: pd.DataFrame) -> list[dict]:
    return [
        {"key": "(none)" if pd.isna(key) else str(key), "goals": f"{r.goals:,}",
         "completed": f"{r.completed:,}", "completion_rate": _rate(r.completion_rate),
         "on_time_rate": _rate(r.on_time_rate),
         "task_completion_rate": _rate(r.task_completion_rate),
         "mean_percent": percent_text(r.mean_percent_complete),
         "median_drift": _signed_days(r.median_forecast_drift_days)}
        for key, r in zip(rates.index, rates.itertuples(index=False), strict=True)
    ]


def _client_sections(clients: list[str], now: pd.DataFrame,
                     chosen: list[str] | None) -> tuple[list[str], str | None]:
    """The clients that get a section of their own, and what the page says about it."""
    if chosen is not None:
        return chosen, None
    if len(clients) <= MAX_CLIENT_SECTIONS:
        return clients, None
    attention = now.loc[now["state"].isin(ATTENTION_STATES)]
    counts = attention.groupby("client", sort=True).size().sort_values(
        ascending=False, kind="stable")
    picked = counts.index[:MAX_CLIENT_SECTIONS].tolist()
    note = (f"Sections for {len(picked):,} of {len(clients):,} clients: those with the most "
            f"goals needing attention ({len(counts):,} clients have at least one). For anyone "
            "else, build their own report with --client NAME.")
    return picked, note


def _since_section(scope: CareerData, now: pd.DataFrame, then: pd.DataFrame,
                   since: pd.Timestamp, as_of: pd.Timestamp, why: pd.Series, text) -> dict:
    """What happened in (since, as_of]: check-ins, completions, revisions, state changes.

    Each list is complete in its ``total``; only its first rows are formatted."""
    progress = scope.progress
    in_scope = progress["goal_id"].isin(now.index).to_numpy()
    dates = progress["date"]
    upto = in_scope & (dates <= as_of).to_numpy()
    window = upto & (dates > since).to_numpy()
    task_titles = scope.tasks.set_index("task_id")["title"]

    def task_of(task_id, client):
        return "" if pd.isna(task_id) else text(task_titles.get(task_id), client)

    logged = _newest_first(progress.loc[window])
    checkins = []
    for r in logged.iloc[:MAX_LIST_ROWS].itertuples(index=False):
        client = now.at[r.goal_id, "client"]
        checkins.append({
            "date": date_text(r.date), "client": client, "goal": text(now.at[r.goal_id, "title"],
                                                                  client),
            "task": task_of(r.task_id, client), "percent": percent_text(r.percent_complete),
            "revised": date_text(r.revised_target_date) if not pd.isna(r.revised_target_date)
            else "", "note": text(r.note, client), "reason": text(r.reason, client)})

    done = now.loc[now["completed_at_T"].to_numpy(dtype=bool)
                   & (now["completed_date"] > since).to_numpy(dtype=bool)]
    done = done.sort_values("completed_date", ascending=False, kind="stable")
    completed = []
    for goal_id, r in zip(done.index[:MAX_LIST_ROWS],
                          done.iloc[:MAX_LIST_ROWS].itertuples(index=False), strict=True):
        late = (r.completed_date - r.target_date).days
        timing = ("on time" if late <= 0 else f"{_count(late, 'day')} after the first-planned "
                  "target")
        completed.append({"date": date_text(r.completed_date), "client": r.client,
                          "goal": text(r.title, r.client), "goal_id": goal_id,
                          "timing": timing})

    revised = _revisions(scope, now, upto)
    revised = _newest_first(revised.loc[revised["date"] > since])
    revisions = []
    for r in revised.iloc[:MAX_LIST_ROWS].itertuples(index=False):
        client = now.at[r.goal_id, "client"]
        revisions.append({
            "date": date_text(r.date), "client": client,
            "goal": text(now.at[r.goal_id, "title"], client),
            "task": task_of(r.task_id, client), "old": date_text(r.old), "new": date_text(r.new),
            "change": _signed_days((r.new - r.old).days), "note": text(r.note, client),
            "reason": text(r.reason, client)})

    before = then["state"].reindex(now.index)
    changed = now.loc[(before != now["state"]).fillna(True).to_numpy(dtype=bool)]
    changed = changed.iloc[attention_order(changed)]
    changes = [
        {"client": r.client, "goal": text(r.title, r.client), "goal_id": goal_id,
         "old": None if pd.isna(before[goal_id]) else before[goal_id],
         "started": date_text(r.start_date), "new": r.state, "why": why[goal_id]}
        for goal_id, r in zip(changed.index[:MAX_LIST_ROWS],
                              changed.iloc[:MAX_LIST_ROWS].itertuples(index=False),
                              strict=True)
    ]
    moves = pd.DataFrame({"old": before.loc[changed.index].fillna("new goal").to_numpy(),
                          "new": changed["state"].to_numpy(dtype=object)})
    moves = moves.value_counts(sort=False).reset_index(name="count")
    moves = moves.sort_values(["count", "old", "new"], ascending=[False, True, True],
                              kind="stable")
    transitions = [{"old": r.old, "new": r.new, "count": f"{r.count:,}"}
                   for r in moves.itertuples(index=False)]
    return {"checkins": {"rows": checkins, "total": len(logged)},
            "completed": {"rows": completed, "total": len(done)},
            "revisions": {"rows": revisions, "total": len(revised)},
            "changes": {"rows": changes, "total": len(changed), "moves": transitions}}


def _newest_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Latest date first; within a day, further down the file first."""
    order = np.lexsort((-np.arange(len(frame)), -_day_numbers(frame["date"])))
    return frame.iloc[order]


def _revisions(scope: CareerData, goals: pd.DataFrame, valid: np.ndarray) -> pd.DataFrame:
    """Every revised target of a check-in in ``valid``, with the target it replaced.

    The previous target of a goal (or task) is the one set by its previous revision (by
    date, then file order, as :func:`careerkit.goal_status` counts them), or its
    first-planned date. Revisions that restate the target unchanged are left out. Rows
    are in file order."""
    progress = scope.progress.loc[valid & scope.progress["revised_target_date"].notna()
                                  .to_numpy()]
    frame = pd.DataFrame({
        "goal_id": progress["goal_id"].to_numpy(dtype=object),
        "task_id": progress["task_id"].to_numpy(dtype=object),
        "date": progress["date"].to_numpy(),
        "new": progress["revised_target_date"].to_numpy(),
        "note": progress["note"].to_numpy(dtype=object),
        "reason": progress["reason"].to_numpy(dtype=object),
        "file_order": np.arange(len(progress)),
    })
    is_task = frame["task_id"].notna().to_numpy()
    frame["key"] = np.where(is_task, "t:" + frame["task_id"].astype(str),
                            "g:" + frame["goal_id"].astype(str))
    frame = frame.sort_values(["key", "date", "file_order"], kind="stable")
    baseline = pd.concat([
        pd.Series(goals["target_date"].to_numpy(), index="g:" + goals.index.astype(str)),
        pd.Series(scope.tasks["due_date"].to_numpy(),
                  index="t:" + scope.tasks["task_id"].astype(str)),
    ])
    first = frame["key"].ne(frame["key"].shift()).to_numpy()
    old = np.where(first, baseline.reindex(frame["key"]).to_numpy(),
                   frame["new"].shift().to_numpy())
    frame["old"] = pd.to_datetime(old)
    frame = frame.loc[frame["old"] != frame["new"]]
    return frame.sort_values("file_order", kind="stable").reset_index(drop=True)


# --- command and formatting ----------------------------------------------------------------

def _command(folder: str, output, as_of, since, chosen, anonymize,
             extra_args: Iterable[str]) -> str:
    parts = ["careerkit", "report", folder, "-o", str(output), "--as-of", date_text(as_of),
             "--since", date_text(since)]
    for client in chosen or []:
        parts += ["--client", client]
    if anonymize:
        parts.append("--anonymize")
    parts += list(extra_args)
    return shlex.join(parts)


def _day_numbers(values) -> np.ndarray:
    """Whole days since 1970 as float (NaN for missing)."""
    stamps = pd.to_datetime(pd.Series(values).to_numpy(), errors="coerce")
    days = stamps.to_numpy(dtype="datetime64[D]").astype("float64")
    days[pd.isna(stamps)] = np.nan
    return np.asarray(days)


def _count(n, noun: str) -> str:
    n = int(n)
    return f"{n:,} {noun}{'' if n == 1 else 's'}"




def _rate(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{100 * float(value):.0f}%"


def _signed_days(value, unit: str = "") -> str:
    """+12, -3.5, 0 (a dash when missing)."""
    if value is None or pd.isna(value):
        return "—"
    value = float(value)
    text = f"{value:+,.1f}" if value != round(value) else f"{int(value):+,d}"
    return ("0" if value == 0 else text) + unit


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _ink(color: str) -> str:
    """Black or white text, whichever reads better on ``color``."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.45 else "#FFFFFF"


# --- HTML pieces ---------------------------------------------------------------------------

def _script_json(text: str) -> Markup:
    """JSON text that is safe inside a <script> element: no ``<``, ``>``, ``&`` and no line
    separators (U+2028/9), each written as a \\u escape (valid JSON, same value)."""
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(text)


def _figure_json(fig) -> Markup:
    return _script_json(pio.to_json(fig, validate=False, pretty=False, remove_uids=True))


def _sha256(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def _plotly_js() -> str:
    """plotly.js as shipped with the plotly package (a </script> inside is neutralized)."""
    return re.sub(r"</(script)", r"<\\/\1", plotly.offline.get_plotlyjs(), flags=re.IGNORECASE)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("careerkit", "templates"),
        autoescape=True,  # the template is .html.j2: select_autoescape would miss it
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("report.html.j2")


#: Draws every chart from its JSON block once plotly.js has loaded; marks the page when
#: done (``data-charts-drawn`` on <body>) so that a browser test can wait for it.
_RUNNER = """
(function () {
  "use strict";
  var body = document.body;
  var config = JSON.parse(document.getElementById("plot-config").textContent);
  var blocks = document.querySelectorAll("script.figure-data");
  var drawn = 0, failed = 0, pending = [];
  function fail(target, error) {
    failed += 1;
    target.classList.add("chart-failed");
    target.textContent = "This chart could not be drawn (" + error + "); the tables hold "
      + "the same numbers.";
  }
  if (typeof Plotly === "undefined") {
    blocks.forEach(function (block) {
      fail(document.getElementById(block.dataset.target), "plotly.js did not load");
    });
  } else {
    blocks.forEach(function (block) {
      var target = document.getElementById(block.dataset.target);
      try {
        var figure = JSON.parse(block.textContent);
        pending.push(Plotly.newPlot(target, figure.data, figure.layout, config).then(
          function () { drawn += 1; target.dataset.drawn = "true"; },
          function (error) { fail(target, error); }));
      } catch (error) {
        fail(target, error);
      }
    });
  }
  Promise.all(pending).then(function () {
    body.dataset.chartsDrawn = String(drawn);
    body.dataset.chartsFailed = String(failed);
  });
})();
"""
