"""The report's context as one self-contained HTML page (documented internal).

The page is rendered by Jinja2 with autoescaping from ``assets/report.html.j2``, so text
from the data is always shown literally. Inserted as they are: the style sheet
(``assets/report.css``, after the state colours made from
:data:`careerkit.plotting.STATE_COLORS`), the chart JSON in
``<script type="application/json">`` blocks with ``<``, ``>`` and ``&`` written as
``\\u003c`` and so on (so that a name like ``<script>alert(1)</script>`` is shown, never
run), plotly.js (embedded once, so the page opens offline) and the page's script
(``assets/report.js``). Each client section shows the brief's session parts with the
macros of ``careerkit/briefing/assets/session.html.j2``. A Content-Security-Policy in the
page allows exactly these two scripts, by their SHA-256 hashes, and forbids any network request.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from importlib import resources

import jinja2
import plotly.io as pio
import plotly.offline
from markupsafe import Markup

from ..plotting import STATE_COLORS

PLOT_CONFIG = {"displaylogo": False, "responsive": True,
               "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"]}


def render(context: dict) -> str:
    """The page of a context made by :func:`careerkit.report.compute.report_context`."""
    script = asset("report.js")
    page = {
        **context,
        "figures": [{"id": spec["id"], "json": figure_json(spec["figure"])}
                    for spec in context["figures"]],
        "style": Markup(state_css() + asset("report.css")),
        "plot_config": script_json(json.dumps(PLOT_CONFIG)),
        "plotly_js": Markup(plotly_js()),
        "script": Markup(script),
        # base64 digests: nothing to escape
        "csp_scripts": Markup(" ".join(f"'{csp_hash(s)}'" for s in (plotly_js(), script))),
    }
    return _template().render(page)


def state_css() -> str:
    """CSS rules giving each state's badge (``.state-<name>``) its colour from
    :data:`~careerkit.plotting.STATE_COLORS` and a text colour that reads on it.

    Examples
    --------
    >>> from careerkit.report.render import state_css
    >>> state_css().splitlines()[1]
    '.state-completed { --state-color: #0072B2; --state-ink: #FFFFFF; }'
    """
    return "".join(f".state-{name} {{ --state-color: {color}; --state-ink: {ink(color)}; }}\n"
                   for name, color in STATE_COLORS.items())


def ink(color: str) -> str:
    """Black or white text, whichever reads better on ``color`` (``#RRGGBB``)."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.45 else "#FFFFFF"


def script_json(text: str) -> Markup:
    """JSON text that is safe inside a <script> element: no ``<``, ``>``, ``&`` and no line
    separators (U+2028/9), each written as a \\u escape (valid JSON, same value).

    Examples
    --------
    >>> from careerkit.report.render import script_json
    >>> str(script_json('{"name": "</script>"}'))
    '{"name": "\\\\u003c/script\\\\u003e"}'
    """
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(text)


def figure_json(fig) -> Markup:
    """A plotly figure as JSON for a <script type="application/json"> block."""
    return script_json(pio.to_json(fig, validate=False, pretty=False, remove_uids=True))


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source (``sha256-...``) that allows an inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def plotly_js() -> str:
    """plotly.js as shipped with the plotly package, as the page embeds it (a </script>
    inside is neutralized)."""
    return re.sub(r"</(script)", r"<\\/\1", plotly.offline.get_plotlyjs(), flags=re.IGNORECASE)


@cache
def asset(name: str) -> str:
    """The text of a file in ``careerkit/report/assets/``."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def environment(*packages: str) -> jinja2.Environment:
    """The Jinja2 environment of careerkit's HTML pages, loading templates from
    ``<package>/assets`` of each package, the first that has the name (documented internal:
    the report, which also imports the brief's ``session.html.j2``, and
    :mod:`careerkit.briefing`).

    Autoescaping is on for every template (text from the data is always shown literally)
    and an undefined name is an error, never an empty string.
    """
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader(p, "assets") for p in packages]),
        autoescape=True,  # the templates are .html.j2: select_autoescape would miss them
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _template() -> jinja2.Template:
    return environment("careerkit.report", "careerkit.briefing").get_template("report.html.j2")
