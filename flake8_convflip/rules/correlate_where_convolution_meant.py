"""CNV202 correlate-where-convolution-meant.

## What it does
Finds a correlation call (``correlate2d``, ``signal.correlate``, ``ndimage.correlate``,
``np.correlate``, torch/TensorFlow ``conv2d`` used as a filter) whose kernel is not
symmetric under a 180-degree rotation, in code that documents a physical convolution:
a PSF, a point-spread function, a blur or forward model, image formation, optics,
"convolve with".  A hand-rolled sliding window ``out[r, c] = np.sum(x[r:r+kh, c:c+kw]
* k)`` (a correlation) counts too when the code calls it a blur, a forward model or
image formation; a PSF-weighted sum with no such words stays silent (PSF photometry and
matched filters weight by the PSF as written).  A filter in a helper function is also
judged where the helper is called, with the caller's documentation, its kernel and its
other filters (the fix is offered only when the helper has that one caller).

## Why is this bad?
Imaging physics is a convolution: every point of the scene is spread by the PSF, so
the observed image is ``conv2d(scene, psf)``.  A correlation uses the PSF mirrored, so
any asymmetric PSF (motion blur, coma, a shifted or cropped kernel) produces a model
image smeared the wrong way, and fits or deconvolutions built on it converge to a
wrong scene.

It stays silent for kernels that equal their own rotation (literals, ``np.ones``,
Gaussian windows, outer products of symmetric vectors) or that the code describes as
Gaussian, box, disk or Airy kernels, for template matching and
other documented correlation, for autocorrelation (``correlate(x, x)``), and for the
adjoint step of a deconvolution: a scope that also convolves with the same PSF
(Richardson-Lucy's mirrored-PSF step) or a function named as a gradient or adjoint.

## Example
```python
def observe(scene, psf):
    \"\"\"Forward model: blur the scene with the telescope PSF.\"\"\"
    return correlate2d(scene, psf, "same")
```

## Use instead
```python
def observe(scene, psf):
    \"\"\"Forward model: blur the scene with the telescope PSF.\"\"\"
    return conv2d(scene, psf, "same")
```

## Fix safety
Unsafe: the fix calls the convolution with the same arguments (``correlate2d`` and the
2-D uses of ``signal.correlate`` only), which changes the result to the documented
model, ``conv2d(x, k, m) = xcorr2d(x, rot180(k), m)`` for real kernels in 'full' and
'valid' (docs/semantics.md F1).  Other correlation APIs get no fix.

## References
- scipy.signal.correlate2d, scipy.ndimage.correlate, torch.nn.functional.conv2d
- docs/semantics.md A2, A17, D7, F1
"""

from __future__ import annotations

import re

from ..analysis.apis import Family, Orientation
from ..analysis.intent import Intent, describes_symmetric_kernel, physical_convolution
from ..semantic import (
    Kind,
    Model,
    Placed,
    adjoint_partner,
    image_origin,
    kernel_names,
    passed_turned,
    symmetric_kernel,
)
from ._shared import counterpart_name, orientation_swap_fix, through_callers
from .base import Invalid, Rule

_WEAK_PHRASES = re.compile(r"psfs?|point[ -]spread|optic(?:s|al)|otf|airy \w+")

_MODEL = '''\
from scipy.signal import correlate2d


def render(sky, beam):
    """Image formation: the sky seen through the instrument PSF."""
    return correlate2d(sky, beam, "same")
'''


