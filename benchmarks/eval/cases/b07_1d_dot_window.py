# eval-label: buggy
# eval-expect: CNV101@10|11|15
# eval-why: a 1-D moving dot product with the taps as written is a correlation, asserted equal to np.convolve of the same taps.
# eval-fix: taps) for i => taps[::-1]) for i
import numpy as np

taps = np.array([0.5, 0.3, 0.2])
x = np.sin(np.linspace(0, 6, 40)) + np.linspace(0, 1, 40)

mine = np.array([np.dot(x[i : i + len(taps)], taps) for i in range(len(x) - len(taps) + 1)])
ref = np.convolve(x, taps, mode="valid")


def outputs_match():
    return np.allclose(mine, ref, atol=1e-12)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if outputs_match() else "differ")
