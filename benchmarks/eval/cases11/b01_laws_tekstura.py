# eval-label: buggy
# eval-expect: CNV101@39|61|64
# eval-why: the sliding_window_view/einsum filter uses the Laws mask as written (a cross-correlation), but its self-test checks it against signal.convolve2d of the same unrotated, antisymmetric mask
# eval-fix: signal.convolve2d(obraz, maska, mode="valid") => signal.correlate2d(obraz, maska, mode="valid")
"""Cechy tekstury Lawsa dla zdjęć z mikroskopu metalograficznego.

Obraz jest filtrowany maskami 5x5 (iloczyny zewnętrzne wektorów L5, E5, S5,
R5), a następnie liczona jest lokalna energia odpowiedzi.  Cechy trafiają do
klasyfikatora faz (ferryt / perlit / martenzyt).
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import ndimage, signal

WEKTORY = {
    "L5": np.array([1.0, 4.0, 6.0, 4.0, 1.0]),    # poziom
    "E5": np.array([-1.0, -2.0, 0.0, 2.0, 1.0]),  # krawędź
    "S5": np.array([-1.0, 0.0, 2.0, 0.0, -1.0]),  # plamka
    "R5": np.array([1.0, -4.0, 6.0, -4.0, 1.0]),  # zmarszczka
}


def maska_lawsa(pion: str, poziom: str) -> np.ndarray:
    """Maska 5x5: iloczyn zewnętrzny wektora pionowego i poziomego."""
    return np.outer(WEKTORY[pion], WEKTORY[poziom])


class FiltrTekstury:
    """Szybki filtr: okna z sliding_window_view i jedno wywołanie einsum."""

    def __init__(self, pion="E5", poziom="L5", okno_energii=7):
        self.maska = maska_lawsa(pion, poziom)
        self.okno_energii = okno_energii

    def filtruj(self, obraz):
        kh, kw = self.maska.shape
        kolumny = sliding_window_view(obraz, kw, axis=1)   # (H, W-kw+1, kw)
        okna = sliding_window_view(kolumny, kh, axis=0)    # (H-kh+1, W-kw+1, kw, kh)
        return np.einsum("rcba,ab->rc", okna, self.maska)

    def energia(self, obraz):
        odpowiedz = self.filtruj(obraz - obraz.mean())
        return ndimage.uniform_filter(np.abs(odpowiedz), size=self.okno_energii)


def wektor_cech(obraz, pary=(("E5", "L5"), ("L5", "E5"), ("S5", "S5"), ("R5", "R5"))):
    """Średnia i odchylenie energii dla każdej pary masek."""
    cechy = []
    for pion, poziom in pary:
        e = FiltrTekstury(pion, poziom).energia(obraz)
        cechy.extend([e.mean(), e.std()])
    return np.array(cechy)


def autotest(rng):
    """Porównanie szybkiego filtra z implementacją referencyjną ze scipy."""
    obraz = rng.normal(size=(40, 36))
    filtr = FiltrTekstury("E5", "S5")
    maska = filtr.maska
    szybki = filtr.filtruj(obraz)
    wzorzec = signal.convolve2d(obraz, maska, mode="valid")
    blad = np.abs(szybki - wzorzec).max()
    print(f"autotest: max |szybki - scipy| = {blad:.3e}")
    return np.allclose(szybki, wzorzec)


if __name__ == "__main__":
    rng = np.random.default_rng(2024)
    probka = ndimage.gaussian_filter(rng.normal(size=(64, 64)), 1.0)
    print("cechy:", np.round(wektor_cech(probka), 3))
    ok = autotest(rng)
    print("EVAL-RESULT:", "agree" if ok else "differ")
