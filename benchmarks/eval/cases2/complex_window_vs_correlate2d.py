# eval-label: buggy
# eval-expect: CNV401@14|22
# eval-why: a window-sum correlation of complex (FFT-domain) data without conj is asserted equal to signal.correlate2d, which conjugates the kernel
# eval-fix: np.sum(spec[r:r + kh, c:c + kw] * kern) => np.sum(spec[r:r + kh, c:c + kw] * np.conj(kern))
import numpy as np
from scipy import signal


def xcorr_valid(spec, kern):
    kh, kw = kern.shape
    out = np.zeros((spec.shape[0] - kh + 1, spec.shape[1] - kw + 1), dtype=complex)
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            out[r, c] = np.sum(spec[r:r + kh, c:c + kw] * kern)
    return out


def test_xcorr_matches_scipy():
    rng = np.random.default_rng(24)
    spec = np.fft.fft2(rng.standard_normal((10, 10)))
    kern = np.fft.fft2(rng.standard_normal((3, 3)))
    np.testing.assert_allclose(xcorr_valid(spec, kern), signal.correlate2d(spec, kern, "valid"))


try:
    test_xcorr_matches_scipy()
    print("EVAL-RESULT: agree")
except AssertionError:
    print("EVAL-RESULT: differ")
