# eval-label: clean
# eval-why: filter2D with cv2.flip(k, -1) is a true convolution, matching MATLAB's conv2.
# Port of conv2(I, K, 'same') to OpenCV, done the way the OpenCV docs suggest.
import numpy as np
from scipy.signal import convolve2d

try:
    import cv2

    def conv_same(img, k):
        return cv2.filter2D(img, -1, cv2.flip(k, -1), borderType=cv2.BORDER_CONSTANT)
except ImportError:
    from scipy import ndimage

    def conv_same(img, k):
        return ndimage.convolve(img, k, mode="constant")

K = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 3.0]])
rng = np.random.default_rng(2)
img = rng.random((12, 14))
ours = conv_same(img, K)
ref = convolve2d(img, K, mode="same")
print("EVAL-RESULT:", "agree" if np.allclose(ours, ref) else "differ")
