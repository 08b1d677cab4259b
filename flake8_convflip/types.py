"""The core types every layer shares: positions, edits, fixes and findings.

They sit at the bottom of the package: ``rules/``, ``fix/``, the engine and the
command line import them from here and none imports another for a type.  Importing
this module does not import libcst (an :class:`Edit` holds libcst nodes only as
objects), so the flake8 plugin can name these types on files it never parses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst

from .codes import INTERNAL_CODE

__all__ = ["INTERNAL_CODE", "Edit", "Finding", "Fix", "Position"]


@dataclass(frozen=True, order=True)
class Position:
    """A place in a file: 1-based line, 1-based column (flake8's convention)."""

    line: int
    col: int


@dataclass(frozen=True)
class Edit:
    """Replace one node of the original tree with another."""

    original: cst.CSTNode
    replacement: cst.CSTNode


@dataclass(frozen=True)
class Fix:
    """A set of edits plus the imports they need (and the ones they may orphan)."""

    safe: bool
    title: str
    edits: tuple[Edit, ...]
    add_imports: tuple[tuple[str, str], ...] = ()  # (module, name); name "": import module
    maybe_unused: tuple[str, ...] = ()  # local names whose imports may now be unused


@dataclass(frozen=True)
class Finding:
    """One reported problem: 1-based line and column, code, message, optional fix."""

    line: int
    col: int
    code: str
    message: str
    fix: Fix | None = None
    end_line: int = 0
    end_col: int = 0

    @property
    def internal_error(self) -> bool:
        """A bug of convflip's (CNV000 "internal error"), not a file skipped over budget."""
        return self.code == INTERNAL_CODE and " internal error " in self.message

    @property
    def start(self) -> Position:
        return Position(self.line, self.col)

    @property
    def end(self) -> Position:
        return Position(self.end_line or self.line, self.end_col or self.col)
