"""What a session brief shows, as plain dicts of text (documented internal): no HTML here.

:func:`brief_context` gathers one client's results from the analytics layer and words them;
it computes no state, percent, forecast, order or day count of its own:

- since the last session: :func:`careerkit.changes` between ``since`` (by default
  :func:`careerkit.analytics.timeline.previous_session`) and ``as_of``;
- goals needing attention and why: :func:`careerkit.needs_attention`; forecasts:
  goal_status' ``forecast_date`` and :func:`careerkit.forecast_finish` (this client's goals
  only, the pools from all the data; coach's page only);
- tasks due soon and overdue: :func:`careerkit.analytics.upcoming.upcoming_tasks`;
- the notes timeline: :func:`careerkit.analytics.timeline.checkin_timeline`;
- last contact: :func:`careerkit.checkin_cadence`.

:func:`session_context` (since the last session, tasks, notes timeline) is also what the
report's client sections show.

Texts come from :mod:`careerkit.formatting`.
"""

from __future__ import annotations

import pandas as pd

from .. import __version__
from ..analytics import (
    ATTENTION_ORDER,
    changes,
    checkin_cadence,
    forecast_finish,
    goal_status,
    needs_attention,
    resolve_as_of,
    staleness,
    task_status,
)
from ..analytics.attention import attention_order, attention_reasons
from ..analytics.timeline import checkin_timeline, previous_session
from ..analytics.upcoming import UPCOMING_DAYS, upcoming_tasks
from ..data import CareerData
from ..data.schema import GOALS
from ..data.settings import Settings, read_settings
from ..data.spellings import match_client
from ..formatting import (
    count_text,
    date_text,
    percent_text,
    plain_text,
    rate_text,
    signed_days_text,
)

#: Why a goal needs attention, in the words the client's page uses.
CLIENT_ATTENTION_WORDS = {
    "overdue": "its target date has passed",
    "stalled": "we have not checked in on it for a while",
    "at_risk": "at this pace it would finish after its target date",
}

#: State names in the words the client's page uses.
CLIENT_STATE_WORDS = {
    "overdue": "past its target date",
    "stalled": "waiting for a check-in",
    "at_risk": "at risk of missing its target",
    "not_started": "not started yet",
    "on_hold": "on hold",
    "on_track": "on track",
    "completed": "completed",
    "dropped": "dropped",
}


def brief_context(data: CareerData, client: str, *, as_of=None, since=None,
                  for_client: bool = False) -> dict:
    """Everything the brief page shows, as text (see :func:`careerkit.brief`)."""
    stamp = resolve_as_of(data, as_of)
    if stamp is None:
        raise ValueError("the data has no goals, so there is nothing to brief")
    name = match_client(data.goals["client"], client)
    own = data.select(clients=name)
    status = goal_status(own, stamp)
    if status.empty:
        first = own.goals["start_date"].min()
        raise ValueError(f"{name} has no goal started by {date_text(stamp)} (the first starts "
                         f"on {date_text(first)}): choose a later --as-of")
    private = private_columns(data)
    shown = {"note": "note" not in private or not for_client,
             "reason": "reason" not in private or not for_client}
    session = session_context(own, name, stamp,
                              resolve_as_of(data, since) if since is not None else None,
                              shown=shown)
    contact = checkin_cadence(own, stamp).by_client.loc[name]
    extras = extra_columns(own, private if for_client else ())

    context = {
        **session,
        "session": session,
        "for_client": for_client,
        "client": name,
        "version": __version__,
        "staleness": None if for_client else getattr(staleness(data, stamp), "sentence", None),
        "contact": _contact(contact),
        "summary": _summary(status),
        "shown": shown,
        "extra_names": extras,
    }
    if for_client:
        context["title"] = f"Your progress — {name} — {date_text(stamp)}"
        context["goals"] = _client_goals(status, own, extras)
    else:
        context["title"] = f"Session brief — {name} — as of {date_text(stamp)}"
        finish = forecast_finish(data, stamp, goals=status.index, progress=False)
        context["attention"] = _attention(needs_attention(own, stamp), finish)
        context["goals"] = _coach_goals(status, finish, own, extras, private)
        context["private_names"] = [c for c in extras if _is_private(c, private)]
    return context


