"""What the benchmark scripts share: the caseload cache, the measured commit, and writing
tables into benchmarks/README.md between markers."""

from __future__ import annotations

import ast
import compileall
import contextlib
import datetime as dt
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "benchmarks" / "README.md"
CACHE = ROOT / "build" / "bench"
DEMO = ROOT / "careerkit" / "demo.py"


def generator_key() -> str:
    """The generator's version and a hash of its code: a cached caseload made by another
    version of careerkit/demo.py is not reused. The hash is of the syntax tree without
    docstrings and imports, so neither rewording a docstring nor a moved module (as in a
    refactor) throws the caseloads away; a change that may change the data does."""
    source = DEMO.read_text(encoding="utf-8")
    found = re.search(r"^GENERATOR_VERSION\s*=\s*(\d+)", source, re.MULTILINE)
    version = found.group(1) if found else "0"
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        body[:] = [child for child in body if not isinstance(child, ast.Import | ast.ImportFrom)]
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body[0] = ast.Pass()
    code = ast.dump(tree, annotate_fields=False).encode()
    return f"v{version}-{hashlib.sha256(code).hexdigest()[:10]}"


def caseload(clients: int, seed: int, order: str, cache: Path = CACHE) -> Path:
    """The folder of a generated caseload, made on first use (by ``careerkit demo``, in a
    process of its own, from this working tree), cached under ``cache`` by generator
    version, clients, seed and order. Caseloads of other generator versions are removed."""
    stem = f"clients-{clients}-seed-{seed}-{order}"
    folder = cache / f"demo-{generator_key()}-{stem}"
    if (folder / "goals.csv").exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob(f"demo-*-{stem}"):
        shutil.rmtree(old, ignore_errors=True)
    partial = cache / f".partial-{os.getpid()}-{stem}"
    shutil.rmtree(partial, ignore_errors=True)
    print(f"  generating {clients:,} clients, seed {seed}, {order} order into {folder}",
          file=sys.stderr, flush=True)
    subprocess.run([sys.executable, "-m", "careerkit.cli", "demo", str(partial),
                    "--clients", str(clients), "--seed", str(seed), "--order", order],
                   check=True, cwd=ROOT, env=child_env(ROOT), stdout=sys.stderr)
    partial.rename(folder)
    return folder


def compile_sources(*folders: Path) -> None:
    """Compile the Python sources under ``folders`` to bytecode (``__pycache__``), as
    ``pip install`` does for an installed package, so that a timed fresh process imports
    them as a user's would. Without it, a process started with PYTHONDONTWRITEBYTECODE=1
    (as on some CI and development machines) compiles careerkit's modules again on every
    import: about 0.15 s of each run."""
    for folder in folders:
        compileall.compile_dir(folder, quiet=1, workers=1)


def child_env(tree: Path) -> dict:
    """The environment of a child process that imports careerkit from ``tree``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])])
    return env


def measured_commit(tree: Path = ROOT) -> str:
    """``git rev-parse --short HEAD`` of ``tree``, with "+dirty" when it has changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=tree, check=True,
                              capture_output=True, text=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain"], cwd=tree, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return head + ("+dirty" if status.strip() else "")


def machine() -> str:
    """One line about the machine and the versions that matter."""
    versions = [f"Python {platform.python_version()}"]
    for name in ("pandas", "pyarrow", "numpy", "duckdb"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{name} {metadata.version(name)}")
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores{memory}, {platform.system()}; {', '.join(versions)}"


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def stamp(command: str, started: dt.datetime, loads: list[str], commit: str) -> str:
    """The line above a table: what was measured (``commit``: ``measured_commit()`` when
    the run started), when, where."""
    return (f"Measured by `{command}` at commit `{commit}` on "
            f"{started:%Y-%m-%d %H:%M} UTC ({machine()}; load average "
            f"{min(loads, key=_number)} to {max(loads, key=_number)} during the run).")


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def write_section(name: str, text: str, readme: Path = README) -> bool:
    """Put ``text`` between ``<!-- bench:NAME:start -->`` and ``<!-- bench:NAME:end -->``
    in the README. False (and nothing written) when the markers are missing."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    content = readme.read_text(encoding="utf-8")
    if content.count(start) != 1 or content.count(end) != 1 or \
            content.index(start) > content.index(end):
        print(f"{readme}: no {start} ... {end} markers: table not written", file=sys.stderr)
        return False
    before, rest = content.split(start)
    _, after = rest.split(end)
    fresh = f"{before}{start}\n{text.strip()}\n{end}{after}"
    temporary = readme.with_suffix(".md.tmp")
    temporary.write_text(fresh, encoding="utf-8")
    temporary.replace(readme)
    print(f"wrote the {name} table into {readme.relative_to(ROOT)}", file=sys.stderr)
    return True


def careerkit_is_this_tree() -> bool:
    """True when ``import careerkit`` gives this working tree's package (not, say, a
    baseline on PYTHONPATH): only then do the scripts write into the README."""
    import careerkit

    return Path(careerkit.__file__).resolve().is_relative_to(ROOT / "careerkit")
