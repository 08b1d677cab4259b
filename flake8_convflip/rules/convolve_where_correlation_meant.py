"""CNV201 convolve-where-correlation-meant.

## What it does
Finds a true-convolution call (``convolve2d``, ``signal.convolve``, ``ndimage.convolve``,
``np.convolve``...) where the code itself shows that a correlation is meant:

* the forward pass of a layer whose backward pass uses the cross-correlation gradients
  for *both* the input (``convolve2d(dy, K, 'full')``) and the kernel
  (``correlate2d(x, dy, 'valid')``);
* a derivative kernel written in correlation orientation (``[-1, 0, 1]``, the Sobel
  ``x`` kernel with ``-1`` on the left) whose result is used with its sign: in
  ``arctan2``, ``np.sign``, a comparison with zero, ``argmax``, or compared with
  another computation such as ``np.gradient``;
* code whose documentation writes the correlation sum (``x[i + m, j + n] * w[m, n]``)
  or says "cross-correlation", including a helper's caller: a filter in a helper
  function is also judged where the helper is called.

## Why is this bad?
A convolution rotates the kernel by 180 degrees, so ``[-1, 0, 1]`` becomes
``x[i-1] - x[i+1]``: a slope with the wrong sign, edge orientations off by 180 degrees,
peaks found on the wrong side.  In a layer, a backward pass built from the correlation
gradients is the gradient of a correlation; a convolving forward pass makes every
update point the wrong way for asymmetric kernels.

It stays silent when only the magnitude is used (``np.hypot``, ``abs``, ``**2``: the
sign is gone), when the kernel is written pre-reversed for convolution
(scikit-image's ``[1, 0, -1]`` with ``ndi.convolve``), and when a network consistently
uses true convolution forward and backward.

## Example
```python
kx = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
gx = ndi.convolve(img, kx)
gy = ndi.convolve(img, kx.T)
angle = np.arctan2(gy, gx)
```

## Use instead
```python
gx = ndi.correlate(img, kx)
gy = ndi.correlate(img, kx.T)
angle = np.arctan2(gy, gx)
```

## Fix safety
Unsafe: the fix calls the correlation with the same arguments (``convolve2d`` and the
2-D uses of ``signal.convolve``/``fftconvolve`` only), which changes the result to the
intended one, ``xcorr2d(x, k, m) = conv2d(x, rot180(k), m)`` (docs/semantics.md F1).

## References
- scipy.signal.convolve2d, scipy.ndimage.convolve, numpy.convolve
- docs/semantics.md A2, F1, F7
"""

from __future__ import annotations

from ..analysis.apis import Family, Orientation
from ..analysis.axes import AxisMap
from ..analysis.intent import Intent, written_correlation
from ..analysis.literals import Literal
from ..analysis.model import ApiCall
from ..analysis.slopes import Slope, builds_grids, slope
from ..analysis.usage import Usage, result_usage
from ..semantic import Filt, Kind, Placed, adjoint_partner, passed_turned, symmetric_kernel
from ._shared import counterpart_name, function_name, orientation_swap_fix, through_callers
from .base import Fix, Invalid, Rule


