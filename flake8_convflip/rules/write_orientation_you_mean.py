"""CNV501 write-the-orientation-you-mean (off by default).

## What it does
Finds a call of one orientation given a kernel rotated by 180 degrees, which computes
the other orientation: ``convolve2d(x, k[::-1, ::-1])`` is a cross-correlation and
``correlate2d(x, np.flip(k))`` is a convolution.  The code is correct; this rule asks
for the direct spelling.  Off by default: enable it with ``--extend-select CNV501``.

## Why is this bad?
Two reversals that cancel are the most common source of orientation bugs: a reader
(or a later edit) removes one and not the other, or a helper "fixes" the flip a second
time (real-world-instances.md B05, B17).  ``xcorr2d(x, k)`` says what is computed.

## Example
```python
score = convolve2d(frame, patch[::-1, ::-1], "valid")
```

## Use instead
```python
from convflip import xcorr2d

score = xcorr2d(frame, patch, "valid")
```

## Fix safety
The fix keeps the arguments and the user's import aliases, removes the rotation and
calls the other function; the import it leaves unused is removed.  A new import never
shadows a name of the file's own: when ``xcorr2d`` (or ``conv2d``) is already bound to
something else, the fix writes ``convflip.xcorr2d`` under ``import convflip``, or
offers no fix.  Safe means the same result *and the same exception* on every input:

* convflip target (the default): **unsafe**.  ``convflip.xcorr2d``/``conv2d`` agree
  with scipy, to rounding, on every 2-D input scipy accepts, but not on what else
  happens: bool and float16 inputs raise ``ValueError`` in scipy and ``TypeError`` in
  convflip, a 3-D image raises in scipy and is a batch in convflip, an empty image
  returns an empty array in scipy and raises in convflip.  The linter cannot see an
  array's dtype or rank in general, so the rewrite is offered for review.  Its
  numbers follow docs/semantics.md A17, F1 (no conjugation on either side) and A8
  ('same' agrees only when both kernel sides are odd).
* ``--fix-target scipy`` (``correlate2d``/``convolve2d`` both ways): **safe** only when
  the code shows the kernel is a real 2-D numpy array of known shape (built by a call
  such as ``np.array`` or ``rng.random``; a nested list's ``[::-1, ::-1]`` raised
  ``TypeError``, the rewritten call would not), both sides odd for ``'same'`` (A8),
  and, for ``'valid'``, a real image as well: correlate2d conjugates its second
  operand (A2, A17), and with a kernel larger than the image scipy swaps the operands,
  which conjugates a complex image.  Otherwise unsafe.

## References
- scipy.signal.convolve2d, scipy.signal.correlate2d; docs/semantics.md A2, A8, A17, F1
"""

from __future__ import annotations

import libcst as cst

from ..analysis.alignment import kernel_shape
from ..analysis.apis import Orientation
from ..analysis.axes import Turn
from ..analysis.dtypes import Kind as DtypeKind
from ..analysis.dtypes import value_kind
from ..analysis.model import ApiCall, Scope
from ..fix.build import replace_callee
from ..semantic import Kind, symmetric_kernel
from ._shared import portable_args, target_function
from .base import Fix, Invalid, Rule

_PAIR = frozenset({"scipy.signal.convolve2d", "scipy.signal.correlate2d"})
_REAL = frozenset({DtypeKind.INTEGER, DtypeKind.FLOAT})


