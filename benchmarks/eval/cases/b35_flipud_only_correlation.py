# eval-label: buggy
# eval-expect: CNV301@11|12
# eval-why: to turn convolve2d into a correlation the kernel must be rotated on both axes; np.flipud reverses the rows only.
# eval-fix: np.flipud(template) => np.flipud(np.fliplr(template))
import numpy as np
from scipy.signal import convolve2d, correlate2d


def fast_xcorr(image, template):
    """Cross-correlation via convolve2d with the template flipped."""
    t = np.flipud(template)
    return convolve2d(image, t, mode="valid")


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    image = rng.random((12, 12))
    template = rng.random((3, 4))
    ok = np.allclose(fast_xcorr(image, template), correlate2d(image, template, mode="valid"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
