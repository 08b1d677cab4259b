"""The convflip fixes as libcst codemod commands.

For teams that already drive refactors through libcst's runner::

    python -m libcst.tool codemod -x flake8_convflip.fix.codemods.ConvflipFix src/
    python -m libcst.tool codemod -x flake8_convflip.fix.codemods.ConvflipFix \\
        --unsafe-fixes --select CNV101 --fix-target scipy src/
    python -m libcst.tool codemod -x flake8_convflip.fix.codemods.ConvflipUnsafeFix src/

(``-x`` tells the runner the command is a full import path rather than a name in its
configured codemod modules.)  Each command applies exactly what ``convflip fix`` would
to the same file: the same ``[tool.convflip]`` table, the same rules, the same noqa,
import and re-parse rails (they all live in :func:`..fix.apply.fix_source`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodCommand, CodemodContext, SkipFile

from ..codes import enabled_codes
from ..config import Config, check_fix_target, load_config
from .apply import fix_source


def _prefixes(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip().upper() for p in (text or "").split(",") if p.strip())


class ConvflipFix(CodemodCommand):
    """Apply convflip's safe fixes (and its unsafe ones with ``--unsafe-fixes``)."""

    DESCRIPTION = "Apply convflip fixes (safe ones; unsafe ones with --unsafe-fixes)."
    UNSAFE_DEFAULT = False

    def __init__(
        self,
        context: CodemodContext,
        unsafe_fixes: bool | None = None,
        select: str | None = None,
        ignore: str | None = None,
        fix_target: str | None = None,
    ) -> None:
        super().__init__(context)
        self.unsafe_fixes = unsafe_fixes
        self.select = _prefixes(select)
        self.ignore = _prefixes(ignore)
        self.fix_target = check_fix_target(fix_target, "--fix-target") if fix_target else None
        self.applied: list[str] = []  # codes applied to the last module (for callers/tests)

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--unsafe-fixes",
            dest="unsafe_fixes",
            action="store_true",
            default=None,
            help="also apply fixes that change behaviour to the intended one",
        )
        arg_parser.add_argument("--select", help="comma-separated code prefixes to fix")
        arg_parser.add_argument("--ignore", help="comma-separated code prefixes to leave")
        arg_parser.add_argument(
            "--fix-target",
            dest="fix_target",
            choices=("convflip", "scipy"),
            help="write convflip.xcorr2d/conv2d (default) or scipy.signal's functions",
        )

    def _config(self) -> Config:
        filename = self.context.filename
        return load_config(Path(filename).parent if filename else None)

    def _enabled(self, config: Config) -> frozenset[str]:
        codes = enabled_codes(
            self.select or config.select,
            config.ignore + self.ignore,
            () if self.select else config.extend_select,
        )
        filename = self.context.filename
        return config.codes_for(filename, codes) if filename else codes

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        config = self._config()
        unsafe = self.unsafe_fixes
        if unsafe is None:
            unsafe = self.UNSAFE_DEFAULT or config.unsafe_fixes
        result = fix_source(
            tree.code,
            self._enabled(config),
            unsafe=unsafe,
            fix_target=self.fix_target or config.fix_target,
        )
        if result.error is not None:
            raise SkipFile(result.error)
        self.applied = [finding.code for finding in result.applied]
        if not result.applied:
            return tree
        return cst.parse_module(result.source)


class ConvflipUnsafeFix(ConvflipFix):
    """Apply every convflip fix, safe and unsafe (``ConvflipFix --unsafe-fixes``)."""

    DESCRIPTION = "Apply every convflip fix, including the unsafe (behaviour-changing) ones."
    UNSAFE_DEFAULT = True
