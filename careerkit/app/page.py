"""The app's one page: careerkit's widgets in tabs, or the folder's problems.

``careerkit app`` serves ``app.ipynb`` (beside this module) with Voilà; its one cell calls
:func:`from_environment`, which builds :func:`app_page` for the folder the command was given.
Nothing here computes anything: the tabs are :class:`~careerkit.widgets.Dashboard`,
:class:`~careerkit.widgets.CheckIn`, :class:`~careerkit.widgets.Planner` and
:class:`~careerkit.widgets.WhatIf` as they are, and every save goes through their form's one
save path (refused when the files changed on disk: Reload, then save again).
"""

from __future__ import annotations

import html
import os
import warnings
from pathlib import Path

import ipywidgets as widgets

from ..data import CareerData, CareerDataError, CareerDataWarning, load
from ..widgets import CheckIn, Dashboard, Planner, WhatIf
from .server import FOLDER_VARIABLE

#: The tabs, in order: (title, CSS class of the tab's box).
TABS = (("Caseload", "ck-app-caseload"), ("Check in", "ck-app-checkin"),
        ("Plan", "ck-app-plan"), ("What if", "ck-app-whatif"))


def problems_html(error: CareerDataError, folder) -> str:
    """The page shown for a folder that does not load: the problems as ``careerkit validate``
    prints them (escaped), and what to do next. Documented internal (the app's page).

    Examples
    --------
    >>> import careerkit
    >>> try:
    ...     careerkit.load("no/such/folder")
    ... except careerkit.CareerDataError as error:
    ...     page = problems_html(error, "no/such/folder")
    >>> "careerkit validate" in page and "1 problem" in page
    True
    """
    where = html.escape(str(folder))
    return (
        '<div class="ck-app-problems">'
        f"<h2>careerkit cannot open {where}</h2>"
        "<p>Fix these problems in the files (or in the folder's careerkit.toml), then reload "
        "this page. <code>careerkit validate "
        f"{where}</code> lists the same problems and can write the settings a folder "
        "needs (<code>--fix</code>).</p>"
        f'<pre class="ck-app-problem-list" style="white-space:pre-wrap">'
        f"{html.escape(str(error))}</pre></div>")


def sync_figures(*figures) -> None:
    """Put each plotly FigureWidget's whole current figure into its synced state. Documented
    internal (the app's page).

    A FigureWidget sends its updates as passing messages, and its synced state holds the
    figure as it was built: a browser whose chart starts after the updates (Voilà restores
    the page's widgets when it loads; a chart's script takes a moment to start) would draw
    the figure as built, empty. Displaying a figure does this (plotly's display hook); a
    figure inside a widget is not displayed by itself, so the app does it.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> figure = go.FigureWidget(go.Bar(y=[1]))
    >>> figure.data[0].y = [5]
    >>> list(figure._widget_data[0]["y"])  # as built
    [1]
    >>> sync_figures(figure)
    >>> list(figure._widget_data[0]["y"])
    [5]
    """
    for figure in figures:
        figure._repr_mimebundle_()


