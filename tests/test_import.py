"""What ``import careerkit`` costs a fresh process: no heavy view libraries, and the
import-time objects frozen out of the garbage collector's way (careerkit/__init__.py)."""

import subprocess
import sys
import textwrap


def run_fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def test_import_leaves_the_view_libraries_unloaded():
    out = run_fresh("""
        import sys
        import careerkit
        heavy = ("plotly", "ipywidgets", "openpyxl", "jinja2", "dask", "voila", "statsmodels")
        print(sorted(m for m in sys.modules if m.split(".")[0] in heavy))
    """)
    assert out == "[]"


def test_import_freezes_what_it_built_and_later_garbage_is_still_collected():
    out = run_fresh("""
        import gc
        import careerkit
        frozen = gc.get_freeze_count()
        cycle = []
        cycle.append(cycle)
        del cycle
        print(frozen > 10_000, gc.collect() >= 1)
    """)
    assert out == "True True"