class CorrelateWhereConvolutionMeant(Rule):
    CODE = "CNV202"
    NAME = "correlate-where-convolution-meant"
    MESSAGE = "CNV202 this correlation uses the kernel unrotated; the code models a convolution"
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # a Gaussian blur through a framework conv: the kernel is symmetric by construction
        '''\
        import torch.nn.functional as F
        def gaussian_blur(batch, kernel):
            """Blur each channel with a Gaussian kernel."""
            return F.conv2d(batch, kernel, groups=batch.shape[1])
        ''',
        # a median blur: the conv only gathers each window's values (kornia-style)
        '''\
        import torch
        import torch.nn.functional as F
        def median_smooth(batch, size):
            """Blur an image using the median filter."""
            gather = patch_gathering_bank(size)
            stacked = F.conv2d(batch, gather, padding=size // 2)
            return stacked.median(dim=1)[0]
        ''',
        # anti-aliased blur pooling (a binomial low-pass before striding)
        """\
        import torch.nn.functional as F
        def _blur_pool_with(batch, taps, step):
            # blur, then downsample
            return F.conv2d(batch, taps, stride=step, groups=batch.shape[1])
        """,
        # a symmetric PSF: orientation cannot matter
        '''\
        import numpy as np
        from scipy import ndimage
        def blur(scene):
            """Blur the scene with a box PSF."""
            box = np.ones((5, 5)) / 25
            return ndimage.correlate(scene, box)
        ''',
        # template matching is a correlation
        '''\
        from scipy.signal import correlate2d
        def locate(frame, template):
            """Find the template in the frame (optical survey images)."""
            score = correlate2d(frame, template, "valid")
            return score.argmax()
        ''',
        # the adjoint step of a deconvolution, next to the forward convolution
        '''\
        from scipy import ndimage
        def deconvolve_step(estimate, observed, psf):
            """One multiplicative update of a PSF deconvolution."""
            predicted = ndimage.convolve(estimate, psf)
            ratio = observed / predicted
            return estimate * ndimage.correlate(ratio, psf)
        ''',
        # the kernel is rotated before the correlation: a true convolution
        '''\
        from scipy.signal import correlate2d
        def render(sky, beam):
            """Image formation through the PSF."""
            return correlate2d(sky, beam[::-1, ::-1], "same")
        ''',
        # a deconvolution step through two helpers: the forward model and its adjoint
        '''\
        from scipy import ndimage
        def _forward(x, kernel):
            return ndimage.convolve(x, kernel)
        def _adjoint(x, kernel):
            return ndimage.correlate(x, kernel)
        def deconvolve_step(estimate, observed, kernel):
            """One update of a deconvolution: convolve, compare, back-project."""
            ratio = observed / _forward(estimate, kernel)
            return estimate * _adjoint(ratio, kernel)
        ''',
        # a layer documented as a convolution: its kernel gradient correlates the input
        # with the upstream gradient, in whatever method computes the gradients
        '''\
        from scipy.signal import convolve2d, correlate2d
        class TrueConv:
            """A layer built on the mathematical convolution."""
            def apply(self, x):
                self.x = x
                return convolve2d(x, self.k, mode="valid")
            def learn(self, dy, rate):
                dk = correlate2d(self.x, dy, mode="valid")[::-1, ::-1]
                self.k -= rate * dk
                return correlate2d(dy, self.k, mode="full")
        ''',
        # a blur dot-tested against its adjoint: the pair is CNV206's to judge
        """\
        import numpy as np
        from scipy import ndimage
        def blur(x, k):
            return ndimage.correlate(x, k, mode="constant")
        def unblur(y, k):
            return ndimage.convolve(y, k, mode="constant")
        a, b, k = np.random.rand(8, 8), np.random.rand(8, 8), np.random.rand(3, 3)
        assert np.isclose(np.sum(blur(a, k) * b), np.sum(a * unblur(b, k)))
        """,
        # a binomial kernel built in a loop is symmetric (by induction on the loop)
        """\
        import numpy as np
        from scipy import ndimage
        def pascal_kernel(n):
            taps = np.ones(1)
            for _ in range(n - 1):
                taps = np.convolve(taps, np.ones(2))
            k = np.outer(taps, taps)
            return k / k.sum()
        def blur(scene):
            \"\"\"Image formation: the scene convolved with the optics' PSF.\"\"\"
            return ndimage.correlate(scene, pascal_kernel(5), mode="reflect")
        """,
        # a partial alias of the convolution models the blur as written
        '''\
        from functools import partial
        from scipy import signal
        blur_same = partial(signal.convolve2d, mode="same", boundary="symm")
        def observe(scene, psf):
            """Forward model: the scene convolved with the PSF."""
            return blur_same(scene, psf)
        ''',
        # a Moffat PSF on an index grid shifted to its centre depends on the radius only
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def moffat(size=9, alpha=1.8, beta=2.5):
            c = (size - 1) / 2
            y, x = np.mgrid[0:size, 0:size] - c
            psf = (1 + (x**2 + y**2) / alpha**2) ** (-beta)
            return psf / psf.sum()
        def observe(sky):
            \"\"\"Image formation: the sky convolved with the seeing PSF.\"\"\"
            return correlate2d(sky, moffat(), mode="same")
        """,
        # the comment says what the backward pass does, not this forward pass
        """\
        import numpy as np
        from scipy import signal
        class XCorrOp:
            def __init__(self, weight):
                self.weight = np.asarray(weight, dtype=float)
            def __call__(self, x):
                # keep the rotated kernel: the backward pass convolves with rot180(W)
                self.k_rot = self.weight[::-1, ::-1].copy()
                self.x = x
                return signal.correlate2d(x, self.weight, "valid")
        """,
        '''\
        # the PSF is an outer product of a symmetric default row: correlating is convolving
        import numpy as np
        from scipy import ndimage
        class Optics:
            def __init__(self, row=(1.0, 4.0, 6.0, 4.0, 1.0)):
                self.row = np.asarray(row)
            def psf(self):
                k = np.outer(self.row, self.row)
                return k / k.sum()
        class Sensor:
            def expose(self, scene, kernel):
                return ndimage.correlate(scene, kernel, mode="constant")
        class Camera:
            def __init__(self, optics, sensor):
                self.optics = optics
                self.sensor = sensor
            def shoot(self, scene):
                """The scene convolved with the PSF, read by the sensor."""
                return self.sensor.expose(scene, self.optics.psf())
        image = Camera(Optics(), Sensor()).shoot(np.random.rand(16, 16))
        ''',
        '''\
        # an elliptical Gaussian on a converted np.mgrid grid equals its own rotation
        import numpy as np
        from scipy import ndimage
        def lens_psf(along=1.6, across=0.9, half=4):
            yy, xx = np.mgrid[-half:half + 1, -half:half + 1].astype(float)
            psf = np.exp(-0.5 * ((xx / along) ** 2 + (yy / across) ** 2))
            return psf / psf.sum()
        def blur(band):
            """The band convolved with the lens PSF."""
            return ndimage.correlate(band, lens_psf(), mode="constant")
        ''',
    )
    INVALID = (
        Invalid(
            _MODEL,
            fixed=_MODEL.replace(
                "from scipy.signal import correlate2d\n", "from convflip import conv2d\n"
            ).replace("return correlate2d(", "return conv2d("),
        ),
        # a sliding window that the docstring calls a forward model
        '''\
        import numpy as np
        def forward(sky, beam):
            """Forward model of the detector image."""
            kh, kw = beam.shape
            out = np.zeros((sky.shape[0] - kh + 1, sky.shape[1] - kw + 1))
            for r in range(out.shape[0]):
                for c in range(out.shape[1]):
                    out[r, c] = np.sum(sky[r:r + kh, c:c + kw] * beam)
            return out
        ''',
        '''\
        import numpy as np
        from scipy import ndimage
        def smear(frame, length):
            """Simulate motion blur: convolve with a one-sided streak PSF."""
            streak = np.zeros((1, 2 * length + 1))
            streak[0, length:] = 1.0 / (length + 1)
            return ndimage.correlate(frame, streak)
        ''',
        # the docstring writes the convolution sum: h[k] * x[n - k]
        '''\
        import numpy as np
        def fir(x, h):
            """y[n] = sum_k h[k] * x[n - k]"""
            return np.correlate(x, h, mode="full")[: len(x)]
        ''',
        # the helper says nothing; the function that calls it models a blur
        Invalid(
            '''\
            from scipy.signal import correlate2d
            def _apply(img, kernel):
                return correlate2d(img, kernel, mode="same")
            def blur(img, kernel):
                """Blur the image by convolving it with the kernel."""
                return _apply(img, kernel)
            ''',
            fixed='''\
            from convflip import conv2d

            def _apply(img, kernel):
                return conv2d(img, kernel, mode="same")
            def blur(img, kernel):
                """Blur the image by convolving it with the kernel."""
                return _apply(img, kernel)
            ''',
        ),
        # a partial alias of the correlation is the correlation (keywords bound)
        '''\
        from functools import partial
        from scipy import ndimage
        smooth = partial(ndimage.correlate, mode="nearest")
        def observe(scene, psf):
            """Forward model: the scene convolved with the PSF."""
            return smooth(scene, psf)
        ''',
        # the forward model correlates; its adjoint, named so, follows it and excuses nothing
        '''\
        import numpy as np
        from scipy import signal
        class Deblur:
            """Gradient descent on ||h * x - y||^2, h the optics' PSF."""
            def __init__(self, psf):
                self.psf = psf
            def apply(self, x):
                return signal.correlate2d(x, self.psf, mode="same")
            def apply_adjoint(self, r):
                return signal.convolve2d(r, self.psf, mode="same")
            def step(self, x, y, lr):
                return x - lr * self.apply_adjoint(self.apply(x) - y)
        ''',
        # a caller mirroring the motion kernel on one axis picks a direction; it does
        # not turn the correlation into the documented convolution
        """\
        import numpy as np
        from scipy import ndimage
        def motion_kernel(length, leftwards):
            k = np.zeros((1, 2 * length - 1))
            k[0, length - 1 :] = np.linspace(1.0, 0.3, length)
            return k[:, ::-1] if leftwards else k
        def motion_blur(img, k):
            \"\"\"Camera motion blur: convolve the plate with the motion PSF.\"\"\"
            return ndimage.correlate(img, k, mode="constant")
        def augment(img, length, leftwards):
            return motion_blur(img, motion_kernel(length, leftwards))
        """,  # the grid is shifted by one past its centre: the PSF is lopsided
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def moffat(size=9, alpha=1.8, beta=2.5):
            c = size // 2 + 1
            y, x = np.indices((size, size)) - c
            psf = (1 + (x**2 + y**2) / alpha**2) ** (-beta)
            return psf / psf.sum()
        def observe(sky):
            \"\"\"Image formation: the sky convolved with the seeing PSF.\"\"\"
            return correlate2d(sky, moffat(), mode="same")
        """,
        # the seismic convolutional model, trace by trace through apply_along_axis
        '''\
        import numpy as np
        def synthetic_gather(reflectivity, wavelet):
            """Traces from the convolutional model: each column with the wavelet."""
            return np.apply_along_axis(lambda r: np.correlate(r, wavelet, "full"), 0, reflectivity)
        ''',
        Invalid(
            '''\
            # the blur is a method of an object another object holds
            import numpy as np
            from scipy import ndimage
            class Sensor:
                def expose(self, scene, kernel):
                    return ndimage.correlate(scene, kernel, mode="constant")
            class Camera:
                def __init__(self, sensor):
                    self.sensor = sensor
                def shoot(self, scene, psf):
                    """The scene convolved with the PSF, read by the sensor."""
                    return self.sensor.expose(scene, psf)
            ghost = np.zeros((5, 5))
            ghost[2, 2], ghost[3, 4] = 1.0, 0.4
            image = Camera(Sensor()).shoot(np.random.rand(16, 16), ghost)
            '''
        ),
    )

    def run(self) -> None:
        model = self.facts.model()
        for placed in model.filters():
            if placed.filt.kind is not Kind.API and placed.loop_depth == 0:
                continue
            # where it is written, then as each caller of its function sees it; what one
            # view shows deliberate (an adjoint step, a symmetric kernel) holds for all
            views = model.views(placed)
            if any(self._excused(model, view) for view in views):
                continue
            for view in views:
                filt = view.filt
                if filt.orientation is not Orientation.CORRELATION or symmetric_kernel(filt):
                    continue
                if filt.kind is Kind.API:
                    intent = self._api_misuse(model, view)
                    if intent is not None:
                        self._report(model, view, intent)
                        break
                else:
                    intent = self._window_misuse(model, view)
                    if intent is not None:
                        message = (
                            "CNV202 this window sum uses the kernel unrotated, but this code "
                            f"models a convolution ({intent.phrase!r}{through_callers(view)}); "
                            "rotate the kernel 180°"
                        )
                        self.report(filt.node, message)
                        break

    def _intent(self, model: Model, placed: Placed) -> Intent | None:
        """The documented physical convolution where ``placed`` is seen."""
        names = kernel_names(model, placed.filt)
        return next(
            (i for i in (physical_convolution(placed.scope, self.facts, n) for n in names) if i),
            None,
        )

    def _excused(self, model: Model, placed: Placed) -> bool:
        """Shown deliberate where ``placed`` is seen: gradient code (CNV206 judges it
        against its forward), a stand-in for a library whose import failed, an
        autocorrelation, the adjoint of a convolution with the
        same kernel in the same code, a kernel a caller hands in rotated, or one the code
        says is symmetric (a Gaussian or box PSF)."""
        filt, scope = placed.filt, placed.scope
        if any(model.gradient_code(s) for s in (scope, *placed.via)):
            return True
        call = model.evaluator.api_calls.get(id(filt.node))
        if call is not None and id(call.site.statement) in self.facts.fallbacks:
            return True  # a stand-in for a library the import did not find documents nothing
        image = image_origin(filt.image)
        if image is not None and filt.kernel.origin.root() == image.root():
            return True
        if adjoint_partner(model, filt, scope) or passed_turned(model, filt.kernel):
            return True
        return any(describes_symmetric_kernel(scope, n) for n in kernel_names(model, filt))

    def _api_misuse(self, model: Model, placed: Placed) -> Intent | None:
        api = placed.filt.api
        if api is None or api.orientation is not Orientation.CORRELATION:
            return None  # a convolution of a rotated kernel is CNV203's
        if api.family is Family.OPENCV:
            return None  # cv2.filter2D is CNV204's
        return self._intent(model, placed)

    def _window_misuse(self, model: Model, placed: Placed) -> Intent | None:
        """A sliding correlation window in code that calls itself a blur or forward model."""
        filt = placed.filt
        if filt.raw_kernel is not None and filt.raw_kernel.steps:
            return None  # a turned kernel: the flip rules judge it
        if filt.window is not None and filt.window.steps:
            return None
        intent = self._intent(model, placed)
        if intent is None or _WEAK_PHRASES.fullmatch(intent.phrase):
            return None  # "PSF" alone: PSF photometry and matched filters correlate
        return intent

    def _report(self, model: Model, view: Placed, intent: Intent) -> None:
        call = model.evaluator.api_calls.get(view.filt.ident)
        if call is None:
            return
        conv = counterpart_name(call.api, Orientation.CONVOLUTION, self.fix_target)
        message = (
            f"CNV202 {call.api.name} uses the kernel unrotated, but this code models a "
            f"convolution ({intent.phrase!r}{through_callers(view)}); use {conv} or rotate the "
            "kernel 180°"
        )
        fix = None
        if model.one_caller_each(view):  # a shared helper: the edit would reach its other uses
            fix = orientation_swap_fix(
                self.facts, call, self.fix_target, safe=False, title="convolve with the kernel"
            )
        self.report(call.node, message, fix)
