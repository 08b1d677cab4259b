# eval-label: buggy
# eval-expect: CNV401@25|16
# eval-why: correlate2d conjugates the complex probe while the window sum does not, so the fast path is a different operation.
# eval-fix: * probe) => * np.conj(probe))
import numpy as np
from scipy.signal import correlate2d


def field_similarity(field, probe):
    """Similarity map between a complex optical field and a probe pattern."""
    ph, pw = probe.shape
    H, W = field.shape
    out = np.zeros((H - ph + 1, W - pw + 1), dtype=complex)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(field[i:i + ph, j:j + pw] * probe)
    return out


if __name__ == "__main__":
    rng = np.random.default_rng(12)
    yy, xx = np.mgrid[:20, :20]
    field = np.exp(1j * 0.3 * xx) * rng.random((20, 20))
    probe = np.exp(1j * np.pi / 4 * rng.integers(0, 8, size=(4, 4)))
    fast = correlate2d(field, probe, mode="valid")
    slow = field_similarity(field, probe)
    print("max diff", np.abs(fast - slow).max())
    print("EVAL-RESULT:", "agree" if np.allclose(fast, slow) else "differ")
