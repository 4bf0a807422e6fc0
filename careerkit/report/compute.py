"""What the report shows, as plain dicts of text (documented internal): no HTML here.

:func:`report_context` turns a ``CareerData`` into the context the template renders: the
headline figures, the goals needing attention and why (with their P85 finish date and
chance by target), what happened since the last session, the clients drifting away from
check-ins, the caseload and how long goals take by category, completion by category, one
section per client (with the session brief's parts, from
:func:`careerkit.briefing.compute.session_context`) and the footer. Every number comes
from the analytics layer (:mod:`careerkit.analytics`; "since last session" is
:func:`careerkit.changes`, its revisions :func:`careerkit.revisions`; the finish dates
:func:`careerkit.forecast_finish`, engagement
:func:`careerkit.analytics.cadence.lapsing_clients`, time to goal
:func:`careerkit.time_to_goal`) and every text from :mod:`careerkit.formatting`; charts are
``plotly`` figures from :mod:`careerkit.plotting`, which :mod:`careerkit.report.render`
turns into JSON.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__, plotting
from ..analytics import (
    ATTENTION_ORDER,
    ATTENTION_STATES,
    changes,
    completion_rates,
    forecast_finish,
    goal_status,
    resolve_as_of,
    revisions,
    staleness,
    time_to_goal,
)
from ..analytics.attention import attention_order, attention_reasons
from ..analytics.cadence import lapsing_clients
from ..analytics.caseload import client_summary
from ..analytics.kernel import days
from ..briefing.compute import session_context
from ..data import CareerData
from ..formatting import count_text, date_text, percent_text, rate_text, signed_days_text
from ..plotting import STATE_LABELS
from .anonymize import Names

#: Without ``clients``, a caseload of more clients than this gets sections only for the
#: clients needing attention most, this many at most.
MAX_CLIENT_SECTIONS = 25
#: The longest list a section shows (the page says when there are more).
MAX_LIST_ROWS = 100
#: The default ``since``: this many days before ``as_of``.
SINCE_DAYS = 14


def report_context(data: CareerData, *, as_of=None, since=None, clients=None,
                   anonymize: bool = False, output: str | os.PathLike = "report.html",
                   command_folder: str | None = None, command_options: Iterable[str] = (),
                   progress: Callable[[str], None] | None = None) -> dict:
    """Everything the report page shows, as text (see :func:`careerkit.report.build`).

    ``output``, ``command_folder`` and ``command_options`` shape the footer's rebuild
    command; ``progress`` hears the name of each phase. Charts are in ``figures``: one dict
    per chart with its ``id``, ``kind``, ``height`` and plotly ``figure``.
    """
    step = progress or (lambda message: None)
    stamp = resolve_as_of(data, as_of)
    if stamp is None:
        raise ValueError("the data has no goals, so there is nothing to report")
    before = resolve_as_of(data, since) if since is not None else (
        stamp - pd.Timedelta(days=SINCE_DAYS))
    if before >= stamp:
        raise ValueError(f"since ({date_text(before)}) must be before as_of ({date_text(stamp)})")

    step("computing")
    names = Names(pd.unique(data.goals["client"].dropna()).tolist(), anonymize)
    chosen = names.resolve(clients)
    scope = names.renamed(data.select(clients=chosen) if chosen is not None else data)
    chosen = None if chosen is None else [names.shown(c) for c in chosen]

    now = goal_status(scope, stamp)
    why = attention_reasons(now)
    totals = completion_rates(scope, by=None, as_of=stamp).iloc[0]
    attention = now.loc[now["state"].isin(ATTENTION_STATES)]
    scope_clients = sorted(pd.unique(scope.goals["client"]).tolist())
    sections, section_note = _client_sections(scope_clients, now, stamp, chosen)
    figures: list[dict] = []

    def figure(fig, kind: str) -> dict:
        spec = {"id": f"chart-{len(figures) + 1}", "kind": kind,
                "height": int(fig.layout.height or 450), "figure": fig}
        figures.append(spec)
        return spec

    step("drawing charts")
    caseload_chart = (figure(plotting.plot_caseload(scope, as_of=stamp), "caseload")
                      if len(scope_clients) > 1 else None)
    time_chart = (figure(plotting.plot_time_to_goal(scope, by="category", as_of=stamp),
                         "time_to_goal") if len(scope_clients) > 1 else None)
    category_chart = figure(plotting.plot_completion(scope, by="category", as_of=stamp),
                            "completion")
    client_sections = []
    for number, client in enumerate(sections, start=1):
        step(f"drawing charts: client {number} of {len(sections)}")
        own = names.scrubbed(scope.select(clients=client))
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
            # the brief's own session parts, in the report's window: the same content as
            # `careerkit brief --since <the report's since>`
            "brief": session_context(own, client, stamp, before),
        })

    step("writing")
    folder_name = command = None
    if data.folder is not None:
        folder_name = names.scrub_all(Path(data.folder).name)
        folder_text = command_folder if command_folder is not None else str(data.folder)
        command = names.scrub_all(_command(folder_text, output, stamp, before, chosen,
                                           anonymize, command_options))
    scope_text = "all clients" if chosen is None else ", ".join(chosen)
    return {
        "title": f"careerkit report — {scope_text} — as of {date_text(stamp)}",
        "scope_text": scope_text,
        "client_count": len(scope_clients),
        "one_client": chosen is not None and len(chosen) == 1,
        "as_of": date_text(stamp),
        "staleness": getattr(staleness(data, stamp), "sentence", None),
        "since": date_text(before),
        "headline": _headline(totals, attention, scope_clients),
        "attention": _attention_rows(data, attention, stamp, why, names.text),
        "since_section": _since_section(scope, now, before, stamp, why, names.text),
        "engagement": _engagement_section(scope, now, stamp),
        "caseload_chart": caseload_chart,
        "time_chart": time_chart,
        "time_rows": _time_rows(time_to_goal(scope, by="category", as_of=stamp).summary)
        if time_chart is not None else [],
        "category_chart": category_chart,
        "category_rows": _rate_rows(completion_rates(scope, by="category", as_of=stamp)),
        "clients": client_sections,
        "client_note": section_note,
        "figures": figures,
        "folder_name": folder_name,
        "command": command,
        "anonymized": anonymize,
        "version": __version__,
    }


# --- what the sections show ----------------------------------------------------------------

def drift_text(value) -> str:
    """A drift from the first-planned target in words: "+65 d vs first plan" ("—" when
    missing, "0 d vs first plan" on it)."""
    shown = signed_days_text(value, " d", missing="")
    return f"{shown} vs first plan" if shown else "—"


def _headline(totals: pd.Series, attention: pd.DataFrame, clients: list[str]) -> list[dict]:
    counts = attention["state"].value_counts()
    parts = [f"{counts.get(s, 0):,} {STATE_LABELS[s]}" for s in ATTENTION_STATES]
    return [
        {"label": "goals", "value": f"{int(totals['goals']):,}",
         "note": f"of {count_text(len(clients), 'client')}, started and not dropped"},
        {"label": "completion rate", "value": rate_text(totals["completion_rate"]),
         "note": f"{int(totals['completed']):,} completed"},
        {"label": "on-time rate", "value": rate_text(totals["on_time_rate"]),
         "note": "completed by the first-planned target, of the goals due or completed"},
        {"label": "median drift vs first plan",
         "value": signed_days_text(totals["median_forecast_drift_days"], " d"),
         "note": "forecast minus first-planned target, over goals with a forecast"},
        {"label": "need attention", "value": f"{len(attention):,}",
         "note": " · ".join(parts)},
    ]


def _attention_rows(data: CareerData, attention: pd.DataFrame, as_of: pd.Timestamp,
                    why: pd.Series, text) -> dict:
    """The goals needing attention shown (the first rows), with forecast_finish's P85
    date and chance by target for those goals only; its pools come from all of ``data``,
    so a goal borrowing the caseload's history borrows the whole caseload's, whatever the
    report's clients."""
    shown = attention.iloc[attention_order(attention)].iloc[:MAX_LIST_ROWS]
    finish = forecast_finish(data, as_of=as_of, goals=shown.index, progress=False)
    finish = finish.reindex(shown.index)
    rows = [
        {"client": r.client, "goal": text(r.title, r.client), "goal_id": goal_id,
         "state": r.state, "why": why[goal_id], "percent": percent_text(r.percent_complete),
         "first_target": date_text(r.target_date), "target": date_text(r.current_target),
         "forecast": date_text(r.forecast_date), "p85": date_text(p85),
         "chance": rate_text(chance),
         "last_checkin": date_text(r.last_checkin)}
        for goal_id, r, p85, chance in zip(shown.index, shown.itertuples(index=False),
                                           finish["p85_date"], finish["prob_by_target"],
                                           strict=True)
    ]
    return {"rows": rows, "total": len(attention)}


