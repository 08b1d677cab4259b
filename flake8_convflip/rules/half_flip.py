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

from ..analysis.flips import KernelUse, Verdict
from ._flip_rule import FlipRule
from .base import Invalid


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
    )

    def message_for(self, use: KernelUse, found: Verdict) -> str:
        if found is Verdict.NOOP:
            return "CNV301 these flips cancel out; use k[::-1, ::-1] for a 180° rotation"
        if found is Verdict.WRONG_AXES:
            axes = ", ".join(str(a) for a in use.spatial)
            return f"CNV301 flip reverses non-spatial axes; rotate the spatial axes ({axes}) only"
        return self.MESSAGE
