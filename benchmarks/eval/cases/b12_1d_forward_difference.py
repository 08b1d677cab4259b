# eval-label: buggy
# eval-expect: CNV201@10|15
# eval-why: the taps [-1, 1] are written as d[n] = x[n+1] - x[n] but np.convolve reverses them, giving x[n] - x[n+1]; the sign is then used to find the rise.
# eval-fix: [-1.0, 1.0] => [1.0, -1.0]
import numpy as np


def forward_difference(samples):
    """d[n] = x[n+1] - x[n]"""
    return np.convolve(samples, [-1.0, 1.0], mode="valid")


def first_rise(samples, min_step=0.1):
    d = forward_difference(samples)
    above = np.nonzero(d > min_step)[0]
    return int(above[0]) if above.size else -1


if __name__ == "__main__":
    sig = np.r_[np.zeros(5), np.linspace(0, 2, 6), 2 * np.ones(5)]
    d = forward_difference(sig)
    ok = np.allclose(d, np.diff(sig))
    print("matches np.diff:", ok, "first rise:", first_rise(sig))
    print("EVAL-RESULT:", "agree" if ok else "differ")
