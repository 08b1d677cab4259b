"""The base of the three malformed-flip rules (CNV301, CNV302, CNV303).

They differ only in which flip verdict they own, what evidence of an *attempted*
180-degree rotation they need before speaking, and their message.  The uses and their
verdicts are the semantic model's (:meth:`~..semantic.Model.kernel_uses`); evidence
keeps correct look-alikes silent: ``KY = KX.T`` builds the other orientation of a
derivative kernel, ``np.rot90(footprint)`` turns a structuring element, and neither is
a flip.
"""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from ..analysis.axes import AxisMap, Verdict
from ..analysis.intent import text_orientation, words_of_name
from ..analysis.kernels import axis_map_of_step
from ..analysis.model import Scope
from ..fix.build import local_name_for, replace_expr, rotate180
from ..semantic import KernelUse
from ._shared import FLIP_WORDS
from .base import Fix, Rule


def flip_intent(use: KernelUse) -> bool:
    """Evidence that the code means to rotate the kernel by 180 degrees here.

    A window sum or a gradient formula needs the rotation (of learned weights: a literal
    kernel turned or transposed there is a second kernel, Sobel x to Sobel y); so does
    a name, a helper or a comment that says "flip"/"180"/"reverse".  Several chained
    flips that end as a one-axis flip were meant as a rotation too (a chain ending in a
    quarter turn may be a deliberate turn, so it is not evidence for CNV302/CNV303).
    """
    evidence = use.evidence
    if (evidence.window or evidence.gradient) and not evidence.literal:
        return True
    if use.verdict is Verdict.HALF and evidence.chained >= 2:
        return True
    if FLIP_WORDS.search(evidence.words) is not None:
        return True
    # a flip written beside the call, in a function that says it computes the other
    # orientation: ``ndimage.correlate(u, np.flipud(s))`` documented as "s convolved
    # with u" (a kernel mirrored where it is built is a new kernel, not this)
    api, scope = use.filt.api, use.scope
    if api is None or scope is None:
        return False
    if use.step_scope is not scope and not _flips_own_operand(use, scope):
        return False
    said = text_orientation(f"{words_of_name(scope.name)} {scope.docstring}".lower())
    return said is not None and said[0] is not api.orientation


def _flips_own_operand(use: KernelUse, scope: Scope) -> bool:
    """A helper flips an array ``scope`` was given (``correlate(u, mirror(s))``): the
    flip is this function's, wherever its code is written."""
    helper = use.step_scope
    if helper is None or helper.kind != "function":
        return False
    root = use.operand.origin.root()
    return root.kind == "param" and root.key[0] == id(scope.node)


class FlipRule(Rule):
    """Report kernel uses whose flip verdict is one of ``VERDICTS``."""

    VERDICTS: ClassVar[frozenset[Verdict]]
    ALWAYS: ClassVar[frozenset[Verdict]] = frozenset()  # verdicts that need no evidence

    def run(self) -> None:
        reported: set[int] = set()
        for use in self.facts.model().kernel_uses():
            if use.verdict not in self.VERDICTS or id(use.outer) in reported:
                continue
            if use.verdict not in self.ALWAYS and not flip_intent(use):
                continue
            reported.add(id(use.outer))
            self.report(use.outer, self.message_for(use), self.rotation_fix(use))

    def message_for(self, use: KernelUse) -> str:
        return self.MESSAGE

    FIX_TITLE = "rotate the kernel by 180° on its spatial axes"

    def rotation_fix(self, use: KernelUse) -> Fix | None:
        """Replace the malformed flip with the 180-degree rotation on the spatial axes.

        Offered when the steps are one expression (``k[::-1][::-1]``, not flips spread
        over assignments) and are not in a helper other code also calls.
        """
        base = self._chain_base(use)
        if base is None or self._shared_helper(use):
            return None
        outer = use.outer
        assert isinstance(outer, cst.BaseExpression)
        rank = use.stack_rank
        if rank is not None and use.lead == 0 and use.spatial == tuple(range(rank)):
            if rank == 2:
                replacement = rotate180(base)
            else:
                slices = ", ".join(["::-1"] * rank)
                replacement = cst.parse_expression(f"_[{slices}]").with_changes(value=base)
            return replace_expr(outer, replacement, safe=False, title=self.FIX_TITLE)
        return self._axes_fix(use, base)

    def _chain_base(self, use: KernelUse) -> cst.BaseExpression | None:
        """The expression the steps apply to, when they are nested in one expression."""
        scope = use.step_scope
        if scope is None:
            return None
        node: cst.CSTNode = use.steps[0].node
        for step in use.steps[1:]:
            inner = _inner(node, scope)
            while inner is not None and inner is not step.node:
                inner = _through_conversion(inner, scope)
            if inner is None:
                return None
            node = inner
        return _inner(node, scope)

    def _shared_helper(self, use: KernelUse) -> bool:
        """The step sits in a function that is called from more than one place."""
        helper = use.step_scope
        if helper is None or helper.kind != "function" or helper is use.scope:
            return False
        calls = 0
        for scope in self.facts.scopes:
            for site in scope.calls:
                func = site.node.func
                name = func.attr.value if isinstance(func, cst.Attribute) else None
                if isinstance(func, cst.Name):
                    name = func.value
                calls += name == helper.name
        return calls != 1

    def _axes_fix(self, use: KernelUse, base: cst.BaseExpression) -> Fix | None:
        """``np.flip(w, (2, 3))`` / ``torch.flip(w, (2, 3))`` on a weight stack.

        Only when the steps leave the other axes in place: a channel swap written with
        the wrong spatial part (``w.transpose((1, 0, 3, 2))``) needs more than one call.
        """
        m = use.stack_map
        written = use.written_spatial
        if m is None or len(use.spatial) != 2 or written is None:
            return None
        if any(m.src[i] != i for i in range(m.ndim) if i not in use.spatial):
            return None
        outer = use.outer
        assert isinstance(outer, cst.BaseExpression)
        scope = use.step_scope
        resolved = scope.resolve(outer.func) if scope and isinstance(outer, cst.Call) else None
        api = use.filt.api
        if resolved is None:  # a slice or a method: the library of the filter
            resolved = api.name if api is not None else "numpy"
        library = "torch" if resolved.startswith("torch") else "numpy"
        local, imports = local_name_for(self.facts, f"{library}.flip")
        if imports:
            return None  # reached only through an import we would have to add
        a, b = written
        replacement = cst.parse_expression(f"{local}(_, ({a}, {b}))")
        assert isinstance(replacement, cst.Call)
        first = replacement.args[0].with_changes(value=base)
        replacement = replacement.with_changes(args=[first, *replacement.args[1:]])
        return replace_expr(outer, replacement, safe=False, title=self.FIX_TITLE)


def _inner(node: cst.CSTNode, scope: Scope) -> cst.BaseExpression | None:
    """What one step (``k[::-1]``, ``np.rot90(k)``, ``k.T``) applies to."""
    if not isinstance(node, cst.BaseExpression):
        return None
    step = axis_map_of_step(node, scope)
    return None if step is None else step[0]


def _through_conversion(node: cst.BaseExpression, scope: Scope) -> cst.BaseExpression | None:
    """``np.asarray(k)`` / ``k.copy()`` -> ``k``: conversions that are not steps."""
    step = axis_map_of_step(node, scope)
    if step is None or step[1] != AxisMap.identity:
        return None
    return step[0]