def _engagement_section(scope: CareerData, now: pd.DataFrame, as_of: pd.Timestamp) -> dict:
    """The lapsing and lapsed clients with an open goal, the longest silence first
    (:func:`careerkit.analytics.cadence.lapsing_clients`)."""
    lapsing = lapsing_clients(scope, as_of, status=now)
    drifting = lapsing.clients
    rows = [
        {"client": client, "engagement": r.engagement,
         "days": f"{r.days_since_checkin:,}", "last_checkin": date_text(r.last_checkin),
         "checkins_90d": f"{r.checkins_90d:,}",
         "longest_gap": "—" if pd.isna(r.longest_gap_days) else f"{r.longest_gap_days:,}",
         "open_goals": f"{r.open_goals:,}"}
        for client, r in zip(drifting.index[:MAX_LIST_ROWS],
                             drifting.iloc[:MAX_LIST_ROWS].itertuples(index=False),
                             strict=True)
    ]
    counts = drifting["engagement"].value_counts()
    return {"rows": rows, "total": len(drifting), "clients": f"{lapsing.with_open_goal:,}",
            "lapsing": f"{counts.get('lapsing', 0):,}", "lapsed": f"{counts.get('lapsed', 0):,}"}


def _time_rows(summary: pd.DataFrame) -> list[dict]:
    """time_to_goal's summary by category, as text."""
    def day_count(value, missing="—"):
        return missing if pd.isna(value) else count_text(value, "day")

    return [
        {"key": "(none)" if pd.isna(r.category) else str(r.category), "goals": f"{r.goals:,}",
         "completed": f"{r.completed:,}", "median": day_count(r.median_days, "not reached"),
         "interval": ("—" if pd.isna(r.median_ci_lower) else
                      f"{r.median_ci_lower:,}–"
                      + ("not reached" if pd.isna(r.median_ci_upper)
                         else f"{r.median_ci_upper:,}")),
         "by_90d": rate_text(r.completed_by_90d), "by_180d": rate_text(r.completed_by_180d),
         "by_365d": rate_text(r.completed_by_365d)}
        for r in summary.itertuples(index=False)
    ]


