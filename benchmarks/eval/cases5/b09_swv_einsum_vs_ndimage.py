# eval-label: buggy
# eval-expect: CNV101@15|23
# eval-why: The einsum over sliding windows is a correlation, checked against ndimage.convolve of the same taps.
# eval-fix: theirs = ndimage.convolve(frame, taps, mode="reflect") => theirs = ndimage.correlate(frame, taps, mode="reflect")
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view as swv
from scipy import ndimage


def local_filter(frame: np.ndarray, taps: np.ndarray) -> np.ndarray:
    """Apply ``taps`` to every pixel of ``frame`` (edges: reflect)."""
    r0, r1 = taps.shape[0] // 2, taps.shape[1] // 2
    padded = np.pad(frame, ((r0, r0), (r1, r1)), mode="symmetric")
    windows = swv(padded, taps.shape)
    return np.einsum("hwij,ij->hw", windows, taps)


def test_local_filter_matches_ndimage():
    rng = np.random.default_rng(9)
    frame = rng.random((20, 24))
    taps = rng.normal(size=(5, 3))
    ours = local_filter(frame, taps)
    theirs = ndimage.convolve(frame, taps, mode="reflect")
    return np.allclose(ours, theirs)


if __name__ == "__main__":
    ok = test_local_filter_matches_ndimage()
    print("EVAL-RESULT:", "agree" if ok else "differ")
