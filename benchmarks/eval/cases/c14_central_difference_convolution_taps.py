# eval-label: clean
# eval-why: the taps [1, 0, -1] are in convolution orientation, so np.convolve gives x[n+1] - x[n-1]; the sign used downstream is right.
import numpy as np


def slope(x, dt=1.0):
    """Central difference (x[n+1] - x[n-1]) / (2 dt), via convolution."""
    return np.convolve(x, np.array([1.0, 0.0, -1.0]) / (2 * dt), mode="same")


def rising(x):
    return slope(x)[1:-1] > 0


if __name__ == "__main__":
    t = np.linspace(0, 1, 50)
    x = t**2
    ok = np.allclose(slope(x, t[1] - t[0])[1:-1], np.gradient(x, t)[1:-1]) and rising(x).all()
    print("EVAL-RESULT:", "agree" if ok else "differ")
