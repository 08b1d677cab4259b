# eval-label: buggy
# eval-expect: CNV101@16|22
# eval-why: as_strided windows contracted with the kernel by einsum (a correlation) are checked against signal.convolve of the same asymmetric kernel
# eval-fix: signal.convolve(img, k, mode="valid") => signal.correlate(img, k, mode="valid")
import numpy as np
from numpy.lib.stride_tricks import as_strided
from scipy import signal


def fast_filter(img, k):
    """Vectorised 'valid' filtering with a strided view (no copies)."""
    kh, kw = k.shape
    oh, ow = img.shape[0] - kh + 1, img.shape[1] - kw + 1
    s0, s1 = img.strides
    patches = as_strided(img, shape=(oh, ow, kh, kw), strides=(s0, s1, s0, s1))
    return np.einsum("ijkl,kl->ij", patches, k)


img = np.random.default_rng(7).standard_normal((20, 20))
k = np.array([[0.0, 0.2, 0.1], [0.5, 0.1, 0.0], [0.3, 0.0, -0.2]])
fast = fast_filter(img, k)
slow = signal.convolve(img, k, mode="valid")
err = np.max(np.abs(fast - slow))
print(f"max err {err:.3e}")
print("EVAL-RESULT:", "agree" if err < 1e-9 else "differ")
