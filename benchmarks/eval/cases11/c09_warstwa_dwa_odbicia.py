# eval-label: clean
# eval-why: the stack is reversed on axis 2 in one place and each filter on its column axis in another, which together rotate every kernel by 180 degrees before the full correlate2d, the right input gradient of a correlating forward (checked by finite differences)
"""Warstwa splotowa (C_out, C_in, kh, kw), konwencja PyTorch (korelacja wzajemna).

Gradient wejścia: pełna korelacja z filtrami obróconymi o 180 stopni,
co jest tym samym co pełny splot z filtrami oryginalnymi.
"""
import numpy as np
from scipy.signal import correlate2d


class WarstwaSplotowa:
    def __init__(self, kanaly_we, kanaly_wy, k, rng):
        skala = np.sqrt(2.0 / (kanaly_we * k * k))
        self.wagi = rng.normal(scale=skala, size=(kanaly_wy, kanaly_we, k, k))
        self.wejscie = None

    def naprzod(self, x):
        self.wejscie = x
        return np.stack([
            sum(correlate2d(xc, wc, "valid") for xc, wc in zip(x, filtr))
            for filtr in self.wagi
        ])

    def wstecz(self, dy):
        x = self.wejscie
        odwrocone_wiersze = np.flip(self.wagi, axis=2)
        dx = np.zeros_like(x)
        dw = np.zeros_like(self.wagi)
        for o, g in enumerate(dy):
            for c in range(x.shape[0]):
                obrocony = np.flip(odwrocone_wiersze[o, c], axis=1)
                dx[c] += correlate2d(g, obrocony, "full")
                dw[o, c] = correlate2d(x[c], g, "valid")
        self.dw = dw
        return dx


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
    warstwa.naprzod(x)
    dx = warstwa.wstecz(dy)
    strata = lambda: float((warstwa.naprzod(x) * dy).sum())
    dx_num = pochodna_numeryczna(strata, x)
    dw_num = pochodna_numeryczna(strata, warstwa.wagi)
    print("blad dx", np.abs(dx - dx_num).max(), "blad dw", np.abs(warstwa.dw - dw_num).max())
    ok = np.allclose(dx, dx_num, atol=1e-5) and np.allclose(warstwa.dw, dw_num, atol=1e-5)
    print("EVAL-RESULT:", "agree" if ok else "differ")
