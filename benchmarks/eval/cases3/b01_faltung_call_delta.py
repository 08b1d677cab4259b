# eval-label: buggy
# eval-expect: CNV206@29
# eval-why: the layer's __call__ is a window-sum cross-correlation, so the input gradient needs the kernel rotated (a full convolution), but delta correlates the error with the kernel as written
# eval-fix: return correlate2d(fehler, self.W => return convolve2d(fehler, self.W
import numpy as np
from scipy.signal import convolve2d, correlate2d


class Faltung:
    """Faltungsschicht wie in PyTorch (eigentlich Kreuzkorrelation), Modus 'valid'."""

    def __init__(self, kh, kw, seed=0):
        rng = np.random.default_rng(seed)
        self.W = rng.standard_normal((kh, kw))
        self.eingabe = None

    def __call__(self, x):
        self.eingabe = x
        kh, kw = self.W.shape
        hoehe, breite = x.shape
        aus = np.zeros((hoehe - kh + 1, breite - kw + 1))
        for i in range(aus.shape[0]):
            for j in range(aus.shape[1]):
                aus[i, j] = np.sum(x[i:i + kh, j:j + kw] * self.W)
        return aus

    def delta(self, fehler):
        # Fehler zur Eingabe zurueckfuehren: 'full' ueber den Kern
        return correlate2d(fehler, self.W, mode="full")


rng = np.random.default_rng(1)
x = rng.standard_normal((6, 7))
schicht = Faltung(3, 2)
g = rng.standard_normal((4, 6))
schicht(x)
analytisch = schicht.delta(g)

eps = 1e-6
numerisch = np.zeros_like(x)
for idx in np.ndindex(*x.shape):
    xp = x.copy()
    xp[idx] += eps
    xm = x.copy()
    xm[idx] -= eps
    numerisch[idx] = (np.sum(schicht(xp) * g) - np.sum(schicht(xm) * g)) / (2 * eps)

print("EVAL-RESULT:", "agree" if np.allclose(analytisch, numerisch, atol=1e-5) else "differ")
