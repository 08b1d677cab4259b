# eval-label: buggy
# eval-expect: CNV202@18
# eval-why: the forward model says the spectrum is convolved with the skewed line-spread function, but np.correlate applies it mirrored, so every line gets its red wing on the blue side
# eval-fix: np.correlate(true_flux, lsf, mode="same") => np.convolve(true_flux, lsf, mode="same")
"""Forward model of the echelle spectrograph for the line-fitting code.

observed = true spectrum convolved with the instrument line-spread function
(LSF), sampled on detector pixels.  This instrument's LSF is skewed: it has a
red wing, measured from the ThAr arc lamp (pixel 3 of the array is the peak).
"""

import numpy as np

LSF = np.array([0.02, 0.10, 0.40, 0.28, 0.12, 0.06, 0.02])


def model_spectrum(true_flux, lsf=LSF):
    return np.correlate(true_flux, lsf, mode="same")


def centroid(flux, lo, hi):
    pix = np.arange(lo, hi)
    seg = flux[lo:hi]
    return float(np.sum(pix * seg) / np.sum(seg))


if __name__ == "__main__":
    true = np.zeros(200)
    true[80] = 1.0  # two unresolved emission lines
    true[140] = 0.5
    obs = model_spectrum(true)
    print("line centroid (pixel 80 line):", round(centroid(obs, 74, 87), 3))
    # each line must come out as the LSF itself, its peak on the line
    ok = np.allclose(obs[77:84], LSF) and np.allclose(obs[137:144], 0.5 * LSF)
    print("EVAL-RESULT:", "agree" if ok else "differ")
