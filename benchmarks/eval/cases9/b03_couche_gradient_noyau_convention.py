# eval-label: buggy
# eval-expect: CNV206@40
# eval-why: for a correlate2d forward the kernel gradient is correlate2d(x, dy, 'valid'); convolve2d(x, dy, 'valid') is the convention of a convolving forward and returns the rotated gradient
# eval-fix: grad_noyau = convolve2d(entree, grad_sortie, mode="valid") => grad_noyau = correlate2d(entree, grad_sortie, mode="valid")
"""Couche de convolution 2-D pour le TP « réseaux de neurones à la main ».

La sortie est y = correlate2d(x, W, 'valid') + b (convention PyTorch).
Les gradients sont rangés dans un dictionnaire pour l'optimiseur.
"""
import numpy as np
from scipy.signal import convolve2d, correlate2d

CONFIG = {"taille_noyau": (3, 4), "pas_apprentissage": 0.05, "graine": 5}


class CoucheConv:
    """Couche mono-canal avec un noyau rectangulaire."""

    def __init__(self, config=CONFIG):
        gen = np.random.default_rng(config["graine"])
        self.noyau = gen.normal(size=config["taille_noyau"])
        self.biais = 0.0
        self.memoire = {}
        self.grads = {}

    def propager(self, x):
        self.memoire["entree"] = np.asarray(x, float)
        return correlate2d(self.memoire["entree"], self.noyau, mode="valid") + self.biais

    def retropropager(self, grad_sortie):
        """Calcule les gradients du noyau, du biais et de l'entrée."""
        entree = self.memoire["entree"]
        self.grads["biais"] = grad_sortie.sum()
        self.grads["noyau"] = self._gradient_noyau(entree, grad_sortie)
        return convolve2d(grad_sortie, self.noyau, mode="full")

    @staticmethod
    def _gradient_noyau(entree, grad_sortie):
        # dL/dW[a, b] = somme des grad_sortie[i, j] * x[i + a, j + b]
        grad_noyau = convolve2d(entree, grad_sortie, mode="valid")
        return grad_noyau

    def mise_a_jour(self, pas):
        self.noyau -= pas * self.grads["noyau"]
        self.biais -= pas * self.grads["biais"]


def gradient_numerique_noyau(couche, x, g, eps=1e-6):
    num = np.zeros_like(couche.noyau)
    for pos in np.ndindex(*couche.noyau.shape):
        sauvegarde = couche.noyau[pos]
        couche.noyau[pos] = sauvegarde + eps
        haut = np.sum(couche.propager(x) * g)
        couche.noyau[pos] = sauvegarde - eps
        bas = np.sum(couche.propager(x) * g)
        couche.noyau[pos] = sauvegarde
        num[pos] = (haut - bas) / (2 * eps)
    return num


if __name__ == "__main__":
    gen = np.random.default_rng(2)
    couche = CoucheConv()
    x = gen.normal(size=(9, 11))
    g = gen.normal(size=(7, 8))
    couche.propager(x)
    couche.retropropager(g)
    numerique = gradient_numerique_noyau(couche, x, g)
    ok = np.allclose(numerique, couche.grads["noyau"], atol=1e-6)
    print("EVAL-RESULT:", "agree" if ok else "differ")
