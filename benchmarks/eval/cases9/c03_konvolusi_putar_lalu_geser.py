# eval-label: clean
# eval-why: the kernel is rotated 180 degrees once and then slid in correlation form (window * kernel), which is a true convolution and matches convolve2d 'same'
"""Tugas PCD: konvolusi 2D manual (putar kernel 180 derajat, lalu geser)."""
import numpy as np
from scipy.signal import convolve2d


def putar_180(kernel):
    return kernel[::-1, ::-1]


def konvolusi(citra, kernel):
    k = putar_180(np.asarray(kernel, dtype=float))
    tinggi, lebar = citra.shape
    p = k.shape[0] // 2
    bantalan = np.pad(citra.astype(float), p, mode="constant")
    hasil = np.zeros((tinggi, lebar))
    for baris in range(tinggi):
        for kolom in range(lebar):
            jendela = bantalan[baris:baris + k.shape[0], kolom:kolom + k.shape[1]]
            hasil[baris, kolom] = (jendela * k).sum()
    return hasil


if __name__ == "__main__":
    rng = np.random.default_rng(8)
    citra = rng.integers(0, 256, (9, 11))
    kernel = np.array([[1, 2, 0], [0, -1, 3], [-2, 0, 1]])
    punyaku = konvolusi(citra, kernel)
    acuan = convolve2d(citra, kernel, mode="same")
    print("EVAL-RESULT:", "agree" if np.allclose(punyaku, acuan) else "differ")
