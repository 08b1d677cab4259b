"""A microscope forward model: the image is the scene convolved with the PSF."""

import numpy as np
from scipy import ndimage, signal


def simulate_detector(scene, psf):
    """Image formation: blur the scene with the point spread function."""
    return signal.correlate2d(scene, psf, mode="same")


def richardson_lucy_step(estimate, observed, psf):
    """One Richardson-Lucy update: the forward model and its adjoint (mirrored PSF)."""
    blurred = signal.convolve2d(estimate, psf, mode="same")
    ratio = observed / np.maximum(blurred, 1e-12)
    return estimate * signal.convolve2d(ratio, psf[::-1, ::-1], mode="same")


def find_template(image, template):
    """Template matching is a correlation, and says so."""
    return ndimage.correlate(image, template)
