"""CNV303 quarter-turn-as-flip.

## What it does
Finds ``np.rot90(K)``, ``np.rot90(K, 1)``, ``k=3`` or ``k=-1`` used as the kernel
flip: in gradient code, in a hand-rolled window sum, or where the name or a comment
says the kernel is being flipped.

## Why is this bad?
The convolution flip is a rotation by 180 degrees, ``np.rot90(K, 2)``.  One quarter
turn moves every tap to the wrong place (and turns an ``(m, n)`` kernel into an
``(n, m)`` one).

## Example
```python
def backward(dy, kernel):
    return convolve2d(dy, np.rot90(kernel), "full")
```

## Use instead
```python
def backward(dy, kernel):
    return convolve2d(dy, kernel[::-1, ::-1], "full")
```

## Fix safety
Unsafe: the fix changes the rotation to 180 degrees.

## References
- numpy.rot90
"""

from __future__ import annotations

from ..analysis.axes import Verdict
from ._flip_rule import FlipRule
from .base import Invalid


class QuarterTurnAsFlip(FlipRule):
    CODE = "CNV303"
    NAME = "quarter-turn-as-flip"
    MESSAGE = "CNV303 one quarter turn is not the kernel flip; use np.rot90(k, 2) or k[::-1, ::-1]"
    FIX_AVAILABILITY = "sometimes"
    VERDICTS = frozenset({Verdict.QUARTER})
    VALID = (
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def backward(dy, kernel):
            return convolve2d(dy, np.rot90(kernel, 2), "full")
        """,
        # turning a structuring element or a template is not a flip
        """\
        import numpy as np
        from scipy import ndimage as ndi
        footprint = np.array([[1, 1, 0], [1, 0, 0], [0, 0, 0]])
        hits = [ndi.correlate(img, np.rot90(footprint, turn)) for turn in range(4)]
        """,
        # two quarter turns make the flip
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def backward(dy, kernel):
            return convolve2d(dy, np.rot90(np.rot90(kernel)), "full")
        """,
        # four orientations of a literal template in gradient-named code
        """\
        import numpy as np
        from scipy import ndimage as ndi
        def edge_gradients(img):
            corner = np.array([[1, 1, 0], [1, 0, 0], [0, 0, 0]])
            return ndi.correlate(img, corner), ndi.correlate(img, np.rot90(corner))
        """,
        # a batched window contraction (an ellipsis einsum) with the half turn
        """\
        import numpy as np
        from numpy.lib.stride_tricks import sliding_window_view
        def batched_convolve(stack, kernel):
            windows = sliding_window_view(stack, kernel.shape, axis=(-2, -1))
            return np.einsum("...ij,ij->...", windows, np.rot90(kernel, 2))
        """,
    )
    INVALID = (
        Invalid(
            """\
            import numpy as np
            from scipy.signal import convolve2d
            def backward(dy, kernel):
                return convolve2d(dy, np.rot90(kernel), "full")
            """,
            fixed="""\
            import numpy as np
            from scipy.signal import convolve2d
            def backward(dy, kernel):
                return convolve2d(dy, kernel[::-1, ::-1], "full")
            """,
        ),
        """\
        import numpy as np
        from scipy.signal import correlate2d
        kernel_flipped = np.rot90(kernel, -1)
        out = correlate2d(img, kernel_flipped, "valid")
        """,
        # a quarter turn in a helper, on a weight kept in an attribute
        """\
        import numpy as np
        from scipy.signal import correlate2d
        def turned(w):
            return np.rot90(w)
        class Unit:
            def __init__(self, weights):
                self.weights = weights
            def fwd(self, x):
                return correlate2d(x, self.weights, "valid")
            def bwd(self, g):
                return correlate2d(g, turned(self.weights), "full")
        """,
        # the input-gradient formula moved out of backward into a helper only it calls
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def _spread(dy, kernel):
            return convolve2d(dy, np.rot90(kernel), "full")
        def backward(dy, kernel):
            return _spread(dy, kernel)
        """,
        # the windows come from a generator the loop consumes
        """\
        import numpy as np
        from scipy import ndimage
        def windows(img, size):
            big = np.pad(img, size // 2)
            for i in range(img.shape[0]):
                for j in range(img.shape[1]):
                    yield i, j, big[i:i + size, j:j + size]
        def convolve_loop(img, k):
            kr = np.rot90(k)
            out = np.zeros_like(img)
            for i, j, w in windows(img, k.shape[0]):
                out[i, j] = np.sum(w * kr)
            return out
        def test_loop(img, k):
            assert np.allclose(convolve_loop(img, k), ndimage.convolve(img, k, mode="constant"))
        """,
        # a 'full' pass over a parameter named like the upstream gradient is gradient
        # code, whatever the function is called
        """\
        import numpy as np
        from scipy.signal import convolve2d
        def spread(delta, taps):
            return convolve2d(delta, np.rot90(taps), "full")
        """,
        # the input gradient written as a zero pad by the kernel's size minus one and a
        # 'valid' pass (a 'full' pass) of what the method received, with the layer's kernel
        """\
        import numpy as np
        from scipy.signal import correlate2d
        class Layer:
            def __init__(self, weights):
                self.weights = np.asarray(weights, dtype=float)
            def run(self, image):
                return correlate2d(image, self.weights, mode="valid")
            def learn(self, upstream):
                kh, kw = self.weights.shape
                padded = np.pad(upstream, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
                return correlate2d(padded, np.rot90(self.weights), mode="valid")
        """,
        # a batched window contraction (an ellipsis einsum) with one quarter turn
        """\
        import numpy as np
        from numpy.lib.stride_tricks import sliding_window_view
        def batched_convolve(stack, kernel):
            windows = sliding_window_view(stack, kernel.shape, axis=(-2, -1))
            return np.einsum("...ij,ij->...", windows, np.rot90(kernel))
        """,
    )
