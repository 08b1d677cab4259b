"""CNV302 transpose-as-flip.

## What it does
Finds ``K.T``, ``np.transpose(K)``, ``tensor.t()`` or a transposed window
(``window.T * K``) used where the code means a 180-degree rotation: in gradient code,
in a hand-rolled window sum, or where the name or a comment says the kernel is being
flipped.

## Why is this bad?
A transpose mirrors the kernel about its diagonal; a rotation by 180 degrees reverses
both axes.  They agree only for kernels with special symmetry, so a backward pass
built with ``filter.t()`` (the PyTorch numpy-extension tutorial before its fix)
computes wrong gradients for most kernels.

## Example
```python
def backward(grad_out, kernel):
    return convolve2d(grad_out, kernel.T, mode="full")
```

## Use instead
```python
def backward(grad_out, kernel):
    return convolve2d(grad_out, kernel[::-1, ::-1], mode="full")
```

## Fix safety
Unsafe: it replaces the transpose with the rotation, which changes the result.

## References
- numpy.transpose, torch.Tensor.t
"""

from __future__ import annotations

import libcst as cst

from ..analysis.axes import Verdict
from ..semantic import KernelUse
from ._flip_rule import FlipRule
from .base import Invalid


class TransposeAsFlip(FlipRule):
    CODE = "CNV302"
    NAME = "transpose-as-flip"
    MESSAGE = "CNV302 a transpose is not a 180° rotation; use k[::-1, ::-1]"
    FIX_AVAILABILITY = "sometimes"
    VERDICTS = frozenset({Verdict.TRANSPOSE})

    def message_for(self, use: KernelUse) -> str:
        if isinstance(use.outer, cst.Call) and use.evidence.window and not use.evidence.gradient:
            # a window contraction (``einsum("hwab,ba->hw", windows, k)``): the subscripts
            # pair the window with the kernel's axes swapped
            return (
                "CNV302 this contraction pairs each window with the kernel transposed, "
                "which is neither the kernel as written (a correlation) nor its 180° "
                "rotation (a convolution); give the window and the kernel the same subscripts"
            )
        return self.MESSAGE

    VALID = (
        # the vertical Sobel kernel is the transpose of the horizontal one
        """\
        import numpy as np
        from scipy import ndimage as ndi
        kx = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
        ky = kx.T
        gy = ndi.convolve(img, ky)
        """,
        """\
        import numpy as np
        from scipy import ndimage as ndi
        gx = ndi.convolve(img, weights.T)
        """,
        # applying the linear part of an affine to points (dipy): no window, no kernel
        """\
        import numpy as np
        from scipy import ndimage as ndi
        def to_world(voxels, affine):
            moved = np.dot(voxels, affine[:3, :3].T)
            return moved + affine[:3, 3]
        def smooth(volume, taps):
            return ndi.correlate(volume, taps.T)
        """,
        # the second Sobel kernel, transposed inside a function named for gradients and
        # passed to a window helper: a new kernel, not a flip
        """\
        import numpy as np
        def img_convolve(image, filt):
            rows, cols = image.shape[0] - 2, image.shape[1] - 2
            out = np.zeros((rows, cols))
            for r in range(rows):
                for c in range(cols):
                    out[r, c] = np.sum(image[r : r + 3, c : c + 3] * filt)
            return out
        def image_gradients(image):
            kx = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
            ky = kx.T
            return img_convolve(image, kx), img_convolve(image, ky)
        """,
        # a property transposes a literal Sobel kernel: the other direction's kernel
        """\
        import numpy as np
        from scipy import ndimage
        class Sobel:
            @property
            def kx(self):
                return np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
            @property
            def ky(self):
                return self.kx.T
            def gradients(self, img):
                return ndimage.correlate(img, self.kx), ndimage.correlate(img, self.ky)
        """,
    )
    INVALID = (
        Invalid(
            """\
            from scipy.signal import convolve2d
            def backward(grad_out, kernel):
                return convolve2d(grad_out, kernel.T, mode="full")
            """,
            fixed="""\
            from scipy.signal import convolve2d
            def backward(grad_out, kernel):
                return convolve2d(grad_out, kernel[::-1, ::-1], mode="full")
            """,
        ),
        """\
        import numpy as np
        def conv2d(img, kernel):
            out = np.zeros((6, 6))
            for i in range(6):
                for j in range(6):
                    tmp = img[i:i + 3, j:j + 3]
                    out[i, j] = np.sum(tmp * kernel.T)
            return out
        """,
        # the window is transposed instead of the kernel: the same product-sum
        Invalid(
            """\
            import numpy as np
            def conv_same(img, kernel):
                out = np.zeros((6, 6))
                for i in range(6):
                    for j in range(6):
                        patch = img[i:i + 3, j:j + 3]
                        out[i, j] = np.sum(patch.T * kernel)
                return out
            """,
            fixed="""\
            import numpy as np
            def conv_same(img, kernel):
                out = np.zeros((6, 6))
                for i in range(6):
                    for j in range(6):
                        patch = img[i:i + 3, j:j + 3]
                        out[i, j] = np.sum(patch[::-1, ::-1] * kernel)
                return out
            """,
        ),
        # a 4-D weight stack: the channels swapped right, the taps transposed
        """\
        import numpy as np
        from numpy.lib.stride_tricks import sliding_window_view
        def xcorr_stack(x, w):
            win = sliding_window_view(x, w.shape[2:], axis=(1, 2))
            return np.einsum("chwij,fcij->fhw", win, w)
        def grad_input(dout, w):
            return xcorr_stack(dout, w.transpose((1, 0, 3, 2)))
        """,
        # through an alias and a torch ``.t()`` in a backward pass
        Invalid(
            """\
            from scipy.signal import convolve2d
            def backward(grad_out, taps):
                swapped = taps.t()
                kernel_used = swapped
                return convolve2d(grad_out, kernel_used.numpy(), mode="full")
            """,
            fixed="""\
            from scipy.signal import convolve2d
            def backward(grad_out, taps):
                swapped = taps[::-1, ::-1]
                kernel_used = swapped
                return convolve2d(grad_out, kernel_used.numpy(), mode="full")
            """,
        ),
        # the transpose returned by a helper the window sum calls
        """\
        import numpy as np
        def prepared(kernel):
            return kernel.T
        def conv2d(img, kernel):
            out = np.zeros((6, 6))
            for i in range(6):
                for j in range(6):
                    out[i, j] = np.sum(img[i:i + 3, j:j + 3] * prepared(kernel))
            return out
        """,
        # einsum subscripts that meet each window with the kernel's axes swapped
        """\
        import numpy as np
        from numpy.lib.stride_tricks import sliding_window_view
        def feature_map(img, w):
            patches = sliding_window_view(img, w.shape)
            return np.einsum("ijkl,lk->ij", patches, w)
        """,
        # a property named for the rotation returns the transpose of learned weights
        """\
        from scipy.signal import correlate2d
        class Conv:
            def __init__(self, w):
                self.w = w
            @property
            def rotated(self):
                return self.w.T
            def forward(self, x):
                self.x = x
                return correlate2d(x, self.w, "valid")
            def backward(self, dy):
                return correlate2d(dy, self.rotated, "full")
        """,
    )
