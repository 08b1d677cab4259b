# eval-label: buggy
# eval-expect: CNV202@19
# eval-why: motion blur image formation is simulated with signal.correlate2d and a one-sided (asymmetric) motion PSF; checked against the FFT convolution the deblurring code inverts
# eval-fix: blurred = signal.correlate2d(sharp, psf, mode="same", boundary="fill") => blurred = signal.convolve2d(sharp, psf, mode="same", boundary="fill")
import numpy as np
from scipy import signal


def linear_motion_psf(length=5, decay=0.7):
    """Horizontal motion blur: the shutter opens bright and fades (camera moving right)."""
    w = decay ** np.arange(length)
    psf = np.zeros((length, length))
    psf[length // 2, :] = w
    return psf / psf.sum()


def simulate_motion_blur(sharp, psf):
    # image formation: each scene point is smeared along the motion path by the PSF
    blurred = signal.correlate2d(sharp, psf, mode="same", boundary="fill")
    return blurred


rng = np.random.default_rng(9)
sharp = rng.random((24, 24))
psf = linear_motion_psf()
sim = simulate_motion_blur(sharp, psf)
# the Wiener deconvolution step models the blur with an FFT convolution
model = signal.fftconvolve(sharp, psf, mode="same")
print("EVAL-RESULT:", "agree" if np.allclose(sim, model) else "differ")
