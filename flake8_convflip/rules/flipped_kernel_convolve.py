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

import libcst as cst

from ..analysis.apis import Orientation
from ..analysis.intent import (
    describes_symmetric_kernel,
    documented_orientation,
    names_correlation,
    physical_convolution,
)
from ..fix.build import replace_expr
from ..semantic import (
    Filt,
    KernelUse,
    Kind,
    Model,
    Placed,
    adjoint_partner,
    kernel_names,
    same_operands,
    symmetric_kernel,
)
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
        # rotated, then summed in the correlation form: the recipe once (a convolution)
        """\
        import numpy as np
        def convolve_valid(f, h):
            \"\"\"'valid' convolution of f and h, written out.\"\"\"
            km, kn = h.shape
            h_rot = np.rot90(h, 2)
            g = np.zeros((f.shape[0] - km + 1, f.shape[1] - kn + 1))
            for i in range(g.shape[0]):
                for j in range(g.shape[1]):
                    total = 0.0
                    for m in range(km):
                        for n in range(kn):
                            total = total + f[i + m, j + n] * h_rot[m, n]
                    g[i, j] = total
            return g
        """,
        # a function that says it correlates may rotate and index backwards on purpose
        """\
        import numpy as np
        def correlate_by_convolution(img, k):
            \"\"\"Cross-correlation written through the convolution form.\"\"\"
            k = np.rot90(k, 2)
            res = np.zeros((img.shape[0] - 2, img.shape[1] - 2))
            for r in range(res.shape[0]):
                for c in range(res.shape[1]):
                    for p in range(3):
                        for q in range(3):
                            res[r][c] += k[p][q] * img[r + 2 - p][c + 2 - q]
            return res
        """,
        # two index arrays in one subscript pair their entries (an anti-diagonal), and an
        # index array shorter than the axis crops it: neither is the rotation
        '''\
        import numpy as np
        from scipy import signal
        def blur(frame, psf):
            """Convolve the frame with the motion PSF."""
            kh, kw = psf.shape
            rows = kh - 1 - np.arange(kh)
            cols = kw - 1 - np.arange(kw)
            diagonal = psf[rows, cols]
            crop = psf[2 - np.arange(2)]
            return signal.convolve(frame, psf, mode="same"), diagonal, crop
        ''',
        # an index that names itself again (``i = order[i]``) is no reversed ramp
        '''\
        from scipy.signal import convolve2d
        def blur_step(frame, psfs, order, i):
            """Convolve with the next PSF of the schedule."""
            i = order[i]
            return convolve2d(frame, psfs[i], mode="same")
        ''',
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
        # the rotation written element by element in a helper
        '''\
        import numpy as np
        from scipy.signal import convolve2d
        def rotate(k):
            out = np.zeros_like(k)
            for i in range(k.shape[0]):
                for j in range(k.shape[1]):
                    out[i, j] = k[k.shape[0] - 1 - i, k.shape[1] - 1 - j]
            return out
        def blur(img, psf):
            """Blur the image with the PSF."""
            return convolve2d(img, rotate(psf), "same")
        ''',
        # an n-d convolution: the kernel is 2-D because every caller passes a 2-D PSF
        '''\
        import numpy as np
        from scipy.signal import fftconvolve
        def blur(image, psf):
            """Blur the image with the PSF (a true convolution)."""
            return fftconvolve(image, np.rot90(psf, 2), mode="same")
        def demo():
            return blur(np.random.rand(16, 16), np.random.rand(5, 5))
        ''',
        # np.flip of a kernel of unknown rank, fed to an n-d convolution of a 2-D image
        '''\
        import numpy as np
        from scipy.signal import fftconvolve
        def render(scene, psf):
            """Forward model: the scene convolved with the PSF."""
            kern = np.flip(psf)
            return fftconvolve(scene, kern, mode="same")
        def make_psf(n=7):
            y, x = np.mgrid[-3:4, -3:4]
            return np.exp(-(x**2 + y**2) / 1.5) + np.where(x > 0, 0.3, 0.0)
        image = render(np.zeros((31, 31)), make_psf())
        ''',
        # a lambda is a function: its rotation reaches the convolution it calls
        """\
        import numpy as np
        from scipy import signal
        smear = lambda field, spread: signal.oaconvolve(field, np.flip(spread), mode="same")
        f = np.random.rand(20, 20)
        s = np.random.rand(5, 5)
        np.testing.assert_allclose(smear(f, s), signal.convolve2d(f, s, mode="same"))
        """,
        # the kernel rotated, then summed in the convolution form: the recipe twice
        """\
        import numpy as np
        def convolve_full(f, h):
            \"\"\"'full' result of f and h, written out.\"\"\"
            km, kn = h.shape
            h_rot = np.rot90(h, 2)
            g = np.zeros((f.shape[0] + km - 1, f.shape[1] + kn - 1))
            for i in range(g.shape[0]):
                for j in range(g.shape[1]):
                    total = 0.0
                    for m in range(km):
                        for n in range(kn):
                            a, b = i - m, j - n
                            if 0 <= a < f.shape[0] and 0 <= b < f.shape[1]:
                                total = total + f[a, b] * h_rot[m, n]
                    g[i, j] = total
            return g
        """,
        # the same with a helper that mirrors the kernel element by element
        """\
        import numpy as np
        def mirror(k):
            out = k.copy()
            for p in range(k.shape[0]):
                for q in range(k.shape[1]):
                    out[p][q] = k[k.shape[0] - p - 1][k.shape[1] - q - 1]
            return out
        def conv(img, k):
            k = mirror(k)
            res = np.zeros((img.shape[0] - 2, img.shape[1] - 2))
            for r in range(res.shape[0]):
                for c in range(res.shape[1]):
                    for p in range(3):
                        for q in range(3):
                            res[r][c] += k[p][q] * img[r + 2 - p][c + 2 - q]
            return res
        """,
        # rotated by index arrays that count each axis down, then convolved
        '''\
        import numpy as np
        from scipy import signal
        def blur(frame, psf):
            """Convolve the frame with the motion PSF."""
            kh, kw = psf.shape
            rows = kh - 1 - np.arange(kh)
            cols = np.arange(kw)[::-1]
            return signal.convolve2d(frame, psf[rows][:, cols], mode="same")
        ''',
        # the forward model's caller documents the convolution; a helper filters
        '''\
        import numpy as np
        from scipy.signal import fftconvolve
        def _filtered(scene, kern):
            return fftconvolve(scene, kern, mode="same")
        def render(scene, psf):
            """Forward model: the scene convolved with the PSF."""
            return _filtered(scene, np.flip(psf))
        image = render(np.zeros((31, 31)), np.random.rand(7, 7))
        ''',
        Invalid(
            '''\
            # a PSF built on a coordinate grid, rotated one axis at a time, then convolved
            import numpy as np
            from scipy.signal import fftconvolve
            def beam_psf(radius=6, drift=2.0):
                ax = np.arange(-radius, radius + 1, dtype=float)
                x, y = np.meshgrid(ax, ax)
                return np.exp(-((x - drift) ** 2 + y ** 2) / 8.0)
            def deposited(dose, psf):
                """The dose map convolved with the PSF."""
                flipped = psf[:, ::-1][::-1, :]
                return fftconvolve(dose, flipped, mode="same")
            energy = deposited(np.random.rand(32, 32), beam_psf())
            '''
        ),
    )

    def run(self) -> None:
        model = self.facts.model()
        for use in model.rotations():
            scope = use.scope
            if scope is None or model.gradient_code(scope):
                continue
            if use.evidence.gradient or not _cancelling(use):
                continue
            if (
                self._documents_convolution(model, use)
                or self._tested_as_convolution(model, use)
                or self._recipe_twice(use)
            ):
                self.report(use.filt.node, self.MESSAGE, self._fix(model, use))

    def _documents_convolution(self, model: Model, use: KernelUse) -> bool:
        """The code documents a convolution where the filter is computed, where the
        rotation is written, or in a function that reaches the filter through helpers
        (``render`` says "convolved with the PSF" and calls ``_apply(scene, kern)``)."""
        assert use.scope is not None
        names = kernel_names(model, use.filt)
        views = model.views(Placed(use.filt, use.scope, 0))
        scopes = [view.scope for view in views]
        step = use.step_scope
        if step is not None and step.kind == "function" and step not in scopes:
            scopes.append(step)
        if any(adjoint_partner(model, view.filt, view.scope) for view in views):
            return False
        for scope in scopes:
            if any(describes_symmetric_kernel(scope, n) for n in names):
                return False
        return any(physical_convolution(s, self.facts, n) for s in scopes for n in names)

    def _recipe_twice(self, use: KernelUse) -> bool:
        """A function that rotates its kernel (or has a helper rotate it) and then sums in
        the convolution form ``x[i - m] * k[m]`` itself: each half is the whole recipe
        for a convolution (the index already rotates), so together they cancel.  Silent
        when the function says it correlates (a correlation spelled through the
        convolution form on purpose)."""
        scope = use.scope
        assert scope is not None
        if use.filt.kind is not Kind.LOOP or not use.evidence.window:
            return False  # the rotation is written in the sum's code or a helper it calls
        if use.evidence.literal or scope.kind != "function":
            return False
        return not names_correlation(scope)

    def _tested_as_convolution(self, model: Model, use: KernelUse) -> bool:
        """Claimed equal to a true convolution of the same, unrotated kernel."""
        assert use.scope is not None
        if documented_orientation(use.scope, self.facts) is Orientation.CORRELATION:
            return False
        return use.filt.ident in self._tested(model)

    def _tested(self, model: Model) -> set[int]:
        """The correlations claimed equal to a true convolution of the same operands."""
        found = self.facts.cache.get("cnv203-tested")
        if found is None:
            found = set()
            for pair in model.claimed_pairs():
                mine, ref = pair.a, pair.b
                if not (isinstance(mine, Filt) and isinstance(ref, Filt)):
                    continue
                if mine.orientation is not Orientation.CORRELATION:
                    continue
                if ref.orientation is Orientation.CONVOLUTION and same_operands(mine, ref):
                    if not symmetric_kernel(ref):
                        found.add(mine.ident)
            self.facts.cache["cnv203-tested"] = found
        return found

    def _fix(self, model: Model, use: KernelUse) -> Fix | None:
        """Drop the rotation when it is written as the call's kernel argument."""
        call = model.evaluator.api_calls.get(use.filt.ident)
        if call is None or len(use.steps) != 1 or call.kernel is not use.outer:
            return None
        inner = _step_operand(use.outer)
        if inner is None:
            return None
        return replace_expr(use.outer, inner, safe=False, title="drop the second rotation")


def _cancelling(use: KernelUse) -> bool:
    """The operation rotates the kernel again: the result is a cross-correlation.

    A convolution call, or a convolution-form loop (``x[i - m] * k[m]``), of a kernel
    rotated by 180 degrees; the proper rotation in a correlation-form window is the
    recipe for a convolution and is fine.
    """
    filt = use.filt
    if use.on_window or filt.orientation is not Orientation.CORRELATION:
        return False
    if filt.kind is Kind.API:
        return filt.api is not None and filt.api.orientation is Orientation.CONVOLUTION
    return filt.kind is Kind.LOOP


def _step_operand(step: cst.CSTNode) -> cst.BaseExpression | None:
    """The array a single flip is applied to (``k`` of ``k[::-1, ::-1]``, ``np.rot90(k, 2)``)."""
    if isinstance(step, cst.Subscript):
        return step.value
    if isinstance(step, cst.Call) and step.args and step.args[0].keyword is None:
        return step.args[0].value
    return None
