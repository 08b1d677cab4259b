# eval-label: buggy
# eval-expect: CNV101@15|17
# eval-why: the einsum over sliding_window_view patches is a cross-correlation, checked against convolve2d of the same unflipped kernel
# eval-fix: convolve2d(image, kernel, mode="valid") => convolve2d(image, kernel[::-1, ::-1], mode="valid")
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.signal import convolve2d

rng = np.random.default_rng(4)
image = rng.random((9, 11))
kernel = np.asarray([[1, 2, 0], [0, -1, 3], [2, 0, 1]], dtype=float)

# every 3x3 patch, weighted by the kernel
patches = sliding_window_view(image, kernel.shape)
manual = np.einsum("ijkl,kl->ij", patches, kernel)

reference = convolve2d(image, kernel, mode="valid")
ok = np.allclose(manual, reference)
print("max abs diff", np.abs(manual - reference).max())
print("EVAL-RESULT:", "agree" if ok else "differ")
