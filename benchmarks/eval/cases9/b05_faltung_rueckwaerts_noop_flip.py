# eval-label: buggy
# eval-expect: CNV301@43,CNV206@44
# eval-why: w[::-1][::-1] reverses axis 0 twice and leaves the kernel unchanged, so the 'full' correlation of the error is not the input gradient of the correlating forward pass
# eval-fix: gedreht = w[::-1][::-1] => gedreht = w[::-1, ::-1]
"""Faltungsschicht (Kreuzkorrelation) mit mehreren Ein- und Ausgangskanälen.

Gewichte: (C_aus, C_ein, kh, kw).  Übungsblatt 4, Aufgabe 2.
"""
import numpy as np
from scipy.signal import correlate2d

EINSTELLUNGEN = {"kanaele_ein": 2, "kanaele_aus": 2, "kern": 3, "seed": 21}


def gewichte_erzeugen(e):
    zufall = np.random.default_rng(e["seed"])
    form = (e["kanaele_aus"], e["kanaele_ein"], e["kern"], e["kern"])
    return zufall.normal(0.0, 0.3, form)


class Faltungsschicht:
    """Schicht mit 'valid'-Faltung ohne Bias."""

    def __init__(self, einstellungen=EINSTELLUNGEN):
        self.gewichte = gewichte_erzeugen(einstellungen)
        self.eingabe = None

    def vorwaerts(self, eingabe):
        self.eingabe = eingabe
        c_aus, c_ein = self.gewichte.shape[:2]
        return np.array([
            sum(correlate2d(eingabe[c], self.gewichte[o, c], "valid") for c in range(c_ein))
            for o in range(c_aus)
        ])

    def rueckwaerts(self, fehler):
        """Fehler an die Eingabe weitergeben: volle Korrelation mit dem gedrehten Kern."""
        c_aus, c_ein = self.gewichte.shape[:2]
        ergebnis = np.zeros(self.eingabe.shape)
        for o in range(c_aus):
            for c in range(c_ein):
                w = self.gewichte[o, c]
                gedreht = w[::-1][::-1]
                ergebnis[c] += correlate2d(fehler[o], gedreht, "full")
        return ergebnis


def numerischer_gradient(schicht, x, fehler, stelle, h=1e-6):
    plus, minus = x.copy(), x.copy()
    plus[stelle] += h
    minus[stelle] -= h
    fp = np.sum(schicht.vorwaerts(plus) * fehler)
    fm = np.sum(schicht.vorwaerts(minus) * fehler)
    return (fp - fm) / (2 * h)


def pruefen():
    zufall = np.random.default_rng(8)
    schicht = Faltungsschicht()
    x = zufall.normal(size=(2, 6, 7))
    fehler = zufall.normal(size=(2, 4, 5))
    schicht.vorwaerts(x)
    analytisch = schicht.rueckwaerts(fehler)
    stellen = [(0, 0, 0), (1, 2, 3), (0, 5, 6), (1, 4, 0)]
    numerisch = [numerischer_gradient(schicht, x, fehler, s) for s in stellen]
    return np.allclose(numerisch, [analytisch[s] for s in stellen], atol=1e-6)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if pruefen() else "differ")
