# eval-label: clean
# eval-why: a Richardson-Lucy step convolves with the PSF and with its 180-degree mirror, the correct adjoint; the mirrored step equals correlate2d.
import numpy as np
from scipy.signal import convolve2d, correlate2d


def rl_step(estimate, observed, psf):
    psf_mirror = psf[::-1, ::-1]
    blurred = convolve2d(estimate, psf, mode="same", boundary="symm")
    ratio = observed / (blurred + 1e-12)
    return estimate * convolve2d(ratio, psf_mirror, mode="same", boundary="symm")


if __name__ == "__main__":
    rng = np.random.default_rng(4)
    psf = rng.random((5, 5))
    psf /= psf.sum()
    truth = rng.random((20, 20)) + 0.1
    observed = convolve2d(truth, psf, mode="same", boundary="symm")
    est = np.full_like(observed, 0.5)
    ratio = observed / (convolve2d(est, psf, mode="same", boundary="symm") + 1e-12)
    via_mirror = rl_step(est, observed, psf)
    via_corr = est * correlate2d(ratio, psf, mode="same", boundary="symm")
    print("EVAL-RESULT:", "agree" if np.allclose(via_mirror, via_corr) else "differ")
