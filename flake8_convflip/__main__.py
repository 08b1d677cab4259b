"""``python -m flake8_convflip``: the ``convflip`` command (the import name ``convflip``
belongs to the runtime).

Runners that call ``python -m MODULE FILE...`` (nbqa does) pass no subcommand, so a
first argument that is not one means ``check``: ``python -m flake8_convflip a.py`` is
``convflip check a.py``.
"""

import argparse
import sys

from .cli import build_parser, main


def _commands() -> set[str]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()  # pragma: no cover - the parser always has subcommands


def _arguments(argv: list[str]) -> list[str]:
    """``argv`` with ``check`` in front when it starts with a path, not a command."""
    if argv and not argv[0].startswith("-") and argv[0] not in _commands():
        return ["check", *argv]
    return argv


if __name__ == "__main__":
    sys.exit(main(_arguments(sys.argv[1:])))