def _moments(lit: Literal) -> list[float] | None:
    """First moment of a real kernel along each axis (positive: weights grow with index)."""
    if any(isinstance(v, complex) for v in lit.values):
        return None
    sums = [0.0] * lit.ndim
    strides = [1] * lit.ndim
    for axis in range(lit.ndim - 2, -1, -1):
        strides[axis] = strides[axis + 1] * lit.shape[axis + 1]
    for flat, value in enumerate(lit.values):
        for axis in range(lit.ndim):
            index = (flat // strides[axis]) % lit.shape[axis]
            sums[axis] += index * float(value)  # type: ignore[arg-type]
    return sums


def correlation_oriented_derivative(lit: Literal) -> bool:
    """An odd (antisymmetric) kernel that weighs higher indices positively, like [-1, 0, 1]."""
    if lit.ndim not in (1, 2) or lit.is_rot180_symmetric():
        return False
    if tuple(-v for v in lit.rot180().values) != lit.values:
        return False
    moments = _moments(lit)
    if moments is None:
        return False
    nonzero = [m for m in moments if abs(m) > 1e-12]
    return bool(nonzero) and all(m > 0 for m in nonzero)


def _moved_slope(found: Slope, steps: AxisMap | None) -> Slope | None:
    """The slope of a kernel after its steps (a flip of its axis turns it round)."""
    if steps is None:
        return found
    axis, sign = found
    if steps.ndim != 2 or axis not in steps.src:
        return None
    at = steps.src.index(axis)
    return at, -sign if steps.rev[at] else sign


_SEED = """\
import numpy as np
from scipy.signal import convolve2d

ramp = np.tile(np.arange(8.0), (8, 1))
slope = convolve2d(ramp, [[-1, 0, 1]], "same")
assert np.all(slope[:, 1:-1] > 0)
"""


class ConvolveWhereCorrelationMeant(Rule):
    CODE = "CNV201"
    NAME = "convolve-where-correlation-meant"
    # a numpy stand-in for a framework conv checked against it: CNV205 names that
    YIELDS_TO = ("CNV205",)
    MESSAGE = (
        "CNV201 this convolution rotates the kernel, but the code means a correlation; "
        "prove it with convflip.testing.assert_xcorr2d"
    )
    PROOF = "convflip.testing.assert_xcorr2d"
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # magnitude only: the sign of the derivative never matters
        """\
        import numpy as np
        from scipy import signal
        sx = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
        def edge_strength(img):
            gx = signal.convolve2d(img, sx, "same")
            gy = signal.convolve2d(img, sx.T, "same")
            return np.hypot(gx, gy)
        """,
        # kernels written pre-reversed for convolution (scikit-image style)
        """\
        import numpy as np
        from scipy import ndimage as ndi
        diff_h = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]]) / 4
        def orientation(img):
            gx = ndi.convolve(img, diff_h)
            gy = ndi.convolve(img, diff_h.T)
            return np.arctan2(gy, gx)
        """,
        # a network that uses true convolution forward and backward consistently
        """\
        import numpy as np
        from scipy.signal import convolve2d
        class TrueConv:
            def forward(self, image):
                self.image = image
                return convolve2d(image, self.taps, mode="valid")
            def backward(self, delta):
                padded = np.pad(delta, 2)
                dtaps = convolve2d(self.image[::-1, ::-1], delta, mode="valid")
                return convolve2d(padded, self.taps[::-1, ::-1], mode="valid"), dtaps
        """,
        # two convolutions of the same derivative kernel compared: signs agree
        """\
        import numpy as np
        from scipy import ndimage, signal
        def test_same_result(pic):
            taps = np.array([[-1.0, 0.0, 1.0]])
            ours = signal.convolve2d(pic, taps, "same")
            np.testing.assert_allclose(ours, ndimage.convolve(pic, taps, mode="constant"))
        """,
        # a kernel built item by item, pre-reversed for convolution ([1, 0, -1] rows)
        """\
        import numpy as np
        from scipy import ndimage
        def orientation(img):
            kx = np.zeros((3, 3))
            kx[:, 0] = [1, 2, 1]
            kx[:, 2] = -kx[:, 0]
            return np.arctan2(ndimage.convolve(img, kx.T), ndimage.convolve(img, kx))
        """,
        # the helper's slope is only used through its magnitude by its caller
        """\
        import numpy as np
        from scipy import ndimage
        def slope_x(img):
            kx = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
            return ndimage.convolve(img, kx)
        def edge_strength(img):
            return np.abs(slope_x(img))
        """,
        '''\
        # the module says cross-correlation; the smoothing it also does is a box, and the
        # correlation reverses (and conjugates) the reference it convolves with
        """I/Q cross-correlation of two captures."""
        import numpy as np
        from scipy import signal
        def to_baseband(rf, taps=15):
            mixed = rf * np.exp(-2j * np.pi * 0.25 * np.arange(rf.size))
            return np.convolve(mixed, np.ones(taps) / taps, mode="same")
        def cross_correlation(a, b):
            return signal.oaconvolve(a, np.conj(b[::-1]), mode="full")
        up = to_baseband(np.random.rand(64))
        r = cross_correlation(to_baseband(np.random.rand(64)), up)
        ''',
        """\
        # the same kernels written for convolution (the true derivative of the Gaussian)
        import numpy as np
        from scipy import ndimage
        def derivative_kernels(sigma=1.5, r=4):
            ax = np.arange(-r, r + 1, dtype=float)
            x, y = np.meshgrid(ax, ax)
            g = np.exp(-(x**2 + y**2) / (2 * sigma**2))
            return -x * g, -y * g
        def light_direction(img):
            kx, ky = derivative_kernels()
            gx = ndimage.convolve(img, kx, mode="nearest")
            gy = ndimage.convolve(img, ky, mode="nearest")
            return np.arctan2(gy.mean(), gx.mean())
        """,
    )
    INVALID = (
        Invalid(
            _SEED,
            fixed=_SEED.replace(
                "from scipy.signal import convolve2d\n", "from convflip import xcorr2d\n"
            ).replace("slope = convolve2d(", "slope = xcorr2d("),
        ),
        """\
        import numpy as np
        from scipy import ndimage as ndi
        kx = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
        def orientation(img):
            gx = ndi.convolve(img, kx)
            gy = ndi.convolve(img, kx.T)
            return np.arctan2(gy, gx)
        """,
        """\
        import numpy as np
        from scipy.signal import convolve2d, correlate2d
        class Conv:
            def forward(self, image):
                self.image = image
                return convolve2d(image, self.weights, "valid")
            def backward(self, upstream):
                self.dweights = correlate2d(self.image, upstream, "valid")
                return convolve2d(upstream, self.weights, "full")
        """,
        # the docstring writes the correlation sum: x[i + m, j + n] * w[m, n]
        '''\
        from scipy.signal import convolve2d
        def response(x, w):
            """y[i, j] = sum_{m, n} x[i + m, j + n] * w[m, n]"""
            return convolve2d(x, w, "valid")
        ''',
        # the helper says nothing; its one caller writes the correlation sum
        '''\
        from scipy.signal import convolve2d
        def _apply(x, w):
            return convolve2d(x, w, "valid")
        def response(x, w):
            """y[i, j] = sum_{m, n} x[i + m, j + n] * w[m, n]"""
            return _apply(x, w)
        ''',
        # the helper returns the slope; its caller uses the sign
        """\
        import numpy as np
        def slope(samples):
            return np.convolve(samples, [-1.0, 1.0], mode="valid")
        def first_rise(samples, step=0.1):
            return np.nonzero(slope(samples) > step)[0]
        """,
        # the written sum carries channel and filter indices around the spatial ones
        '''\
        import numpy as np
        from scipy.signal import convolve2d
        def layer(x, w):
            """out[f, i, j] = sum_c sum_{m,n} x[c, i + m, j + n] * w[f, c, m, n]"""
            out = []
            for f in range(w.shape[0]):
                out.append(sum(convolve2d(x[c], w[f, c], "valid") for c in range(x.shape[0])))
            return np.stack(out)
        ''',
        # a helper returns both derivatives; the caller unpacks them and uses their signs
        """\
        import numpy as np
        from scipy.signal import convolve2d
        DX = np.array([[0, 0, 0], [-1, 0, 1], [0, 0, 0]], dtype=float)
        def derivatives(img):
            return convolve2d(img, DX, mode="same"), convolve2d(img, DX.T, mode="same")
        def edge_direction(img):
            dx, dy = derivatives(img)
            return np.arctan2(dy, dx)
        """,
        # the derivative kernel comes from a property
        """\
        import numpy as np
        from scipy import ndimage
        class Edges:
            @property
            def kx(self):
                return np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
            def direction(self, img):
                gx = ndimage.convolve(img, self.kx)
                gy = ndimage.convolve(img, self.kx.T)
                return np.arctan2(gy, gx)
        """,
        # the derivative kernel is computed, not written: a range, a stack, item writes
        """\
        import numpy as np
        from scipy import ndimage
        def orientation(img):
            ramp = np.arange(-1, 2)
            kx = np.vstack([ramp, 2 * ramp, ramp])
            ky = np.zeros((3, 3))
            ky[0, :] = -1
            ky[2, :] = 1
            return np.arctan2(ndimage.convolve(img, ky), ndimage.convolve(img, kx))
        """,
        # a layer inherits both correlation gradients from a mixin but convolves forward
        """\
        from scipy.signal import convolve2d, correlate2d
        class CorrelationGrads:
            def backward(self, dy):
                return convolve2d(dy, self.w, "full"), correlate2d(self.inp, dy, "valid")
        class Weights:
            def __init__(self, w):
                self.w = w
        class TrueConv(CorrelationGrads, Weights):
            def forward(self, x):
                self.inp = x
                return convolve2d(x, self.w, "valid")
        """,
        Invalid(
            """\
            # a derivative of Gaussian built on a grid, written for correlation, through a helper
            import numpy as np
            from scipy import ndimage
            def derivative_kernels(sigma=1.5, r=4):
                ax = np.arange(-r, r + 1, dtype=float)
                x, y = np.meshgrid(ax, ax)
                g = np.exp(-(x**2 + y**2) / (2 * sigma**2))
                g /= g.sum()
                return x * g, y * g
            def _filter(img, k):
                return ndimage.convolve(img, k, mode="nearest")
            def light_direction(img):
                kx, ky = derivative_kernels()
                gx, gy = _filter(img, kx), _filter(img, ky)
                return np.arctan2(gy.mean(), gx.mean())
            """
        ),
    )

    def run(self) -> None:
        evaluator = self.facts.model().evaluator
        for layer in self.facts.model().gradients().layers():
            if layer.culprit_is_forward() and layer.orientation is Orientation.CONVOLUTION:
                for filt in layer.forwards:
                    call = evaluator.api_calls.get(id(filt.node))
                    if call is not None and call.api.orientation is Orientation.CONVOLUTION:
                        self._report_layer(call)
        for call in self.facts.api_calls():
            if self._derivative_with_sign(call):
                self._report_derivative(call)
        self._documented_correlations()

    # -- a written correlation ------------------------------------------------------------
    def _documented_correlations(self) -> None:
        """A convolution whose own documentation writes the correlation sum it means.

        Only a stated formula (``x[i + m, j + n] * w[m, n]``) or "cross-correlation"
        counts (:func:`~..analysis.intent.written_correlation`).
        """
        model = self.facts.model()
        for placed in model.filters():
            api = placed.filt.api
            if placed.filt.kind is not Kind.API or api is None or api.family is Family.FRAMEWORK:
                continue
            call = model.evaluator.api_calls.get(placed.filt.ident)
            if call is None:
                continue
            # where it is written, then as each caller of its function sees it; what one
            # view shows deliberate (gradient code, an adjoint pair) holds for all
            views = model.views(placed)
            if any(self._excused(model, view) for view in views):
                continue
            for view in views:
                intent = self._documented_correlation(model, view)
                if intent is None:
                    continue
                xcorr = function_name(Orientation.CORRELATION, self.fix_target)
                message = (
                    f"CNV201 the code documents a correlation ({intent.phrase!r}"
                    f"{through_callers(view)}) but {api.short} convolves (it rotates the "
                    f"kernel); use {xcorr}"
                )
                fix = self._fix(call) if model.one_caller_each(view) else None
                self.report(call.node, message, fix)
                break

    def _documented_correlation(self, model, view: Placed) -> Intent | None:
        filt = view.filt
        if filt.orientation is not Orientation.CONVOLUTION or symmetric_kernel(filt):
            return None
        return written_correlation(view.scope, self.facts)

    def _excused(self, model, view: Placed) -> bool:
        """Gradient code (judged against its forward by CNV206), one half of an adjoint
        pair, or a kernel a caller hands in rotated."""
        if any(model.gradient_code(s) for s in (view.scope, *view.via)):
            return True
        return adjoint_partner(model, view.filt, view.scope) or passed_turned(
            model, view.filt.kernel
        )

    # -- layers ---------------------------------------------------------------------------
    def _report_layer(self, call: ApiCall) -> None:
        xcorr = function_name(Orientation.CORRELATION, self.fix_target)
        if call.api.ndim == 1:
            xcorr = "np.correlate"  # a 1-D layer keeps to 1-D calls
        message = (
            "CNV201 the backward pass uses the cross-correlation gradients, so the forward "
            f"pass must correlate; use {xcorr}(x, K, '{call.mode or 'valid'}')"
        )
        self.report(call.node, message, self._fix(call))

    # -- derivative kernels ---------------------------------------------------------------
    def _derivative_with_sign(self, call: ApiCall) -> bool:
        if call.api.orientation is not Orientation.CONVOLUTION or call.kernel is None:
            return False
        if call.api.family is Family.FRAMEWORK:
            return False
        literals = self._kernel_literals(call)
        if literals:
            if not all(correlation_oriented_derivative(lit) for lit in literals):
                return False
        else:
            slopes = self._kernel_slopes(call)
            if not slopes or not all(sign > 0 for _, sign in slopes):
                return False
        if not self._sign_used(call):
            return False
        return not self._checked_against_filter(call)

    def _kernel_literals(self, call: ApiCall) -> list[Literal]:
        """The kernel's entries as the call receives them (its steps applied): from the
        expression when it folds, else from the model's view of the filter where it is
        written and at each caller of its function (a property, a helper's return, an
        argument), when every view that knows the kernel's entries shows them."""
        assert call.kernel is not None
        view = self.facts.kernel_view(call.kernel, call.scope)
        lit = view.literal()
        if lit is not None:
            axis_map = view.axis_map(lit.ndim) if view.has_steps else None
            if view.has_steps and axis_map is None:
                return []
            return [lit.permuted(axis_map) if axis_map is not None else lit]
        model = self.facts.model()
        placed = model.placed(id(call.node))
        out: list[Literal] = []
        for seen in model.views(placed) if placed is not None else ():
            kernel = seen.filt.raw_kernel
            if kernel is None or kernel.literal is None:
                if not seen.via and kernel is not None and kernel.origin.root().kind == "param":
                    continue  # a helper's parameter: its callers show the kernel
                return []
            axis_map = kernel.axis_map(kernel.literal.ndim)
            if axis_map is None:
                return []
            out.append(kernel.literal.permuted(axis_map))
        return out

    def _kernel_slopes(self, call: ApiCall) -> list[Slope]:
        """The slope of a derivative kernel built by formula (``X * g`` on a coordinate
        grid, :mod:`~..analysis.slopes`) as the call receives it, where it is written and
        at each caller of its function; empty unless every view that knows the kernel's
        formula shows one."""
        if not builds_grids(self.facts):
            return []  # no coordinate grid in the file: nothing for a formula to slope on
        model = self.facts.model()
        placed = model.placed(id(call.node))
        out: list[Slope] = []
        for seen in model.views(placed) if placed is not None else ():
            kernel = seen.filt.raw_kernel
            if kernel is not None and not seen.via and kernel.origin.root().kind == "param":
                continue  # a helper's parameter: its callers show the kernel
            node = kernel.node if kernel is not None else None
            scope = model.scope_of(node) if node is not None else None
            found = slope(node, scope) if node is not None and scope is not None else None
            if kernel is None or found is None:
                return []
            moved = _moved_slope(found, kernel.axis_map(2) if kernel.steps else None)
            if moved is None:
                return []
            out.append(moved)
        return out

    def _sign_used(self, call: ApiCall) -> bool:
        """The result's sign matters where it is computed, or (for a helper that returns
        it) where a caller uses what the helper gives back."""
        model = self.facts.model()
        placed = model.placed(id(call.node))
        views = model.views(placed) if placed is not None else []
        for view in views or [None]:
            node = call.node if view is None or view.call is None else view.call
            scope = call.scope if view is None else view.scope
            if result_usage(node, scope, self.facts) is Usage.SIGNED:
                return True
        return False

    def _checked_against_filter(self, call: ApiCall) -> bool:
        """Claimed equal to another filter's result: a test of equivalence, not of sign.

        (Whether the two agree on orientation is CNV101/CNV204/CNV205's question.)  A
        claim against anything else (``np.gradient``, a written difference) is a use of
        the sign.
        """
        model = self.facts.model()
        for pair in model.claimed_pairs():
            mine, other = pair.a, pair.b
            if isinstance(mine, Filt) and mine.ident == id(call.node) and isinstance(other, Filt):
                return True
        return False

    def _report_derivative(self, call: ApiCall) -> None:
        xcorr = counterpart_name(call.api, Orientation.CORRELATION, self.fix_target)
        message = (
            "CNV201 this derivative kernel is written for correlation and its sign is used; "
            f"convolution reverses it: use {xcorr} (or ndimage.correlate) or reverse the kernel"
        )
        self.report(call.node, message, self._fix(call))

    def _fix(self, call: ApiCall) -> Fix | None:
        return orientation_swap_fix(
            self.facts, call, self.fix_target, safe=False, title="call the correlation"
        )
