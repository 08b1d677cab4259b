"""CNV203 flipped-kernel-convolve-is-correlate.

## What it does
Finds a kernel rotated by 180 degrees (``k[::-1, ::-1]``, ``np.rot90(k, 2)``,
``np.flip(k)`` on a 2-D kernel) and then passed to a convolution API, or used in a
convolution-form loop ``x[i - m, j - n] * k_rot[m, n]``, in code that documents a
convolution (PSF, blur or forward model, "convolve with") or checks its result against
a true convolution of the unrotated kernel.

## Why is this bad?
The convolution APIs, and the ``i - m`` indexing, already rotate the kernel.  Rotating
it first cancels that rotation and the result is a cross-correlation.  The
"convolution = flip, then slide" recipe is often applied twice this way; with an
asymmetric kernel the output is mirrored relative to the intended one.

It stays silent where correlation is the goal: template matching
(``fftconvolve(image, template[::-1, ::-1])``), the mirrored-PSF step of
Richardson-Lucy (the same scope also convolves with the unrotated PSF), a reference
for a correlation layer (compared with ``correlate2d`` or a framework conv), and inside
gradient code, where CNV206 judges the flips against the forward pass.

## Example
```python
def observe(scene, psf):
    \"\"\"Forward model: convolve the scene with the PSF.\"\"\"
    return convolve2d(scene, psf[::-1, ::-1], "same")
```

## Use instead
```python
def observe(scene, psf):
    \"\"\"Forward model: convolve the scene with the PSF.\"\"\"
    return convolve2d(scene, psf, "same")
```

## Fix safety
Unsafe, and offered only when the rotation is written inside the call: the fix drops
it, which turns the correlation into the documented convolution
(``conv2d(x, rot180(rot180(k)), m) = conv2d(x, k, m)``).  A behaviour-preserving
rewrite to ``xcorr2d(x, k, m)`` is not offered: it would keep the mistake (and, for
even kernels in 'same' mode, it differs by one sample, A8).

## References
- scipy.signal.convolve2d, scipy.signal.fftconvolve, numpy.rot90
- docs/semantics.md A1, A2, A8, F1
"""

from __future__ import annotations

from ..analysis.apis import Orientation
from ..analysis.axes import Turn
from ..analysis.flips import KernelUse, Verdict, kernel_uses, step_count, verdict
from ..analysis.flow import comparisons_holding
from ..analysis.intent import (
    describes_symmetric_kernel,
    documented_orientation,
    physical_convolution,
)
from ..analysis.layers import backward_scopes
from ..analysis.model import ApiCall
from ..analysis.windows import CONVOLUTION, Window
from ..fix.build import replace_expr
from ._shared import has_adjoint_partner, in_gradient_code
from .base import Fix, Invalid, Rule

_MODEL = '''\
from scipy.signal import convolve2d


def observe(scene, beam):
    """Forward model: convolve the scene with the telescope PSF."""
    return convolve2d(scene, beam[::-1, ::-1], "same")
'''


