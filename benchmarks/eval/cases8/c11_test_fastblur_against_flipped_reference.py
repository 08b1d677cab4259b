# eval-label: clean
# eval-why: the reference loop in this test module rotates the kernel before the window sum, so it is a true convolution and agrees with the FFT implementation
"""Tests for ``fastfilt.FastFilter`` against a slow reference implementation.

The package ships a reference filter written with plain loops, which the FFT
implementation must reproduce to 1e-9 for all kernel shapes used in production.
"""
import numpy as np
from scipy import signal

PRODUCTION_KERNELS = {
    "emboss": np.array([[-2.0, -1.0, 0.0], [-1.0, 1.0, 1.0], [0.0, 1.0, 2.0]]),
    "ramp5": np.linspace(-1.0, 1.0, 15).reshape(3, 5),
}


class FastFilter:
    """FFT-based filter used by the tile renderer."""

    def __init__(self, kernel):
        self.kernel = np.asarray(kernel, dtype=np.float64)

    @property
    def footprint(self):
        return self.kernel.shape

    def __call__(self, image):
        return signal.fftconvolve(image, self.kernel, mode="valid")


def reference_filter(image, kernel):
    """Slow loop implementation of a true (flipped-kernel) convolution."""
    kh, kw = kernel.shape
    flipped = kernel[::-1, ::-1]  # convolution: slide the rotated kernel
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for y in range(out.shape[0]):
        for x in range(out.shape[1]):
            out[y, x] = np.sum(image[y:y + kh, x:x + kw] * flipped)
    return out


def make_tile(seed=0, shape=(24, 20)):
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 255, size=shape)


def test_footprint():
    assert FastFilter(PRODUCTION_KERNELS["ramp5"]).footprint == (3, 5)


def test_matches_reference():
    results = []
    for name, kern in PRODUCTION_KERNELS.items():
        tile = make_tile(len(name))
        fast = FastFilter(kern)(tile)
        slow = reference_filter(tile, kern)
        results.append(np.allclose(fast, slow, atol=1e-9))
    return all(results)


if __name__ == "__main__":
    test_footprint()
    ok = test_matches_reference()
    print("EVAL-RESULT:", "agree" if ok else "differ")