def session_context(own: CareerData, client: str, as_of: pd.Timestamp, since=None, *,
                    shown: dict | None = None) -> dict | None:
    """The parts of a brief about the sessions, as text (documented internal: the brief and
    the report's client sections show them, so there is one implementation of each).

    - ``since_section``: :func:`careerkit.changes` in (``since``, ``as_of``];
    - ``upcoming``: the open tasks overdue and due within ``window_days`` days
      (:func:`careerkit.analytics.upcoming.upcoming_tasks`), by title;
    - ``timeline``: the notes timeline, newest first
      (:func:`careerkit.analytics.timeline.checkin_timeline`);
    - ``as_of``, ``since`` (texts), ``since_given`` and ``window_days``.

    ``own`` holds one client's data (``client`` names them as it does); ``since`` defaults
    to the client's previous session (:func:`careerkit.analytics.timeline.previous_session`);
    ``shown`` says whether notes and reasons are shown (``{"note": bool, "reason": bool}``,
    default both). None when the client has no goal started by ``as_of``.

    Raises
    ------
    ValueError
        For a ``since`` that is not before ``as_of``.
    """
    shown = shown if shown is not None else {"note": True, "reason": True}
    status = goal_status(own, as_of)
    if status.empty:
        return None
    before = pd.Timestamp(since) if since is not None else previous_session(own, as_of)[client]
    if before >= as_of:
        raise ValueError(f"since ({date_text(before)}) must be before as_of ({date_text(as_of)})")
    goal_titles = status["title"]
    task_titles = task_status(own, as_of)["title"]
    return {
        "as_of": date_text(as_of),
        "since": date_text(before),
        "since_given": since is not None,
        "window_days": UPCOMING_DAYS,
        "since_section": _since_section(changes(own, before, as_of), goal_titles, task_titles,
                                        status),
        "upcoming": _upcoming(upcoming_tasks(own, as_of)),
        "timeline": _timeline(checkin_timeline(own, as_of), goal_titles, task_titles, shown),
    }


# --- settings and columns -------------------------------------------------------------------

def private_columns(data: CareerData) -> set[str]:
    """The columns the folder's ``careerkit.toml`` marks private (``private_columns``), as
    careerkit names them (casefolded; a header mapped under ``[columns]`` by its mapped
    name too). Data not loaded from a folder has none."""
    settings = read_settings(data.folder) if data.folder is not None else Settings()
    names = set(settings.private_columns)
    names |= {settings.columns[p] for p in settings.private_columns if p in settings.columns}
    return {n.strip().casefold() for n in names}


def _is_private(column: str, private) -> bool:
    return column.strip().casefold() in private


def extra_columns(data: CareerData, private=()) -> list[str]:
    """The user's own columns of goals.csv (beyond careerkit's), in file order, without the
    private ones."""
    known = set(GOALS.names)
    return [c for c in data.goals.columns if c not in known and not _is_private(c, private)]


def _extra_values(own: CareerData, extras: list[str]) -> dict:
    """goal_id -> {column: text} of the extra columns."""
    goals = own.goals.set_index("goal_id")
    return {goal_id: {c: plain_text(goals.at[goal_id, c]) for c in extras}
            for goal_id in goals.index}


# --- sections ---------------------------------------------------------------------------

def _contact(row: pd.Series) -> dict:
    last = row["last_checkin"]
    quiet = row["days_since_checkin"]
    return {"last": date_text(last, missing="never"),
            "days": None if pd.isna(quiet) else count_text(quiet, "day"),
            "none": pd.isna(last), "today": not pd.isna(quiet) and quiet == 0,
            "engagement": row["engagement"]}


def _summary(status: pd.DataFrame) -> str:
    counts = status["state"].value_counts()
    parts = [f"{counts[s]} {s.replace('_', ' ')}" for s in ATTENTION_ORDER if counts.get(s, 0)]
    return f"{count_text(len(status), 'goal')}: " + ", ".join(parts)


def _title(titles: pd.Series, key) -> str:
    return "" if pd.isna(key) else plain_text(titles.get(key))


def _since_section(events: pd.DataFrame, goal_titles: pd.Series, task_titles: pd.Series,
                   status: pd.DataFrame) -> dict:
    kind = events["change"].to_numpy(dtype=object)

    def rows(change: str) -> pd.DataFrame:
        return events.loc[kind == change]

    checkins = rows("checkin")
    tasks_done = [{"date": date_text(r.date), "task": _title(task_titles, r.task_id),
                   "goal": _title(goal_titles, r.goal_id)}
                  for r in rows("task_completed").itertuples(index=False)]
    goals_done = [{"date": date_text(r.date), "goal": _title(goal_titles, r.goal_id)}
                  for r in rows("goal_completed").itertuples(index=False)]
    revised = [{"date": date_text(r.date), "goal": _title(goal_titles, r.goal_id),
                "task": _title(task_titles, r.task_id), "old": date_text(r.old_target),
                "new": date_text(r.new_target)}
               for r in rows("target_revised").itertuples(index=False)]
    moved = [{"goal": _title(goal_titles, r.goal_id),
              "old": None if pd.isna(r.old_state) else r.old_state, "new": r.new_state,
              "old_words": None if pd.isna(r.old_state) else CLIENT_STATE_WORDS[r.old_state],
              "new_words": CLIENT_STATE_WORDS[r.new_state]}
             for r in rows("state_changed").itertuples(index=False)]
    checkin_days = pd.unique(checkins["date"])
    goals_checked = pd.unique(checkins["goal_id"])
    return {
        "checkins": count_text(len(checkins), "check-in"),
        "checkin_days": count_text(len(checkin_days), "day"),
        "checkin_goals": [_title(goal_titles, g) for g in goals_checked],
        "any_checkin": len(checkins) > 0,
        "tasks_done": tasks_done, "goals_done": goals_done, "revised": revised,
        "moved": moved, "empty": events.empty,
    }


