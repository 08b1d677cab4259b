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

import libcst as cst

from ..analysis.apis import Orientation
from ..analysis.loopnest import (
    CanonicalNest,
    WindowNest,
    canonical_nest,
    enclosing_loops,
    names_used_outside,
    window_nest,
)
from ..analysis.windows import CONVOLUTION, CORRELATION, Window
from ..fix.build import local_name_for, name_is_free
from ._shared import target_function
from .base import Edit, Fix, Invalid, Rule

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
        for window in self.facts.windows():
            if window.form not in (CORRELATION, CONVOLUTION):
                continue
            if window.kind == "loop":
                self._check_accumulation(window)
                continue
            nest = window_nest(window)
            if nest is not None:
                self._report_nest(nest)

    def _orientation(self, window: Window) -> Orientation:
        if window.form == CONVOLUTION:
            return Orientation.CONVOLUTION
        return Orientation.CORRELATION

    def _message(self, window: Window) -> str:
        orientation = self._orientation(window)
        function = target_function(orientation, self.fix_target).rsplit(".", 1)[-1]
        return self.MESSAGE.format(
            operation="cross-correlation"
            if orientation is Orientation.CORRELATION
            else "convolution",
            call=f'{function}(x, k, mode="valid")',
        )

    def _check_accumulation(self, window: Window) -> None:
        acc = window.accumulation
        if acc is None or len(acc.loops) < 4:
            return
        loops = enclosing_loops(window.scope, window.statement) or acc.loops
        if all(isinstance(loop, cst.For) for loop in loops[-4:]):
            self.report(loops[-4], self._message(window))

    def _report_nest(self, nest: WindowNest) -> None:
        canonical = canonical_nest(nest)
        fix = self._fix(canonical) if canonical is not None else None
        self.report(nest.loops[0], self._message(nest.window), fix)

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