def _goal_rows(goals: pd.DataFrame, why: pd.Series, text) -> list[dict]:
    ordered = goals.iloc[attention_order(goals)]
    return [
        {"goal": text(r.title, r.client), "goal_id": goal_id,
         "category": text(r.category, r.client), "state": r.state, "why": why[goal_id],
         "percent": percent_text(r.percent_complete), "start": date_text(r.start_date),
         "target": date_text(r.target_date), "current_target": date_text(r.current_target),
         "forecast": date_text(r.forecast_date),
         "drift": signed_days_text(r.forecast_drift_days, " d"),
         "last_checkin": date_text(r.last_checkin)}
        for goal_id, r in zip(ordered.index, ordered.itertuples(index=False), strict=True)
    ]


def _client_summary(goals: pd.DataFrame) -> str:
    counts = goals["state"].value_counts()
    parts = [f"{counts[s]} {STATE_LABELS[s]}" for s in ATTENTION_ORDER if counts.get(s, 0)]
    return f"{count_text(len(goals), 'goal')}: " + ", ".join(parts) if parts else "no goal yet"


def _rate_rows(rates: pd.DataFrame) -> list[dict]:
    return [
        {"key": "(none)" if pd.isna(key) else str(key), "goals": f"{r.goals:,}",
         "completed": f"{r.completed:,}", "completion_rate": rate_text(r.completion_rate),
         "on_time_rate": rate_text(r.on_time_rate),
         "task_completion_rate": rate_text(r.task_completion_rate),
         "mean_percent": percent_text(r.mean_percent_complete),
         "median_drift": signed_days_text(r.median_forecast_drift_days, " d")}
        for key, r in zip(rates.index, rates.itertuples(index=False), strict=True)
    ]


