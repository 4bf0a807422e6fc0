"""The ``careerkit`` command line: the jobs that need no notebook.

``validate`` checks a data folder, ``demo`` writes a made-up caseload, ``report`` writes a
self-contained HTML report, ``status`` prints one line per goal (or CSV, or JSON), and
``export`` writes an Excel workbook. Errors are one readable paragraph on stderr with exit
code 1 (``--debug`` adds the traceback). On a terminal, long jobs say what they are doing on
stderr; piped, they print nothing but their result.

``brief`` writes one client's one-page session brief (for the coach, or ``--for-client``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import re
import shlex
import sys
import time
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from . import demo, load
from .data import CareerDataError, CareerDataWarning
from .data.schema import STATES, Rule
from .data.spellings import match_client
from .formatting import count_text, date_text, percent_text, signed_days_text

EPILOG = """examples:
  careerkit validate sample_data
  careerkit status sample_data --state overdue --state at_risk
  careerkit report sample_data -o report.html
  careerkit report sample_data -o zoe.html --client "Zoë Abernathy" --since 2026-06-01
  careerkit brief sample_data --client "Ngozi Pereira" -o ngozi.html
  careerkit export sample_data -o status.xlsx --as-of 2026-03-31
  careerkit demo /tmp/caseload --clients 1000 --seed 7
  careerkit app sample_data

