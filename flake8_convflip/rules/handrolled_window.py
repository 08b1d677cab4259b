"""CNV101 hand-rolled-correlation-window.

## What it does
Finds a hand-rolled sliding-window product-sum, ``(X[i:i+kh, j:j+kw] * K).sum()``,
that the code checks against a true convolution (``scipy.signal.convolve2d``,
``signal.convolve``, ``fftconvolve``, ``oaconvolve``, ``ndimage.convolve``,
``np.convolve``, astropy's ``convolve``) of the same image and the same, unflipped
kernel: compared, asserted equal, or printed side by side.

## Why is this bad?
The window sum is a cross-correlation: it uses the kernel as written.  The convolution
APIs rotate the kernel by 180 degrees first.  For any kernel that is not symmetric
under that rotation the two disagree (14 vs 10 in the classic Stack Overflow
question), and code "validated" this way carries the wrong orientation into its
gradients.

## Example
```python
window_sum = (img[:3, :3] * ker).sum()
print(window_sum, convolve2d(img, ker, "valid")[0, 0])
```

## Use instead
```python
from convflip import xcorr2d

window_sum = (img[:3, :3] * ker).sum()
print(window_sum, xcorr2d(img, ker, "valid")[0, 0])
```

## Fix safety
Unsafe: the fix changes what the convolution call computes (to the correlation the
author checked it against).  Offered only for ``convolve2d`` and the 2-D uses of
``signal.convolve``/``fftconvolve``/``oaconvolve`` whose arguments map one to one.

## References
- scipy.signal.convolve2d, scipy.signal.correlate2d (docs/semantics.md A3)
"""

from __future__ import annotations

from ..analysis.apis import Orientation
from ..analysis.intent import written_correlation
from ..semantic import Filt, Kind, same_operands, symmetric_kernel
from ._shared import orientation_swap_fix
from .base import Invalid, Rule

_SEED = """\
import numpy as np
from scipy.signal import convolve2d

img = np.random.randint(5, size=(10, 10))
ker = np.random.randint(5, size=(3, 3))
print((img[:3, :3] * ker).sum())
out = convolve2d(img, ker, "valid")
print(out[0, 0])
"""


# im2col (the windows as the rows of a matrix) times a raveled ``{kernel}``, checked
# against a true convolution: a VALID example with the rotated kernel, an INVALID one
# with the kernel as written
_IM2COL = """\
import numpy as np
from scipy.signal import fftconvolve
def im2col(x, kh, kw):
    rows = []
    for i in range(x.shape[0] - kh + 1):
        for j in range(x.shape[1] - kw + 1):
            rows.append(x[i : i + kh, j : j + kw].reshape(-1))
    return np.array(rows)
def fast_conv(x, w):
    kh, kw = w.shape
    h, v = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    return np.dot(im2col(x, kh, kw), {kernel}).reshape(h, v)
def check(x, w):
    assert np.allclose(fast_conv(x, w), fftconvolve(x, w, mode="valid"))
"""


def _correlation_window(value: object) -> bool:
    """A hand-rolled product-sum that uses the kernel as written."""
    return (
        isinstance(value, Filt)
        and value.kind is not Kind.API
        and value.orientation is Orientation.CORRELATION
    )


def _plain_convolution(value: object) -> bool:
    """A true-convolution API called with the kernel as written (no flip of its own)."""
    return (
        isinstance(value, Filt)
        and value.kind is Kind.API
        and value.api is not None
        and value.api.orientation is Orientation.CONVOLUTION
        and value.raw_kernel is not None
        and not value.raw_kernel.has_steps
    )


