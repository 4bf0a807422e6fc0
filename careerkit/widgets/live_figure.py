"""A plotly FigureWidget updated in place from freshly built figures (documented internal).

The Dashboard and WhatIf draw with the library's own chart functions; :class:`LiveFigure`
copies each new figure into one FigureWidget that stays on the page, sending only what
changed.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import plotly
import plotly.graph_objects as go
import traitlets
from plotly.basedatatypes import Undefined

from ..plotting.base import TEMPLATE

#: The browser side of :class:`FigureWidget` (an anywidget module). anywidget waits at most
#: 2 s for a widget's module and its ``initialize``; plotly's own module is 4.9 MB (plotly.js
#: inside), which a busy machine does not load in 2 s: the chart was then drawn once and
#: never followed a change. This small module is ready at once. It loads plotly's module
#: (sent as ``_plotly_esm``; loaded once a page) in the background, hands plotly the changes
#: that came meanwhile, and draws the chart once plotly is there.
LOADER_ESM = """
const KEY = Symbol.for("careerkit.plotly-figure-widget");
const COMMANDS = ["addTraces", "deleteTraces", "moveTraces", "restyle", "relayout", "update",
                  "animate", "removeLayoutProps", "removeTraceProps"].map(c => "_py2js_" + c);

function plotlyModule(model) {
  if (!globalThis[KEY]) {
    const url = URL.createObjectURL(
      new Blob([model.get("_plotly_esm")], {type: "text/javascript"}));
    globalThis[KEY] = import(url).finally(() => URL.revokeObjectURL(url));
  }
  return globalThis[KEY];
}

export default () => {
  let ready;
  return {
    initialize({model}) {
      const missed = [];  // plotly's commands that came before plotly's module
      const early = COMMANDS.map(key => {
        const keep = () => { if (model.get(key) !== null) missed.push([key, model.get(key)]); };
        model.on("change:" + key, keep);
        return [key, keep];
      });
      const handlers = {};
      let replaying = null;
      const proxy = {  // the model as plotly sees it: replays what it missed
        get: key => (replaying && key === replaying[0]) ? replaying[1] : model.get(key),
        set: (key, value) => model.set(key, value),
        on: (event, handler) => {
          (handlers[event] = handlers[event] || []).push(handler);
          model.on(event, handler);
        },
        off: (event, handler) => model.off(event, handler),
        save_changes: () => model.save_changes(),
        send: (...args) => model.send(...args),
      };
      ready = plotlyModule(model).then(module => {
        early.forEach(([key, keep]) => model.off("change:" + key, keep));
        const plotly = module.default();
        plotly.initialize({model: proxy});
        for (const entry of missed) {
          replaying = entry;
          (handlers["change:" + entry[0]] || []).forEach(handler => handler());
        }
        replaying = null;
        return plotly;
      });
    },
    async render({el}) {
      return (await ready).render({el});
    },
  };
};
"""
#: plotly's own widget module (plotly.js inside).
PLOTLY_ESM = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"


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


class FigureWidget(go.FigureWidget):
    """plotly's FigureWidget, made to draw and follow changes on a busy machine too
    (documented internal).

    - Its browser model starts with the figure: plotly's own opens the widget's comm
      before it sets the traces and layout, which follow as a second message; in
      JupyterLab on a busy machine the browser then drew the chart from the first, empty
      state (empty axes, no title).
    - Its browser module is :data:`LOADER_ESM`, ready within anywidget's 2 s, which loads
      plotly's (:data:`PLOTLY_ESM`, 4.9 MB) in the background.
    """

    _esm = LOADER_ESM
    _plotly_esm = traitlets.Unicode("").tag(sync=True)

    def __init__(self, *args, **kwargs):
        self._holding_comm = True
        try:
            super().__init__(*args, **kwargs)
            self._plotly_esm = plotly_esm()
        finally:
            self._holding_comm = False
        self.open()

    def open(self) -> None:
        """Open the comm, unless the constructor has not set the figure yet."""
        if not getattr(self, "_holding_comm", False):
            super().open()


@functools.cache
def plotly_esm() -> str:
    """plotly's widget module, read once."""
    return PLOTLY_ESM.read_text(encoding="utf-8")