Without --as-of, every command looks from the latest event recorded in the folder (the
last check-in or completion), never from today's date; --as-of today looks from today
and says how old the data is when its latest entry is more than 14 days before.
"""

#: How many load warnings report, status and export print before pointing at validate.
WARNINGS_SHOWN = 5

#: ANSI colours of the states in ``status`` tables (on a terminal, unless NO_COLOR is set).
STATE_ANSI = {
    "overdue": "\033[1;31m",
    "stalled": "\033[35m",
    "at_risk": "\033[33m",
    "not_started": "\033[36m",
    "on_hold": "\033[2;33m",
    "on_track": "\033[32m",
    "completed": "\033[34m",
    "dropped": "\033[2m",
}
RESET = "\033[0m"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


# --- shared helpers ------------------------------------------------------------------------

class _Progress:
    """Steps of a long job on stderr, only when stderr is a terminal."""

    def __init__(self, command: str):
        self.command = command
        self.enabled = _isatty(sys.stderr)
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.start
            print(f"careerkit {self.command}: {message}… ({elapsed:.1f} s)", file=sys.stderr,
                  flush=True)


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _color_wanted() -> bool:
    """ANSI colours: stdout is a terminal, NO_COLOR is unset or empty, TERM is not dumb."""
    return (_isatty(sys.stdout) and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb")


def _load(args: argparse.Namespace, progress: _Progress | None = None):
    """Load the folder; print its warnings (a few) on stderr."""
    if progress:
        progress(f"loading {args.folder}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CareerDataWarning)
        data = load(args.folder, dayfirst=args.dayfirst)
    notes = [w for w in caught if issubclass(w.category, CareerDataWarning)]
    for note in notes[:WARNINGS_SHOWN]:
        print(f"warning: {note.message}", file=sys.stderr)
    if len(notes) > WARNINGS_SHOWN:
        print(f"warning: ... and {len(notes) - WARNINGS_SHOWN} more: careerkit validate "
              f"{shlex.quote(args.folder)} lists them all", file=sys.stderr)
    return data


def _date(value: str) -> str:
    """A --as-of / --since value: an ISO date (YYYY-MM-DD), or "today" (the local date)."""
    if value.strip().lower() == "today":
        return "today"
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31, or "
            "today") from None


def _dayfirst(value: str) -> bool:
    choices = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
    if value.lower() not in choices:
        raise argparse.ArgumentTypeError("use --dayfirst true or --dayfirst false")
    return choices[value.lower()]


def _output(path: str, suffix: str) -> Path:
    """The output file, checked before any work: its folder exists, its name ends well."""
    out = Path(path)
    if out.suffix.lower() != suffix:
        raise ValueError(f"the output file must end in {suffix}: {path}")
    if out.is_dir():
        raise ValueError(f"{path} is a folder; give a file name ending in {suffix}")
    if not out.parent.is_dir():
        raise ValueError(f"cannot write {path}: the folder {out.parent} does not exist")
    return out


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.0f} kB"


# --- validate and demo ---------------------------------------------------------------------

def _validate(args: argparse.Namespace) -> int:
    """Check the folder; print (or with --fix write) the careerkit.toml lines it needs."""
    from .data.settings import settings_path, settings_text, write_settings

    columns: dict[str, str] = {}
    undecided = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CareerDataWarning)
            data = load(args.folder, dayfirst=args.dayfirst)
    except CareerDataError as error:
        problems = error.problems
        near = problems.loc[(problems["rule"] == Rule.MISSING_COLUMN) & problems["value"].notna()]
        columns = dict(zip(near["value"], near["column"], strict=True))
        undecided = (problems["rule"] == Rule.DAYFIRST_UNDECIDED).any()
        if not (args.fix and (columns or (undecided and args.dayfirst is not None))):
            _suggest_settings(args, columns, undecided)
            raise
        data = "fixing"
    else:
        for warning in caught:
            print(f"warning: {warning.message}", file=sys.stderr)
            columns |= getattr(warning.message, "settings", None) or {}
    dayfirst = args.dayfirst if args.fix and (undecided or args.dayfirst is not None) else None
    if args.fix and (columns or dayfirst is not None):
        path = write_settings(args.folder, columns, dayfirst)
        print(f"wrote to {path}:\n{settings_text(columns, dayfirst)}", end="")
        args.fix = False
        return _validate(args)
    if columns:
        _suggest_settings(args, columns, False)
    if settings_path(args.folder).is_file():
        print(f"settings: {settings_path(args.folder)}")
    print(f"ok: {data}")
    return 0


def _suggest_settings(args: argparse.Namespace, columns: dict, undecided: bool) -> None:
    """Print the careerkit.toml lines that map close headers or decide the date order."""
    from .data.settings import settings_path, settings_text

    if not columns and not undecided:
        return
    folder = shlex.quote(args.folder)
    lines = settings_text(columns)
    if undecided:
        lines = ("dayfirst = true    # if your dates are day/month/year (31/01/2026)\n"
                 "# dayfirst = false  # if they are month/day/year (01/31/2026)\n" + lines)
    how = (f"careerkit validate {folder} --fix --dayfirst true (or false)" if undecided
           else f"careerkit validate {folder} --fix")
    print(f"add these lines to {settings_path(args.folder)} (or run {how}):\n{lines}",
          file=sys.stderr, end="")


def _demo(args: argparse.Namespace) -> int:
    if args.format == "parquet":
        demo.write_parquet(args.outdir, args.clients, seed=args.seed, order=args.order,
                           partitions=args.partitions)
        print(f"wrote {args.clients:,} clients as Parquet partitioned by client to "
              f"{args.outdir}")
        return 0
    data = demo.write(args.outdir, args.clients, seed=args.seed, order=args.order)
    print(f"wrote {data} to {args.outdir}")
    return 0


# --- report --------------------------------------------------------------------------------

def _report(args: argparse.Namespace) -> int:
    from . import report

    out = _output(args.output, ".html")
    progress = _Progress("report")
    data = _load(args, progress)
    options = ["--dayfirst", "true" if args.dayfirst else "false"] \
        if args.dayfirst is not None else []
    report.write(data, args.output, as_of=args.as_of, since=args.since, clients=args.client,
                 anonymize=args.anonymize, command_folder=args.folder,
                 command_options=options, progress=progress)
    print(f"wrote {out} ({_size(out)})")
    return 0


# --- brief ---------------------------------------------------------------------------------

def _brief(args: argparse.Namespace) -> int:
    from .analytics import resolve_as_of
    from .briefing import brief

    out = _output(args.output, ".html") if args.output else None
    data = _load(args)
    if out is None:  # the client's name, checked first
        name = match_client(data.goals["client"], args.client)
        slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "client"
        out = Path(f"{slug}-{'progress' if args.for_client else 'brief'}.html")
    brief(data, args.client, as_of=resolve_as_of(data, args.as_of), since=args.since,
          for_client=args.for_client, path=out)
    print(f"wrote {out} ({_size(out)})")
    return 0


# --- status --------------------------------------------------------------------------------

#: ``status --with``: the columns each name adds (csv and json), each from one analytic:
#: forecast_finish, schedule_performance, checkin_cadence (its per-goal engagement; the
#: goal's days_since_checkin is already a goal_status column).
STATUS_EXTRAS = {
    "forecast": ["p85_date", "prob_by_target"],
    "schedule": ["expectation", "spi"],
    "engagement": ["engagement"],
}


def _status_extras(value: str) -> list[str]:
    """A --with value: names from STATUS_EXTRAS, separated by commas."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in STATUS_EXTRAS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"{value!r}: choose from {', '.join(STATUS_EXTRAS)} (separated by commas)")
    return names


