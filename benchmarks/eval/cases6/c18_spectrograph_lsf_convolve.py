# eval-label: clean
# eval-why: the spectrum is convolved with the skewed line-spread function (np.convolve), so each line comes out as the LSF itself
"""Instrument model for the grating spectrometer: true spectrum convolved with the LSF."""

import numpy as np

LSF = np.array([0.03, 0.12, 0.45, 0.25, 0.10, 0.05])
LSF = np.append(LSF, 0.0)  # odd length: "same" keeps index 3 on the line


def observe(flux):
    return np.convolve(flux, LSF, mode="same")


def fwhm_pixels(profile):
    half = profile.max() / 2.0
    above = np.flatnonzero(profile >= half)
    return int(above[-1] - above[0] + 1)


if __name__ == "__main__":
    flux = np.zeros(120)
    flux[40] = 2.0
    obs = observe(flux)
    print("line FWHM (pixels):", fwhm_pixels(obs))
    print("EVAL-RESULT:", "agree" if np.allclose(obs[37:44], 2.0 * LSF) else "differ")
