"""``convflip check --add-noqa``: silence every current finding, to adopt convflip on an
existing codebase and fix the findings one at a time afterwards (ruff's ``--add-noqa``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..fix.files import read_source, write_source
from .noqa import add_noqa
from .output import plural, print_errors
from .runner import FileOutcome


def add_noqa_to_file(outcome: FileOutcome) -> int:
    """Write the ``# noqa`` comments for ``outcome``'s findings; the lines changed."""
    if not outcome.records or outcome.error is not None:
        return 0
    source = read_source(Path(outcome.path))
    text, changed = add_noqa(source.text, outcome.records)  # type: ignore[arg-type]
    if changed:
        write_source(source, text)
    return changed


def cmd_add_noqa(args: argparse.Namespace) -> int:
    """Run ``check`` and add a noqa comment for each finding; exit 0 unless an error."""
    from . import EXIT_CLEAN, EXIT_ERROR, _run
    from .runner import check_file

    if args.paths == ["-"]:
        print("convflip: error: --add-noqa needs files, not stdin", file=sys.stderr)
        return EXIT_ERROR
    outcomes, _, _ = _run(args, check_file)
    added = 0
    for outcome in outcomes:
        if outcome.path.endswith(".ipynb"):
            continue  # notebooks keep their cells as written
        added += add_noqa_to_file(outcome)
    print_errors(outcomes, sys.stderr)
    if not args.quiet:
        print(f"Added {plural(added, 'noqa directive')}.", file=sys.stderr)
    return EXIT_ERROR if any(o.internal for o in outcomes) else EXIT_CLEAN
