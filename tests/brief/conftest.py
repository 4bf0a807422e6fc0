"""Fixtures of the session brief's tests."""

from __future__ import annotations

import pytest
from brief_caseload import write_brief_folder


@pytest.fixture
def brief_folder(tmp_path):
    """The folder of brief_caseload.py (Ana Lima and Bo Secret, careerkit.toml)."""
    return write_brief_folder(tmp_path / "caseload")