class WriteOrientationYouMean(Rule):
    CODE = "CNV501"
    # a rewrite that keeps behaviour has no place on a line another rule says is wrong
    YIELDS_TO = ("CNV203", "CNV206", "CNV301", "CNV302", "CNV303", "CNV401")
    NAME = "write-the-orientation-you-mean"
    MESSAGE = (
        "CNV501 {api} with a 180°-rotated kernel computes a {result}; call {better} with "
        "the kernel as written"
    )
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # no rotation
        """\
        from scipy.signal import convolve2d
        out = convolve2d(img, ker, "valid")
        """,
        # one axis only: a different operation, not a spelled-out orientation
        """\
        from scipy.signal import correlate2d
        out = correlate2d(img, ker[::-1], "valid")
        """,
        # a 1-D reversal for numpy's convolve is left alone
        """\
        import numpy as np
        out = np.convolve(sig, taps[::-1])
        """,
    )
    INVALID = (
        Invalid(
            """\
            from scipy.signal import convolve2d

            score = convolve2d(frame, patch[::-1, ::-1], "valid")
            """,
            fixed="""\
            from convflip import xcorr2d

            score = xcorr2d(frame, patch, "valid")
            """,
        ),
        Invalid(
            """\
            import numpy as np
            import scipy.signal as ss

            edge = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
            gx = ss.correlate2d(frame, np.flip(edge), mode="same")
            """,
            fixed="""\
            import numpy as np
            from convflip import conv2d

            edge = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
            gx = conv2d(frame, edge, mode="same")
            """,
        ),
        # rotated by a helper: reported, and left for the reader to move
        Invalid(
            """\
            from scipy.signal import correlate2d


            def rotated(k):
                return k[::-1, ::-1]


            def blur(img, psf):
                return correlate2d(img, rotated(psf), "same")
            """
        ),
    )

    def run(self) -> None:
        model = self.facts.model()
        reported: set[int] = set()
        for use in model.rotations():
            filt = use.filt
            if filt.kind is not Kind.API or filt.api is None or filt.api.name not in _PAIR:
                continue
            if use.on_window or use.operand is not filt.raw_kernel or symmetric_kernel(filt):
                continue  # a rotation of a symmetric kernel is a no-op either way
            call = model.evaluator.api_calls.get(filt.ident)
            if call is None or call.kernel is None or id(call.node) in reported:
                continue
            reported.add(id(call.node))
            # the fix removes a rotation written in the argument itself; one made in a
            # helper or an assignment is reported for the reader to move
            view = self.facts.kernel_view(call.kernel, call.scope)
            if view.has_steps and view.turn(2) is Turn.ROT180 and not view.is_symmetric():
                self._report(call, view.base, view.followed)
            else:
                self._report(call, call.kernel, followed=True)

    def _report(self, call: ApiCall, base: cst.BaseExpression, followed: bool) -> None:
        other = (
            Orientation.CORRELATION
            if call.api.orientation is Orientation.CONVOLUTION
            else Orientation.CONVOLUTION
        )
        target = target_function(other, self.fix_target)
        result = "cross-correlation" if other is Orientation.CORRELATION else "convolution"
        message = self.MESSAGE.format(
            api=call.api.short, result=result, better=target.rpartition(".")[2]
        )
        fix = None if followed else self._fix(call, base, target)
        self.report(call.node, message, fix)

    def _fix(self, call: ApiCall, base: cst.BaseExpression, target: str) -> Fix | None:
        args = portable_args(call)
        if args is None or len(args) < 2 or args[1].keyword is not None:
            return None
        args = [args[0], args[1].with_changes(value=base), *args[2:]]
        return replace_callee(
            self.facts,
            call.node,
            target,
            safe=self._safe(call, base),
            title="call the orientation the code computes",
            args=args,
        )

    def _safe(self, call: ApiCall, base: cst.BaseExpression) -> bool:
        """Whether the rewrite behaves the same on every input, exceptions included."""
        if self.fix_target != "scipy":
            return False  # the runtime raises other exceptions than scipy (see docs)
        mode = call.mode
        if mode not in ("full", "valid", "same"):
            return False
        shape = kernel_shape(base, call.scope)
        if shape is None or len(shape) != 2 or not _built_by_call(base, call.scope):
            return False
        if mode == "same" and any(n % 2 == 0 for n in shape):
            return False
        if value_kind(base, call.scope).kind not in _REAL:
            return False
        # 'valid' with a kernel larger than the image swaps the operands in scipy
        return mode != "valid" or value_kind(call.image, call.scope).kind in _REAL


def _built_by_call(node: cst.BaseExpression, scope: Scope, depth: int = 0) -> bool:
    """The value is made by a call (an ndarray constructor), not a list literal."""
    if isinstance(node, cst.Call):
        return True
    if isinstance(node, cst.Name) and depth < 8:
        assigns = [b for b in scope.lookup(node.value) if b.kind == "assign"]
        if len(assigns) == 1 and assigns[0].value is not None and not assigns[0].loop_depth:
            return _built_by_call(assigns[0].value, scope, depth + 1)
    return False
