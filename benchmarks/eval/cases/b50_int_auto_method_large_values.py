# eval-label: buggy
# eval-expect: CNV403@10|19
# eval-why: signal.convolve's default method='auto' picks the FFT for these 22-bit integers and returns values off by one, which an exact equality check exposes.
# eval-fix: signal.convolve(frame, box) => signal.convolve(frame, box, method="direct")
import numpy as np
from scipy import signal


def box_sum_counts(frame, box):
    return signal.convolve(frame, box)


if __name__ == "__main__":
    rng = np.random.default_rng(5)
    frame = rng.integers(0, 2**22, size=(256, 256), dtype=np.int64)
    box = rng.integers(0, 2**22, size=(15, 15), dtype=np.int64)
    got = box_sum_counts(frame, box)
    want = signal.convolve(frame, box, method="direct")
    exact = (got == want).all()
    print("wrong entries:", int((got != want).sum()))
    print("EVAL-RESULT:", "agree" if exact else "differ")
