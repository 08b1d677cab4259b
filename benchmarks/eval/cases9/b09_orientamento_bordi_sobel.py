# eval-label: buggy
# eval-expect: CNV201@27|38|39|44
# eval-why: the Sobel kernels are written in correlation orientation (-1 on the left/top) but _filtra convolves, so gx and gy change sign and the arctan2 orientation is off by 180 degrees
# eval-fix: return ndimage.convolve(img, kernel, mode="nearest") => return ndimage.correlate(img, kernel, mode="nearest")
"""Stima dell'orientamento dei bordi per il modulo di rilevamento corsie.

L'angolo restituito segue la convenzione di np.gradient: 0 rad quando
l'intensità cresce verso destra, pi/2 quando cresce verso il basso.
"""
import numpy as np
from scipy import ndimage

SOBEL_X = np.array([[-1, 0, 1],
                    [-2, 0, 2],
                    [-1, 0, 1]], dtype=float)
SOBEL_Y = SOBEL_X.T.copy()


def immagine_di_prova(altezza=24, larghezza=32):
    """Superficie polinomiale: le derivate centrali sono esatte."""
    y, x = np.mgrid[0:altezza, 0:larghezza].astype(float)
    return 0.05 * x ** 2 + 3.0 * y + 0.2 * x * y - 0.01 * y ** 2


def _filtra(img, kernel):
    """Applica un kernel 3x3 all'immagine (bordo replicato)."""
    return ndimage.convolve(img, kernel, mode="nearest")


class StimatoreOrientamento:
    """Calcola modulo e direzione del gradiente con Sobel."""

    def __init__(self, soglia=1.0):
        self.soglia = soglia

    def gradienti(self, img):
        img = np.asarray(img, dtype=float)
        gx = _filtra(img, SOBEL_X) / 8.0
        gy = _filtra(img, SOBEL_Y) / 8.0
        return gx, gy

    def orientamento(self, img):
        gx, gy = self.gradienti(img)
        theta = np.arctan2(gy, gx)
        modulo = np.hypot(gx, gy)
        return np.where(modulo > self.soglia, theta, np.nan)


def verifica():
    img = immagine_di_prova()
    stima = StimatoreOrientamento(soglia=0.0).orientamento(img)[1:-1, 1:-1]
    dy, dx = np.gradient(img)
    atteso = np.arctan2(dy, dx)[1:-1, 1:-1]
    diff = np.angle(np.exp(1j * (stima - atteso)))
    return np.allclose(diff, 0.0, atol=1e-9)


if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if verifica() else "differ")
