"""CNV102 replaceable-window-loop (off by default).

## What it does
Finds a Python loop nest that computes a 2-D sliding-window product-sum one output
element at a time, where a single ``convflip.xcorr2d`` (or ``conv2d``) call computes
the whole result:

* ``out[r, c] = np.sum(x[r:r + kh, c:c + kw] * k)`` (or ``(... * k).sum()``) where
  ``r`` and ``c`` are the variables of two enclosing ``for`` loops;
* the four-loop accumulation ``acc += x[r + m][c + n] * k[m][n]``.

It stays silent on strided windows (``x[r*s:r*s + kh, ...]``), channel or batch sums
(``x[:, r:r + kh, c:c + kw]``), partial sums (``np.sum(..., axis=...)``), kernels that
change with the loop (``k[f]``) and windows produced by a helper generator: one 2-D
call does not compute those.

## Why is this bad?
Interpreted loops over every output pixel run 100-1,700x slower than a vectorized
correlation (measured against scipy and the ``convflip`` engines), and the
orientation of the loop is easy to get wrong when it is later compared with a library
call.  One named call says which operation it is.

## Example
```python
out = np.zeros((h - kh + 1, w - kw + 1))
for r in range(h - kh + 1):
    for c in range(w - kw + 1):
        out[r, c] = np.sum(img[r:r + kh, c:c + kw] * ker)
```

## Use instead
```python
out = xcorr2d(img, ker, mode="valid", dtype=np.float64)
```

## Fix safety
Unsafe, and offered only for the canonical nest above, when the code proves every
shape: the output is freshly allocated by ``np.zeros``/``np.empty`` with a 2-tuple
shape right before the loops; the two loops are ``range`` loops whose only statement
is the nested loop and ``out[r, c] = <window sum>``; each loop bound and output
dimension is ``x.shape[a] - k.shape[a] + 1`` (spelled directly or through names bound
once from ``x.shape`` and ``k.shape``) and the window extent on that axis is
``k.shape[a]``; the loop variables are not used after the loops.  The call keeps the
allocation's dtype (``dtype=`` is passed on; ``np.zeros``' default is ``float64``).
Even then the fix is never safe: the call adds the products in another order than
``np.sum`` (floating-point results may differ in the last bits), an integer input's
products are accumulated in the output dtype instead of wrapping in the input's, and
a loop that would have raised on mismatched shapes no longer does.  A window written
with a rotated kernel (``k[::-1, ::-1]``) becomes ``conv2d`` of the unrotated kernel.
Every other nest is reported without a fix.

## References
- convflip.xcorr2d / convflip.conv2d (runtime/convflip/api.py); scipy.signal.correlate2d
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from ..analysis import apis
from ..analysis.apis import Orientation
from ..analysis.exprs import call_arg, dotted, elements_of, int_tuple, string_value
from ..analysis.loopnest import (
    CanonicalNest,
    canonical_nest,
    enclosing_loops,
    names_used_outside,
    slice_start_var,
    window_nest,
)
from ..analysis.model import CallSite, Scope
from ..analysis.windows import CONVOLUTION, Window
from ..fix.build import local_name_for, name_is_free
from ..semantic import Filt, Kind, Model
from ..semantic.calls import Ctx
from ._shared import target_function
from .base import Edit, Fix, Invalid, Rule


@dataclass(frozen=True)
class _Nest:
    """A whole window sum whose two slices start at the variables of enclosing loops."""

    filt: Filt
    loops: tuple[cst.For, ...]  # from the outer of the two loops to the innermost loop


def _whole_sum(node: cst.CSTNode, scope: Scope | None, rank: int | None) -> bool:
    """The window product is summed over every element (no ``axis`` left over)."""
    if isinstance(node, cst.BinaryOperation):
        return True  # ``window.ravel() @ kernel.ravel()``
    if not isinstance(node, cst.Call) or scope is None:
        return False
    name = scope.resolve(node.func)
    if name == "numpy.einsum":
        spec = string_value(node.args[0].value) if node.args else None
        return spec is not None and spec.replace(" ", "").endswith("->")
    if name in apis.FLAT_DOT_CALLS or name == "numpy.tensordot":
        return True  # the evaluator made a window sum of it only for a full contraction
    axis = call_arg(node, None, "axis")
    if axis is None:
        axis = call_arg(node, 0 if name is None else 1, None)
    if axis is None:
        return True
    axes = int_tuple(axis)
    if axes is None or rank is None or not all(-rank <= a < rank for a in axes):
        return False
    return sorted(a % rank for a in axes) == list(range(rank))


def _start_names(filt: Filt) -> tuple[str, str] | None:
    """``(r, c)`` for a window ``x[r:r + kh, c:c + kw]`` (stride 1, two axes)."""
    window = filt.window
    subscript = window.node if window is not None else None
    if not isinstance(subscript, cst.Subscript) or len(elements_of(subscript)) != 2:
        return None
    if any(
        isinstance(e.slice, cst.Slice) and e.slice.step is not None for e in elements_of(subscript)
    ):
        return None
    row, col = (slice_start_var(e) for e in elements_of(subscript))
    if row is None or col is None or row == col:
        return None
    return row, col


def _loop_var(loop: cst.CSTNode) -> str | None:
    if isinstance(loop, cst.For) and isinstance(loop.target, cst.Name):
        return loop.target.value
    return None


def _origin_words(filt: Filt) -> set[str]:
    """The index spellings along the kernel's origin (``k[f]``, ``kernels[r, c]``)."""
    words: set[str] = set()
    origin = filt.raw_kernel.origin if filt.raw_kernel is not None else None
    while origin is not None:
        words.update(w.strip() for w in origin.index.split(","))
        origin = origin.parent
    return words