def _client_sections(clients: list[str], now: pd.DataFrame, as_of: pd.Timestamp,
                     chosen: list[str] | None) -> tuple[list[str], str | None]:
    """The clients that get a section of their own, and what the page says about it."""
    if chosen is not None:
        return chosen, None
    if len(clients) <= MAX_CLIENT_SECTIONS:
        return clients, None
    summary = client_summary(now, as_of)  # the clients needing attention most first
    needing = summary.index[summary["attention"].to_numpy() > 0]
    picked = needing[:MAX_CLIENT_SECTIONS].tolist()
    note = (f"Sections for {len(picked):,} of {len(clients):,} clients: those with the most "
            f"goals needing attention ({len(needing):,} clients have at least one). For anyone "
            "else, build their own report with --client NAME.")
    return picked, note


def _since_section(scope: CareerData, now: pd.DataFrame, since: pd.Timestamp,
                   as_of: pd.Timestamp, why: pd.Series, text) -> dict:
    """What happened in (since, as_of], from :func:`careerkit.changes`: check-ins, goals
    completed, targets revised (with :func:`careerkit.revisions`' shift) and state changes.

    Each list is complete in its ``total``; only its first rows are formatted. Notes and
    reasons are the logged check-ins' own."""
    brief = changes(scope, since=since, until=as_of)
    kind = brief["change"].to_numpy(dtype=object)
    progress = scope.progress
    titles = scope.tasks.set_index("task_id")["title"]

    def task_of(task_id, client):
        return "" if pd.isna(task_id) else text(titles.get(task_id), client)

    logged = brief.loc[kind == "checkin"]
    rows = _logged_rows(logged, progress)
    checkins = []
    for row in rows[_newest_first(logged["date"], rows)][:MAX_LIST_ROWS]:
        r = progress.iloc[row]
        client = now.at[r["goal_id"], "client"]
        checkins.append({
            "date": date_text(r["date"]), "client": client,
            "goal": text(now.at[r["goal_id"], "title"], client),
            "task": task_of(r["task_id"], client), "percent": percent_text(r["percent_complete"]),
            "revised": date_text(r["revised_target_date"], missing=""),
            "note": text(r["note"], client), "reason": text(r["reason"], client)})

    done = brief.loc[kind == "goal_completed"]
    done = now.loc[done.sort_values(["date", "goal_id"], ascending=[False, True],
                                    kind="stable")["goal_id"]]
    completed = []
    for goal_id, r in zip(done.index[:MAX_LIST_ROWS],
                          done.iloc[:MAX_LIST_ROWS].itertuples(index=False), strict=True):
        # A completed goal's forecast is its completed_date: the drift is how late it was.
        late = r.forecast_drift_days
        timing = "on time" if late <= 0 else drift_text(late)
        completed.append({"date": date_text(r.completed_date), "client": r.client,
                          "goal": text(r.title, r.client), "goal_id": goal_id,
                          "first_target": date_text(r.target_date),
                          "target": date_text(r.current_target), "timing": timing})

    revised = brief.loc[kind == "target_revised"]
    with_targets = progress.loc[progress["revised_target_date"].notna().to_numpy()]
    rows = _logged_rows(revised, with_targets)
    ledger = revisions(scope, as_of=as_of).ledger
    shifts = ledger["shift_days"].to_numpy()[_logged_rows(revised, ledger)]
    revision_rows = []
    for i in _newest_first(revised["date"], rows)[:MAX_LIST_ROWS]:
        r = with_targets.iloc[rows[i]]
        event = revised.iloc[i]
        client = event["client"]
        revision_rows.append({
            "date": date_text(event["date"]), "client": client,
            "goal": text(now.at[event["goal_id"], "title"], client),
            "task": task_of(event["task_id"], client), "old": date_text(event["old_target"]),
            "new": date_text(event["new_target"]),
            "change": signed_days_text(shifts[i], " d"),
            "note": text(r["note"], client), "reason": text(r["reason"], client)})

    moved = brief.loc[kind == "state_changed"]
    old_state = pd.Series(moved["old_state"].to_numpy(dtype=object),
                          index=moved["goal_id"].to_numpy(dtype=object))
    changed = now.loc[old_state.index]
    changed = changed.iloc[attention_order(changed)]
    state_rows = [
        {"client": r.client, "goal": text(r.title, r.client), "goal_id": goal_id,
         "old": None if pd.isna(old_state[goal_id]) else old_state[goal_id],
         "started": date_text(r.start_date), "new": r.state, "why": why[goal_id],
         "first_target": date_text(r.target_date), "target": date_text(r.current_target)}
        for goal_id, r in zip(changed.index[:MAX_LIST_ROWS],
                              changed.iloc[:MAX_LIST_ROWS].itertuples(index=False),
                              strict=True)
    ]
    moves = pd.DataFrame({"old": moved["old_state"].fillna("new goal").to_numpy(dtype=object),
                          "new": moved["new_state"].to_numpy(dtype=object)})
    moves = moves.value_counts(sort=False).reset_index(name="count")
    moves = moves.sort_values(["count", "old", "new"], ascending=[False, True, True],
                              kind="stable")
    transitions = [{"old": r.old, "new": r.new, "count": f"{r.count:,}"}
                   for r in moves.itertuples(index=False)]
    return {"checkins": {"rows": checkins, "total": len(logged)},
            "completed": {"rows": completed, "total": len(done)},
            "revisions": {"rows": revision_rows, "total": len(revised)},
            "changes": {"rows": state_rows, "total": len(moved), "moves": transitions}}