class LiveFigure:
    """A FigureWidget with a fixed list of traces (slots, by trace name), updated in place.

    The widget starts with the first figure's traces (a slot it lacks is hidden), so the
    browser draws it from the widget's state with no message. Each update copies the traces
    and layout of a freshly built figure into the widget's existing traces (no new output)
    as **one** message, which the browser draws once (``Plotly.update``); a slot the new
    figure lacks is hidden. Only properties that changed are sent: a figure that did not
    change sends nothing and is not drawn again. (A message per trace, as plotly sends
    outside ``batch_update``, makes the browser draw the whole chart once per trace.)

    Parameters
    ----------
    figure : plotly.graph_objects.Figure or careerkit.plotting.base.FigureParts
        The first figure to show.
    slots : list of (str, type)
        The trace names and their plotly trace classes, in drawing order.
    fixed : dict, optional
        Layout properties the widget keeps whatever the figures say (e.g. its ``width``).

    Attributes
    ----------
    widget : FigureWidget
    meta : dict or None
        The ``meta`` of the figure shown (the chart's own facts: rows shown, of how many),
        which the widget's layout does not hold.
    """

    def __init__(self, figure, slots: list[tuple[str, type]], fixed: dict | None = None):
        data, layout = self._parts(figure)
        self.names = [name for name, _ in slots]
        new = {trace["name"]: trace for trace in data}
        self._sent: dict[str, dict] = {}
        traces = []
        for name, kind in slots:
            props = self._props(new[name]) if name in new else {"visible": False}
            traces.append(kind(name=name, **{k: v for k, v in props.items() if k != "name"}))
            self._sent[name] = props
        self.widget = FigureWidget(data=traces,
                                   layout={**layout, "template": TEMPLATE, **(fixed or {})})
        self._layout = dict(layout)

    def _parts(self, figure) -> tuple[list[dict], dict]:
        """Traces and layout of a Figure or of plotting's plain parts; the layout without
        template and ``meta`` (kept as :attr:`meta`: plotly.js draws a whole chart again
        when its meta changes, e.g. for a new title alone)."""
        if isinstance(figure, go.Figure):  # (to_dict() would encode arrays as base64)
            data = [trace.to_plotly_json() for trace in figure.data]
            layout = figure.layout.to_plotly_json()
        else:
            data, layout = figure.data, figure.layout
        self.meta = layout.get("meta")
        return data, {k: v for k, v in layout.items() if k not in ("template", "meta")}

    @staticmethod
    def _props(trace: dict) -> dict:
        props = {k: v for k, v in trace.items() if k != "type"}
        props.setdefault("visible", True)
        return props

    def update(self, figure) -> None:
        """Show ``figure`` (a Figure or plotting's parts): every slot and the whole layout,
        in one message (none when nothing changed)."""
        data, layout = self._parts(figure)
        relayout = {key: None for key in self._layout.keys() - layout.keys()}
        relayout.update({k: v for k, v in layout.items()
                         if k not in self._layout or not same(v, self._layout[k])})
        self._send(self._traces(data, self.names), relayout)
        self._layout = dict(layout)

    def update_traces(self, traces: list[dict], names) -> None:
        """Only the slots ``names``, from ``traces`` (dicts, matched by name), in one
        message."""
        self._send(self._traces(traces, names), {})

    def _traces(self, traces: list[dict], names) -> dict[int, dict]:
        """What changed in the slots ``names``, by trace index (``None`` removes a
        property); :attr:`_sent` follows."""
        new = {trace["name"]: trace for trace in traces}
        edits = {}
        for index, name in enumerate(self.names):
            if name not in names:
                continue
            sent = self._sent[name]
            if name in new:
                props = self._props(new[name])
                changed = {k: v for k, v in props.items()
                           if k not in sent or not same(v, sent[k])}
                for key in sent.keys() - props.keys():
                    changed[key] = None
                self._sent[name] = props
            elif sent.get("visible") is not False:
                changed = {"visible": False, "x": [], "y": []}
                self._sent[name] = {**sent, **changed}
            else:
                changed = {}
            if changed:
                edits[index] = changed
        return edits

    def _send(self, edits: dict[int, dict], relayout: dict) -> None:
        """One ``Plotly.update`` of the traces' ``edits`` and the layout's ``relayout``,
        through plotly's :meth:`~plotly.basedatatypes.BaseFigure.plotly_update`: the widget's
        state and the browser's chart follow without plotly validating every property again
        (the figures come from the library's own chart functions, built valid; validating
        cost as much as building them)."""
        if not edits and not relayout:
            return
        indexes = sorted(edits)
        keys = sorted({key for changed in edits.values() for key in changed})
        restyle = {key: [edits[i].get(key, Undefined) for i in indexes] for key in keys}
        self.widget.plotly_update(restyle_data=restyle, relayout_data=relayout,
                                  trace_indexes=indexes)
