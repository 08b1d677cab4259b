# eval-label: buggy
# eval-expect: CNV206@25
# eval-why: For a correlate2d forward the kernel gradient is correlate2d(x, err, 'valid'); convolve2d gives its 180-degree rotation.
# eval-fix: return sps.convolve2d(self.cache_img, err, "valid") => return sps.correlate2d(self.cache_img, err, "valid")
import numpy as np
import scipy.signal as sps
import logging

log = logging.getLogger("edgenet")


class EdgeDetectorNet:
    """One learnable 3x3 filter trained to reproduce a target edge map."""

    def __init__(self, lr=0.05):
        self.W = np.zeros((3, 3))
        self.lr = lr

    def fprop(self, img):
        self.cache_img = img
        return sps.correlate2d(img, self.W, "valid")

    def weight_gradient(self, err):
        # dL/dW[m, n] = sum_ij err[i, j] * x[i + m, j + n]
        return sps.convolve2d(self.cache_img, err, "valid")

    def step(self, img, target):
        err = self.fprop(img) - target
        g = self.weight_gradient(err)
        self.W -= self.lr * g
        return float(0.5 * (err**2).sum())


def loss(net, img, target, W):
    return 0.5 * np.sum((sps.correlate2d(img, W, "valid") - target) ** 2)


if __name__ == "__main__":
    rng = np.random.default_rng(7)
    img = rng.random((10, 10))
    target = rng.random((8, 8))
    net = EdgeDetectorNet()
    net.W = rng.normal(size=(3, 3))
    err = net.fprop(img) - target
    g = net.weight_gradient(err)
    num = np.zeros((3, 3))
    for m in range(3):
        for n in range(3):
            e = np.zeros((3, 3)); e[m, n] = 1e-6
            num[m, n] = (loss(net, img, target, net.W + e) - loss(net, img, target, net.W - e)) / 2e-6
    log.info("grad check %s", np.abs(g - num).max())
    print("EVAL-RESULT:", "agree" if np.allclose(g, num, atol=1e-4) else "differ")
