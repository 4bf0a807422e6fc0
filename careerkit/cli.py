"""The ``careerkit`` command line: the jobs that need no notebook."""

from __future__ import annotations

import argparse
import sys
import traceback
import warnings
from collections.abc import Sequence

from . import __version__, demo, load
from ._exceptions import CareerDataError, CareerDataWarning

EPILOG = """examples:
  careerkit validate sample_data
  careerkit demo /tmp/caseload --clients 1000 --seed 7
"""


def _validate(args: argparse.Namespace) -> int:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CareerDataWarning)
        data = load(args.folder, dayfirst=args.dayfirst)
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    print(f"ok: {data}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    data = demo.write(args.outdir, args.clients, seed=args.seed)
    print(f"wrote {data} to {args.outdir}")
    return 0


def _dayfirst(value: str) -> bool:
    choices = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
    if value.lower() not in choices:
        raise argparse.ArgumentTypeError("use --dayfirst true or --dayfirst false")
    return choices[value.lower()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="careerkit",
        description="Turn career-goal spreadsheets into answers.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"careerkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate", help="check a data folder and list every problem",
        description="Check a data folder (goals.csv, tasks.csv, progress.csv). Prints every "
                    "problem and exits 1, or a one-line summary and exits 0.",
        epilog="example:\n  careerkit validate sample_data",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("folder", help="the data folder")
    validate.add_argument("--dayfirst", type=_dayfirst, default=None, metavar="true|false",
                          help="dates like 03/04/2025 are day/month (true) or month/day (false)")
    validate.set_defaults(run=_validate)

    make_demo = commands.add_parser(
        "demo", help="write a synthetic caseload (for trying things out and benchmarks)",
        description="Write a deterministic synthetic caseload into OUTDIR.",
        epilog="example:\n  careerkit demo /tmp/caseload --clients 1000 --seed 7",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    make_demo.add_argument("outdir", help="the folder to write (created if needed)")
    make_demo.add_argument("--clients", type=int, default=10, help="number of clients")
    make_demo.add_argument("--seed", type=int, default=0, help="random seed")
    make_demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CareerDataError as error:
        if args.debug:
            traceback.print_exc()
        print(str(error), file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        if args.debug:
            traceback.print_exc()
        print(f"careerkit {args.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