class HandRolledWindow(Rule):
    CODE = "CNV101"
    NAME = "hand-rolled-correlation-window"
    # a framework conv and its numpy stand-in (``try: import torch ... except``) checked
    # on one line: one mistake, and CNV205 names the call the stand-in replaces
    YIELDS_TO = ("CNV205",)
    MESSAGE = (
        "CNV101 this window sum is a cross-correlation but is checked against {api}, "
        "which rotates the kernel 180°; compare with convflip.xcorr2d or flip the kernel; "
        "prove it with convflip.testing.assert_xcorr2d"
    )
    # the window sits in a helper the checking code calls: the mistake is the check
    MESSAGE_AT_CHECK = (
        "CNV101 {helper} sums windows as a cross-correlation but is checked here against "
        "{api}, which rotates the kernel 180°; compare with convflip.xcorr2d or flip the "
        "kernel; prove it with convflip.testing.assert_xcorr2d"
    )
    PROOF = "convflip.testing.assert_xcorr2d"
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # the reference is a correlation: both sides agree
        """\
        from scipy.signal import correlate2d
        def test_naive(img, ker):
            ref = correlate2d(img, ker, "valid")
            assert (img[:3, :3] * ker).sum() == ref[0, 0]
        """,
        # the window uses the rotated kernel: a true convolution, like convolve2d
        """\
        from scipy.signal import convolve2d
        def check(img, ker):
            mine = (img[:3, :3] * ker[::-1, ::-1]).sum()
            assert mine == convolve2d(img, ker, "valid")[0, 0]
        """,
        # a box kernel equals its own rotation: orientation cannot matter
        """\
        import numpy as np
        from scipy.signal import convolve2d
        box = np.ones((3, 3)) / 9
        print((img[:3, :3] * box).sum(), convolve2d(img, box, "valid")[0, 0])
        """,
        # a CNN forward pass alone (no convolution API involved) is not a mistake
        """\
        import numpy as np
        def conv_forward_naive(x, w):
            out = np.zeros((4, 4))
            for i in range(4):
                for j in range(4):
                    out[i, j] = np.sum(x[i:i + 3, j:j + 3] * w)
            return out
        """,
        # unrelated arrays on the two sides
        """\
        from scipy.signal import convolve2d
        print((img[:3, :3] * ker).sum(), convolve2d(other, ker, "valid")[0, 0])
        """,
        # the same comprehension with the taps reversed is the convolution
        """\
        import numpy as np
        taps = np.array([0.5, 0.3, 0.2])
        x = np.linspace(0.0, 1.0, 40) ** 2
        mine = np.array([np.dot(x[i : i + 3], taps[::-1]) for i in range(38)])
        assert np.allclose(mine, np.convolve(x, taps, mode="valid"))
        """,
        # im2col times the rotated kernel is the convolution
        _IM2COL.format(kernel="w[::-1, ::-1].reshape(-1)"),
        # a Gaussian built by formula on a centred grid equals its own rotation
        """\
        import numpy as np
        from scipy import ndimage
        def gauss(radius=2, sigma=1.0):
            ax = np.arange(-radius, radius + 1)
            xx, yy = np.meshgrid(ax, ax)
            g = np.exp(-(xx**2 + yy**2) / (2 * sigma**2))
            return g / g.sum()
        def blur(img, k):
            big = np.pad(img, 2)
            out = np.zeros(img.shape)
            for i in range(img.shape[0]):
                for j in range(img.shape[1]):
                    out[i, j] = (big[i:i + 5, j:j + 5] * k).sum()
            return out
        img = np.random.rand(9, 9)
        assert np.allclose(blur(img, gauss()), ndimage.convolve(img, gauss(), mode="constant"))
        """,
        """\
        # the same windows checked against the correlation they compute
        import numpy as np
        from numpy.lib.stride_tricks import sliding_window_view
        from scipy import signal
        def filtered(img, mask):
            kh, kw = mask.shape
            cols = sliding_window_view(img, kw, axis=1)
            wins = sliding_window_view(cols, kh, axis=0)
            return np.einsum("rcba,ab->rc", wins, mask)
        img = np.random.rand(12, 10)
        mask = np.outer([1.0, 2.0, 1.0], [-1.0, 0.0, 1.0])
        assert np.allclose(filtered(img, mask), signal.correlate2d(img, mask, mode="valid"))
        """,
    )
    INVALID = (
        Invalid(
            _SEED,
            fixed=_SEED.replace(
                "from scipy.signal import convolve2d", "from convflip import xcorr2d"
            ).replace('out = convolve2d(img, ker, "valid")', 'out = xcorr2d(img, ker, "valid")'),
        ),
        """\
        import numpy as np
        from scipy import signal

        def naive(image, kernel):
            h, w = kernel.shape
            out = np.zeros((image.shape[0] - h + 1, image.shape[1] - w + 1))
            for r in range(out.shape[0]):
                for c in range(out.shape[1]):
                    out[r, c] = np.sum(image[r:r + h, c:c + w] * kernel)
            return out

        def test_naive_matches_scipy():
            pic = np.random.rand(8, 8)
            taps = np.random.rand(3, 3)
            np.testing.assert_allclose(naive(pic, taps), signal.convolve2d(pic, taps, "valid"))
        """,
        """\
        import scipy.ndimage as ndi
        def compare(arr, weights):
            total = 0.0
            for i in range(3):
                for j in range(3):
                    for m in range(3):
                        for n in range(3):
                            total += arr[i + m][j + n] * weights[m][n]
            expected = ndi.convolve(arr, weights)
            assert abs(total - expected[1, 1]) < 1e-9
        """,
        # the windows written as a comprehension: a 1-D moving dot product
        """\
        import numpy as np
        taps = np.array([0.5, 0.3, 0.2])
        x = np.linspace(0.0, 1.0, 40) ** 2
        mine = np.array([np.dot(x[i : i + 3], taps) for i in range(38)])
        assert np.allclose(mine, np.convolve(x, taps, mode="valid"))
        """,
        # im2col: the windows as the rows of a matrix, times the raveled kernel
        _IM2COL.format(kernel="w.reshape(-1)"),
        # im2col with the windows as columns, under the kernel as one row
        """\
        import numpy as np
        from scipy.signal import fftconvolve
        def im2col(x, kh, kw):
            cols = []
            for i in range(x.shape[0] - kh + 1):
                for j in range(x.shape[1] - kw + 1):
                    cols.append(x[i : i + kh, j : j + kw].ravel())
            return np.array(cols).T
        def check(x, w):
            kh, kw = w.shape
            fast = w.reshape(1, -1) @ im2col(x, kh, kw)
            slow = fftconvolve(x, w, mode="valid")
            assert np.allclose(fast.reshape(slow.shape), slow)
        """,
        # the image padded by hand (a zero buffer given the image in a block) and the
        # loops counted by while: the same windows of the same image
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def smooth(img, kern):
            h, w = img.shape
            buf = np.zeros((h + 2, w + 2))
            buf[1:h + 1, 1:w + 1] = img
            res = np.empty((h, w))
            y = 0
            while y < h:
                x = 0
                while x < w:
                    res[y, x] = (buf[y:y + 3, x:x + 3] * kern).sum()
                    x += 1
                y += 1
            return res
        def test_smooth(img, kern):
            assert np.allclose(smooth(img, kern), convolve2d(img, kern, mode="same"))
        """,
        # the padded image kept on the instance by the method that reads it
        """\
        import numpy as np
        from scipy import ndimage
        class Detector:
            def __init__(self, taps):
                self.taps = taps
            def respond(self, frame):
                self.big = np.pad(frame, 1)
                out = np.zeros(frame.shape)
                for r in range(frame.shape[0]):
                    for c in range(frame.shape[1]):
                        out[r, c] = np.sum(self.big[r:r + 3, c:c + 3] * self.taps)
                return out
        def check(frame, taps):
            want = ndimage.convolve(frame, taps, mode="constant")
            return np.allclose(Detector(taps).respond(frame), want)
        """,
        # compared through the file's own assertion helper
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def assert_close(got, want):
            if not np.allclose(got, want):
                raise AssertionError("mismatch")
        def slide(x, k):
            out = np.zeros((x.shape[0] - 2, x.shape[1] - 2))
            for i in range(out.shape[0]):
                for j in range(out.shape[1]):
                    out[i, j] = (x[i:i + 3, j:j + 3] * k).sum()
            return out
        def test_slide(x, k):
            assert_close(slide(x, k), convolve2d(x, k, "valid"))
        """,
        # the kernel is whichever entry of a table the loop names
        """\
        import numpy as np
        from scipy.signal import convolve2d
        BANK = {
            "ridge": np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]),
            "spot": np.ones((3, 3)) / 9,
        }
        class Filter:
            def __init__(self, name):
                self.k = BANK[name]
            def run(self, img):
                out = np.zeros((img.shape[0] - 2, img.shape[1] - 2))
                for r in range(out.shape[0]):
                    for c in range(out.shape[1]):
                        out[r, c] = (img[r:r + 3, c:c + 3] * self.k).sum()
                return out
        for name in BANK:
            f = Filter(name)
            assert np.allclose(f.run(pic), convolve2d(pic, f.k, mode="valid"))
        """,
        # a running sum spelled ``total = total + ...`` checked against the convolution
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def slide(img, ker):
            out = np.zeros((img.shape[0] - 2, img.shape[1] - 2))
            for r in range(out.shape[0]):
                for c in range(out.shape[1]):
                    total = 0.0
                    for a in range(3):
                        for b in range(3):
                            total = total + ker[a, b] * img[r + a, c + b]
                    out[r, c] = total
            return out
        def test_slide(img, ker):
            assert np.allclose(slide(img, ker), convolve2d(img, ker, "valid"))
        """,
        # masks in a dict written under computed keys; the window summed by np.vdot
        """\
        import numpy as np
        from scipy import signal
        VECTORS = {"L5": [1, 4, 6, 4, 1], "E5": [-1, -2, 0, 2, 1]}
        class Bank:
            def __init__(self, pairs=("E5L5", "L5E5")):
                self.masks = {}
                for p in pairs:
                    self.masks[p] = np.outer(VECTORS[p[:2]], VECTORS[p[2:]]).astype(float)
            def response(self, img, name):
                mask = self.masks[name]
                m, n = mask.shape
                out = np.empty((img.shape[0] - m + 1, img.shape[1] - n + 1))
                for i in range(out.shape[0]):
                    for j in range(out.shape[1]):
                        out[i, j] = np.vdot(img[i:i + m, j:j + n], mask)
                return out
        def check(bank, img):
            ref = signal.fftconvolve(img, bank.masks["E5L5"], mode="valid")
            return np.max(np.abs(bank.response(img, "E5L5") - ref))
        check(Bank(), np.random.default_rng(0).random((9, 9)))
        """,
        Invalid(
            """\
            # windows cut one axis at a time, columns first, summed by einsum in that order
            import numpy as np
            from numpy.lib.stride_tricks import sliding_window_view
            from scipy import signal
            def filtered(img, mask):
                kh, kw = mask.shape
                cols = sliding_window_view(img, kw, axis=1)
                wins = sliding_window_view(cols, kh, axis=0)
                return np.einsum("rcba,ab->rc", wins, mask)
            img = np.random.rand(12, 10)
            mask = np.outer([1.0, 2.0, 1.0], [-1.0, 0.0, 1.0])
            assert np.allclose(filtered(img, mask), signal.convolve2d(img, mask, mode="valid"))
            """
        ),
    )

    def run(self) -> None:
        model = self.facts.model()
        for pair in model.claimed_pairs():
            window, call = pair.a, pair.b
            if not (_correlation_window(window) and _plain_convolution(call)):
                continue
            assert isinstance(window, Filt) and isinstance(call, Filt)
            if not same_operands(window, call) or symmetric_kernel(call):
                continue
            api_call = model.evaluator.api_calls.get(id(call.node))
            if api_call is not None and written_correlation(api_call.scope, self.facts):
                continue  # the call's own docs say it should correlate: CNV201 reports it
            self._report(window, call)

    def _report(self, window: Filt, call: Filt) -> None:
        api_call = self.facts.model().evaluator.api_calls[id(call.node)]
        fix = orientation_swap_fix(
            self.facts,
            api_call,
            self.fix_target,
            safe=False,
            title="call the cross-correlation the window computes",
        )
        assert call.api is not None
        model = self.facts.model()
        home = model.scope_of(window.node)
        if home is None or home is model.scope_of(call.node) or home.kind != "function":
            self.report(window.node, self.MESSAGE.format(api=call.api.short), fix)
            return
        message = self.MESSAGE_AT_CHECK.format(helper=f"{home.name}()", api=call.api.short)
        self.report(call.node, message, fix)
