"""CNV204 filter2d-assumed-convolution.

## What it does
Finds ``cv2.filter2D`` with a kernel that is not symmetric under a 180-degree rotation
where the code treats it as a convolution:

* its result is compared with a true convolution of the same image and kernel
  (``convolve2d``, ``signal.convolve``, ``ndimage.convolve``, ``convflip.conv2d``);
* it sits in a function whose docstring or comments describe a physical convolution
  (a PSF, a blur or forward model, "convolve with"), with a literal asymmetric kernel or
  the wrapper's own kernel parameter (a helper that says nothing is judged where it is
  called, with its caller's documentation and kernel);
* its result is handed to a deconvolution (``richardson_lucy``, ``wiener``,
  ``unsupervised_wiener``) together with the same, literally asymmetric, PSF.

Silent for 180°-symmetric kernels, for ``cv2.flip(K, -1)`` (OpenCV's own recipe for a
convolution), for template and learned filters (documented as correlation), and for a
class merely *named* like a convolution filter.

## Why is this bad?
OpenCV's documentation says filter2D "convolves an image with the kernel", but the
function computes a correlation: the kernel is applied as written (docs/semantics.md D1).
Code ported from MATLAB's ``conv2`` or written from a convolution formula gets a
mirrored result for asymmetric kernels: the sign of a Sobel gradient flips, and a
motion-blur forward model no longer matches the PSF that the deconvolution inverts
(SourceXtractor++ PR #72, bonsai-rx #1761).

## Example
```python
blurred = cv2.filter2D(img, -1, motion)
np.testing.assert_allclose(blurred, ndimage.convolve(img, motion, mode="mirror"))
```

## Use instead
```python
blurred = cv2.filter2D(img, -1, cv2.flip(motion, -1))
```

## Fix safety
Unsafe: the kernel argument becomes ``cv2.flip(K, -1)``, which turns the correlation
into the convolution the code describes (and so changes the result).  Offered only for
literal kernels whose sides are both odd: for odd sides ``filter2D(x, -1, flip(K))``
equals ``ndimage.convolve(x, K)`` with the matching border (docs/semantics.md D3); an even
side would also need the ``anchor`` argument.

## References
- cv2.filter2D ("the function does actually compute correlation, not the convolution")
- docs/semantics.md D1, D3
"""

from __future__ import annotations

import libcst as cst

from ..analysis import apis
from ..analysis.apis import Family, Orientation
from ..analysis.exprs import dotted
from ..analysis.intent import documented_intent
from ..analysis.model import ApiCall, Scope
from ..fix.build import local_name_for, replace_expr
from ..semantic import (
    Arr,
    Filt,
    Model,
    Placed,
    adjoint_partner,
    same_operands,
    symmetric_kernel,
)
from ._shared import through_callers
from .base import Fix, Invalid, Rule

# the references a filter2D result may be checked against: true convolutions
_CONVOLUTION_FAMILIES = frozenset(
    {Family.SCIPY_SIGNAL, Family.SCIPY_NDIMAGE, Family.NUMPY, Family.ASTROPY, Family.CONVFLIP}
)


def _is_filter2d(value: object) -> bool:
    """A filter2D result whose kernel enters as written (a correlation)."""
    return (
        isinstance(value, Filt)
        and value.api is not None
        and value.api.name == "cv2.filter2D"
        and value.orientation is Orientation.CORRELATION
    )


def _is_convolution(value: object) -> bool:
    return (
        isinstance(value, Filt)
        and value.api is not None
        and value.api.family in _CONVOLUTION_FAMILIES
        and value.orientation is Orientation.CONVOLUTION
    )


def _asymmetric_literal(kernel: Arr) -> bool:
    literal = kernel.literal
    return literal is not None and not literal.is_rot180_symmetric()


def _own_input(kernel: Arr, scope: Scope) -> bool:
    """The kernel is a parameter of the wrapper, or of its class's constructor."""
    origin = kernel.origin.root()
    if origin.kind != "param" or not origin.key:
        return False
    owners = [scope]
    if scope.parent is not None and scope.parent.kind == "class":
        owners += [c for c in scope.parent.children if c.name == "__init__"]
    return any(origin.key[0] == id(owner.node) for owner in owners)


