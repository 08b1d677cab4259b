# eval-label: buggy
# eval-expect: CNV303@33|38
# eval-why: the input gradient needs each kernel rotated by 180 degrees (np.rot90(w, 2, axes=(2, 3))); k=-1 is a single quarter turn, so the full correlation moves every tap to the wrong place.
# eval-fix: np.rot90(self.omomi, -1, axes=(2, 3)) => np.rot90(self.omomi, 2, axes=(2, 3))
"""Tatamikomi-sou (convolution layer) for the handwriting-kana notebook.

junden  : forward, y[o] = sum_c correlate2d(x[c], W[o, c], 'valid') + b[o]
gyakuden: backward, returns dL/dx and stores dL/dW, dL/db
"""
import numpy as np
from scipy.signal import correlate2d


class TatamikomiSou:
    def __init__(self, in_ch, out_ch, k=3, seed=0):
        rng = np.random.default_rng(seed)
        self.omomi = rng.normal(0, np.sqrt(2.0 / (in_ch * k * k)), (out_ch, in_ch, k, k))
        self.baiasu = np.zeros(out_ch)
        self.lr = 0.01

    def junden(self, x):
        self.x = x
        out_ch, in_ch = self.omomi.shape[:2]
        y = np.zeros((out_ch, x.shape[1] - self.omomi.shape[2] + 1, x.shape[2] - self.omomi.shape[3] + 1))
        for o in range(out_ch):
            for c in range(in_ch):
                y[o] += correlate2d(x[c], self.omomi[o, c], "valid")
            y[o] += self.baiasu[o]
        return y

    def gyakuden(self, delta):
        out_ch, in_ch = self.omomi.shape[:2]
        kaiten = np.rot90(self.omomi, -1, axes=(2, 3))   # flip the kernels for the full pass
        dx = np.zeros_like(self.x)
        self.d_omomi = np.zeros_like(self.omomi)
        for o in range(out_ch):
            for c in range(in_ch):
                dx[c] += correlate2d(delta[o], kaiten[o, c], "full")
                self.d_omomi[o, c] = correlate2d(self.x[c], delta[o], "valid")
        self.d_baiasu = delta.sum(axis=(1, 2))
        return dx

    def koushin(self):
        self.omomi -= self.lr * self.d_omomi
        self.baiasu -= self.lr * self.d_baiasu

    def hozon(self, path):
        np.savez(path, omomi=self.omomi, baiasu=self.baiasu)

    def yomikomi(self, path):
        data = np.load(path)
        self.omomi, self.baiasu = data["omomi"], data["baiasu"]


rng = np.random.default_rng(6)
sou = TatamikomiSou(2, 2)
x = rng.normal(size=(2, 7, 7))
r = rng.normal(size=(2, 5, 5))
sou.junden(x)
dx = sou.gyakuden(r)
num = np.zeros_like(x)
for idx in np.ndindex(x.shape):
    e = np.zeros_like(x)
    e[idx] = 1e-6
    num[idx] = (np.sum(r * sou.junden(x + e)) - np.sum(r * sou.junden(x - e))) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(dx, num, atol=1e-5) else "differ")
