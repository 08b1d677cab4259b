# eval-label: clean
# eval-why: The Wiener filter uses conj(H), which is the right inverse for a convolution by the asymmetric PSF.
import numpy as np


def psf2otf(psf, shape):
    pad = np.zeros(shape)
    pad[:psf.shape[0], :psf.shape[1]] = psf
    pad = np.roll(pad, (-(psf.shape[0] // 2), -(psf.shape[1] // 2)), axis=(0, 1))
    return np.fft.fft2(pad)


def wiener(observed, psf, nsr=1e-6):
    """Wiener deconvolution of an image blurred (circularly) by psf."""
    H = psf2otf(psf, observed.shape)
    G = np.conj(H) / (np.abs(H) ** 2 + nsr)
    return np.real(np.fft.ifft2(G * np.fft.fft2(observed)))


rng = np.random.default_rng(1)
psf = np.array([[0.0, 0.1, 0.0], [0.05, 0.6, 0.25], [0.0, 0.0, 0.0]])
scene = rng.random((32, 32))
blurred = np.real(np.fft.ifft2(psf2otf(psf, scene.shape) * np.fft.fft2(scene)))
restored = wiener(blurred, psf)
print("max err", np.abs(restored - scene).max())
print("EVAL-RESULT:", "agree" if np.allclose(restored, scene, atol=1e-3) else "differ")
