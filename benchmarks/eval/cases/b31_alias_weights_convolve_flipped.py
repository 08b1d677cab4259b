# eval-label: buggy
# eval-expect: CNV206@19|20
# eval-why: the forward is signal.correlate, whose input gradient is signal.convolve(g, w, 'full'); the local alias is flipped first, making the backward a correlation.
# eval-fix: w_rot = w[::-1, ::-1] => w_rot = w
import numpy as np
from scipy import signal


class Detector:
    def __init__(self, weights):
        self.weights = np.asarray(weights, dtype=np.float64)

    def run(self, frame):
        self.frame = frame
        return signal.correlate(frame, self.weights, mode="valid")

    def backprop(self, err):
        w = self.weights
        w_rot = w[::-1, ::-1]
        d_frame = signal.convolve(err, w_rot, mode="full")
        d_w = signal.correlate(self.frame, err, mode="valid")
        return d_frame, d_w


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    det = Detector(rng.normal(size=(2, 3)))
    frame = rng.normal(size=(6, 6))
    err = rng.normal(size=det.run(frame).shape)
    d_frame, _ = det.backprop(err)
    num = np.zeros_like(frame)
    for idx in np.ndindex(frame.shape):
        f1, f2 = frame.copy(), frame.copy()
        f1[idx] += 1e-6
        f2[idx] -= 1e-6
        num[idx] = ((det.run(f1) - det.run(f2)) * err).sum() / 2e-6
    ok = np.allclose(d_frame, num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