def _with_extras(data, stamp, status: pd.DataFrame, extras: Sequence[str]) -> pd.DataFrame:
    """goal_status' rows with the --with columns of those goals, in STATUS_EXTRAS order."""
    from .analytics import checkin_cadence, forecast_finish, schedule_performance

    compute = {
        "forecast": lambda: forecast_finish(data, stamp, goals=status.index),
        "schedule": lambda: schedule_performance(data, stamp),
        "engagement": lambda: checkin_cadence(data, stamp).by_goal,
    }
    parts = [compute[name]()[STATUS_EXTRAS[name]] for name in STATUS_EXTRAS if name in extras]
    return status.join(parts) if parts else status


def _status_frame(args: argparse.Namespace):
    """goal_status' rows (filtered, with --with columns), the as_of used and the data's
    :func:`~careerkit.analytics.staleness`."""
    from .analytics import goal_status, resolve_as_of, staleness

    data = _load(args)
    stamp = resolve_as_of(data, args.as_of)
    status = goal_status(data, stamp)
    if args.client:
        names = data.goals["client"]
        chosen = [match_client(names, name) for name in args.client]
        status = status.loc[status["client"].isin(chosen)]
    if args.state:
        status = status.loc[status["state"].isin(args.state)]
    return _with_extras(data, stamp, status, args.extras or ()), stamp, staleness(data, stamp)


def _status(args: argparse.Namespace) -> int:
    status, stamp, stale = _status_frame(args)
    if stale is not None and args.format != "table":
        print(f"note: {stale.sentence}", file=sys.stderr)
    out = sys.stdout
    if args.format == "csv":
        out.write(_status_csv(status))
    elif args.format == "json":
        out.write(_status_json(status) + "\n")
    else:
        out.write(_status_table(status, stamp, color=_color_wanted()))
        if stale is not None:
            out.write(f"Data: {stale.sentence}.\n")
    out.flush()
    return 0


def _status_csv(status: pd.DataFrame) -> str:
    """Every column of goal_status (goal_id first) and the --with columns, ISO dates, blanks
    for missing values."""
    buffer = io.StringIO()
    status.reset_index().to_csv(buffer, index=False, date_format="%Y-%m-%d",
                                lineterminator="\n")
    return buffer.getvalue()


