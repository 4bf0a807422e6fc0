"""A session brief: one client, one page, before the session.

``careerkit.brief(data, client)`` (:func:`brief`, resolved from here on first use) returns
the brief as one self-contained HTML page, or writes it with ``path=``. The page opens
offline and prints on one A4 or Letter page where the data allows; see :func:`brief` for
its sections.

The package is laid out as its steps: :mod:`~careerkit.briefing.compute` (the analytics'
results for one client → plain dicts of text), :mod:`~careerkit.briefing.render` (the dicts →
HTML with the report's Jinja2 environment) and ``assets/`` (the template and its style
sheet).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..data import CareerData
from ..data.files import write_text_atomic
from .compute import brief_context
from .render import render


def brief(data: CareerData, client: str, *, as_of=None, since=None, for_client: bool = False,
          path: str | os.PathLike | None = None) -> str | Path:
    """One client's session brief as one self-contained HTML page.

    The page requests nothing from any network (its Content-Security-Policy forbids it and
    it has no script), uses the reader's system fonts and shows text from the data
    literally. Its print styles fit one A4 or Letter page where the data allows.

    The coach's page (default):

    - **header**: as of, since (the last session), last contact and the days since
      (:func:`careerkit.checkin_cadence`), the client's goals by state;
    - **since the last session**: :func:`careerkit.changes` in (``since``, ``as_of``]:
      check-ins, tasks and goals completed, targets revised (old → new), state changes;
    - **needs attention**: :func:`careerkit.needs_attention`, why, with the linear forecast
      (goal_status' ``forecast_date``), the P85 date and the chance by target
      (:func:`careerkit.forecast_finish` for this client's goals, its pools from all of
      ``data``);
    - **goals**: every goal of the client with its forecasts (also P50) and the client's
      own columns of goals.csv (those the folder's settings mark private are labelled);
    - **tasks**: the open tasks overdue and due within 14 days (by their current due date,
      ``as_of`` inclusive; :func:`careerkit.analytics.upcoming.upcoming_tasks`), by title;
    - **notes timeline**: every check-in, newest first, with its note, its revision
      (old → new target, shift) and reason
      (:func:`careerkit.analytics.timeline.checkin_timeline`).

    With ``for_client=True`` the page speaks to the client in plain words ("You
    completed…", "Next up…"), naming goals and tasks by their titles: no forecast from
    other clients' data, no staleness of the caseload, no other client, and no column the
    folder's ``careerkit.toml`` lists in ``private_columns`` (an extra column of goals.csv,
    or ``note`` / ``reason``).

    Parameters
    ----------
    data : CareerData
        The caseload (the brief selects the client; forecasts pool from all of it).
    client : str
        The client's name; case, accents and spacing may differ when unambiguous.
    as_of : date-like, optional
        The day to look from (default: the latest recorded event, never today's date).
    since : date-like, optional
        The day of the last session (default: the client's previous check-in day before
        ``as_of``, see :func:`careerkit.analytics.timeline.previous_session`). Events after
        it and on or before ``as_of`` are new.
    for_client : bool, default False
        Write the page for the client rather than the coach.
    path : path, optional
        Write the page there (UTF-8, replaced atomically) and return the path.

    Returns
    -------
    str or Path
        The HTML page; with ``path``, the file written.

    Raises
    ------
    ValueError
        For an unknown client (naming close names), a client with no goal started by
        ``as_of``, or a ``since`` that is not before ``as_of``.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> html = careerkit.brief(data, "Malik Tran", as_of="2026-06-30")
    >>> "Session brief: Malik Tran" in html and "Notes timeline" in html
    True
    >>> "You completed" in careerkit.brief(data, "malik tran", for_client=True)
    True
    """
    html = render(brief_context(data, client, as_of=as_of, since=since,
                                for_client=for_client))
    if path is None:
        return html
    write_text_atomic(Path(path), html)
    return Path(path)


__all__ = ["brief"]
