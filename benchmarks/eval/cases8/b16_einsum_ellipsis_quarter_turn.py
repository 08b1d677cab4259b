# eval-label: buggy
# eval-expect: CNV303@17|18
# eval-why: the batched window product is turned into a convolution by "flipping" the kernel with a single np.rot90 (a quarter turn), so it does not match convolve2d
# eval-fix: np.rot90(kernel) => np.rot90(kernel, 2)
"""Batched 'same' convolution for a stack of thumbnails, no Python loop over pixels."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import signal


def batched_convolve_same(stack, kernel):
    """Convolve every image in ``stack`` (..., H, W) with an odd square kernel."""
    r = kernel.shape[0] // 2
    pad = [(0, 0)] * (stack.ndim - 2) + [(r, r), (r, r)]
    padded = np.pad(stack, pad, mode="constant")
    windows = sliding_window_view(padded, kernel.shape, axis=(-2, -1))
    flipped = np.rot90(kernel)  # flip: convolution = correlation with the flipped kernel
    return np.einsum("...ij,ij->...", windows, flipped)


def normalise(stack):
    lo = stack.min(axis=(-2, -1), keepdims=True)
    hi = stack.max(axis=(-2, -1), keepdims=True)
    return (stack - lo) / np.where(hi > lo, hi - lo, 1.0)


rng = np.random.default_rng(16)
stack = normalise(rng.normal(size=(2, 3, 11, 13)))
kernel = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [-3.0, 0.0, 0.5]])
fast = batched_convolve_same(stack, kernel)
slow = np.stack([[signal.convolve2d(im, kernel, mode="same") for im in grp] for grp in stack])
print("shape", fast.shape, "max err", np.abs(fast - slow).max())
print("EVAL-RESULT:", "agree" if np.allclose(fast, slow) else "differ")