def _quietly(build):
    """``build()`` with load warnings kept out of the page (validate lists them)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CareerDataWarning)
        return build()


class AppPage(widgets.VBox):
    """The app: a title line and four tabs, Caseload, Check in, Plan and What if.

    Only the Caseload tab is built at once; each other tab is built the first time it is
    chosen. The forms share their data: after a save (or a Reload) in one tab, the other
    forms follow it, and the Caseload tab is rebuilt on the saved data when next chosen (its
    client, category and state filters kept). A second browser tab has its own kernel and
    its own data, so a save there after one here is refused as changed on disk.

    Parameters
    ----------
    folder : path
        The data folder (or workbook); its careerkit.toml settings apply.

    Attributes
    ----------
    tabs : ipywidgets.Tab
    dashboard : careerkit.widgets.Dashboard
    checkin, planner : careerkit.widgets.CheckIn, careerkit.widgets.Planner or None
        None until their tab is first chosen.
    whatif_goal : ipywidgets.Dropdown
        The goal the What if tab shows (labels: client · title).
    whatif : careerkit.widgets.WhatIf or None
    data : CareerData
        The data as loaded or last saved in any tab.

    Raises
    ------
    CareerDataError
        When the folder does not load (:func:`app_page` shows it instead).

    Examples
    --------
    >>> import shutil, tempfile, careerkit
    >>> folder = shutil.copytree("sample_data", tempfile.mkdtemp() + "/data")
    >>> page = AppPage(folder)
    >>> page.tabs.titles
    ('Caseload', 'Check in', 'Plan', 'What if')
    >>> page.tabs.selected_index = 1  # the check-in form is built now
    >>> page.checkin.client.value = "Priya Venkataraman"
    >>> page.checkin.goal.value = "C00006-G1"
    >>> page.checkin.date.value, page.checkin.percent.value = "2026-07-06", "80"
    >>> page.checkin.save_button.click()
    >>> page.data.progress.iloc[-1]["goal_id"]
    'C00006-G1'
    """

    def __init__(self, folder):
        super().__init__()
        self.folder = str(folder)
        self.data: CareerData = _quietly(lambda: load(self.folder))
        self.checkin: CheckIn | None = None
        self.planner: Planner | None = None
        self.whatif: WhatIf | None = None
        self._stale_dashboard = False
        self._filling_whatif = False
        self.dashboard: Dashboard | None = None

        self.whatif_goal = widgets.Dropdown(options=self._whatif_options(), value=None,
                                            description="Goal",
                                            layout=widgets.Layout(width="40em"))
        self.whatif_goal.add_class("ck-app-whatif-goal")
        self._whatif_box = widgets.VBox()
        whatif_tab = widgets.VBox([self.whatif_goal, self._whatif_box])

        self.tabs = widgets.Tab(children=[widgets.VBox(), widgets.VBox(), widgets.VBox(),
                                          whatif_tab], selected_index=0)
        self.tabs.titles = tuple(title for title, _ in TABS)
        for child, (_, name) in zip(self.tabs.children, TABS, strict=True):
            child.add_class(name)
        self.tabs.add_class("ck-app-tabs")
        self.header = widgets.HTML(self._header_html())
        self.children = [self.header, self.tabs]
        self.add_class("ck-app")
        self.tabs.observe(self._on_tab, "selected_index")
        self.whatif_goal.observe(self._on_whatif_goal, "value")
        self._rebuild_dashboard()

    def _header_html(self) -> str:
        name = html.escape(Path(self.folder).name or self.folder)
        return (f'<div class="ck-app-header"><b>careerkit</b> · {name} '
                f'<span style="color:#666">({html.escape(str(self.data))})</span></div>')

    # --- tabs built when first chosen -------------------------------------------------------

    def _on_tab(self, change) -> None:
        index = change["new"]
        if index == 0 and self._stale_dashboard:
            self._rebuild_dashboard()
        elif index == 1 and self.checkin is None:
            self.checkin = self._form(lambda: CheckIn(self.folder), 1)
        elif index == 2 and self.planner is None:
            self.planner = self._form(lambda: Planner(self.folder), 2)
        elif index == 3 and self.whatif is None and self.whatif_goal.options:
            self.whatif_goal.value = self.whatif_goal.options[0][1]

    def _whatif_options(self) -> list[tuple[str, str]]:
        """The active goals, in file order, as (client · title, goal_id)."""
        goals = self.data.goals
        active = goals.loc[(goals["status"] == "active").to_numpy(dtype=bool)
                           & goals["completed_date"].isna().to_numpy()]
        return [(f"{client} · {title}", goal_id) for goal_id, client, title in
                zip(active["goal_id"], active["client"], active["title"], strict=True)]

    def _form(self, build, index: int):
        """Build a form for tab ``index``; it starts from the shared data and shares its
        saves. A folder that no longer loads shows its problems in the tab."""
        try:
            form = _quietly(build)
        except CareerDataError as error:
            self._set_tab(index, widgets.HTML(problems_html(error, self.folder)))
            return None
        if form.data is not self.data:
            form.data = self.data
        form.observe(self._on_saved, "data")
        self._set_tab(index, form)
        return form

    def _set_tab(self, index: int, widget) -> None:
        widget.add_class(TABS[index][1])
        children = list(self.tabs.children)
        children[index] = widget
        selected = self.tabs.selected_index
        self.tabs.children = children
        self.tabs.selected_index = selected

    def _on_whatif_goal(self, change) -> None:
        if change["new"] is None or self._filling_whatif:
            return
        try:
            self.whatif = _quietly(lambda: WhatIf(self.data, change["new"]))
        except CareerDataError as error:
            self._whatif_box.children = [widgets.HTML(problems_html(error, self.folder))]
            return
        sync_figures(self.whatif.figure)
        self.whatif.observe(self._on_saved, "data")
        self._whatif_box.children = [self.whatif]

    # --- one data for every form ------------------------------------------------------------

    def _on_saved(self, change) -> None:
        """A form saved or reloaded: the other forms follow; the Caseload tab will too."""
        new = change["new"]
        if new is None or new is self.data:
            return
        self.data = new
        for form in (self.checkin, self.planner, self.whatif):
            if form is not None and form.data is not new:
                form.data = new
        self._stale_dashboard = True
        chosen = self.whatif_goal.value
        options = self._whatif_options()
        if options != list(self.whatif_goal.options):
            self._filling_whatif = True
            try:
                self.whatif_goal.options = options
                self.whatif_goal.value = chosen if chosen in {v for _, v in options} else None
            finally:
                self._filling_whatif = False
        self.header.value = self._header_html()

    def _rebuild_dashboard(self) -> None:
        """The Caseload tab on the current data, with the filters of the one it replaces."""
        old = self.dashboard
        self.dashboard = _quietly(lambda: Dashboard(self.data))
        self._stale_dashboard = False
        for name in ("client", "category", "state") if old is not None else ():
            control = getattr(self.dashboard, name)
            chosen = [v for v in getattr(old, name).value
                      if v in {value for _, value in _pairs(control.options)}]
            control.value = tuple(chosen)
        sync_figures(self.dashboard.caseload_figure, self.dashboard.timeline_figure)
        self._set_tab(0, self.dashboard)


def _pairs(options):
    """A selection widget's options as (label, value) pairs."""
    return [option if isinstance(option, tuple) else (option, option) for option in options]


