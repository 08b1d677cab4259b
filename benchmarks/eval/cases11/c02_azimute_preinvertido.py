# eval-label: clean
# eval-why: the derivative-of-Gaussian kernels are the true derivatives -X*g and -Y*g (pre-reversed for convolution), so ndimage.convolve gives the signed gradient and the arctan2 azimuth matches np.gradient
"""Perícia de imagens: azimute da iluminação a partir do gradiente médio.

Usa a identidade d/dx (f * G) = f * dG/dx: a imagem é convolvida com a
derivada exata da gaussiana, dG/dx = -x / sigma^2 * G.
"""
import numpy as np
from scipy import ndimage


def derivadas_gaussiana(sigma=1.5):
    raio = int(np.ceil(3 * sigma))
    eixo = np.arange(-raio, raio + 1, dtype=float)
    X, Y = np.meshgrid(eixo, eixo)
    g = np.exp(-(X ** 2 + Y ** 2) / (2 * sigma ** 2))
    g /= g.sum()
    return -X * g / sigma ** 2, -Y * g / sigma ** 2


def _aplica(imagem, nucleo):
    return ndimage.convolve(imagem, nucleo, mode="nearest")


def gradientes(imagem, sigma=1.5):
    dgx, dgy = derivadas_gaussiana(sigma)
    return _aplica(imagem, dgx), _aplica(imagem, dgy)


def azimute(imagem, mascara):
    dx, dy = gradientes(imagem)
    return np.arctan2(dy[mascara].mean(), dx[mascara].mean())


def histograma_direcoes(imagem, bins=8):
    dx, dy = gradientes(imagem)
    ang = np.arctan2(dy, dx)
    peso = np.hypot(dx, dy)
    h, _ = np.histogram(ang, bins=bins, range=(-np.pi, np.pi), weights=peso)
    return h / h.sum()


if __name__ == "__main__":
    linhas, colunas = np.mgrid[0:48, 0:64].astype(float)
    cena = 0.8 * colunas + 0.3 * linhas + 5 * np.sin(colunas / 9.0)
    interior = np.zeros(cena.shape, bool)
    interior[6:-6, 6:-6] = True
    estimado = azimute(cena, interior)
    gy_ref, gx_ref = np.gradient(cena)
    verdadeiro = np.arctan2(gy_ref[interior].mean(), gx_ref[interior].mean())
    print("histograma:", histograma_direcoes(cena).round(2))
    print(f"azimute {np.degrees(estimado):.1f} vs np.gradient {np.degrees(verdadeiro):.1f}")
    erro = abs(np.angle(np.exp(1j * (estimado - verdadeiro))))
    print("EVAL-RESULT:", "agree" if erro < np.radians(3) else "differ")
