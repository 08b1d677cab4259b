# eval-label: buggy
# eval-expect: CNV203@33|32
# eval-why: the drifted beam PSF is rotated 180 degrees by psf[:, ::-1][::-1, :] and then given to fftconvolve, which rotates it again, so the documented convolution is a cross-correlation
# eval-fix: fftconvolve(dose, flipped, mode="same") => fftconvolve(dose, psf, mode="same")
"""Proximity-effect model for electron-beam lithography.

The deposited energy is the exposure dose map convolved with the beam's
point-spread function: a narrow forward-scatter core plus a broad backscatter
halo.  Stage drift while writing drags the halo along +x, so the PSF is not
symmetric.
"""
import numpy as np
from scipy.signal import convolve2d, fftconvolve

PIXEL_NM = 20.0


def beam_psf(alpha_nm=40.0, beta_nm=160.0, eta=0.6, drift_px=3, radius=12):
    """Double-Gaussian PSF sampled on the writing grid, normalised to unit sum."""
    ax = np.arange(-radius, radius + 1) * PIXEL_NM
    X, Y = np.meshgrid(ax, ax)
    core = np.exp(-(X ** 2 + Y ** 2) / alpha_nm ** 2) / alpha_nm ** 2
    Xd = X - drift_px * PIXEL_NM
    halo = eta * np.exp(-(Xd ** 2 + Y ** 2) / beta_nm ** 2) / beta_nm ** 2
    psf = core + halo
    return psf / psf.sum()


def deposited_energy(dose, psf):
    """Convolve the dose map with the PSF (result has the dose map's shape)."""
    # convolution = flip the kernel, then slide it over the dose map
    flipped = psf[:, ::-1][::-1, :]
    return fftconvolve(dose, flipped, mode="same")


def correct_dose(pattern, psf, n_iter=20, threshold=0.5):
    """Scale the dose of every exposed pixel until its energy reaches the threshold."""
    dose = pattern.astype(float)
    for _ in range(n_iter):
        energy = deposited_energy(dose, psf)
        ratio = threshold / np.maximum(energy, 1e-9)
        dose = np.where(pattern > 0, dose * np.sqrt(ratio), 0.0)
    return dose


def line_space_pattern(shape=(64, 64), pitch=8, width=3):
    """Vertical lines of the given width on a pitch, inside a margin."""
    pat = np.zeros(shape, bool)
    for c in range(8, shape[1] - 8, pitch):
        pat[8:-8, c:c + width] = True
    return pat


def edge_contrast(energy, pattern):
    inside = energy[pattern].mean()
    outside = energy[~pattern].mean()
    return (inside - outside) / (inside + outside)


if __name__ == "__main__":
    psf = beam_psf()
    pattern = line_space_pattern()
    dose = correct_dose(pattern, psf)
    energy = deposited_energy(dose, psf)
    print(f"contrast after correction: {edge_contrast(energy, pattern):.3f}")
    reference = convolve2d(dose, psf, mode="same")
    err = np.abs(energy - reference).max() / reference.max()
    print(f"relative max error against convolve2d: {err:.2e}")
    print("EVAL-RESULT:", "agree" if err < 1e-9 else "differ")
