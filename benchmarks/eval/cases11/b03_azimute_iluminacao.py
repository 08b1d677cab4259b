# eval-label: buggy
# eval-expect: CNV201@26|39
# eval-why: the derivative-of-Gaussian kernels X*g and Y*g are written in correlation orientation (positive on the right), so ndimage.convolve negates the gradient and the arctan2 azimuth points 180 degrees away from the light
# eval-fix: ndimage.convolve(imagem, nucleo, mode="nearest") => ndimage.correlate(imagem, nucleo, mode="nearest")
"""Perícia de imagens: estimativa do azimute da iluminação.

Numa superfície aproximadamente lambertiana o gradiente médio da luminância
aponta para a fonte de luz.  Regiões de uma montagem com azimutes muito
diferentes são sinalizadas como suspeitas.
"""
import numpy as np
from scipy import ndimage


def nucleos_derivada(sigma=1.5, raio=None):
    """Núcleos (gx, gy) de derivada de gaussiana: d/dx e d/dy da imagem suavizada."""
    raio = raio or int(np.ceil(3 * sigma))
    eixo = np.arange(-raio, raio + 1, dtype=float)
    X, Y = np.meshgrid(eixo, eixo)
    g = np.exp(-(X ** 2 + Y ** 2) / (2 * sigma ** 2))
    g /= g.sum()
    return X * g / sigma ** 2, Y * g / sigma ** 2


def _aplica(imagem, nucleo):
    return ndimage.convolve(imagem, nucleo, mode="nearest")


def gradientes(imagem, sigma=1.5):
    gx, gy = nucleos_derivada(sigma)
    return _aplica(imagem, gx), _aplica(imagem, gy)


def azimute_regiao(imagem, mascara=None, sigma=1.5):
    """Azimute (radianos) do gradiente médio dentro da máscara."""
    dx, dy = gradientes(imagem, sigma)
    if mascara is None:
        mascara = np.ones(imagem.shape, bool)
    return np.arctan2(dy[mascara].mean(), dx[mascara].mean())


def regioes_suspeitas(imagem, blocos=4, limiar_graus=60.0):
    """Compara o azimute de cada bloco com o azimute global."""
    ref = azimute_regiao(imagem)
    h, w = imagem.shape
    suspeitas = []
    for i in range(blocos):
        for j in range(blocos):
            m = np.zeros(imagem.shape, bool)
            m[i * h // blocos:(i + 1) * h // blocos, j * w // blocos:(j + 1) * w // blocos] = True
            d = np.degrees(np.angle(np.exp(1j * (azimute_regiao(imagem, m) - ref))))
            if abs(d) > limiar_graus:
                suspeitas.append((i, j, round(float(d), 1)))
    return suspeitas


if __name__ == "__main__":
    linhas, colunas = np.mgrid[0:48, 0:64].astype(float)
    cena = 0.8 * colunas + 0.3 * linhas + 5 * np.sin(colunas / 9.0)
    interior = np.zeros(cena.shape, bool)
    interior[6:-6, 6:-6] = True
    estimado = azimute_regiao(cena, interior)
    gy_ref, gx_ref = np.gradient(cena)
    verdadeiro = np.arctan2(gy_ref[interior].mean(), gx_ref[interior].mean())
    print("suspeitas:", regioes_suspeitas(cena))
    print(f"azimute estimado {np.degrees(estimado):.1f}, np.gradient {np.degrees(verdadeiro):.1f}")
    erro = abs(np.angle(np.exp(1j * (estimado - verdadeiro))))
    print("EVAL-RESULT:", "agree" if erro < np.radians(3) else "differ")
