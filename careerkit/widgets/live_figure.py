"""A plotly FigureWidget updated in place from freshly built figures (documented internal).

The Dashboard and WhatIf draw with the library's own chart functions; :class:`LiveFigure`
copies each new figure into one FigureWidget that stays on the page, sending only what
changed.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..plotting.base import TEMPLATE


def same(a, b) -> bool:
    """Whether two plotly property values are equal (arrays element by element)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray | list | tuple) or isinstance(b, np.ndarray | list | tuple):
        if not isinstance(a, np.ndarray | list | tuple) or not isinstance(
                b, np.ndarray | list | tuple) or len(a) != len(b):
            return False
        a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
        if a.shape != b.shape:
            return False
        if a.ndim > 1 or any(isinstance(x, dict | list | tuple) for x in a.flat):
            return all(same(x, y) for x, y in zip(a.flat, b.flat, strict=True))
        return bool(np.all(a == b))
    try:
        return bool(a == b) and type(a) is type(b)
    except (TypeError, ValueError):
        return False


class LiveFigure:
    """A FigureWidget with a fixed list of traces (slots, by trace name), updated in place.

    Each update copies the traces and layout of a freshly built figure into the widget's
    existing traces (no new output); a slot the new figure lacks is hidden. Only properties
    that changed are set: plotly checks every property it is given, which is most of the
    cost of an update.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure or careerkit.plotting.base.FigureParts
        The first figure to show.
    slots : list of (str, type)
        The trace names and their plotly trace classes, in drawing order.
    """

    def __init__(self, figure, slots: list[tuple[str, type]]):
        _, layout = self._parts(figure)
        self.names = [name for name, _ in slots]
        self.widget = go.FigureWidget(
            data=[kind(name=name, visible=False) for name, kind in slots],
            layout={**layout, "template": TEMPLATE},
        )
        self._sent: dict[str, dict] = {name: {"visible": False} for name in self.names}
        self._layout = dict(layout)
        self.update(figure)

    @staticmethod
    def _parts(figure) -> tuple[list[dict], dict]:
        """Traces and layout (without template) of a Figure or of plotting's plain parts."""
        if isinstance(figure, go.Figure):  # (to_dict() would encode arrays as base64)
            data = [trace.to_plotly_json() for trace in figure.data]
            layout = figure.layout.to_plotly_json()
        else:
            data, layout = figure.data, figure.layout
        return data, {k: v for k, v in layout.items() if k != "template"}

    def update(self, figure) -> None:
        """Show ``figure`` (a Figure or plotting's parts): every slot and the whole layout."""
        data, layout = self._parts(figure)
        widget = self.widget
        # Traces one message each, outside batch_update: plotly.js fails to draw a figure
        # whose first message restyles several traces at once before it is shown.
        self._traces(data, self.names)
        with widget.batch_update():
            for key in self._layout.keys() - layout.keys():
                widget.layout[key] = None
            changed = {k: v for k, v in layout.items()
                       if k not in self._layout or not same(v, self._layout[k])}
            if changed:
                widget.layout.update(changed, overwrite=True)
        self._layout = dict(layout)

    def update_traces(self, traces: list[dict], names) -> None:
        """Only the slots ``names``, from ``traces`` (dicts, matched by name)."""
        self._traces(traces, names)

    def _traces(self, traces: list[dict], names) -> None:
        new = {trace["name"]: trace for trace in traces}
        for trace, name in zip(self.widget.data, self.names, strict=True):
            if name not in names:
                continue
            sent = self._sent[name]
            if name in new:
                props = {k: v for k, v in new[name].items() if k != "type"}
                props.setdefault("visible", True)
                changed = {k: v for k, v in props.items()
                           if k not in sent or not same(v, sent[k])}
                for key in sent.keys() - props.keys():
                    changed[key] = None
                if changed:
                    trace.update(changed, overwrite=True)
                self._sent[name] = props
            elif sent.get("visible") is not False:
                trace.update(visible=False, x=[], y=[])
                self._sent[name] = {**sent, "visible": False, "x": [], "y": []}
