# eval-label: buggy
# eval-expect: CNV206@27
# eval-why: a 'same' correlation written with a hand zero-padded copy is back-propagated with ndimage.correlate, which does not rotate the kernel; the adjoint is ndimage.convolve
# eval-fix: ndimage.correlate(grad_sortie => ndimage.convolve(grad_sortie
import numpy as np
from scipy import ndimage


class CoucheConvolution:
    def __init__(self, noyau):
        self.noyau = np.float64(1.0) * noyau
        self.marge = noyau.shape[0] // 2

    def propagation(self, image):
        m = self.marge
        hauteur, largeur = image.shape
        taille = self.noyau.shape[0]
        rembourre = np.zeros((hauteur + 2 * m, largeur + 2 * m))
        rembourre[m:m + hauteur, m:m + largeur] = image
        sortie = np.empty((hauteur, largeur))
        for i in range(hauteur):
            for j in range(largeur):
                sortie[i, j] = (rembourre[i:i + taille, j:j + taille] * self.noyau).sum()
        return sortie

    def retropropagation(self, grad_sortie):
        return ndimage.correlate(grad_sortie, self.noyau, mode="constant", cval=0.0)


alea = np.random.default_rng(31)
noyau = alea.normal(size=(5, 5))
couche = CoucheConvolution(noyau)
a = alea.normal(size=(9, 8))
b = alea.normal(size=(9, 8))

gauche = np.sum(couche.propagation(a) * b)
droite = np.sum(a * couche.retropropagation(b))
print("EVAL-RESULT:", "agree" if np.isclose(gauche, droite, rtol=1e-9) else "differ")
