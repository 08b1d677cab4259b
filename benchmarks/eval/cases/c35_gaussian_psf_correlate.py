# eval-label: clean
# eval-why: the documented convolution is computed with ndimage.correlate, but the Gaussian anti-aliasing kernel is symmetric, so correlation equals convolution.
import numpy as np
from scipy import ndimage


def gaussian_kernel(size=5, sigma=1.2):
    ax = np.arange(size) - (size - 1) / 2
    g = np.exp(-(ax**2) / (2 * sigma**2))
    k = np.outer(g, g)
    return k / k.sum()


def antialias(image, sigma=1.2):
    """Blur before downsampling: image (*) G, a 2-D convolution with a Gaussian."""
    return ndimage.correlate(image, gaussian_kernel(5, sigma), mode="nearest")


if __name__ == "__main__":
    img = np.random.default_rng(2).random((20, 20))
    ref = ndimage.convolve(img, gaussian_kernel(), mode="nearest")
    print("EVAL-RESULT:", "agree" if np.allclose(antialias(img), ref) else "differ")
