"""The flake8 entry point: ``CNV = flake8_convflip.plugin:ConvflipChecker``.

flake8 hands over the ast it built and the file's lines.  The gate decides on that
ast whether any enabled rule could fire; only then is libcst imported and the file
parsed (once).  flake8 applies ``# noqa`` and ``--select``/``--ignore`` itself.  An
internal error is reported as a ``CNV000`` finding on line 1, never raised.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any, ClassVar

from . import __version__
from .codes import DEFAULT_DISABLED, DEFAULT_ENABLED, INTERNAL_CODE, enabled_codes
from .config import Config, project_config
from .engine import lint_source


class ConvflipChecker:
    """flake8 AST plugin wrapping the convflip engine."""

    name = "flake8-convflip"
    version = __version__
    enabled: ClassVar[frozenset[str]] = DEFAULT_ENABLED
    config: ClassVar[Config | None] = None  # [tool.convflip], narrowing flake8's choice

    def __init__(self, tree: ast.AST, lines: list[str], filename: str = "") -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, parser: Any) -> None:
        parser.extend_default_ignore(sorted(DEFAULT_DISABLED))

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.enabled = enabled_codes(
            select=list(getattr(options, "select", None) or []),
            ignore=list(getattr(options, "ignore", None) or [])
            + list(getattr(options, "extend_ignore", None) or []),
            extend_select=list(getattr(options, "extend_select", None) or []),
        )
        cls.config = project_config()

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        try:
            source = "".join(self.lines)
            enabled = self.enabled
            if self.config is not None:
                enabled = self.config.restrict(enabled, self.filename)
            findings = lint_source(source, enabled, self.tree)
        except Exception as exc:  # never take flake8 down with us, never hide it either
            if INTERNAL_CODE not in self.enabled:
                return
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:240]
            yield (
                1,
                0,
                f"{INTERNAL_CODE} internal error in the plugin (please report): {detail}",
                type(self),
            )
            return
        for finding in findings:
            # flake8 treats plugin columns as 0-based and adds one itself
            yield finding.line, finding.col - 1, finding.message, type(self)
