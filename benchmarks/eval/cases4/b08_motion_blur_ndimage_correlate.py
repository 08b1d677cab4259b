# eval-label: buggy
# eval-expect: CNV202@16
# eval-why: the blur forward model uses ndimage.correlate with a one-sided motion PSF, so a point source comes out as the mirrored PSF
# eval-fix: ndimage.correlate( => ndimage.convolve(
import numpy as np
from scipy import ndimage

# forward model for the deblurring exercise: blurred = scene convolved with the motion PSF
psf = np.zeros((5, 5))
psf[2, 2:] = np.linspace(1.0, 0.2, 3)  # streak to the right, fading
psf[2, :2] = [0.05, 0.1]
psf /= psf.sum()

scene = np.zeros((15, 15))
scene[7, 7] = 1.0
blurred = ndimage.correlate(scene, psf, mode="constant")

# a point source must reproduce the PSF itself around (7, 7)
print(blurred[7, 5:10].round(3))
print("EVAL-RESULT:", "agree" if np.allclose(blurred[5:10, 5:10], psf) else "differ")
