# eval-label: buggy
# eval-expect: CNV206@49
# eval-why: the forward pass correlates, and convolve2d already rotates the kernel, so convolving the error with rotar180(filtro) applies the flip twice and gives the gradient of a convolution
# eval-fix: convolve2d(delta[f], rotar180(self.filtros[f]), mode="full") => convolve2d(delta[f], self.filtros[f], mode="full")
"""Red convolucional mínima para imágenes en escala de grises (práctica 3).

Capa con n filtros (n, kh, kw) sobre una sola imagen (H, W). Se usa la
convención de los frameworks: la propagación hacia delante es una correlación.
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d


def rotar180(filtro):
    """Gira el filtro 180 grados (regla del libro: 'convolución completa con el filtro girado')."""
    return np.rot90(filtro, 2)


def inicializar(n_filtros, tam, semilla=7):
    gen = np.random.default_rng(semilla)
    return gen.standard_normal((n_filtros, tam, tam)) / tam


class CapaConvolucional:
    """Capa convolucional sin sesgo."""

    def __init__(self, n_filtros=4, tam=3):
        self.filtros = inicializar(n_filtros, tam)
        self.entrada = None

    def propagar(self, imagen):
        """Devuelve un mapa de activación por filtro, modo 'valid'."""
        self.entrada = imagen.astype(np.float64)
        mapas = [correlate2d(self.entrada, f, mode="valid") for f in self.filtros]
        return np.array(mapas)

    def gradiente_filtros(self, delta):
        """dL/dfiltro para cada filtro."""
        return np.array([correlate2d(self.entrada, d, mode="valid") for d in delta])

    def retropropagar(self, delta, tasa=0.01):
        """Actualiza los filtros y devuelve dL/dentrada.

        delta tiene la forma de la salida de propagar: (n, H-kh+1, W-kw+1).
        """
        grad_f = self.gradiente_filtros(delta)
        grad_x = np.zeros_like(self.entrada)
        for f in range(len(self.filtros)):
            grad_x += convolve2d(delta[f], rotar180(self.filtros[f]), mode="full")
        self.filtros = self.filtros - tasa * grad_f
        return grad_x


def derivada_numerica(capa, x, delta, pos, h=1e-6):
    xa, xb = x.copy(), x.copy()
    xa[pos] += h
    xb[pos] -= h
    return (np.sum(capa.propagar(xa) * delta) - np.sum(capa.propagar(xb) * delta)) / (2 * h)


if __name__ == "__main__":
    gen = np.random.default_rng(11)
    capa = CapaConvolucional()
    x = gen.standard_normal((10, 10))
    delta = gen.standard_normal((4, 8, 8))
    capa.propagar(x)
    filtros_antes = capa.filtros.copy()
    analitico = capa.retropropagar(delta, tasa=0.0)
    capa.filtros = filtros_antes
    puntos = [(0, 0), (3, 7), (9, 9), (5, 2), (1, 8)]
    numerico = [derivada_numerica(capa, x, delta, p) for p in puntos]
    iguales = np.allclose(numerico, [analitico[p] for p in puntos], atol=1e-6)
    print("EVAL-RESULT:", "agree" if iguales else "differ")
