# eval-label: buggy
# eval-expect: CNV202@26,CNV101@26|34
# eval-why: desenfocar documents image formation (scene convolved with the PSF) but its window loop weights each window by the PSF as written, a correlation, so it disagrees with fftconvolve
# eval-fix: (ventana * psf).sum() => (ventana * psf[::-1, ::-1]).sum()
"""Simulación de desenfoque óptico (modelo directo) para la práctica 3."""
import numpy as np
from scipy.signal import fftconvolve


def psf_desplazada(tam=5):
    """PSF de un sistema desalineado: el máximo no está en el centro."""
    y, x = np.mgrid[:tam, :tam]
    p = np.exp(-((x - 1.0) ** 2 + (y - 3.0) ** 2) / 2.0)
    return p / p.sum()


def desenfocar(escena, psf):
    """Forma la imagen: la escena convolucionada con la PSF (salida 'valid')."""
    alto, ancho = psf.shape
    filas = escena.shape[0] - alto + 1
    columnas = escena.shape[1] - ancho + 1
    imagen = np.zeros((filas, columnas))
    for f in range(filas):
        for c in range(columnas):
            ventana = escena[np.s_[f:f + alto, c:c + ancho]]
            imagen[f, c] = (ventana * psf).sum()
    return imagen


rng = np.random.default_rng(3)
escena = rng.random((14, 16))
psf = psf_desplazada()
mia = desenfocar(escena, psf)
referencia = fftconvolve(escena, psf, mode="valid")
print("diferencia máxima:", np.abs(mia - referencia).max())
print("EVAL-RESULT:", "agree" if np.allclose(mia, referencia) else "differ")
