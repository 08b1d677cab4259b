# eval-label: clean
# eval-why: the Sobel kernels are in correlation orientation and go through ndimage.convolve, which flips their sign, but only the slope magnitude (np.hypot) is used, so the result equals the magnitude from np.gradient
"""DEM egim (slope) haritasi; heyelan duyarlilik calismasi icin."""
import numpy as np
from scipy import ndimage

SOBEL_X = np.outer([1.0, 2.0, 1.0], [-1.0, 0.0, 1.0]) / 8.0
SOBEL_Y = np.outer([-1.0, 0.0, 1.0], [1.0, 2.0, 1.0]) / 8.0


def turev(dem, cekirdek, **ayar):
    ayar.setdefault("mode", "nearest")
    return ndimage.convolve(dem, cekirdek, **ayar)


def egim_derece(dem, hucre=1.0):
    gx = turev(dem, SOBEL_X) / hucre
    gy = turev(dem, SOBEL_Y) / hucre
    return np.degrees(np.arctan(np.hypot(gx, gy)))


yy, xx = np.mgrid[0:30, 0:40].astype(float)
dem = 0.02 * xx**2 - 0.015 * xx * yy + 0.3 * yy + 5.0
ic = (slice(2, -2), slice(2, -2))
gy_ref, gx_ref = np.gradient(dem)
referans = np.degrees(np.arctan(np.hypot(gx_ref, gy_ref)))[ic]
bizim = egim_derece(dem)[ic]
print("max slope error (deg):", np.abs(bizim - referans).max())
print("EVAL-RESULT:", "agree" if np.allclose(bizim, referans) else "differ")
