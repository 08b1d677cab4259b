"""The case selection ``score.py`` and ``verify_cases.py`` share: ``--cases DIR`` and ``-k``."""

from __future__ import annotations

import argparse
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent / "cases"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register ``--cases DIR`` (default: ``cases/`` beside this file) and ``-k SUBSTRING``."""
    parser.add_argument(
        "--cases",
        type=Path,
        default=CASES_DIR,
        metavar="DIR",
        help="directory of case files (default: cases/ next to this script)",
    )
    parser.add_argument("-k", default="", help="only cases whose file name contains this")


def chosen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[Path]:
    """The case files the arguments select; a parser error when there are none."""
    if not args.cases.is_dir():
        parser.error(f"--cases must be a directory of case files, got {str(args.cases)!r}")
    paths = [p for p in sorted(args.cases.glob("*.py")) if args.k in p.name]
    if not paths:
        parser.error(f"--cases: no case files (*.py) matched in {str(args.cases)!r}")
    return paths
