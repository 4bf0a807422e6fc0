"""A brief's context as one self-contained HTML page (documented internal).

Rendered by Jinja2 from ``assets/brief.html.j2`` with the report's environment
(:func:`careerkit.report.render.environment`: autoescaping on, so text from the data is
always shown literally). The style sheet (the state colours of
:func:`careerkit.report.render.state_css`, then ``assets/brief.css``) is inserted as it is.
The page has no script at all: its Content-Security-Policy allows none and forbids any
network request, and it uses the reader's system fonts.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from ..report.render import environment, state_css


def render(context: dict) -> str:
    """The page of a context made by :func:`careerkit.briefing.compute.brief_context`."""
    return _template().render({**context, "style": Markup(state_css() + _css())})


@cache
def _css() -> str:
    return resources.files(__package__).joinpath("assets", "brief.css").read_text(
        encoding="utf-8")


@cache
def _template() -> jinja2.Template:
    return environment("careerkit.briefing").get_template("brief.html.j2")
