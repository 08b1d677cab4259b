# eval-label: clean
# eval-why: time-delay estimation is a cross-correlation and uses np.correlate; the peak gives the true delay.
import numpy as np


def estimate_delay(reference, delayed):
    c = np.correlate(delayed, reference, mode="full")
    return int(np.argmax(c)) - (len(reference) - 1)


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    ref = rng.normal(size=300)
    delayed = np.r_[np.zeros(17), ref[:-17]] + 0.05 * rng.normal(size=300)
    print("EVAL-RESULT:", "agree" if estimate_delay(ref, delayed) == 17 else "differ")
