"""The colours every chart and widget shares: goal states, ink and the line palette."""

from __future__ import annotations

from ..data.schema import STATES

#: The colour of each goal state (Okabe–Ito palette, grey for dropped), shared by every
#: chart and widget.
STATE_COLORS: dict[str, str] = {
    "dropped": "#999999",
    "completed": "#0072B2",
    "on_hold": "#F0E442",
    "overdue": "#D55E00",
    "stalled": "#CC79A7",
    "not_started": "#56B4E9",
    "at_risk": "#E69F00",
    "on_track": "#009E73",
}

#: How each state reads in legends and hover text.
STATE_LABELS: dict[str, str] = {state: state.replace("_", " ") for state in STATES}

#: Text, markers and the as_of line.
INK = "#222222"
#: Secondary text, plans and the empty-state message.
MUTED = "#666666"
#: Lines that are not states (one per goal or task in the target trend), in turn.
LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
               "#999999")
