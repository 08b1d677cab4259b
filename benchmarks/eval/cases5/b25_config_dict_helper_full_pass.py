# eval-label: buggy
# eval-expect: CNV206@13|28
# eval-why: The helper used for the input gradient correlates the error with the kernel; the gradient of a correlation needs a convolution.
# eval-fix: return signal.correlate2d(err, kern, mode="full") => return signal.convolve2d(err, kern, mode="full")
import numpy as np
from scipy import signal

CONFIG = {"kernel_size": 3, "seed": 17, "init_scale": 0.4}


def _full_pass(err, kern):
    """Spread the error back over the receptive fields."""
    return signal.correlate2d(err, kern, mode="full")


class Feature:
    def __init__(self, cfg):
        rng = np.random.default_rng(cfg["seed"])
        ks = cfg["kernel_size"]
        self.state = {"k": rng.normal(scale=cfg["init_scale"], size=(ks, ks))}

    def forward(self, x):
        self.state["x"] = x
        return signal.correlate2d(x, self.state["k"], mode="valid")

    def backward(self, err):
        self.state["dk"] = signal.correlate2d(self.state["x"], err, mode="valid")
        return _full_pass(err, self.state["k"])


if __name__ == "__main__":
    feat = Feature(CONFIG)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(9, 9))
    y = feat.forward(x)
    v = rng.normal(size=y.shape)
    dx = feat.backward(v)
    print("EVAL-RESULT:", "agree" if np.isclose(np.vdot(y, v), np.vdot(x, dx)) else "differ")