def _logged_rows(events: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """Position in ``table`` (progress rows, or the revisions ledger) of each event of
    :func:`careerkit.changes` that comes from one of its rows.

    Both list the rows of one goal, task and day in file order, so the k-th event of a
    (goal_id, task_id, date) is the k-th such row of ``table``."""
    rows = np.flatnonzero(table["date"].isin(pd.unique(events["date"])).to_numpy())

    def codes(name):
        both = pd.concat([events[name], table[name].iloc[rows]], ignore_index=True)
        return pd.factorize(both)[0]

    keys = pd.DataFrame({"side": np.repeat([0, 1], [len(events), len(rows)]),
                         "goal": codes("goal_id"), "task": codes("task_id"),
                         "day": codes("date")})
    keys["k"] = keys.groupby(["side", "goal", "task", "day"], sort=False).cumcount()
    keys["position"] = np.append(np.full(len(events), -1), rows)
    found = keys.iloc[:len(events)].merge(keys.iloc[len(events):], how="left",
                                          on=["goal", "task", "day", "k"])
    return found["position_y"].to_numpy(dtype=np.int64)


def _newest_first(dates: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Positions of events to list them in: the latest day first; within a day, further
    down the file first (``rows``: the events' rows, in file order)."""
    return np.lexsort((-rows, -days(dates)))


# --- the footer's command ------------------------------------------------------------------

def _command(folder: str, output, as_of, since, chosen, anonymize,
             options: Iterable[str]) -> str:
    parts = ["careerkit", "report", folder, "-o", os.fspath(output), "--as-of",
             date_text(as_of), "--since", date_text(since)]
    for client in chosen or []:
        parts += ["--client", client]
    if anonymize:
        parts.append("--anonymize")
    parts += list(options)
    return shlex.join(parts)
