# eval-label: clean
# eval-why: the sliding_window_view/einsum window sum is a cross-correlation and is checked against ndimage.correlate (cropped to the valid region), the same operation
"""Szybki filtr Lawsa E5xS5 z oknami sliding_window_view: test zgodności."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import ndimage

E5 = np.array([-1.0, -2.0, 0.0, 2.0, 1.0])
S5 = np.array([-1.0, 0.0, 2.0, 0.0, -1.0])
maska = np.outer(E5, S5)


def filtruj(obraz, maska):
    kh, kw = maska.shape
    kolumny = sliding_window_view(obraz, kw, axis=1)   # (H, W-kw+1, kw)
    okna = sliding_window_view(kolumny, kh, axis=0)    # (H-kh+1, W-kw+1, kw, kh)
    return np.einsum("rcba,ab->rc", okna, maska)


rng = np.random.default_rng(2024)
obraz = rng.normal(size=(40, 36))
szybki = filtruj(obraz, maska)
# ndimage.correlate centruje maskę 5x5; obcięcie o 2 piksele daje tryb 'valid'
wzorzec = ndimage.correlate(obraz, maska, mode="constant")[2:-2, 2:-2]
print("max roznica:", np.abs(szybki - wzorzec).max())
print("EVAL-RESULT:", "agree" if np.allclose(szybki, wzorzec) else "differ")
