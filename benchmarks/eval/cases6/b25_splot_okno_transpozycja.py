# eval-label: buggy
# eval-expect: CNV302@22
# eval-why: the hand-rolled convolution "rotates" the window with .T, a transpose, instead of reversing both axes
# eval-fix: okno.T => okno[::-1, ::-1]
"""Przetwarzanie obrazow, lab 3: splot dwuwymiarowy napisany recznie.

Splot = obracamy maske o 180 stopni i przesuwamy; tutaj zamiast maski
obracamy okno obrazu (to samo, a maska zostaje bez zmian).
"""

import numpy as np
from scipy.signal import convolve2d


def splot(obraz, maska):
    kh, kw = maska.shape
    wys, szer = obraz.shape
    wynik = np.zeros((wys - kh + 1, szer - kw + 1))
    for i in range(wynik.shape[0]):
        for j in range(wynik.shape[1]):
            okno = obraz[i : i + kh, j : j + kw]
            wynik[i, j] = np.sum(okno.T * maska)  # obrot okna
    return wynik


if __name__ == "__main__":
    rng = np.random.default_rng(27)
    obraz = rng.integers(0, 10, (9, 9)).astype(float)
    maska = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 2.0]])
    nasz = splot(obraz, maska)
    wzorzec = convolve2d(obraz, maska, mode="valid")
    print("EVAL-RESULT:", "agree" if np.allclose(nasz, wzorzec) else "differ")
