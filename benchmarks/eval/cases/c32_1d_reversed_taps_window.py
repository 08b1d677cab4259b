# eval-label: clean
# eval-why: the 1-D moving dot product uses the taps reversed, which is what np.convolve computes.
import numpy as np

taps = np.array([0.5, 0.3, 0.2])
x = np.sin(np.linspace(0, 6, 40)) + np.linspace(0, 1, 40)
m = len(taps)
mine = np.array([np.dot(x[i : i + m], taps[::-1]) for i in range(len(x) - m + 1)])
ref = np.convolve(x, taps, mode="valid")

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if np.allclose(mine, ref) else "differ")
