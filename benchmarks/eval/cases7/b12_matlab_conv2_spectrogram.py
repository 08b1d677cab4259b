# eval-label: buggy
# eval-expect: CNV204@28|29
# eval-why: the MATLAB original used conv2 with an asymmetric time-smoothing kernel; cv2.filter2D correlates, so the port no longer matches ndimage.convolve
# eval-fix: smoothed = cv2.filter2D(spec, -1, kern) => smoothed = cv2.filter2D(spec, -1, cv2.flip(kern, -1))
# Port of smooth_spec.m:  S2 = conv2(S, K, 'same')  (borders: reflect without edge repeat)
import numpy as np
from scipy import ndimage, signal

try:
    import cv2
except ImportError:  # headless CI: same arithmetic as OpenCV's filter2D / flip
    class cv2:
        @staticmethod
        def filter2D(src, ddepth, kernel):
            return ndimage.correlate(src, kernel, mode="mirror")

        @staticmethod
        def flip(a, code):
            return a[::-1, ::-1] if code == -1 else (a[::-1] if code == 0 else a[:, ::-1])

rng = np.random.default_rng(2)
audio = rng.standard_normal(4000)
_, _, spec = signal.spectrogram(audio, fs=8000, nperseg=64)
spec = np.log1p(spec).astype(np.float64)

# MATLAB: K = [0 0 0; 1 2 4; 0 1 0] / 8  (decaying smear along time)
kern = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 4.0], [0.0, 1.0, 0.0]]) / 8.0
smoothed = cv2.filter2D(spec, -1, kern)
print("EVAL-RESULT:", "agree" if np.allclose(smoothed, ndimage.convolve(spec, kern, mode="mirror")) else "differ")
