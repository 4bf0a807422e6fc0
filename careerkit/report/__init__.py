"""A self-contained HTML report of a caseload (or of some clients) as of one day.

:func:`build` returns the report as text and :func:`write` saves it. The page opens offline
and can be sent by email; see :func:`build` for its sections.

The package is laid out as its steps: :mod:`~careerkit.report.compute` (data → plain dicts
of text, from the analytics layer), :mod:`~careerkit.report.render` (the dicts → HTML, with
Jinja2), :mod:`~careerkit.report.anonymize` (names and pseudonyms) and ``assets/`` (the
template, its style sheet and its script); :mod:`~careerkit.report.page` holds the two
public functions.
"""

from .compute import MAX_CLIENT_SECTIONS, MAX_LIST_ROWS, SINCE_DAYS
from .page import build, write

__all__ = ["MAX_CLIENT_SECTIONS", "MAX_LIST_ROWS", "SINCE_DAYS", "build", "write"]
