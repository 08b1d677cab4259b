# eval-label: clean
# eval-why: the prediction step rotates the motion kernel on both axes before its window sum, which is exactly a convolution, and it matches convolve2d in 'same' mode for the odd 3x3 kernel
"""Occupancy-grid localisation: prediction step of a histogram Bayes filter."""
import numpy as np
from scipy import signal


def gati_model(aage=0.6, tircha=0.2, ruk=0.1):
    """Robot moves mostly one cell east, sometimes north-east, sometimes stays."""
    k = np.zeros((3, 3))
    k[1, 1], k[1, 2], k[0, 2] = ruk, aage, tircha
    k[2, 1] = 1.0 - (aage + tircha + ruk)
    return k


def bhavishyavani(vishwas, gati):
    """Prediction: new belief = old belief convolved with the motion model."""
    ulta = gati[::-1, ::-1]  # 180-degree flip: the window sum below is then a convolution
    kh, kw = ulta.shape
    padded = np.pad(vishwas, ((kh // 2, kh // 2), (kw // 2, kw // 2)))
    naya = np.zeros_like(vishwas)
    for i in range(vishwas.shape[0]):
        for j in range(vishwas.shape[1]):
            naya[i, j] = np.sum(padded[i:i + kh, j:j + kw] * ulta)
    return naya


def sudhaar(vishwas, sensor_likelihood):
    """Measurement update (Bayes rule), unrelated to the orientation question."""
    post = vishwas * sensor_likelihood
    return post / post.sum()


naksha = np.zeros((12, 12))
naksha[5, 4], naksha[8, 8] = 0.7, 0.3
hamara = bhavishyavani(naksha, gati_model())
sahi = signal.convolve2d(naksha, gati_model(), mode="same")
print("most likely cell:", np.unravel_index(hamara.argmax(), hamara.shape))
print("EVAL-RESULT:", "agree" if np.allclose(hamara, sahi) else "differ")
