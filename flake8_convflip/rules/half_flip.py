"""CNV301 half-flip.

## What it does
Finds an attempted 180-degree kernel rotation that reverses one spatial axis, none,
or the wrong axes, where the result is used as a kernel: ``K[::-1]`` or
``np.flipud(K)`` alone on a 2-D kernel, the no-op chain ``K[::-1][::-1]``,
``np.flip(W)`` or ``np.rot90(W, 2)`` over the channel axes of an ``(out, in, kh, kw)``
stack.

## Why is this bad?
Convolution and correlation differ by a rotation of the kernel on *both* spatial
axes.  ``K[::-1][::-1]`` indexes axis 0 twice and changes nothing (LeNet-python's
kernel gradient), ``np.fliplr(np.flipud(stack))`` on a 3-D stack reverses the kernel
order and the rows but never the columns (IT3030's input gradient), and ``np.rot90``
rotates the first two axes, which are channels in PyTorch's layout.  Tests with
symmetric kernels cannot catch any of these.

## Example
```python
grad_k = convolve2d(x, dy[::-1][::-1], "valid")
```

## Use instead
```python
grad_k = convolve2d(x, dy[::-1, ::-1], "valid")
```

## Fix safety
Unsafe: the fix rotates on the spatial axes, which changes the result to the intended
rotation.

## References
- numpy.flip, numpy.rot90 (``axes=``), scipy.signal.convolve2d
"""

from __future__ import annotations

from ..analysis.axes import Verdict
from ..semantic import KernelUse
from ._flip_rule import FlipRule
from .base import Invalid

_QUARTER_TURNS = """\
import numpy as np
def turn(k):
    once, twice = np.zeros(k.shape), np.zeros(k.shape)
    last = k.shape[0] - 1
    for a in range(k.shape[0]):
        for b in range(k.shape[1]):
            once[last - b, a] = k[a, b]
    for a in range(k.shape[0]):
        for b in range(k.shape[1]):
            twice[last - b, a] = once[a, b]
    return twice
def conv2d(img, k):
    t = turn(k)
    out = np.zeros((img.shape[0] - 2, img.shape[1] - 2))
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            total = 0
            for a in range(3):
                for b in range(3):
                    total = total + t[a, b] * img[r + a, c + b]
            out[r, c] = total
    return out
result = conv2d(np.random.rand(6, 6), {kernel})
"""


