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
calls the other function; the import it leaves unused is removed.  Safety depends on
the target and on what the code shows:

* convflip target, ``convolve2d(x, flip(k), m)`` -> ``xcorr2d(x, k, m)``: safe for
  ``'full'`` and ``'valid'`` with every dtype (convolve2d never conjugates, xcorr2d does
  not conjugate by default: docs/semantics.md A17, F1); for ``'same'`` safe only when both
  kernel sides are statically odd (A8: on an even side the anchors differ by one
  sample); otherwise unsafe.
* convflip target, ``correlate2d(x, flip(k), m)`` -> ``conv2d(x, k, m)``: correlate2d
  conjugates its kernel (A2, A17), so the two agree only for a real kernel: safe when
  the kernel is shown to be real (integer or float evidence) and the mode rule above
  holds, else unsafe.
* ``--fix-target scipy`` (``correlate2d``/``convolve2d`` both ways): correlate2d
  conjugates, so both directions need a real kernel, plus the same mode rule (A2, A8).

## References
- scipy.signal.convolve2d, scipy.signal.correlate2d; docs/semantics.md A2, A8, A17, F1
"""

from __future__ import annotations

import libcst as cst

from ..analysis.alignment import kernel_shape
from ..analysis.apis import Orientation
from ..analysis.axes import Turn
from ..analysis.dtypes import Kind, value_kind
from ..analysis.model import ApiCall
from ..fix.build import replace_callee
from ._shared import portable_args, target_function
from .base import Fix, Invalid, Rule

_PAIR = frozenset({"scipy.signal.convolve2d", "scipy.signal.correlate2d"})
_REAL = frozenset({Kind.INTEGER, Kind.FLOAT})


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
    )

    def run(self) -> None:
        for call in self.facts.api_calls():
            if call.api.name not in _PAIR or call.kernel is None:
                continue
            view = self.facts.kernel_view(call.kernel, call.scope)
            if not view.has_steps or view.turn(2) is not Turn.ROT180:
                continue
            if view.is_symmetric():
                continue  # the rotation is a no-op either way; CNV-flip rules judge it
            self._report(call, view.base, view.followed)

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
        """Whether the rewrite computes the same numbers on every input (see docs)."""
        mode = call.mode
        if mode not in ("full", "valid", "same"):
            return False
        if mode == "same":
            shape = kernel_shape(base, call.scope)
            if shape is None or len(shape) != 2 or any(n % 2 == 0 for n in shape):
                return False
        conjugation_matters = (
            self.fix_target == "scipy" or call.api.orientation is Orientation.CORRELATION
        )
        if conjugation_matters:
            return value_kind(base, call.scope).kind in _REAL
        return True
