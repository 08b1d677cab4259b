# eval-label: buggy
# eval-expect: CNV302@19,CNV206@20
# eval-why: the error is sent back through correlate2d with the kernel transposed where a 180-degree rotation is meant (the comment says 'girado 180 grados')
# eval-fix: self.nucleo.T => self.nucleo[::-1, ::-1]
import numpy as np
from scipy.signal import correlate2d


class CapaConvolucional:
    def __init__(self, nucleo):
        self.nucleo = np.asarray(nucleo, dtype=np.float64)
        self.entrada = None

    def propagar(self, entrada):
        self.entrada = entrada
        return correlate2d(entrada, self.nucleo, mode="valid")

    def backprop_error(self, error):
        nucleo_girado = self.nucleo.T  # nucleo girado 180 grados
        return correlate2d(error, nucleo_girado, mode="full")


generador = np.random.default_rng(12)
nucleo = generador.integers(-3, 4, size=(3, 3))
capa = CapaConvolucional(nucleo)
imagen = generador.normal(size=(6, 6))
error = generador.normal(size=(4, 4))
capa.propagar(imagen)
grad = capa.backprop_error(error)

# comprobacion por diferencias finitas
h = 1e-6
grad_num = np.empty_like(imagen)
for i, j in np.ndindex(imagen.shape):
    mas = imagen.copy()
    mas[i, j] += h
    menos = imagen.copy()
    menos[i, j] -= h
    grad_num[i, j] = (np.sum(capa.propagar(mas) * error) - np.sum(capa.propagar(menos) * error)) / (2 * h)

print("EVAL-RESULT:", "agree" if np.allclose(grad, grad_num, atol=1e-5) else "differ")
