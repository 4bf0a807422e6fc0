"""Widgets for a coach in Jupyter: a caseload dashboard, a goal planner, a check-in form and
a what-if sandbox.

Each widget is an :class:`ipywidgets.VBox` whose controls are plain attributes: set their
``.value`` or call ``.click()`` on a button to drive it from code, exactly as a person does
in the notebook. What the widgets show comes from the library's own functions
(:func:`~careerkit.goal_status`, :func:`~careerkit.forecast_at_pace`,
:func:`~careerkit.forecast_finish`, :func:`~careerkit.schedule_performance`,
:func:`~careerkit.checkin_cadence`, the ``plot_*`` charts); what they change goes through
the data layer's edits (:mod:`careerkit.data.edits`) and is written by
:meth:`CareerData.save` (atomic, columns of your own kept, refusing to overwrite files that
changed on disk meanwhile: Reload, then save again).

- :class:`Dashboard`: filter the caseload by client, category and state, as of any day
  (and see each goal's expectation against its plan and engagement).
- :class:`Planner`: establish a goal and its tasks, checked by the same rules as ``load``.
- :class:`CheckIn`: record a check-in, see its effect before saving (the chance of making
  the target too), complete a goal.
- :class:`WhatIf`: try another pace or target for one goal (its P50/P85 finish dates and
  the chance by that target), and record the revision.

They work on any folder that loads, at any date: a goal that has not started yet is shown
as planned. Problems (a date that cannot be read, a file changed by someone else) are shown
in the widget, never as a traceback; an unexpected error is shown too, and its traceback
goes to the ``careerkit`` logger. No metric here reads the clock: only the default
``today`` does when none is given (:class:`CheckIn`'s check-in day, the :class:`Planner`'s
revision day, the :class:`Dashboard`'s note on how old the data is).

One module per widget (:mod:`.dashboard`, :mod:`.planner`, :mod:`.checkin`,
:mod:`.whatif`); what they share is in :mod:`.base` (message line, save → refused →
reload) and :mod:`.live_figure`. This module only re-exports.
"""

from .checkin import CheckIn
from .dashboard import Dashboard
from .planner import Planner
from .whatif import WhatIf

__all__ = ["CheckIn", "Dashboard", "Planner", "WhatIf"]