def _upcoming(soon: pd.DataFrame) -> dict:
    def row(r) -> dict:
        left = r.days_until_due
        when = ("due today" if left == 0 else f"in {count_text(left, 'day')}" if left > 0
                else f"{count_text(-left, 'day')} overdue")
        return {"task": plain_text(r.title), "goal": plain_text(r.goal_title),
                "due": date_text(r.current_due), "when": when,
                "moved": r.current_due != r.due_date, "planned": date_text(r.due_date)}
    rows = [row(r) for r in soon.itertuples(index=False)]
    overdue = soon["overdue"].to_numpy()
    return {"overdue": [r for r, late in zip(rows, overdue, strict=True) if late],
            "soon": [r for r, late in zip(rows, overdue, strict=True) if not late]}


def _timeline(timeline: pd.DataFrame, goal_titles: pd.Series, task_titles: pd.Series,
              shown: dict) -> dict:
    """The check-ins that say something (a note, a percent, a new target or a reason shown
    on this page), newest first; the others are counted in ``bare``."""
    rows = []
    for r in timeline.itertuples(index=False):
        entry = {
            "date": date_text(r.date), "goal": _title(goal_titles, r.goal_id),
            "task": _title(task_titles, r.task_id),
            "percent": "" if pd.isna(r.percent_complete) else percent_text(r.percent_complete),
            "note": plain_text(r.note) if shown["note"] else "",
            "revised": None if pd.isna(r.new_target) else {
                "old": date_text(r.previous_target), "new": date_text(r.new_target),
                "shift": signed_days_text(r.shift_days, " d")},
            "reason": plain_text(r.reason) if shown["reason"] else ""}
        if entry["note"] or entry["percent"] or entry["revised"] or entry["reason"]:
            rows.append(entry)
    bare = len(timeline) - len(rows)
    return {"rows": rows, "bare": count_text(bare, "check-in") if bare else ""}


def _attention(attention: pd.DataFrame, finish: pd.DataFrame) -> list[dict]:
    return [{"goal": plain_text(r.title), "goal_id": goal_id, "state": r.state,
             "why": r.reason, "target": date_text(r.current_target),
             "forecast": date_text(r.forecast_date),
             "p85": date_text(finish.at[goal_id, "p85_date"]),
             "chance": rate_text(finish.at[goal_id, "prob_by_target"])}
            for goal_id, r in zip(attention.index, attention.itertuples(index=False),
                                  strict=True)]


def _coach_goals(status: pd.DataFrame, finish: pd.DataFrame, own: CareerData,
                 extras: list[str], private) -> list[dict]:
    ordered = status.iloc[attention_order(status)]
    why = attention_reasons(ordered)
    values = _extra_values(own, extras)
    return [{"goal": plain_text(r.title), "goal_id": goal_id, "state": r.state,
             "why": why[goal_id], "percent": percent_text(r.percent_complete),
             "target": date_text(r.current_target), "first_target": date_text(r.target_date),
             "forecast": date_text(r.forecast_date),
             "p50": date_text(finish.at[goal_id, "p50_date"]),
             "p85": date_text(finish.at[goal_id, "p85_date"]),
             "chance": rate_text(finish.at[goal_id, "prob_by_target"]),
             "basis": plain_text(finish.at[goal_id, "basis"]),
             "extras": [{"name": c, "value": values[goal_id][c],
                         "private": _is_private(c, private)} for c in extras]}
            for goal_id, r in zip(ordered.index, ordered.itertuples(index=False), strict=True)]


def _client_goals(status: pd.DataFrame, own: CareerData, extras: list[str]) -> list[dict]:
    ordered = status.iloc[attention_order(status)]
    values = _extra_values(own, extras)
    return [{"goal": plain_text(r.title), "state": r.state,
             "state_words": CLIENT_STATE_WORDS[r.state],
             "why": CLIENT_ATTENTION_WORDS.get(r.state, ""),
             "percent": percent_text(r.percent_complete),
             "target": date_text(r.current_target),
             "forecast": None if pd.isna(r.forecast_date) or r.completed_at_T
             else date_text(r.forecast_date),
             "completed": date_text(r.completed_date) if r.completed_at_T else None,
             "extras": [{"name": c, "value": values[goal_id][c]} for c in extras]}
            for goal_id, r in zip(ordered.index, ordered.itertuples(index=False), strict=True)]
