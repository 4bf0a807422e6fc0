"""Widget tests fail when a widget logged an error: a handler that hit an unexpected error
shows it in the widget and logs its traceback to the ``careerkit`` logger, and no test may
pass over one silently."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def no_logged_errors(caplog):
    """Fail the test when anything logged an error to the ``careerkit`` logger.

    A test that provokes such an error on purpose checks the record and then calls
    ``caplog.clear()``.
    """
    caplog.set_level(logging.ERROR, logger="careerkit")
    yield
    errors = [record for when in ("setup", "call") for record in caplog.get_records(when)
              if record.levelno >= logging.ERROR and record.name.startswith("careerkit")]
    if errors:
        pytest.fail("a widget logged an error:\n" + "\n".join(
            f"{r.getMessage()}\n{r.exc_text or ''}" for r in errors), pytrace=False)
