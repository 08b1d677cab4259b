# eval-label: clean
# eval-why: the first-layer filters come from a PyTorch model (cross-correlation), and cv2.filter2D is a cross-correlation too, so applying them as written is right; checked against a window sum.
"""Run the exported stem filters of the defect net on the edge device with OpenCV."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import ndimage

try:
    import cv2
    def xcorr_same(img, k):
        return cv2.filter2D(img, cv2.CV_64F, k, borderType=cv2.BORDER_CONSTANT)
except ImportError:
    def xcorr_same(img, k):  # OpenCV's filter2D is ndimage.correlate with a zero border
        return ndimage.correlate(img, k, mode="constant")

# weights of stem.conv (out=2, in=1, 3, 3) as dumped from state_dict()
stem = np.array([[[0.9, -0.1, -0.4], [0.3, 0.2, -0.6], [0.1, -0.2, -0.3]],
                 [[-0.5, 0.4, 0.0], [0.0, 0.7, 0.1], [0.2, -0.3, 0.8]]])

img = np.random.default_rng(2).random((16, 18))
feature_maps = [xcorr_same(img, k) for k in stem]

# torch semantics: out[i, j] = sum_{m, n} in[i + m - 1, j + n - 1] * w[m, n]
padded = np.pad(img, 1)
torch_like = [np.einsum("ijmn,mn->ij", sliding_window_view(padded, (3, 3)), k) for k in stem]
ok = all(np.allclose(a, b) for a, b in zip(feature_maps, torch_like))
print("EVAL-RESULT:", "agree" if ok else "differ")
