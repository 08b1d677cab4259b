# eval-label: clean
# eval-why: fprop correlates with a local alias of the weights, bprop convolves the error with the same alias (the exact input gradient).
import numpy as np
from scipy import signal


class Detector:
    def __init__(self, weights):
        self.weights = np.asarray(weights, dtype=np.float64)

    def fprop(self, frame):
        self.frame = frame
        w = self.weights
        return signal.correlate(frame, w, mode="valid")

    def bprop(self, err):
        w = self.weights
        d_frame = signal.convolve(err, w, mode="full")
        d_w = signal.correlate(self.frame, err, mode="valid")
        return d_frame, d_w


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    det = Detector(rng.normal(size=(2, 3)))
    frame = rng.normal(size=(6, 6))
    err = rng.normal(size=det.fprop(frame).shape)
    d_frame, d_w = det.bprop(err)
    num = np.zeros_like(frame)
    for idx in np.ndindex(frame.shape):
        f1, f2 = frame.copy(), frame.copy()
        f1[idx] += 1e-6
        f2[idx] -= 1e-6
        num[idx] = ((det.fprop(f1) - det.fprop(f2)) * err).sum() / 2e-6
    print("EVAL-RESULT:", "agree" if np.allclose(d_frame, num, atol=1e-5) else "differ")
