# eval-label: clean
# eval-why: the Wiener filter multiplies by conj(H) of the correctly centred PSF spectrum; the circular blur model matches ndimage.convolve(mode='wrap') and the deconvolution recovers the scene
"""Wiener deconvolution with a known, asymmetric PSF (periodic boundaries)."""
import numpy as np
from scipy import ndimage


def psf_spectrum(psf, shape):
    """FFT of the PSF zero-padded to the image and rolled so its centre sits at (0, 0)."""
    pad = np.zeros(shape)
    pad[: psf.shape[0], : psf.shape[1]] = psf
    pad = np.roll(pad, (-(psf.shape[0] // 2), -(psf.shape[1] // 2)), axis=(0, 1))
    return np.fft.fft2(pad)


def wiener(observed, psf, nsr=1e-12):
    H = psf_spectrum(psf, observed.shape)
    G = np.conj(H) / (np.abs(H) ** 2 + nsr)
    return np.real(np.fft.ifft2(np.fft.fft2(observed) * G))


psf = np.array([[0.0, 0.05, 0.0], [0.02, 0.7, 0.15], [0.0, 0.08, 0.0]])
rng = np.random.default_rng(14)
scene = rng.random((32, 32))
observed = ndimage.convolve(scene, psf, mode="wrap")
model = np.real(np.fft.ifft2(np.fft.fft2(scene) * psf_spectrum(psf, scene.shape)))
restored = wiener(observed, psf)
ok = np.allclose(model, observed) and np.allclose(restored, scene, atol=1e-6)
print("EVAL-RESULT:", "agree" if ok else "differ")
