# eval-label: clean
# eval-why: the derivative kernels are written pre-reversed ([1, 0, -1] with +1 on the left) for ndimage.convolve, so gx and gy have the sign of np.gradient and the arctan2 angles match
"""Gradient orientation for a HOG-like descriptor (scikit-image convention)."""
import numpy as np
from scipy import ndimage

# convolution orientation: convolve flips these into x[j + 1] - x[j - 1]
DX = np.array([[1.0, 0.0, -1.0]]) / 2.0
DY = DX.T


def orientations(img):
    img = img.astype(np.float64)
    gx = ndimage.convolve(img, DX, mode="nearest")
    gy = ndimage.convolve(img, DY, mode="nearest")
    return np.arctan2(gy, gx)


if __name__ == "__main__":
    yy, xx = np.mgrid[0:20, 0:30]
    img = 0.03 * xx ** 2 - 0.5 * yy + 0.1 * xx * yy
    got = orientations(img)[1:-1, 1:-1]
    gy_ref, gx_ref = np.gradient(img.astype(np.float64))
    want = np.arctan2(gy_ref, gx_ref)[1:-1, 1:-1]
    wrapped = np.angle(np.exp(1j * (got - want)))
    print("EVAL-RESULT:", "agree" if np.allclose(wrapped, 0.0, atol=1e-9) else "differ")