def _unpacked_length(statement: cst.CSTNode, value: cst.BaseExpression) -> int | None:
    """How many names ``a, b, c = value`` unpacks ``value`` into."""
    for small in getattr(statement, "body", ()):
        if isinstance(small, cst.Assign) and small.value is value:
            target = small.targets[0].target
            if isinstance(target, (cst.Tuple, cst.List)):
                return len(target.elements)
    return None


class _NestFinder:
    """Window sums evaluated at calls inside loop nests (directly or through a helper)."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.call_scopes = {
            id(site.node): scope for scope in model.facts.scopes for site in scope.calls
        }

    def nests(self) -> Iterator[_Nest]:
        for scope in self.model.facts.scopes:
            for site in scope.calls:
                if site.loop_depth >= 2:
                    yield from self._at(site, scope)

    def _at(self, site: CallSite, scope: Scope) -> Iterator[_Nest]:
        model = self.model
        for filt in model.values(site.node, scope, site.statement):
            if not isinstance(filt, Filt) or filt.kind is not Kind.WINDOW:
                continue
            if filt.orientation is None or filt.raw_kernel is None:
                continue
            rank = filt.window.rank if filt.window is not None else None
            if not _whole_sum(filt.node, self.call_scopes.get(id(filt.node)), rank):
                continue
            names = _start_names(filt)
            if names is None:
                continue
            if self._image_rank(filt) not in (None, 2):
                continue  # ``img[r:r+h, c:c+w]`` of a colour image is a 3-D window
            names = self._caller_names(site, scope, names)
            if names is None or set(names) & _origin_words(filt):
                continue
            loops = enclosing_loops(scope, site.statement) or ()
            owners = [i for i, loop in enumerate(loops) if _loop_var(loop) in names]
            if len(owners) != 2 or {_loop_var(loops[i]) for i in owners} != set(names):
                continue
            nest = tuple(loop for loop in loops[owners[0] :] if isinstance(loop, cst.For))
            if len(nest) == len(loops) - owners[0]:
                yield _Nest(filt, nest)

    def _image_rank(self, filt: Filt) -> int | None:
        """The rank of the array the window is cut from: known to the model, or shown
        by unpacking its shape where the window is cut (``h, w, c = img.shape``)."""
        window = filt.window
        if window is None:
            return None
        if window.image.ndim is not None:
            return window.image.ndim
        subscript = window.node
        scope = self.call_scopes.get(id(filt.node))
        name = dotted(subscript.value) if isinstance(subscript, cst.Subscript) else None
        if scope is None or name is None:
            return None
        for bindings in scope.bindings.values():
            for binding in bindings:
                value = binding.value
                if (
                    binding.unpack
                    and isinstance(value, cst.Attribute)
                    and value.attr.value == "shape"
                    and dotted(value.value) == name
                ):
                    return _unpacked_length(binding.statement, value)
        return None

    def _caller_names(
        self, site: CallSite, scope: Scope, names: tuple[str, str]
    ) -> tuple[str, str] | None:
        """The caller's names for a helper's slice starts (its parameters' arguments)."""
        at = self.model.at(site.statement)
        bound = self.model.evaluator.call_context(site.node, Ctx(scope), at)
        if bound is None:
            return names
        params = list(bound[1].scope.params)
        if isinstance(site.node.func, cst.Attribute) and params:
            params = params[1:]
        arguments = {p: a.value for p, a in zip(params, site.node.args, strict=False)}
        for arg in site.node.args:
            if arg.keyword is not None:
                arguments[arg.keyword.value] = arg.value
        out = []
        for name in names:
            if name not in bound[1].scope.params:
                out.append(name)  # a name of the helper's own (a closure's loop variable)
                continue
            value = arguments.get(name)
            if not isinstance(value, cst.Name):
                return None
            out.append(value.value)
        return out[0], out[1]


_CANONICAL = """\
import numpy as np

def slide(img, ker):
    h, w = img.shape
    kh, kw = ker.shape
    out = np.zeros((h - kh + 1, w - kw + 1))
    for r in range(h - kh + 1):
        for c in range(w - kw + 1):
            out[r, c] = np.sum(img[r:r + kh, c:c + kw] * ker)
    return out
"""

_CANONICAL_FIXED = """\
import numpy as np
from convflip import xcorr2d

def slide(img, ker):
    h, w = img.shape
    kh, kw = ker.shape
    out = xcorr2d(img, ker, mode="valid", dtype=np.float64)
    return out
"""


class ReplaceableWindowLoop(Rule):
    CODE = "CNV102"
    NAME = "replaceable-window-loop"
    MESSAGE = (
        "CNV102 this loop nest computes a 2-D {operation} one element at a time; "
        "use {call} (one vectorized call)"
    )
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # strided windows: no single stride-1 call computes this
        """\
        import numpy as np
        def pool_conv(x, k, s):
            out = np.zeros((4, 4))
            for r in range(4):
                for c in range(4):
                    out[r, c] = np.sum(x[r * s:r * s + 3, c * s:c * s + 3] * k)
            return out
        """,
        # a channel sum over a multi-channel window (a CNN layer, not one 2-D call)
        """\
        import numpy as np
        def layer(x, w, out):
            for r in range(8):
                for c in range(8):
                    out[r, c] = np.sum(x[:, r:r + 3, c:c + 3] * w)
        """,
        # per-filter partial sums over a bank of kernels
        """\
        import numpy as np
        def bank(x, filters, out):
            for r in range(8):
                for c in range(8):
                    out[r, c] = np.sum(x[r:r + 3, c:c + 3] * filters, axis=(1, 2))
        """,
        # a kernel that changes with the loop
        """\
        import numpy as np
        def local_filter(x, kernels, out):
            for r in range(8):
                for c in range(8):
                    out[r, c] = np.sum(x[r:r + 3, c:c + 3] * kernels[r, c])
        """,
        # one window outside any loop
        """\
        import numpy as np
        corner = np.sum(pic[0:3, 0:3] * taps)
        """,
    )
    INVALID = (
        Invalid(_CANONICAL, fixed=_CANONICAL_FIXED),
        # not canonical (loop bounds not tied to the shapes): reported, no fix
        """\
        import numpy as np
        def conv_forward_naive(x, w):
            out = np.zeros((4, 4))
            for i in range(4):
                for j in range(4):
                    out[i, j] = (x[i:i + 3, j:j + 3] * w).sum()
            return out
        """,
        # the rotated kernel makes it a true convolution
        """\
        import numpy as np
        def true_conv(pic, taps, res):
            for r in range(6):
                for c in range(6):
                    res[r, c] = np.sum(pic[r:r + 3, c:c + 3] * taps[::-1, ::-1])
        """,
        # the four-loop accumulation form
        """\
        def slow_corr(pic, taps, res):
            for r in range(6):
                for c in range(6):
                    acc = 0.0
                    for m in range(3):
                        for n in range(3):
                            acc += pic[r + m][c + n] * taps[m][n]
                    res[r][c] = acc
        """,
    )

    def run(self) -> None:
        model = self.facts.model()
        windows = {id(w.node): w for w in self.facts.windows()}
        for nest in _NestFinder(model).nests():
            self._report_nest(nest, windows.get(id(nest.filt.node)))
        for window in model.evaluator.loop_windows.values():
            self._check_accumulation(model, window)

    @staticmethod
    def _orientation(window: Window) -> Orientation:
        if window.form == CONVOLUTION:
            return Orientation.CONVOLUTION
        return Orientation.CORRELATION

    def _message(self, orientation: Orientation) -> str:
        function = target_function(orientation, self.fix_target).rsplit(".", 1)[-1]
        return self.MESSAGE.format(
            operation="cross-correlation"
            if orientation is Orientation.CORRELATION
            else "convolution",
            call=f'{function}(x, k, mode="valid")',
        )

    def _check_accumulation(self, model: Model, window: Window) -> None:
        acc = window.accumulation
        if acc is None or len(acc.loops) < 4:
            return
        values = model.values(acc.term, window.scope, window.statement)
        orientations = {v.orientation for v in values if isinstance(v, Filt)} - {None}
        if len(orientations) != 1:
            return
        loops = enclosing_loops(window.scope, window.statement) or acc.loops
        if all(isinstance(loop, cst.For) for loop in loops[-4:]):
            self.report(loops[-4], self._message(orientations.pop()))

    def _report_nest(self, nest: _Nest, window: Window | None) -> None:
        orientation = nest.filt.orientation
        assert orientation is not None
        fix = None
        found = window_nest(window) if window is not None else None
        if found is not None and found.loops[0] is nest.loops[0]:
            canonical = canonical_nest(found)
            fix = self._fix(canonical) if canonical is not None else None
        self.report(nest.loops[0], self._message(orientation), fix)

    def _fix(self, canonical: CanonicalNest) -> Fix | None:
        nest = canonical.nest
        window = nest.window
        loop_vars = {nest.row_var, nest.col_var}
        if names_used_outside(window.scope, loop_vars, nest.loops[0]):
            return None
        orientation = self._orientation(window)
        qualified = target_function(orientation, self.fix_target)
        local, imports = local_name_for(self.facts, qualified)
        if imports and not name_is_free(self.facts, local, qualified):
            return None
        kernel = (
            window.kernel.base if orientation is Orientation.CONVOLUTION else window.kernel.expr
        )
        call = self._call_text(canonical, local, kernel)
        if call is None:
            return None
        new_line = canonical.allocation.with_changes(
            body=[cst.Assign([cst.AssignTarget(cst.Name(canonical.output))], call)],
            leading_lines=(*canonical.allocation.leading_lines, *nest.loops[0].leading_lines),
        )
        return Fix(
            safe=False,
            title=f"replace the loop nest with one {local} call",
            edits=(
                Edit(nest.loops[0], new_line),
                Edit(canonical.allocation, cst.RemoveFromParent()),  # type: ignore[arg-type]
            ),
            add_imports=imports,
        )

    def _call_text(
        self, canonical: CanonicalNest, local: str, kernel: cst.BaseExpression
    ) -> cst.BaseExpression | None:
        from libcst.helpers import parse_template_expression

        module = cst.Module([])
        alloc = canonical.alloc_call
        dtype = next(
            (a.value for a in alloc.args if a.keyword and a.keyword.value == "dtype"), None
        )
        numpy_prefix = module.code_for_node(alloc.func).rpartition(".")[0]
        if dtype is None:
            if not numpy_prefix:
                return None
            dtype = cst.parse_expression(f"{numpy_prefix}.float64")
        image = canonical.nest.window.image
        if self.fix_target == "scipy":
            template = '{fn}({x}, {k}, mode="valid").astype({dtype})'
        else:
            template = '{fn}({x}, {k}, mode="valid", dtype={dtype})'
        return parse_template_expression(
            template, fn=cst.parse_expression(local), x=image, k=kernel, dtype=dtype
        )
