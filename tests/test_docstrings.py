"""Every public function's Examples section runs and shows what it says."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import careerkit

ROOT = Path(__file__).resolve().parents[1]
# Every module of the package, so that a new module's examples run without a line here.
MODULES = sorted(info.name for info in pkgutil.walk_packages(careerkit.__path__, "careerkit.")
                 if not info.name.startswith("careerkit.cli"))


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples use the repository's sample_data/
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_public_name_is_documented_with_an_example():
    for name in careerkit.__all__:
        obj = getattr(careerkit, name)
        if callable(obj) and not isinstance(obj, type(careerkit)):
            doc = obj.__doc__ or ""
            assert "Examples" in doc, f"{name} has no Examples section"
