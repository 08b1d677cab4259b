# eval-label: clean
# eval-why: the MATLAB conv2 port passes cv2.flip(kernel, -1) to filter2D, OpenCV's own recipe for a true convolution, and matches ndimage.convolve
# Port of smooth_spec.m:  S2 = conv2(S, K, 'same')
import numpy as np
from scipy import ndimage, signal

try:
    import cv2
except ImportError:  # same arithmetic as OpenCV's filter2D / flip
    class cv2:
        @staticmethod
        def filter2D(src, ddepth, kernel):
            return ndimage.correlate(src, kernel, mode="mirror")

        @staticmethod
        def flip(a, code):
            return a[::-1, ::-1] if code == -1 else (a[::-1] if code == 0 else a[:, ::-1])

rng = np.random.default_rng(2)
_, _, spec = signal.spectrogram(rng.standard_normal(4000), fs=8000, nperseg=64)
spec = np.log1p(spec).astype(np.float64)

kern = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 4.0], [0.0, 1.0, 0.0]]) / 8.0
smoothed = cv2.filter2D(spec, -1, cv2.flip(kern, -1))   # conv2 == filter2D with the flipped kernel
ok = np.allclose(smoothed, ndimage.convolve(spec, kern, mode="mirror"))
print("EVAL-RESULT:", "agree" if ok else "differ")
