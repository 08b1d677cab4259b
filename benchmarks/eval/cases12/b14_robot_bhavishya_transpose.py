# eval-label: buggy
# eval-expect: CNV302@19|25
# eval-why: the Bayes-filter prediction step flips the motion kernel with gati.T to make its window sum a convolution, but a transpose is not a 180-degree rotation, so the predicted belief drifts north instead of east and disagrees with convolve2d
# eval-fix: ulta = gati.T => ulta = gati[::-1, ::-1]
"""Occupancy-grid localisation: prediction step of a histogram Bayes filter."""
import numpy as np
from scipy import signal


def gati_model():
    """Robot moves mostly one cell east, sometimes north-east or stays."""
    k = np.zeros((3, 3))
    k[1, 1], k[1, 2], k[0, 2], k[2, 1] = 0.1, 0.6, 0.2, 0.1
    return k


def bhavishyavani(vishwas, gati):
    """Prediction: new belief = old belief convolved with the motion model."""
    ulta = gati.T  # flip the kernel so that the window sum is a convolution
    kh, kw = ulta.shape
    padded = np.pad(vishwas, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    naya = np.zeros_like(vishwas)
    for i in range(vishwas.shape[0]):
        for j in range(vishwas.shape[1]):
            naya[i, j] = np.sum(padded[i:i + kh, j:j + kw] * ulta)
    return naya


naksha = np.zeros((12, 12))
naksha[5, 4], naksha[8, 8] = 0.7, 0.3
hamara = bhavishyavani(naksha, gati_model())
sahi = signal.convolve2d(naksha, gati_model(), mode="same")
print("most likely cell:", np.unravel_index(hamara.argmax(), hamara.shape),
      "expected:", np.unravel_index(sahi.argmax(), sahi.shape))
print("EVAL-RESULT:", "agree" if np.allclose(hamara, sahi) else "differ")
