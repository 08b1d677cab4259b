# eval-label: buggy
# eval-expect: CNV203@31|40
# eval-why: the kernel is rotated 180 degrees and then used in the convolution form x[i - m, j - n] * k[m, n], which rotates it again, so convolucao computes a cross-correlation, not the convolve2d it is checked against
# eval-fix: nucleo_girado = np.rot90(nucleo, 2) => nucleo_girado = nucleo
"""Lista 3 de Processamento de Imagens: convolução 2-D 'full' sem bibliotecas.

Definição usada em aula:
    g[i, j] = soma_m soma_n f[i - m, j - n] * h[m, n]
Lembrete do professor: "na convolução o núcleo é girado de 180 graus".
"""
import numpy as np
from scipy.signal import convolve2d


def ler_imagem(semente=12, forma=(6, 7)):
    gerador = np.random.default_rng(semente)
    return gerador.integers(0, 10, forma).astype(float)


def nucleo_relevo():
    """Núcleo de relevo (emboss), não simétrico."""
    return np.array([[-2.0, -1.0, 0.0],
                     [-1.0, 1.0, 1.0],
                     [0.0, 1.0, 2.5]])


def convolucao(f, nucleo):
    """Convolução 'full' de f por nucleo."""
    altura, largura = f.shape
    km, kn = nucleo.shape
    nucleo_girado = np.rot90(nucleo, 2)
    g = np.zeros((altura + km - 1, largura + kn - 1))
    for i in range(g.shape[0]):
        for j in range(g.shape[1]):
            soma = 0.0
            for m in range(km):
                for n in range(kn):
                    a, b = i - m, j - n
                    if 0 <= a < altura and 0 <= b < largura:
                        soma += f[a, b] * nucleo_girado[m, n]
            g[i, j] = soma
    return g


def normalizar(g):
    g = g - g.min()
    return 255.0 * g / max(g.max(), 1e-12)


def conferir():
    f = ler_imagem()
    h = nucleo_relevo()
    minha = convolucao(f, h)
    scipy_ref = convolve2d(f, h, mode="full")
    print("erro maximo:", np.abs(minha - scipy_ref).max())
    return np.allclose(minha, scipy_ref)


if __name__ == "__main__":
    print("faixa normalizada:", np.ptp(normalizar(convolucao(ler_imagem(), nucleo_relevo()))))
    print("EVAL-RESULT:", "agree" if conferir() else "differ")
