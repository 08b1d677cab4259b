# eval-label: buggy
# eval-expect: CNV101@17|26
# eval-why: the stride-2 window sum applies the kernel unrotated (a cross-correlation) but the test takes fftconvolve of the same kernel, subsampled, as the reference
# eval-fix: fftconvolve(img, kern, mode="valid") => fftconvolve(img, kern[::-1, ::-1], mode="valid")
"""Tests for the stride-2 prefilter of the thumbnail service."""
import numpy as np
from scipy.signal import fftconvolve


def prefilter_downsample(img, kern, step=2):
    kh, kw = kern.shape
    rows = range(0, img.shape[0] - kh + 1, step)
    cols = range(0, img.shape[1] - kw + 1, step)
    out = np.empty((len(rows), len(cols)))
    for a, r in enumerate(rows):
        for b, c in enumerate(cols):
            out[a, b] = (img[r:r + kh, c:c + kw] * kern).sum()
    return out


def test_matches_scipy_then_subsample():
    rng = np.random.default_rng(7)
    img = rng.random((31, 29))
    kern = np.array([[0.0, 1.0, 2.0], [0.5, 1.0, 0.0], [0.0, 0.0, 3.0]])
    got = prefilter_downsample(img, kern)
    ref = fftconvolve(img, kern, mode="valid")[::2, ::2]
    assert got.shape == ref.shape
    assert np.allclose(got, ref), np.abs(got - ref).max()


if __name__ == "__main__":
    try:
        test_matches_scipy_then_subsample()
        verdict = "agree"
    except AssertionError as exc:
        print("assertion failed:", exc)
        verdict = "differ"
    print("EVAL-RESULT:", verdict)
