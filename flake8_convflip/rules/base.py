"""What every rule is: codes, message, examples, and a ``run`` that reads facts.

A rule never parses, reads files or prints.  It gets a :class:`FileFacts`, asks the
analysis modules questions and calls :meth:`Rule.report` with the node to blame and,
when it has one, a :class:`Fix`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from ..analysis.model import FileFacts
from ..types import Edit, Fix

__all__ = ["Edit", "Fix", "Invalid", "Report", "Rule"]  # Edit and Fix re-exported


@dataclass(frozen=True)
class Invalid:
    """An example the rule must report (and, with ``fixed``, how the fix rewrites it)."""

    code: str
    fixed: str | None = None  # expected source after applying the fix (unsafe allowed)


@dataclass
class Report:
    """What a rule said about one node (positions are filled in by the engine)."""

    code: str
    message: str
    node: cst.CSTNode
    fix: Fix | None = None


@dataclass
class Rule:
    """Base class: subclasses set the class variables and implement :meth:`run`."""

    CODE: ClassVar[str]
    NAME: ClassVar[str]  # kebab-case, named after the mistake
    MESSAGE: ClassVar[str]  # starts with the code; imperative
    FIX_AVAILABILITY: ClassVar[str] = "none"  # "none", "always", "sometimes"
    YIELDS_TO: ClassVar[tuple[str, ...]] = ()  # codes that win when on the same line
    PROOF: ClassVar[str | None] = None  # the convflip.testing check that proves a finding
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[Invalid | str, ...]] = ()

    facts: FileFacts
    sink: Callable[[Report], None]
    fix_target: str = "convflip"  # "convflip" (runtime functions) or "scipy"
    reported: set[int] = field(default_factory=set)

    def run(self) -> None:
        raise NotImplementedError

    def report(self, node: cst.CSTNode, message: str | None = None, fix: Fix | None = None):
        """Report ``node`` once (later reports of the same node by this rule are dropped)."""
        if id(node) in self.reported:
            return
        self.reported.add(id(node))
        text = message or self.MESSAGE
        if not text.startswith(self.CODE):
            text = f"{self.CODE} {text}"
        if self.PROOF and self.PROOF not in text:
            text = f"{text}; prove it with {self.PROOF}"
        self.sink(Report(self.CODE, text, node, fix))
