"""The base of the three malformed-flip rules (CNV301, CNV302, CNV303).

They differ only in which flip verdict they own, what evidence of an *attempted*
180-degree rotation they need before speaking, and their message.  Evidence keeps
correct look-alikes silent: ``KY = KX.T`` builds the other orientation of a derivative
kernel, ``np.rot90(footprint)`` turns a structuring element, and neither is a flip.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from ..analysis.apis import Family
from ..analysis.exprs import dotted
from ..analysis.flips import KernelUse, Verdict, kernel_uses, step_count, verdict
from ..fix.build import local_name_for, replace_expr, rotate180
from ._shared import FLIP_WORDS, in_gradient_code
from .base import Fix, Rule


def _assigned_name(use: KernelUse) -> str:
    """The name the flipped kernel is stored under, if any (``k_flipped = ...``)."""
    expr = use.view.expr
    if isinstance(expr, cst.Name):
        return expr.value
    return ""


def flip_intent(use: KernelUse, comment: str, found: Verdict) -> bool:
    """Evidence that the code means to rotate the kernel by 180 degrees here.

    A window sum or a gradient formula needs the rotation; so does a name or comment
    that says "flip"/"180"/"reverse".  Several chained flips that end as a one-axis
    flip were meant as a rotation too (a chain ending in a quarter turn may be a
    deliberate turn, so it is not evidence for CNV302/CNV303).
    """
    if use.window is not None or in_gradient_code(use.scope):
        return True
    if found is Verdict.HALF and step_count(use.view) >= 2:
        return True
    words = " ".join([_assigned_name(use), comment]).lower()
    return FLIP_WORDS.search(words) is not None


class FlipRule(Rule):
    """Report kernel uses whose flip verdict is one of ``VERDICTS``."""

    VERDICTS: ClassVar[frozenset[Verdict]]
    ALWAYS: ClassVar[frozenset[Verdict]] = frozenset()  # verdicts that need no evidence

    def run(self) -> None:
        for use in kernel_uses(self.facts):
            found = verdict(use)
            if found not in self.VERDICTS:
                continue
            comment = self.facts.comment_on(use.statement)
            if found not in self.ALWAYS and not flip_intent(use, comment, found):
                continue
            node = use.view.outer_step
            if node is not None:
                self.report(node, self.message_for(use, found), self.rotation_fix(use))

    def message_for(self, use: KernelUse, found: Verdict) -> str:
        return self.MESSAGE

    def rotation_fix(self, use: KernelUse) -> Fix | None:
        """Replace the malformed flip with the 180-degree rotation on the spatial axes."""
        view = use.view
        outer = view.outer_step
        if outer is None or (view.followed and step_count(view) > 1):
            return None
        if use.ndim == 2 or (use.ndim is not None and use.spatial == tuple(range(use.ndim))):
            if use.ndim == 2:
                replacement = rotate180(view.base)
            else:
                slices = ", ".join(["::-1"] * use.ndim)
                replacement = cst.parse_expression(f"_[{slices}]").with_changes(value=view.base)
            return replace_expr(outer, replacement, safe=False, title=self.FIX_TITLE)
        if use.api is not None and use.api.api.family is Family.FRAMEWORK:
            return self._framework_fix(use)
        return None

    FIX_TITLE = "rotate the kernel by 180° on its spatial axes"

    def _framework_fix(self, use: KernelUse) -> Fix | None:
        if dotted(use.view.base) is None or use.api is None:
            return None
        if not use.api.api.name.startswith("torch"):
            return None
        local, imports = local_name_for(self.facts, "torch.flip")
        if imports:
            return None  # torch is reached only through an import we would have to add
        a, b = use.spatial
        replacement = cst.parse_expression(f"{local}(_, ({a}, {b}))")
        assert isinstance(replacement, cst.Call)
        first = replacement.args[0].with_changes(value=use.view.base)
        replacement = replacement.with_changes(args=[first, *replacement.args[1:]])
        outer = use.view.outer_step
        assert outer is not None
        return replace_expr(outer, replacement, safe=False, title=self.FIX_TITLE)
