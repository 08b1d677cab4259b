# eval-label: buggy
# eval-expect: CNV101@33|43
# eval-why: the window sum is a cross-correlation but the test checks it against fftconvolve of the same, unflipped kernel
# eval-fix: fftconvolve(img, nucleo, mode="valid") => fftconvolve(img, nucleo[::-1, ::-1], mode="valid")
"""Pruebas del filtro de bordes de la practica 3 (vision por computador).

El filtro recorre la imagen ventana por ventana, como en la pizarra; la prueba
lo compara con scipy para estar seguros de que los indices estan bien.
"""

import unittest

import numpy as np
from scipy.signal import fftconvolve


class FiltroManual:
    """Aplica un nucleo recorriendo la imagen ventana por ventana."""

    def __init__(self, nucleo):
        self.nucleo = np.asarray(nucleo, dtype=float)

    def ventanas(self, img):
        alto, ancho = self.nucleo.shape
        for i in range(img.shape[0] - alto + 1):
            for j in range(img.shape[1] - ancho + 1):
                yield i, j, img[i : i + alto, j : j + ancho]

    def aplicar(self, img):
        alto, ancho = self.nucleo.shape
        salida = np.zeros((img.shape[0] - alto + 1, img.shape[1] - ancho + 1))
        for i, j, ventana in self.ventanas(img):
            salida[i, j] = (ventana * self.nucleo).sum()
        return salida


class PruebaFiltro(unittest.TestCase):
    def test_coincide_con_scipy(self):
        rng = np.random.default_rng(3)
        img = rng.random((12, 14))
        nucleo = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0], [2.0, 0.0, -2.0]])
        propio = FiltroManual(nucleo).aplicar(img)
        esperado = fftconvolve(img, nucleo, mode="valid")
        self.assertEqual(propio.shape, esperado.shape)
        self.assertTrue(np.allclose(propio, esperado))


if __name__ == "__main__":
    resultado = unittest.main(exit=False, verbosity=0).result
    print("EVAL-RESULT:", "agree" if resultado.wasSuccessful() else "differ")