def _status_json(status: pd.DataFrame) -> str:
    """One JSON array of records: ISO date strings, null for missing values."""
    frame = status.reset_index()
    columns = {}
    for name in frame.columns:
        column = frame[name]
        missing = column.isna().to_numpy()
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            values = column.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        elif pd.api.types.is_bool_dtype(column.dtype):
            values = [bool(v) if not m else None
                      for v, m in zip(column.to_numpy(dtype=object), missing, strict=True)]
        elif pd.api.types.is_integer_dtype(column.dtype):
            values = column.to_numpy(dtype="float64", na_value=np.nan)
            values = [None if m else int(v) for v, m in zip(values, missing, strict=True)]
        elif pd.api.types.is_float_dtype(column.dtype):
            values = [None if m else float(v) for v, m in
                      zip(column.to_numpy(dtype="float64", na_value=np.nan), missing,
                          strict=True)]
        else:
            values = column.to_numpy(dtype=object)
        columns[name] = [None if m else v for v, m in zip(values, missing, strict=True)]
    records = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(),
                                                                   strict=True)]
    return json.dumps(records, ensure_ascii=False, allow_nan=False)


def _clean(value, limit: int | None = None) -> str:
    """Table cell text: control characters (line breaks, escape codes) become spaces."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    text = _CONTROL.sub(" ", text).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _status_table(status: pd.DataFrame, stamp, *, color: bool) -> str:
    """Aligned columns, the goals needing attention first (in the order of
    :func:`careerkit.analytics.attention.attention_order`); the state coloured on terminals."""
    from .analytics import ATTENTION_STATES
    from .analytics.attention import attention_order

    status = status.iloc[attention_order(status)]

    def dates(column):
        return [date_text(d, missing="-") for d in status[column]]

    columns = {
        "client": [_clean(c, 28) for c in status["client"]],
        "goal_id": [_clean(g, 20) for g in status.index],
        "goal": [_clean(t, 44) for t in status["title"]],
        "state": status["state"].tolist(),
        "done": [percent_text(p) for p in status["percent_complete"]],
        "first_plan": dates("target_date"),
        "target": dates("current_target"),
        "forecast": dates("forecast_date"),
        "drift": [signed_days_text(d, missing="-") for d in status["forecast_drift_days"]],
    }
    # --with: P85 date and chance by target, expectation and SPI, engagement and days since
    # the last check-in.
    if "p85_date" in status.columns:
        columns["p85"] = dates("p85_date")
        columns["chance"] = [percent_text(100 * p) if pd.notna(p) else "-"
                             for p in status["prob_by_target"]]
    if "expectation" in status.columns:
        columns["plan"] = [_clean(e) or "-" for e in status["expectation"]]
        columns["spi"] = [f"{s:.2f}" if pd.notna(s) else "-" for s in status["spi"]]
    if "engagement" in status.columns:
        columns["engagement"] = status["engagement"].tolist()
        columns["quiet"] = [f"{d:,}" if pd.notna(d) else "-"
                            for d in status["days_since_checkin"]]
    right = {"done", "drift", "chance", "spi", "quiet"}
    widths = {name: max([len(name), *map(len, values)]) for name, values in columns.items()}

    def line(cells: dict, state: str | None = None) -> str:
        parts = []
        for name, text in cells.items():
            padded = text.rjust(widths[name]) if name in right else text.ljust(widths[name])
            if color and name == "state" and state in STATE_ANSI:
                padded = STATE_ANSI[state] + padded + RESET
            parts.append(padded)
        return "  ".join(parts).rstrip()

    lines = [line({name: name for name in columns})]
    for i, state in enumerate(columns["state"]):
        lines.append(line({name: values[i] for name, values in columns.items()}, state))
    attention = int(status["state"].isin(ATTENTION_STATES).sum())
    lines.append("")
    lines.append(f"{count_text(len(status), 'goal')} as of {date_text(stamp, missing='-')}, "
                 f"{attention:,} needing attention (done: percent complete; first_plan: the "
                 "target as first planned; target: the current one; drift: forecast minus "
                 "first_plan, in days" + "".join(
                     note for column, note in (
                         ("chance", "; chance: of finishing by the target"),
                         ("plan", "; plan: against the planned pace"),
                         ("quiet", "; quiet: days since the last check-in"))
                     if column in columns) + ")")
    return "\n".join(lines) + "\n"


# --- export --------------------------------------------------------------------------------

def _export(args: argparse.Namespace) -> int:
    from .export import export

    out = _output(args.output, ".xlsx")
    progress = _Progress("export")
    data = _load(args, progress)
    progress(f"writing {out}")
    export(data, out, as_of=args.as_of)
    print(f"wrote {out} ({_size(out)})")
    return 0


# --- template ------------------------------------------------------------------------------

def _template(args: argparse.Namespace) -> int:
    from .data.workbook import template

    out = _output(args.workbook, ".xlsx")
    template(out)
    print(f"wrote {out}: fill in the goals, tasks and progress sheets (the Instructions "
          f"sheet says how), then run: careerkit validate {shlex.quote(str(out))}")
    return 0


# --- app -----------------------------------------------------------------------------------

def _app(args: argparse.Namespace) -> int:
    from .app.server import serve

    return serve(args.folder, host=args.host, port=args.port)


# --- the parser ----------------------------------------------------------------------------

def _command_parser(commands, name: str, *, help: str, description: str, examples: str):
    parser = commands.add_parser(
        name, help=help, description=description,
        epilog="examples:\n" + "\n".join(f"  {e}" for e in examples.strip().splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the traceback of an error")
    return parser


def _data_options(parser, *, as_of: bool = True) -> None:
    parser.add_argument("folder", help="the data folder (goals.csv, tasks.csv, progress.csv) "
                                       "or an .xlsx workbook")
    if as_of:
        parser.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD|today",
                            help="the day to look from, or today (default: the latest event "
                                 "in the folder, never today)")
    parser.add_argument("--dayfirst", type=_dayfirst, default=None, metavar="true|false",
                        help="dates like 03/04/2025 are day/month (true) or month/day (false)")


def build_parser() -> argparse.ArgumentParser:
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("careerkit")
    except PackageNotFoundError:  # running from a source tree that is not installed
        from . import __version__ as installed
    parser = argparse.ArgumentParser(
        prog="careerkit",
        description="Turn career-goal spreadsheets into answers: which goals are on track, "
                    "at risk, overdue or stalled, how deadlines drift, and how well goals get "
                    "finished on time.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"careerkit {installed}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True,
        title="commands (careerkit COMMAND --help tells more)")

    validate = _command_parser(
        commands, "validate", help="check a data folder and list every problem",
        description="Check a data folder (goals.csv, tasks.csv, progress.csv). Prints every "
                    "problem and exits 1, or a one-line summary and exits 0.",
        examples="careerkit validate sample_data\n"
                 "careerkit validate exports/ --dayfirst true\n"
                 "careerkit validate exports/ --fix --dayfirst true",
    )
    _data_options(validate, as_of=False)
    validate.add_argument("--fix", action="store_true",
                          help="write the settings the folder needs (headers close to a "
                               "careerkit column, and with --dayfirst the date order) into "
                               "its careerkit.toml, keeping its other lines")
    validate.set_defaults(run=_validate)

    make_demo = _command_parser(
        commands, "demo", help="write a synthetic caseload (for trying things out and "
                               "benchmarks)",
        description="Write a deterministic synthetic caseload into OUTDIR.",
        examples="careerkit demo /tmp/caseload --clients 1000 --seed 7",
    )
    make_demo.add_argument("outdir", help="the folder to write (created if needed)")
    make_demo.add_argument("--clients", type=int, default=10, help="number of clients")
    make_demo.add_argument("--seed", type=int, default=0, help="random seed")
    make_demo.add_argument("--order", choices=demo.ORDERS, default="sorted",
                           help="row order and ids: sorted (ids such as C00001-G1, the "
                                "default) or realistic (as kept in a spreadsheet: goals by "
                                "creation with random ids, tasks as planned, check-ins by "
                                "date)")
    make_demo.add_argument("--format", choices=("csv", "parquet"), default="csv",
                           help="csv: goals.csv, tasks.csv, progress.csv; parquet: datasets "
                                "partitioned by client, generated in blocks of 10,000 clients "
                                "in bounded memory (for careerkit.dask; docs/scale.md)")
    make_demo.add_argument("--partitions", type=int, default=None,
                           help="with --format parquet: how many partitions (default: about "
                                "100,000 goals each)")
    make_demo.set_defaults(run=_demo)

    report = _command_parser(
        commands, "report", help="write a self-contained HTML report (opens offline, can be "
                                 "emailed)",
        description="Write one HTML file with the headline figures, the goals needing "
                    "attention and why, what changed since the last session, charts and "
                    "tables per client and per category. Everything is inside the file: it "
                    "opens without a network. Large caseloads get sections for the clients "
                    "needing attention most; --client gives a client their own report.",
        examples='careerkit report sample_data -o report.html\n'
                 'careerkit report sample_data -o zoe.html --client "Zoë Abernathy"\n'
                 'careerkit report sample_data -o review.html --since 2026-06-01 --anonymize',
    )
    _data_options(report)
    report.add_argument("-o", "--output", required=True, metavar="FILE.html",
                        help="the HTML file to write (replaced if it exists)")
    report.add_argument("--client", action="extend", nargs="+", metavar="NAME",
                        help="only this client (repeat or list several)")
    report.add_argument("--since", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="the day of the last session: changes after it are listed "
                             "(default: 14 days before --as-of)")
    report.add_argument("--anonymize", action="store_true",
                        help='replace client names by pseudonyms ("Client A", ...)')
    report.set_defaults(run=_report)

    make_brief = _command_parser(
        commands, "brief", help="write one client's one-page session brief (HTML, offline, "
                                "printable)",
        description="Write one HTML page for one client, to read or print before a session: "
                    "what changed since the last session, the goals needing attention and "
                    "why with their forecast dates, the open tasks overdue or due in the "
                    "next 14 days, the whole notes timeline (newest first, with revised "
                    "targets and reasons), the last contact and the client's own columns. "
                    "--for-client writes it to the client in plain words, without "
                    "forecasts from other clients' data and without the columns the "
                    "folder's careerkit.toml lists in private_columns. The page opens "
                    "without a network and prints on one A4 or Letter page where the data "
                    "allows.",
        examples='careerkit brief sample_data --client "Ngozi Pereira" -o ngozi.html\n'
                 'careerkit brief sample_data --client "ngozi pereira" --as-of 2026-06-20 '
                 '--since 2026-06-01\n'
                 'careerkit brief sample_data --client "Ngozi Pereira" --for-client '
                 '-o ngozi-progress.html',
    )
    _data_options(make_brief)
    make_brief.add_argument("--client", required=True, metavar="NAME",
                            help="the client (case, accents and spacing may differ)")
    make_brief.add_argument("--since", type=_date, default=None, metavar="YYYY-MM-DD",
                            help="the day of the last session: changes after it are listed "
                                 "(default: the client's previous check-in day before "
                                 "--as-of)")
    make_brief.add_argument("--for-client", action="store_true",
                            help="write to the client in plain words (no private columns, "
                                 "no caseload figures)")
    make_brief.add_argument("-o", "--output", metavar="FILE.html", default=None,
                            help="the HTML file to write, replaced if it exists (default: "
                                 "NAME-brief.html, or NAME-progress.html with --for-client, "
                                 "in the current folder)")
    make_brief.set_defaults(run=_brief)

    status = _command_parser(
        commands, "status", help="one line per goal: state, percent, target, forecast, drift",
        description="Print one line per goal, the goals needing attention first. "
                    "--format csv and --format json give every goal_status column, one row "
                    "per goal (sorted by goal_id), for other programs. --with adds the "
                    "finish-date forecast, schedule performance or engagement (in csv and "
                    "json: p85_date, prob_by_target; expectation, spi; engagement).",
        examples="careerkit status sample_data\n"
                 "careerkit status sample_data --state overdue --state stalled\n"
                 'careerkit status sample_data --client "Zoë Abernathy" --as-of 2026-03-31\n'
                 "careerkit status sample_data --format csv > status.csv\n"
                 "careerkit status sample_data --with forecast,schedule,engagement",
    )
    _data_options(status)
    status.add_argument("--client", action="extend", nargs="+", metavar="NAME",
                        help="only this client's goals (repeat or list several)")
    status.add_argument("--state", action="extend", nargs="+", choices=STATES, metavar="STATE",
                        help="only goals in this state (repeat or list several): "
                             + ", ".join(STATES))
    status.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="table (default), csv or json")
    status.add_argument("--with", dest="extras", action="extend", type=_status_extras,
                        metavar="NAME[,NAME]",
                        help="add columns: forecast (P85 date, chance of finishing by the "
                             "target), schedule (expectation against the plan, SPI), "
                             "engagement (engaged, lapsing, lapsed; days since the last "
                             "check-in)")
    status.set_defaults(run=_status)

    export = _command_parser(
        commands, "export", help="write the metrics to an Excel workbook",
        description="Write goal status, task status and completion by client and by "
                    "category to an .xlsx file, with real dates, percent formats and a "
                    "frozen header row. The data files are not changed.",
        examples="careerkit export sample_data -o status.xlsx\n"
                 "careerkit export sample_data -o march.xlsx --as-of 2026-03-31",
    )
    _data_options(export)
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx",
                        help="the workbook to write (replaced if it exists)")
    export.set_defaults(run=_export)

    starter = _command_parser(
        commands, "template", help="write a starter workbook (.xlsx) to fill in",
        description="Write an Excel workbook with a goals, a tasks and a progress sheet "
                    "(careerkit's headers, date and percent formats, a drop-down list of "
                    "statuses) and an Instructions sheet describing every column. Fill it "
                    "in with Excel, LibreOffice or Google Sheets; every careerkit command "
                    "reads it like a data folder. An existing file is never replaced.",
        examples="careerkit template caseload.xlsx\n"
                 "careerkit validate caseload.xlsx",
    )
    starter.add_argument("workbook", metavar="FILE.xlsx", help="the workbook to create")
    starter.set_defaults(run=_template)

    app = _command_parser(
        commands, "app", help="the widgets as a web app in your browser (needs careerkit[app])",
        description="Serve careerkit's widgets as a local web app (Voilà): Caseload, Check in, "
                    "Plan and What if tabs, no code shown. It listens on this machine only "
                    "(127.0.0.1) and prints the URL to open, with a random token; a request "
                    "without the token gets the login page. Saves go to the folder's files. "
                    "Ctrl+C stops it.",
        examples="careerkit app sample_data\n"
                 "careerkit app exports/ --port 9000",
    )
    app.add_argument("folder", nargs="?", default=".",
                     help="the data folder (goals.csv, tasks.csv, progress.csv) or an .xlsx "
                          "workbook (default: the current folder)")
    app.add_argument("--host", default="127.0.0.1",
                     help="the interface to listen on (default 127.0.0.1: this machine only; "
                          "another one lets the network reach the app, with a warning)")
    app.add_argument("--port", type=int, default=8866,
                     help="the port (default 8866; when it is in use, the next free one)")
    app.set_defaults(run=_app)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        return args.run(args)
    except CareerDataError as error:
        if debug:
            traceback.print_exc()
        text = str(error)
        rules = set(error.problems["rule"])
        if rules & {Rule.DAYFIRST_UNDECIDED, Rule.DAYFIRST_CONFLICT, Rule.MISSING_COLUMN}:
            text += ("\n(On the command line: --dayfirst true or --dayfirst false; or keep "
                     "the settings in the folder's careerkit.toml: careerkit validate FOLDER "
                     "--fix writes them.)")
        print(text, file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (careerkit status ... | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(f"careerkit {args.command}: interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError) as error:
        if debug:
            traceback.print_exc()
        print(f"careerkit {args.command}: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug: say so in one paragraph, details with --debug
        if debug:
            traceback.print_exc()
        print(f"careerkit {args.command}: unexpected error ({type(error).__name__}: {error}). "
              "Run it again with --debug to see where it happened, and please report it.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
