# eval-label: clean
# eval-why: the proximity model convolves the dose with the unrotated drifted PSF, and only the Landweber adjoint step rotates it (psf[:, ::-1][::-1, :]); the forward matches convolve2d and the pair passes a dot test
"""Electron-beam proximity correction by Landweber iteration.

Forward model: energy = dose convolved with the beam PSF (core + drifted halo).
Adjoint: correlation with the PSF, i.e. convolution with the PSF rotated by 180 degrees.
"""
import numpy as np
from scipy.signal import convolve2d, fftconvolve

PIXEL_NM = 20.0


def beam_psf(alpha_nm=40.0, beta_nm=160.0, eta=0.6, drift_px=3, radius=12):
    ax = np.arange(-radius, radius + 1) * PIXEL_NM
    X, Y = np.meshgrid(ax, ax)
    core = np.exp(-(X ** 2 + Y ** 2) / alpha_nm ** 2) / alpha_nm ** 2
    halo = eta * np.exp(-((X - drift_px * PIXEL_NM) ** 2 + Y ** 2) / beta_nm ** 2) / beta_nm ** 2
    psf = core + halo
    return psf / psf.sum()


def forward(dose, psf):
    return fftconvolve(dose, psf, mode="same")


def adjoint(residual, psf):
    rotated = psf[:, ::-1][::-1, :]
    return fftconvolve(residual, rotated, mode="same")


def landweber(target, psf, n_iter=60, tau=1.5):
    dose = target.copy()
    for _ in range(n_iter):
        dose = dose + tau * adjoint(target - forward(dose, psf), psf)
        dose = np.clip(dose, 0.0, None)
    return dose


if __name__ == "__main__":
    rng = np.random.default_rng(6)
    psf = beam_psf()
    target = np.zeros((64, 64))
    target[10:54, 12:15] = target[10:54, 30:33] = target[10:54, 48:51] = 1.0
    dose = landweber(target, psf)
    resid = np.abs(forward(dose, psf) - target)[target > 0].mean()
    print(f"mean residual on the pattern: {resid:.3f}")
    u, v = rng.normal(size=(40, 44)), rng.normal(size=(40, 44))
    dot_ok = np.isclose(np.vdot(forward(u, psf), v), np.vdot(u, adjoint(v, psf)))
    fwd_ok = np.allclose(forward(u, psf), convolve2d(u, psf, mode="same"))
    print("dot test", dot_ok, "forward vs convolve2d", fwd_ok)
    print("EVAL-RESULT:", "agree" if dot_ok and fwd_ok else "differ")
