# eval-label: buggy
# eval-expect: CNV206@36|35
# eval-why: the layer correlates forward, and its backward rotates each filter with two np.flip calls and then calls convolve2d, which rotates it again: the input gradient of a convolution, not of this correlation
# eval-fix: convolve2d(g, obrocony, "full") => correlate2d(g, obrocony, "full")
"""Warstwa splotowa (C_out, C_in, kh, kw) dla sieci rozpoznającej cyfry.

Konwencja jak w PyTorch (korelacja wzajemna):
    y[o] = sum_c correlate2d(x[c], W[o, c], 'valid') + b[o]
Wsteczna propagacja według podręcznika: pełny splot z obróconym filtrem.
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


class WarstwaSplotowa:
    def __init__(self, kanaly_we, kanaly_wy, k, rng):
        skala = np.sqrt(2.0 / (kanaly_we * k * k))
        self.wagi = rng.normal(scale=skala, size=(kanaly_wy, kanaly_we, k, k))
        self.obciazenie = np.zeros(kanaly_wy)
        self.wejscie = None

    def naprzod(self, x):
        self.wejscie = x
        wyj = []
        for filtr, b in zip(self.wagi, self.obciazenie):
            wyj.append(sum(correlate2d(xc, wc, "valid") for xc, wc in zip(x, filtr)) + b)
        return np.stack(wyj)

    def wstecz(self, dy):
        x = self.wejscie
        dx = np.zeros_like(x)
        dw = np.zeros_like(self.wagi)
        for o, (g, filtr) in enumerate(zip(dy, self.wagi)):
            for c in range(filtr.shape[0]):
                obrocony = np.flip(np.flip(filtr[c], axis=0), axis=1)
                dx[c] += convolve2d(g, obrocony, "full")
                dw[o, c] = correlate2d(x[c], g, "valid")
        self.dw, self.db = dw, dy.sum(axis=(1, 2))
        return dx


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def pochodna_numeryczna(f, a, eps=1e-6):
    g = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        v = a[idx]
        a[idx] = v + eps
        f1 = f()
        a[idx] = v - eps
        f2 = f()
        a[idx] = v
        g[idx] = (f1 - f2) / (2 * eps)
    return g


if __name__ == "__main__":
    rng = np.random.default_rng(31)
    warstwa = WarstwaSplotowa(kanaly_we=2, kanaly_wy=3, k=3, rng=rng)
    x = rng.normal(size=(2, 7, 8))
    dy = rng.normal(size=(3, 5, 6))
    wyjscie = warstwa.naprzod(x)
    print("softmax pierwszego piksela:", softmax(wyjscie[:, 0, 0]).round(3))
    dx = warstwa.wstecz(dy)
    strata = lambda: float((warstwa.naprzod(x) * dy).sum())
    dx_num = pochodna_numeryczna(strata, x)
    dw_num = pochodna_numeryczna(strata, warstwa.wagi)
    print("blad dx", np.abs(dx - dx_num).max(), "blad dw", np.abs(warstwa.dw - dw_num).max())
    ok = np.allclose(dx, dx_num, atol=1e-5) and np.allclose(warstwa.dw, dw_num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