def app_page(folder) -> widgets.Widget:
    """The app's page for ``folder``: the tabs, or the problems when it does not load.

    Parameters
    ----------
    folder : path
        The data folder (or workbook).

    Returns
    -------
    ipywidgets.Widget
        An :class:`AppPage`, or an ``ipywidgets.HTML`` listing the problems as
        ``careerkit validate`` does.

    Examples
    --------
    >>> app_page("sample_data").tabs.titles[0]
    'Caseload'
    >>> "problem" in app_page("no/such/folder").value
    True
    """
    try:
        return AppPage(folder)
    except CareerDataError as error:
        page = widgets.HTML(problems_html(error, folder))
        page.add_class("ck-app")
        return page


def from_environment() -> widgets.Widget:
    """:func:`app_page` for the folder named by ``CAREERKIT_APP_FOLDER`` (default: the current
    folder); what ``app.ipynb`` shows.

    Examples
    --------
    >>> import os
    >>> os.environ["CAREERKIT_APP_FOLDER"] = "sample_data"
    >>> page = from_environment()
    >>> page.tabs.titles[-1], page.tabs.children[0] is page.dashboard
    ('What if', True)
    >>> del os.environ["CAREERKIT_APP_FOLDER"]
    """
    return app_page(os.environ.get(FOLDER_VARIABLE) or os.getcwd())