class Filter2DAssumedConvolution(Rule):
    CODE = "CNV204"
    NAME = "filter2d-assumed-convolution"
    MESSAGE = (
        "CNV204 cv2.filter2D correlates (the kernel is not rotated) but {why}; "
        "pass cv2.flip(kernel, -1) or use a convolution"
    )
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # a 180-degree symmetric kernel: correlation and convolution agree
        """\
        import cv2
        import numpy as np
        from scipy import ndimage
        lap = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=np.float32)
        out = cv2.filter2D(img, -1, lap)
        assert np.allclose(out, ndimage.convolve(img, lap, mode="mirror"))
        """,
        # OpenCV's recipe: flip the odd kernel first
        """\
        import cv2
        import numpy as np
        from scipy import ndimage
        sob = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32)
        out = cv2.filter2D(img, -1, cv2.flip(sob, -1))
        assert np.allclose(out, ndimage.convolve(img, sob, mode="mirror"))
        """,
        # template matching is a correlation
        """\
        import cv2
        def match_template(frame, template):
            \"\"\"Slide the template over the frame (normalised cross-correlation).\"\"\"
            return cv2.filter2D(frame, -1, template)
        """,
        # a class named after convolution whose subclasses document the correlation result
        """\
        import cv2
        import numpy as np
        class ConvolutionFilter:
            def apply(self, image):
                return cv2.filter2D(image, -1, self.kernel)
        class SobelXFilter(ConvolutionFilter):
            \"\"\"Gradient in the x direction.\"\"\"
            kernel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
        """,
        # compared with a correlation
        """\
        import cv2
        from scipy import ndimage
        out = cv2.filter2D(img, -1, ker)
        assert (out == ndimage.correlate(img, ker, mode="mirror")).all()
        """,
    )
    INVALID = (
        Invalid(
            """\
            import cv2
            import numpy as np
            from scipy import ndimage
            shear = np.array([[0, 0, 1], [0, 1, 0], [0, 0, 0]], dtype=np.float32)
            out = cv2.filter2D(img, -1, shear)
            assert np.allclose(out, ndimage.convolve(img, shear, mode="mirror"))
            """,
            fixed="""\
            import cv2
            import numpy as np
            from scipy import ndimage
            shear = np.array([[0, 0, 1], [0, 1, 0], [0, 0, 0]], dtype=np.float32)
            out = cv2.filter2D(img, -1, cv2.flip(shear, -1))
            assert np.allclose(out, ndimage.convolve(img, shear, mode="mirror"))
            """,
        ),
        # a wrapper documented as the blur (forward) model
        """\
        import cv2
        def apply_psf(image, psf):
            \"\"\"Forward model: blur the image with the point-spread function.\"\"\"
            return cv2.filter2D(image, -1, psf)
        """,
        # the blur model of a deconvolution, with a lopsided motion PSF
        """\
        import cv2
        import numpy as np
        from skimage import restoration
        streak = np.array([[0.0, 0.0, 0.0], [0.0, 0.5, 0.5], [0.0, 0.0, 0.0]])
        smeared = cv2.filter2D(photo, -1, streak)
        restored = restoration.richardson_lucy(smeared, streak, num_iter=30)
        """,
        # the helper says nothing; its caller documents the forward (blur) model
        """\
        import cv2
        def _apply(image, kernel):
            return cv2.filter2D(image, -1, kernel)
        def apply_psf(image, psf):
            \"\"\"Forward model: blur the image with the point-spread function.\"\"\"
            return _apply(image, psf)
        """,
        # a stand-in bound where the import failed is not cv2's replacement as a name: the
        # call still runs cv2.filter2D wherever OpenCV is installed
        """\
        import numpy as np
        from scipy import ndimage
        from scipy.signal import convolve2d
        try:
            import cv2
        except ImportError:
            from types import SimpleNamespace
            cv2 = SimpleNamespace(filter2D=lambda src, depth, k: ndimage.correlate(src, k))
        def conv2(a, k):
            return cv2.filter2D(np.asarray(a, dtype=float), -1, k)
        a, k = np.random.rand(8, 8), np.arange(9.0).reshape(3, 3)
        assert np.allclose(conv2(a, k), convolve2d(a, k, mode="same"))
        """,
        # an object called like a function runs __call__
        """\
        import cv2
        import numpy as np
        from scipy import ndimage
        class Emboss:
            def __init__(self):
                self.kernel = np.array([[-2.0, -1.0, 0.0], [-1.0, 1.0, 1.0], [0.0, 1.0, 2.0]])
            def __call__(self, img):
                return cv2.filter2D(img, -1, self.kernel)
        img = np.random.rand(12, 12)
        assert np.allclose(Emboss()(img), ndimage.convolve(img, Emboss().kernel))
        """,
        # a name bound in both arms of a try may be either: the cv2 arm is checked too
        """\
        import numpy as np
        from scipy import ndimage
        from scipy.signal import convolve2d
        try:
            import cv2
            smooth = lambda a, k: cv2.filter2D(a, -1, k, borderType=cv2.BORDER_CONSTANT)
        except ImportError:
            smooth = lambda a, k: ndimage.correlate(a, k, mode="constant")
        img = np.random.rand(16, 16)
        k = np.random.rand(3, 3)
        assert np.allclose(smooth(img, k), convolve2d(img, k, mode="same"))
        """,
        # either arm of an if reaches the return after it
        """\
        import numpy as np
        import cv2
        from scipy import ndimage
        from scipy.signal import convolve2d
        def sharpen(img, k, fast):
            if fast:
                out = cv2.filter2D(img, -1, k, borderType=cv2.BORDER_CONSTANT)
            else:
                out = ndimage.correlate(img, k, mode="constant")
            return out
        img = np.random.rand(16, 16)
        k = np.random.rand(3, 3)
        assert np.allclose(sharpen(img, k, True), convolve2d(img, k, mode="same"))
        """,
        # OpenCV, or a stand-in class for it where the import fails: still filter2D
        """\
        import numpy as np
        from scipy import ndimage
        try:
            import cv2
        except ImportError:
            class cv2:
                @staticmethod
                def filter2D(src, ddepth, kernel):
                    return ndimage.correlate(src, kernel, mode="constant")
        def blur(frame, psf):
            \"\"\"Forward model: convolve the frame with the motion PSF.\"\"\"
            return cv2.filter2D(frame, -1, psf)
        """,
        # interchangeable back-ends in a dict, each checked against the scipy one
        """\
        import cv2
        import numpy as np
        from scipy import ndimage
        RELIEF = np.array([[-2.0, -1.0, 0.0], [-1.0, 1.0, 1.0], [0.0, 1.0, 2.0]])
        BACKENDS = {
            "scipy": lambda im, k: ndimage.convolve(im, k, mode="constant"),
            "opencv": lambda im, k: cv2.filter2D(im, -1, k, borderType=cv2.BORDER_CONSTANT),
        }
        def backends_agree(tile):
            outs = {name: f(tile, RELIEF) for name, f in BACKENDS.items()}
            ref = outs.pop("scipy")
            return all(np.allclose(o, ref) for o in outs.values())
        """,
    )

    def run(self) -> None:
        calls = [c for c in self.facts.api_calls() if c.api.name == "cv2.filter2D"]
        if not calls:
            return
        model = self.facts.model()
        reported: set[int] = set()
        for pair in model.claimed_pairs():
            cv, ref = pair.a, pair.b
            if not (_is_filter2d(cv) and _is_convolution(ref)):
                continue
            assert isinstance(cv, Filt) and isinstance(ref, Filt) and ref.api is not None
            if same_operands(cv, ref) and not symmetric_kernel(cv):
                self._report(model, cv, f"it is checked against {ref.api.short}, which convolves")
                reported.add(cv.ident)
        for placed in model.filters():
            if _is_filter2d(placed.filt) and placed.filt.ident not in reported:
                self._check_documented(model, placed)
        for scope in self.facts.scopes:
            for site in scope.calls:
                self._check_deconvolution(model, site)

    def _check_documented(self, model: Model, placed: Placed) -> None:
        """Code documented as a convolution, where the call is written or (for a helper)
        where it is called."""
        views = model.views(placed)
        if any(adjoint_partner(model, view.filt, view.scope) for view in views):
            return  # a forward model next to its adjoint, where some caller shows it
        for view in views:
            intent = documented_intent(view.scope, self.facts)
            if intent is None or intent.orientation is not Orientation.CONVOLUTION:
                continue
            if intent.where not in ("docstring", "comment"):
                continue
            filt, kernel = view.filt, view.filt.kernel
            if symmetric_kernel(filt) or adjoint_partner(model, filt, view.scope):
                continue
            if _own_input(kernel, view.scope) or _asymmetric_literal(kernel):
                why = (
                    f"the code documents a convolution ({intent.phrase!r}{through_callers(view)})"
                )
                self._report(model, filt, why, fixable=model.one_caller_each(view))
                return

    def _check_deconvolution(self, model: Model, site) -> None:
        name = dotted(site.node.func) or ""
        if name.rpartition(".")[2] not in apis.DECONVOLUTION_FUNCS:
            return
        args = [a.value for a in site.node.args if a.keyword is None]
        if len(args) < 2:
            return
        psfs = {
            v.origin
            for v in model.values(args[1], site.scope, site.statement)
            if isinstance(v, Arr) and not v.steps
        }
        for filt in model.values(args[0], site.scope, site.statement):
            if _is_filter2d(filt) and filt.kernel.origin in psfs:  # type: ignore[union-attr]
                assert isinstance(filt, Filt)
                if _asymmetric_literal(filt.kernel):
                    self._report(model, filt, "its result is deconvolved with the same PSF")

    # -- report and fix -------------------------------------------------------
    def _report(self, model: Model, filt: Filt, why: str, *, fixable: bool = True) -> None:
        call = model.evaluator.api_calls.get(filt.ident)
        if call is None:
            return
        fix = self._fix(call) if fixable else None
        self.report(call.node, self.MESSAGE.format(why=why), fix)

    def _fix(self, call: ApiCall) -> Fix | None:
        kernel = call.kernel
        if kernel is None:
            return None
        literal = self.facts.kernel_view(kernel, call.scope).literal()
        if literal is None or literal.ndim != 2 or any(n % 2 == 0 for n in literal.shape):
            return None
        local, imports = local_name_for(self.facts, "cv2.flip")
        if imports:
            return None
        flipped = cst.parse_expression(f"{local}(_, -1)")
        assert isinstance(flipped, cst.Call)
        flipped = flipped.with_changes(
            args=[flipped.args[0].with_changes(value=kernel), flipped.args[1]]
        )
        return replace_expr(kernel, flipped, safe=False, title="rotate the kernel 180° first")
