# eval-label: buggy
# eval-expect: CNV206@21|22
# eval-why: rueckwaerts flips the upstream error instead of the kernel before the full correlation, which gives the 180-degree rotation of the true input gradient
# eval-fix: signal.correlate(gespiegelt, self.kern, mode="full") => signal.correlate(fehler, self.kern[::-1, ::-1], mode="full")
"""Faltungsschicht für das Praktikum Neuronale Netze (Kreuzkorrelation wie in PyTorch)."""
import numpy as np
from scipy import signal


class Faltungsschicht:
    def __init__(self, kern):
        self.kern = np.asarray(kern, dtype=float)
        self.eingabe = None

    def vorwaerts(self, eingabe):
        self.eingabe = eingabe
        return signal.correlate(eingabe, self.kern, mode="valid")

    def rueckwaerts(self, fehler):
        """Fehler zurückpropagieren: volle Korrelation mit dem gespiegelten Fehler."""
        gespiegelt = fehler[::-1, ::-1]
        d_eingabe = signal.correlate(gespiegelt, self.kern, mode="full")
        d_kern = signal.correlate(self.eingabe, fehler, mode="valid")
        return d_eingabe, d_kern


rng = np.random.default_rng(17)
schicht = Faltungsschicht(rng.standard_normal((3, 3)))
x = rng.standard_normal((7, 7))
y = schicht.vorwaerts(x)
fehler = rng.standard_normal(y.shape)
d_x, _ = schicht.rueckwaerts(fehler)
numerisch = np.zeros_like(x)
for i, j in np.ndindex(x.shape):
    s = np.zeros_like(x)
    s[i, j] = 1e-6
    oben = np.sum(schicht.vorwaerts(x + s) * fehler)
    unten = np.sum(schicht.vorwaerts(x - s) * fehler)
    numerisch[i, j] = (oben - unten) / 2e-6
print("EVAL-RESULT:", "agree" if np.allclose(d_x, numerisch, atol=1e-6) else "differ")
