# eval-label: buggy
# eval-expect: CNV203@11
# eval-why: the LTI output y = h * x is computed as np.convolve with h reversed, which is the correlation with h, not the system response.
# eval-fix: h[::-1], mode => h, mode
import numpy as np
from scipy.signal import lfilter


def system_output(x, h):
    """Output of the LTI system with impulse response h (zero initial state)."""
    return np.convolve(x, h[::-1], mode="full")[: len(x)]


if __name__ == "__main__":
    h = np.array([1.0, 0.5, 0.25, 0.125])
    impulse = np.zeros(10)
    impulse[0] = 1.0
    out = system_output(impulse, h)
    ok = np.allclose(out, lfilter(h, [1.0], impulse))
    print("impulse response:", out[:4])
    print("EVAL-RESULT:", "agree" if ok else "differ")
