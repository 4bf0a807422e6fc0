"""The report's public functions: :func:`build` (the page as text) and :func:`write`.

Each computes the context (:mod:`careerkit.report.compute`) and renders it
(:mod:`careerkit.report.render`); :func:`write` saves it with the data layer's one atomic
writer, so the file gets the same permissions as every other file careerkit writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..data import CareerData
from ..data.files import write_text_atomic
from .compute import report_context
from .render import render


def build(data: CareerData, *, as_of=None, since=None, clients=None,
          anonymize: bool = False, command_folder: str | None = None,
          command_options: Iterable[str] = (),
          progress: Callable[[str], None] | None = None) -> str:
    """The HTML report of ``data`` as of one day, as one self-contained page.

    The page holds every number as a table and draws the charts with plotly.js, which is
    embedded once, so the file opens offline and can be sent by email: it requests nothing
    from any network (a Content-Security-Policy in the page forbids it) and uses the
    reader's system fonts. Text from the data is always shown literally.

    Sections:

    - **headline**: goals, completion rate, on-time rate, median forecast drift ("+12 d vs
      first plan"), goals needing attention (from :func:`careerkit.completion_rates` and
      :func:`careerkit.goal_status`);
    - **needs attention**: the overdue, stalled and at-risk goals, each with why ("12 d past
      current target", "no check-in for 35 d", "forecast 40 d after current target"), its
      first and current target, its P85 finish date and its chance of finishing by the
      current target (:func:`careerkit.forecast_finish` for the goals listed, its pools
      from all of ``data``);
    - **since last session**: in the window (``since``, ``as_of``], as
      :func:`careerkit.changes` lists it: check-ins logged, goals completed, targets revised
      (old → new and the shift, as in :func:`careerkit.revisions`, so a check-in that
      restates the current target counts with 0 days; with the check-in's note and reason)
      and goals whose state changed between ``since`` and ``as_of``;
    - **engagement**: the clients with an open goal who are lapsing or lapsed
      (:func:`careerkit.analytics.cadence.lapsing_clients`), the longest silence first;
    - **caseload** (with more than one client; with time to goal by category,
      :func:`careerkit.time_to_goal`, chart and table) and **completion by category**
      (chart and table);
    - **one section per client**: timeline, target trend, goal table and the client's
      session brief parts, the same as :func:`careerkit.brief` shows them (one
      implementation, :func:`careerkit.briefing.compute.session_context`): since the last
      session (in the report's window, after ``since``), the open tasks overdue and due
      within 14 days, and the notes timeline. Without
      ``clients``, a caseload of up to 25 clients gets one for every client; a larger one
      only for the (at most 25) clients with the most goals needing attention, and the page
      says so;
    - a **footer**: the data folder, ``as_of``, the careerkit version and the command that
      rebuilds the report.

    Lists longer than 100 rows show the first 100 and say how many there are. Every drift
    says what it is measured from ("+65 d vs first plan", "forecast 17 d after current
    target") and is shown beside both the first-planned and the current target; "done" is
    a goal's percent complete, and counts of goals say "completed".

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
    command_folder : str, optional
        The data folder as the footer's rebuild command names it (default: the folder the
        data was loaded from). The command line passes the folder as typed.
    command_options : iterable of str, optional
        More options for the footer's rebuild command, such as ``["--dayfirst", "true"]``.
    progress : callable, optional
        Called with the name of each phase ("computing", "drawing charts", ...,
        "writing"); the command line shows them on a terminal.

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
    return render(report_context(
        data, as_of=as_of, since=since, clients=clients, anonymize=anonymize,
        command_folder=command_folder, command_options=command_options, progress=progress))


def write(data: CareerData, path: str | os.PathLike, *, as_of=None, since=None, clients=None,
          anonymize: bool = False, command_folder: str | None = None,
          command_options: Iterable[str] = (),
          progress: Callable[[str], None] | None = None) -> Path:
    """Write the report of :func:`build` to ``path`` (UTF-8), replacing it atomically.

    A new file gets the permissions the umask gives (as careerkit's data files); a file
    that exists keeps its own.

    Parameters
    ----------
    data : CareerData
    path : path
        The HTML file to write; its folder must exist. The footer's rebuild command names
        it as given.
    as_of, since, clients, anonymize, command_folder, command_options, progress
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
    html = render(report_context(
        data, as_of=as_of, since=since, clients=clients, anonymize=anonymize,
        output=os.fspath(path), command_folder=command_folder,
        command_options=command_options, progress=progress))
    write_text_atomic(Path(path), html)
    return Path(path)
