"""Charts of a :class:`~careerkit.CareerData`: timeline, burn-up, target trend, caseload,
completion rates and a check-in calendar.

Every function takes the data first and keyword-only options from one vocabulary
(``as_of``, ``client``, ``goal_id``, ``category``, ``title``, ``height``) and returns a plain
:class:`plotly.graph_objects.Figure`. The functions are pure: they never change the data,
never read the clock and draw the same figure on every run.

Colours of goal states come from :data:`STATE_COLORS` (Okabe–Ito, safe for colour-blind
readers), the same in every chart. Text from the data (client names, titles) is shown as
typed: ``<``, ``>`` and ``&`` are escaped so that plotly does not read them as markup. The
``title=`` you pass is used as given, so it may hold plotly's markup (``<b>``, ``<br>``).

Large caseloads are cut to a readable size (the rows needing attention first) and the title
says so. Goal and task rows carry their ``goal_id`` (or ``task_id``) in ``customdata`` so
that click handlers can tell which goal was clicked.

One module per chart (:mod:`.timeline`, :mod:`.burnup`, :mod:`.target_trend`,
:mod:`.caseload`, :mod:`.completion`, :mod:`.checkins`), each handing its options to the
shared builder in :mod:`.base`; the colours are in :mod:`.colors`. This module only
re-exports.
"""

# The documented-internal parts the widgets share (re-exported, not in __all__).
from .base import TEMPLATE as TEMPLATE
from .base import FigureParts as FigureParts
from .base import check_filters as check_filters
from .base import empty_parts as empty_parts
from .base import equals_mask as equals_mask
from .base import escape_text as escape_text
from .burnup import plot_burnup
from .calibration import plot_calibration
from .caseload import caseload_parts as caseload_parts
from .caseload import plot_caseload
from .checkins import plot_checkins
from .colors import STATE_COLORS, STATE_LABELS
from .completion import plot_completion
from .forecast import plot_forecast
from .schedule import plot_schedule
from .target_trend import plot_target_trend
from .time_to_goal import plot_time_to_goal
from .timeline import MAX_TIMELINE_ROWS as MAX_TIMELINE_ROWS
from .timeline import plot_timeline
from .timeline import timeline_parts as timeline_parts

__all__ = [
    "STATE_COLORS",
    "STATE_LABELS",
    "plot_burnup",
    "plot_calibration",
    "plot_caseload",
    "plot_checkins",
    "plot_completion",
    "plot_forecast",
    "plot_schedule",
    "plot_target_trend",
    "plot_time_to_goal",
    "plot_timeline",
]
