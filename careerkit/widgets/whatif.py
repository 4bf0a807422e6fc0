"""The what-if sandbox: another pace or target for one goal, and recording the revision."""

from __future__ import annotations

import html
import warnings

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from ..analytics import forecast_finish, goal_status, pace_plan, resolve_as_of
from ..data import CareerDataError, CareerDataWarning
from ..formatting import percent_text
from ..plotting import STATE_COLORS, plot_burnup
from ..plotting.base import chart_title, check_filters, empty_parts, equals_mask, escape_text
from .base import (
    REASONS,
    Form,
    as_data,
    blank,
    guarded,
    iso,
    note,
    plural_days,
    problem_text,
    tag,
)
from .live_figure import LiveFigure

BURNUP_SLOTS = ["actual", "plan (tasks by due date)", "plan (straight to the current target)",
                "forecast", "current target"]
CHOSEN_SLOTS = ["at the chosen pace", "chosen target"]
#: How far the line at the chosen pace is drawn at most.
DRAWN_AHEAD = pd.Timedelta(days=2 * 365)


class WhatIf(Form):
    """Course-correct one goal: what if it went faster or slower, or aimed at another day?

    The chart is :func:`careerkit.plot_burnup` of the goal (percent complete over time)
    with two more lines: the forecast at the chosen pace (a multiple of the pace so far,
    :func:`careerkit.forecast_at_pace`) and the chosen target. ``needed`` says which pace
    the chosen target needs (:func:`careerkit.analytics.pace_plan`). ``chance`` gives the
    goal's P50 and P85 finish dates from the weekly progress so far (its own, else its
    client's or the caseload's: :func:`careerkit.forecast_finish`, pools from all the
    data) and the chance of finishing by the chosen target: forecast_finish's
    ``prob_by_target`` with the chosen target recorded as Apply would record it (on the
    data in memory only). Nothing is written until Apply, which records the chosen target
    as a revision: one goal-level check-in on
    ``as_of`` with that ``revised_target_date``, the chosen reason and a note starting
    "what-if:", saved like a :class:`CheckIn` (refused when the files changed on disk:
    Reload, then Apply again). Apply with the current target still chosen records nothing
    and says so. A goal that starts after ``as_of`` is shown as planned:
    there is nothing to plan before it starts.

    Parameters
    ----------
    data_or_folder : CareerData or path
        The data, or a data folder to :func:`careerkit.load`. Apply needs data that came
        from a folder.
    goal_id : str
        The goal.
    as_of : date-like, optional
        The day to look from (and to date the revision); by default the latest recorded
        event (:func:`careerkit.default_as_of`).

    Attributes
    ----------
    pace : ipywidgets.FloatSlider
        Multiple of the pace so far, 0.25 to 3.
    target : ipywidgets.SelectionSlider
        The target to aim at, from as_of to a year later (or the current target when later).
    reason : ipywidgets.Combobox
        The reason recorded with the revision (default "other").
    figure : plotly.graph_objects.FigureWidget
    needed : ipywidgets.HTML
        The pace the chosen target needs, in percent a week and as a multiple of the pace
        so far.
    chance : ipywidgets.HTML
        The P50 and P85 finish dates and the chance of finishing by the chosen target.
    apply_button, reload_button : ipywidgets.Button
    message : ipywidgets.HTML
    data : CareerData

    Raises
    ------
    ValueError
        For an unknown goal.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.widgets import WhatIf
    >>> what_if = WhatIf(careerkit.load("sample_data"), "C00006-G1")
    >>> what_if.pace.value = 2.0
    >>> what_if.figure.data[-2].x[-1]  # the forecast at twice the pace so far
    '2026-08-07'
    >>> "a week" in what_if.needed.value
    True
    >>> what_if.target.value = what_if.target.options[-1][1]  # a year from as_of
    >>> "chance of finishing by 2027-06-30: <b>100%</b>" in what_if.chance.value
    True
    """

    reloaded_text = "Reloaded from disk: the chart shows the goal as it is there now."

    def __init__(self, data_or_folder, goal_id, *, as_of=None):
        data = as_data(data_or_folder)
        check_filters(data, goal_id=goal_id)
        super().__init__(data)
        self.goal_id = goal_id
        self._stamp = resolve_as_of(data, as_of)
        self._load_goal()
        stamp, current = self._stamp, self._current_target()
        last = max(stamp + pd.Timedelta(days=365), current)
        days = pd.date_range(stamp, last, freq="D")
        initial = min(max(current, stamp), last)

        self.pace = widgets.FloatSlider(value=1.0, min=0.25, max=3.0, step=0.05,
                                        description="Pace ×", readout_format=".2f",
                                        continuous_update=False,
                                        layout=widgets.Layout(width="36em"))
        self.target = widgets.SelectionSlider(
            options=[(d.strftime("%Y-%m-%d"), d.date()) for d in days], value=initial.date(),
            description="Target", continuous_update=False, layout=widgets.Layout(width="36em"))
        self.reason = widgets.Combobox(description="Reason", options=list(REASONS),
                                       value="other", ensure_option=False)
        self.needed = widgets.HTML()
        self.chance = widgets.HTML()
        self.apply_button = widgets.Button(description="Apply: record the new target",
                                           icon="check", button_style="primary",
                                           layout=widgets.Layout(width="auto"))
        self._live = LiveFigure(self._figure(), [(n, go.Scatter) for n in BURNUP_SLOTS]
                                + [(n, go.Scatter) for n in CHOSEN_SLOTS])
        self.figure = self._live.widget
        tag([(self, "ck-whatif"), (self.pace, "ck-whatif-pace"),
             (self.target, "ck-whatif-target"), (self.reason, "ck-whatif-reason"),
             (self.figure, "ck-whatif-figure"), (self.needed, "ck-whatif-needed"),
             (self.chance, "ck-whatif-chance"),
             (self.apply_button, "ck-whatif-apply"), (self.reload_button, "ck-whatif-reload"),
             (self.message, "ck-whatif-message")])
        self.children = [self.pace, self.target, self.needed, self.chance, self.figure,
                         widgets.HBox([self.reason, self.apply_button, self.reload_button]),
                         self.message]
        self.pace.observe(self._on_change, "value")
        self.target.observe(self._on_change, "value")
        self.apply_button.on_click(self._on_apply)
        self.needed.value = self._needed_text()
        self.chance.value = self._chance_text()

    # --- the goal ----------------------------------------------------------------------------

    def _load_goal(self) -> None:
        """The goal's metrics and burn-up chart: computed on start and for new data only."""
        self._part = self.data.select_goal_rows(
            equals_mask(self.data.goals["goal_id"], self.goal_id))
        status = goal_status(self._part, as_of=self._stamp)
        self._status = status.loc[self.goal_id] if self.goal_id in status.index else None
        if self._status is None:
            self._burnup = empty_parts(
                "Nothing to plan yet", chart_title(f"{escape_text(self._goal()['title'])} "
                                                   "— planned", None), 440,
                f"it starts on {iso(self._goal()['start_date'])}, after {iso(self._stamp)}"
            ).figure()
        else:
            self._burnup = plot_burnup(self._part, goal_id=self.goal_id, as_of=self._stamp)
        # forecast_finish's row of the goal (P50, P85, chance by the current target), and
        # its chance by other targets as they are chosen: computed once per data.
        self._finish = None if self._status is None else self._forecast(self.data)
        self._chances: dict = {}
        self._revision = None  # the data with a revision on as_of (see _revised)

    def _goal(self) -> pd.Series:
        """The goal's row of goals.csv."""
        return self._part.goals.iloc[0]

    def _current_target(self) -> pd.Timestamp:
        if self._status is None:
            return pd.Timestamp(self._goal()["target_date"])
        return pd.Timestamp(self._status["current_target"])

    def _plan(self) -> pd.Series | None:
        """:func:`pace_plan` at the chosen pace and target (None before the goal starts)."""
        if self._status is None:
            return None
        return pace_plan(self._part, self.goal_id, factor=self.pace.value,
                         target=self.target.value, as_of=self._stamp)

    def _forecast(self, data) -> pd.Series:
        """forecast_finish's row of the goal on ``data`` (pools from all of it)."""
        return forecast_finish(data, as_of=self._stamp, goals=[self.goal_id],
                               progress=False).loc[self.goal_id]

    def _chance(self, target: pd.Timestamp) -> float:
        """The chance of finishing by ``target``: forecast_finish's prob_by_target with
        ``target`` recorded as Apply records it (a revision on as_of), in memory only."""
        if target == self._current_target():
            return self._finish["prob_by_target"]
        if target not in self._chances:
            self._chances[target] = self._forecast(self._revised(target))["prob_by_target"]
        return self._chances[target]

    def _revised(self, target: pd.Timestamp):
        """The data with the revision to ``target`` that Apply would record, in memory.

        The first one goes through :meth:`CareerData.record_checkin` (checked like any
        check-in); later ones only change that row's revised_target_date (a day between
        as_of and the slider's end, as valid as the first), not to check every row again.
        """
        if self._revision is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CareerDataWarning)
                self._revision = self.data.record_checkin(self.goal_id, self._stamp,
                                                          revised_target_date=target)
            return self._revision
        progress = self._revision.progress
        revised = progress["revised_target_date"].copy()
        revised.iloc[-1] = target
        return self._revision.replace(progress=progress.assign(revised_target_date=revised))

    def data_changed(self) -> None:
        """New data (applied or reloaded): the goal's chart and numbers follow."""
        self._load_goal()
        self._live.update(self._figure())
        self.needed.value = self._needed_text()
        self.chance.value = self._chance_text()

    # --- what is shown -----------------------------------------------------------------------

    def _chosen(self) -> list[dict]:
        """The two lines the sliders move: the chosen pace and the chosen target."""
        plan, t = self._plan(), self._stamp
        target = pd.Timestamp(self.target.value)
        traces = []
        if plan is not None and not plan["finished"] and not pd.isna(plan["forecast_date"]):
            percent, forecast = plan["percent_complete"], plan["forecast_date"]
            end = min(forecast, t + DRAWN_AHEAD)  # the line is cut at the chart's edge
            share = (end - t) / max(forecast - t, pd.Timedelta(days=1))
            traces.append({
                "type": "scatter", "name": "at the chosen pace", "mode": "lines",
                "x": [iso(t), iso(end)], "y": [percent, percent + (100.0 - percent) * share],
                "line": {"color": STATE_COLORS["on_track"], "width": 3},
                "hovertext": [f"at {plan['factor']:.2f}× the pace so far: 100% on "
                              f"{iso(forecast)}"] * 2,
                "hoverinfo": "text"})
        traces.append({
            "type": "scatter", "name": "chosen target", "mode": "lines+markers",
            "x": [iso(target)] * 2, "y": [0, 100],
            "line": {"color": STATE_COLORS["overdue"], "width": 2, "dash": "dot"},
            "marker": {"symbol": ["line-ew", "diamond"], "size": 11},
            "hovertext": [f"chosen target: {iso(target)}"] * 2, "hoverinfo": "text"})
        return traces

    def _figure(self) -> go.Figure:
        fig = go.Figure(self._burnup)
        fig.add_traces(self._chosen())
        return fig

    def _nothing_to_plan(self, plan) -> str | None:
        """Why there is nothing to plan (HTML), or None."""
        t = iso(self._stamp)
        if plan is None:
            return html.escape(f"This goal starts on {iso(self._goal()['start_date'])}, after "
                               f"{t}: there is nothing to plan before it starts.")
        if plan["finished"]:
            return html.escape(f"This goal is at 100 % as of {t}: there is nothing left to "
                               "plan.")
        if self._status["status"] == "dropped":
            return "This goal is dropped: there is nothing to plan."
        return None

    def _needed_text(self) -> str:
        plan = self._plan()
        nothing = self._nothing_to_plan(plan)
        if nothing is not None:
            return note("info", nothing)
        t, target = iso(self._stamp), iso(plan["target"])
        if plan["days_left"] <= 0:
            return note("error", html.escape(
                f"Choose a target after {t}: the goal is at "
                f"{percent_text(plan['percent_complete'])} and needs time to finish."))
        text = (f"To reach 100 % by <b>{target}</b> ({plural_days(plan['days_left'])} from "
                f"{t}), the goal needs <b>{plan['pace_needed']:.1f} % a week</b>")
        forecast = plan["forecast_date"]
        if plan["pace_so_far"] > 0 and not pd.isna(forecast):
            text += (f": {plan['factor_needed']:.2f}× its pace so far "
                     f"({plan['pace_so_far']:.1f} % a week, "
                     f"{percent_text(plan['percent_complete'])} since "
                     f"{iso(plan['start_date'])}).")
            late = plan["forecast_vs_target_days"]
            when = ("on the chosen target" if late == 0 else
                    f"{plural_days(abs(late))} {'after' if late > 0 else 'before'} the chosen "
                    "target")
            text += (f"<br>At {plan['factor']:.2f}× the pace so far it would finish on "
                     f"<b>{iso(forecast)}</b>, {when}.")
        else:
            text += ": it has no progress yet, so there is no pace so far to compare with."
        return note("info", text)

    def _chance_text(self) -> str:
        """P50 and P85 finish dates and the chance by the chosen target (HTML); empty when
        there is nothing to plan."""
        if self._nothing_to_plan(self._plan()) is not None:
            return ""
        finish, target = self._finish, pd.Timestamp(self.target.value)
        if finish["basis"] == "none":
            return note("info", "No finish-date forecast: no goal in the data has two weeks "
                                "of recorded progress yet.")
        history = {"goal": "its own weekly progress so far",
                   "client": "the weekly progress of the client's other goals",
                   "caseload": "the weekly progress of the whole caseload"}[finish["basis"]]
        p50, p85 = (iso(finish[f"p{p}_date"]) or "not within 3 years" for p in (50, 85))
        chance = self._chance(target)
        return note("info", f"From {history}: P50 <b>{p50}</b> (half the simulated futures "
                            f"finish by then), P85 <b>{p85}</b> (85 % of them); chance of "
                            f"finishing by {iso(target)}: <b>{percent_text(100 * chance)}</b>.")

    # --- handlers ----------------------------------------------------------------------------

    @guarded
    def _on_change(self, change) -> None:
        self._live.update_traces(self._chosen(), CHOSEN_SLOTS)
        self.needed.value = self._needed_text()
        self.chance.value = self._chance_text()

    @guarded
    def _on_apply(self, _button) -> None:
        if self.data.folder is None:
            self.say("info", "Nothing recorded: this data was not loaded from a folder, so "
                             "there is nowhere to save it. Open the folder instead, e.g. "
                             "WhatIf(&quot;my_folder&quot;, goal_id), to record the new target.")
            return
        plan = self._plan()
        if self._nothing_to_plan(plan) is not None or plan["days_left"] <= 0:
            self.message.value = self._needed_text()
            return
        target = iso(plan["target"])
        if pd.Timestamp(plan["target"]) == self._current_target():
            self.say("info", html.escape(
                f"Nothing recorded: {target} is already the current target of goal "
                f"{self.goal_id}. Move the target to record a revision (a pace is not "
                "recorded on its own)."))
            return
        note_text = (f"what-if: pace ×{plan['factor']:.2f}, target {target} "
                     f"(needs {plan['pace_needed']:.1f} % a week)")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CareerDataWarning)
                new = self.data.record_checkin(
                    self.goal_id, self._stamp, revised_target_date=plan["target"],
                    reason=blank(self.reason.value) or "other", note=note_text)
        except CareerDataError as error:
            self.say("error", "Not recorded: " + "<br>".join(
                problem_text(r, r.column) for r in error.problems.itertuples()))
            return
        notes = self.save(new)
        if notes is None:
            return
        self.say("ok", "<br>".join(
            [html.escape(f"Recorded: target {target} for goal {self.goal_id} on "
                         f"{iso(self._stamp)} ({note_text})."), *map(html.escape, notes)]))
