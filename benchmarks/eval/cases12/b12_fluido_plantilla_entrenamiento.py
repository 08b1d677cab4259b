# eval-label: buggy
# eval-expect: CNV206@39
# eval-why: the stencil learner predicts with correlate2d, whose kernel gradient is correlate2d(campo, error, 'valid'); gradiente uses convolve2d (the convolution convention), a 180-degree rotated gradient that fails the finite-difference check
# eval-fix: signal.convolve2d(campo, error, mode="valid") => signal.correlate2d(campo, error, mode="valid")
"""Aprender la plantilla (stencil) de adveccion a partir de instantaneas.

El simulador de referencia es un esquema upwind periodico; el aprendiz
ajusta una plantilla 3x3 por descenso de gradiente.
"""
import numpy as np
from scipy import signal


def paso_upwind(u, cx=0.35, cy=0.2):
    """One explicit upwind step for velocity (+x, +y); cx, cy are Courant numbers."""
    return u - cx * (u - np.roll(u, 1, axis=1)) - cy * (u - np.roll(u, 1, axis=0))


def plantilla_exacta(cx=0.35, cy=0.2):
    s = np.zeros((3, 3))
    s[1, 1], s[1, 0], s[0, 1] = 1.0 - cx - cy, cx, cy
    return s


class AprendizPlantilla:
    def __init__(self, tam=3):
        self.plantilla = np.zeros((tam, tam))
        self.plantilla[tam // 2, tam // 2] = 1.0

    def predecir(self, campo):
        """prediccion[i, j] = sum_{m,n} campo[i + m, j + n] * plantilla[m, n]"""
        return signal.correlate2d(campo, self.plantilla, mode="valid")

    def perdida(self, campo, objetivo):
        return 0.5 * np.sum((self.predecir(campo) - objetivo) ** 2)

    def gradiente(self, campo, objetivo):
        error = self.predecir(campo) - objetivo
        return signal.convolve2d(campo, error, mode="valid")

    def paso_entrenamiento(self, campo, objetivo, lr=0.5):
        g = self.gradiente(campo, objetivo)
        self.plantilla -= lr * g / campo.size
        return self.perdida(campo, objetivo)


def instantaneas(rng, n=4, tam=32):
    yy, xx = np.mgrid[0:tam, 0:tam] / tam
    for _ in range(n):
        fx, fy = rng.integers(1, 4, 2)
        u = np.sin(2 * np.pi * (fx * xx + fy * yy)) + 0.3 * rng.standard_normal((tam, tam))
        yield u, paso_upwind(u)[1:-1, 1:-1]


rng = np.random.default_rng(12)
aprendiz = AprendizPlantilla()
datos = list(instantaneas(rng))
aprendiz.plantilla += 0.1 * rng.standard_normal((3, 3))
u, objetivo = datos[0]
analitico = aprendiz.gradiente(u, objetivo)
eps, err = 1e-6, 0.0
for idx in np.ndindex(aprendiz.plantilla.shape):
    aprendiz.plantilla[idx] += eps
    fp = aprendiz.perdida(u, objetivo)
    aprendiz.plantilla[idx] -= 2 * eps
    fm = aprendiz.perdida(u, objetivo)
    aprendiz.plantilla[idx] += eps
    err = max(err, abs((fp - fm) / (2 * eps) - analitico[idx]) / (1.0 + abs(analitico[idx])))
for epoca in range(40):
    for u, objetivo in datos:
        aprendiz.paso_entrenamiento(u, objetivo)
print("distance to exact stencil:", float(np.abs(aprendiz.plantilla - plantilla_exacta()).max()))
print("EVAL-RESULT:", "agree" if err < 1e-5 else "differ")