class FlippedKernelConvolve(Rule):
    CODE = "CNV203"
    NAME = "flipped-kernel-convolve-is-correlate"
    MESSAGE = (
        "CNV203 the kernel is rotated 180° before a convolution that rotates it again, "
        "so this computes a cross-correlation; pass the kernel unrotated"
    )
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # template matching through an FFT convolution of the rotated template
        '''\
        from scipy.signal import fftconvolve
        def match_template(image, template):
            """Cross-correlate the template with the image."""
            return fftconvolve(image, template[::-1, ::-1], mode="valid")
        ''',
        # Richardson-Lucy: the mirrored PSF is the adjoint of the forward convolution
        '''\
        import numpy as np
        from scipy.signal import convolve2d
        def deconvolve(blurred, psf, steps=30):
            """Iterative PSF deconvolution."""
            mirror = psf[::-1, ::-1]
            est = np.full(blurred.shape, 0.5)
            for _ in range(steps):
                ratio = blurred / convolve2d(est, psf, "same")
                est = est * convolve2d(ratio, mirror, "same")
            return est
        ''',
        # the reference for a correlation layer, checked against a correlation
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        def test_layer_reference(pic, taps):
            ref = convolve2d(pic, taps[::-1, ::-1], "valid")
            assert np.allclose(ref, correlate2d(pic, taps, "valid"))
        """,
        # no documentation of a convolution: the author may want the correlation
        """\
        from scipy.signal import convolve2d
        def apply(pic, taps):
            return convolve2d(pic, taps[::-1, ::-1], "valid")
        """,
    )
    INVALID = (
        Invalid(_MODEL, fixed=_MODEL.replace("beam[::-1, ::-1]", "beam")),
        """\
        import numpy as np
        from scipy import ndimage
        from scipy.signal import convolve2d
        def test_matches_ndimage(pic):
            taps = np.arange(9.0).reshape(3, 3)
            mine = convolve2d(pic, np.rot90(taps, 2), "same")
            np.testing.assert_allclose(mine, ndimage.convolve(pic, taps, mode="constant"))
        """,
        '''\
        import numpy as np
        def blur_by_hand(img, psf):
            """Convolve with the point spread function."""
            rot = psf[::-1, ::-1]
            out = np.zeros_like(img)
            for i in range(2, img.shape[0]):
                for j in range(2, img.shape[1]):
                    for m in range(3):
                        for n in range(3):
                            out[i, j] += img[i - m, j - n] * rot[m, n]
            return out
        ''',
    )

    def run(self) -> None:
        skip = backward_scopes(self.facts)
        for use in kernel_uses(self.facts):
            if id(use.scope) in skip or in_gradient_code(use.scope):
                continue
            if not self._cancelling(use):
                continue
            if self._documents_convolution(use) or self._tested_as_convolution(use):
                self.report(self._node(use), self.MESSAGE, self._fix(use))

    def _cancelling(self, use: KernelUse) -> bool:
        """A proper rotation meeting a second, implicit one."""
        if use.api is not None:
            return (
                use.api.api.orientation is Orientation.CONVOLUTION
                and verdict(use) is Verdict.PROPER
            )
        window = use.window
        if window is None or window.kind != "loop" or window.form != CONVOLUTION:
            return False
        return window.kernel.turn(window.kernel.ndim() or 2) is Turn.ROT180

    def _documents_convolution(self, use: KernelUse) -> bool:
        if physical_convolution(use.scope, self.facts, use.view.key) is None:
            return False
        if describes_symmetric_kernel(use.scope, use.view.key):
            return False
        return use.api is None or not has_adjoint_partner(use.api, self.facts)

    def _tested_as_convolution(self, use: KernelUse) -> bool:
        """Compared with a true convolution of the same, unrotated kernel."""
        if documented_orientation(use.scope, self.facts) is Orientation.CORRELATION:
            return False
        mine = use.api if use.api is not None else use.window
        base = use.view.key
        for sides, holding in comparisons_holding(mine, self.facts):
            for i, side in enumerate(sides):
                if i == holding:
                    continue
                if any(self._true_convolution_of(s.item, s.key(base)) for s in side):
                    return True
        return False

    def _true_convolution_of(self, item: ApiCall | Window, base: str | None) -> bool:
        if base is None:
            return False
        if isinstance(item, ApiCall):
            if item.kernel is None or item.api.orientation is not Orientation.CONVOLUTION:
                return False
            view = self.facts.kernel_view(item.kernel, item.scope)
            return not view.has_steps and view.key == base
        if item.kind == "loop" and item.kernel.has_steps:
            return False  # a rotated kernel in a convolution-form loop is a correlation
        return item.form == CONVOLUTION and item.kernel.key == base

    def _node(self, use: KernelUse):
        if use.api is not None:
            return use.api.node
        assert use.window is not None
        return use.window.node

    def _fix(self, use: KernelUse) -> Fix | None:
        view = use.view
        outer = view.outer_step
        if use.api is None or outer is None or view.followed or outer is not view.expr:
            return None
        if step_count(view) != 1:
            return None
        return replace_expr(outer, view.base, safe=False, title="drop the second rotation")