class HalfFlip(FlipRule):
    CODE = "CNV301"
    NAME = "half-flip"
    MESSAGE = "CNV301 kernel flipped on one axis only; use k[::-1, ::-1] for a 180° rotation"
    FIX_AVAILABILITY = "sometimes"
    VERDICTS = frozenset({Verdict.HALF, Verdict.NOOP, Verdict.WRONG_AXES})
    ALWAYS = frozenset({Verdict.NOOP, Verdict.WRONG_AXES})
    VALID = (
        # a 1-D kernel reversed is fully flipped
        """\
        import numpy as np
        taps = np.array([1.0, 2.0, 3.0])
        out = np.convolve(sig, taps[::-1])
        """,
        # the proper rotation
        """\
        from scipy.signal import convolve2d
        out = convolve2d(img, ker[::-1, ::-1], "valid")
        """,
        # rot90 with k=2 on the spatial axes of a torch weight
        """\
        import numpy as np
        import torch.nn.functional as F
        def backward(grad, weight):
            return F.conv_transpose2d(grad, weight)
        w = np.rot90(wt, 2, axes=(2, 3))
        y = F.conv2d(inp, w)
        """,
        # flipping a signal, not a kernel
        """\
        import numpy as np
        from scipy.signal import convolve2d
        out = convolve2d(img[::-1], ker, "same")
        """,
        # a deliberate one-axis reflection with no sign of a rotation attempt
        """\
        import numpy as np
        from scipy import ndimage as ndi
        sobel_down = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
        edges_up = ndi.convolve(img, np.flipud(sobel_down))
        """,
        # each element is rotated before stacking: the stack's items are proper rotations
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def backward(delta, bank):
            turned = np.array([np.rot90(b, 2) for b in bank])
            return [correlate2d(delta, turned[n], "full") for n in range(len(bank))]
        """,
        # the input gradient of a torch layer: swap the channel roles, rotate the taps
        """\
        import torch.nn.functional as F
        def backward(grad, weight):
            return F.conv2d(grad, weight.transpose(0, 1).flip(2, 3))
        """,
        # the stack's spatial axes rotated, items taken afterwards
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def input_grad(grad_out, bank):
            turned = np.flip(bank, axis=(2, 3))
            return [correlate2d(grad_out[f], turned[f, 0], "full") for f in range(4)]
        """,
        # transposes that undo each other flip nothing: filtering along columns
        """\
        from scipy.signal import convolve2d
        def along_columns(img, row_taps):
            col_taps = row_taps.T
            return convolve2d(img.T, col_taps.T, mode="same").T
        """,
        # a channel-last (kh, kw, in, out) weight in an einsum: its spatial axes are 0, 1
        """\
        import numpy as np
        from numpy.lib.stride_tricks import sliding_window_view as windows
        def input_grad(dy, w):
            kh, kw = w.shape[:2]
            padded = np.pad(dy, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)))
            taps = windows(padded, (kh, kw), axis=(1, 2))
            return np.einsum("nhwoij,ijco->nhwc", taps, np.flip(w, axis=(0, 1)))
        """,
        # a one-sided motion kernel mirrored where it is built: a new kernel, not a flip
        """\
        import numpy as np
        from scipy import ndimage
        def motion_kernel(length, leftwards):
            k = np.zeros((1, 2 * length - 1))
            k[0, length - 1 :] = np.linspace(1.0, 0.3, length)
            return k[:, ::-1] if leftwards else k
        def motion_blur(img, k):
            \"\"\"Camera motion blur: convolve the plate with the motion PSF.\"\"\"
            return ndimage.convolve(img, k, mode="constant")
        """,
        # the two quarter turns once: the 180° rotation of a true convolution
        _QUARTER_TURNS.format(kernel="np.random.rand(3, 3)"),
    )
    INVALID = (
        Invalid(
            """\
            from scipy.signal import convolve2d
            def backward(x, dy):
                return convolve2d(x, dy[::-1][::-1], "valid")
            """,
            fixed="""\
            from scipy.signal import convolve2d
            def backward(x, dy):
                return convolve2d(x, dy[::-1, ::-1], "valid")
            """,
        ),
        Invalid(
            """\
            import numpy as np
            from scipy.signal import convolve2d
            kernel = np.random.rand(3, 3)
            flipped = np.flipud(kernel)
            out = convolve2d(img, flipped, "valid")
            """,
            fixed="""\
            import numpy as np
            from scipy.signal import convolve2d
            kernel = np.random.rand(3, 3)
            flipped = kernel[::-1, ::-1]
            out = convolve2d(img, flipped, "valid")
            """,
        ),
        """\
        import numpy as np
        import torch.nn.functional as F
        weight = np.random.randn(8, 3, 3, 3)
        rotated = np.rot90(weight, 2)
        dx = F.conv_transpose2d(dy, F.conv2d(x, rotated))
        """,
        """\
        import numpy as np
        def conv_by_hand(img, ker):
            out = np.zeros((4, 4))
            for r in range(4):
                for c in range(4):
                    out[r, c] = np.sum(img[r:r + 3, c:c + 3] * ker[::-1])
            return out
        """,
        # the flip is written in a helper: seen where the helper's result is the kernel
        Invalid(
            """\
            from scipy.signal import correlate2d
            def rot180(kernel):
                return kernel[::-1][::-1]
            def input_gradient(delta, weights):
                return correlate2d(delta, rot180(weights), "full")
            """,
            fixed="""\
            from scipy.signal import correlate2d
            def rot180(kernel):
                return kernel[::-1, ::-1]
            def input_gradient(delta, weights):
                return correlate2d(delta, rot180(weights), "full")
            """,
        ),
        # rot90 turns the (filters, channels) axes of the stack: each item is unrotated
        Invalid(
            """\
            import numpy as np
            from scipy.signal import correlate2d
            def input_grad(grad_out, bank):
                turned = np.rot90(bank, 2)
                return [
                    sum(correlate2d(grad_out[f], turned[f, c], "full") for f in range(4))
                    for c in range(3)
                ]
            """,
            fixed="""\
            import numpy as np
            from scipy.signal import correlate2d
            def input_grad(grad_out, bank):
                turned = np.flip(bank, (2, 3))
                return [
                    sum(correlate2d(grad_out[f], turned[f, c], "full") for f in range(4))
                    for c in range(3)
                ]
            """,
        ),
        # a loop over a stack flipped on its rows only, through an alias
        Invalid(
            """\
            import numpy as np
            from scipy.signal import correlate2d
            def backward(delta, stack):
                upside_down = stack[:, ::-1]
                alias = upside_down
                return [correlate2d(delta, item, "full") for item in alias]
            """,
            fixed="""\
            import numpy as np
            from scipy.signal import correlate2d
            def backward(delta, stack):
                upside_down = np.flip(stack, (1, 2))
                alias = upside_down
                return [correlate2d(delta, item, "full") for item in alias]
            """,
        ),
        # the same weight flipped on its channel axes: the taps are never rotated
        Invalid(
            """\
            import numpy as np
            from numpy.lib.stride_tricks import sliding_window_view as windows
            def input_grad(dy, w):
                kh, kw = w.shape[:2]
                padded = np.pad(dy, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)))
                taps = windows(padded, (kh, kw), axis=(1, 2))
                return np.einsum("nhwoij,ijco->nhwc", taps, np.flip(w, axis=(2, 3)))
            """,
            fixed="""\
            import numpy as np
            from numpy.lib.stride_tricks import sliding_window_view as windows
            def input_grad(dy, w):
                kh, kw = w.shape[:2]
                padded = np.pad(dy, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1), (0, 0)))
                taps = windows(padded, (kh, kw), axis=(1, 2))
                return np.einsum("nhwoij,ijco->nhwc", taps, np.flip(w, (0, 1)))
            """,
        ),
        # a correlation turned into the documented convolution with one axis reversed
        Invalid(
            """\
            import numpy as np
            from scipy import ndimage
            def apply(field, stencil):
                \"\"\"Stencil convolved with the field (zero outside the domain).\"\"\"
                return ndimage.correlate(field, np.flipud(stencil), mode="constant")
            step = apply(np.zeros((16, 16)), np.eye(3))
            """,
            fixed="""\
            import numpy as np
            from scipy import ndimage
            def apply(field, stencil):
                \"\"\"Stencil convolved with the field (zero outside the domain).\"\"\"
                return ndimage.correlate(field, stencil[::-1, ::-1], mode="constant")
            step = apply(np.zeros((16, 16)), np.eye(3))
            """,
        ),
        # two hand-written quarter turns make the 180° the filter needs, and the caller
        # turns the kernel first as well: four quarter turns, no rotation at all
        _QUARTER_TURNS.format(kernel="turn(np.random.rand(3, 3))"),
        # the input gradient contracted by tensordot with listed axes, the kernel flipped
        # on its rows only
        """\
        import numpy as np
        def grad_input(gy, w):
            c_out, c_in, kh, kw = w.shape
            gp = np.pad(gy, ((0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
            w_flip = w[..., ::-1, :]
            gx = np.empty((c_in, gp.shape[1] - kh + 1, gp.shape[2] - kw + 1))
            for r in range(gx.shape[1]):
                for s in range(gx.shape[2]):
                    window = gp[:, r:r + kh, s:s + kw]
                    gx[:, r, s] = np.tensordot(window, w_flip, axes=([0, 1, 2], [0, 2, 3]))
            return gx
        grad_input(np.ones((3, 4, 4)), np.random.default_rng(0).normal(size=(3, 2, 3, 3)))
        """,
        # a helper mirrors the stencil the documented convolution was given
        '''\
        import numpy as np
        from scipy import ndimage
        def mirrored(a):
            return a[::-1]
        def apply(field, stencil):
            """Stencil convolved with the field (zero outside the domain)."""
            return ndimage.correlate(field, mirrored(stencil), mode="constant")
        step = apply(np.zeros((16, 16)), np.tri(3))
        ''',
    )

    def message_for(self, use: KernelUse) -> str:
        if use.verdict is Verdict.NOOP:
            return "CNV301 these flips cancel out; use k[::-1, ::-1] for a 180° rotation"
        if use.verdict is Verdict.WRONG_AXES:
            spatial = use.written_spatial
            if spatial is None:
                return "CNV301 flip reverses non-spatial axes; rotate the spatial axes only"
            axes = ", ".join(str(a) for a in spatial)
            return f"CNV301 flip reverses non-spatial axes; rotate the spatial axes ({axes}) only"
        if len(use.spatial) > 2:
            return (
                f"CNV301 the kernel is flipped on some of its {len(use.spatial)} axes only; "
                "an n-d convolution rotates every axis"
            )
        return self.MESSAGE
