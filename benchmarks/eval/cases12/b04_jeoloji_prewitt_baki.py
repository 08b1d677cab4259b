# eval-label: buggy
# eval-expect: CNV201@15|20|21|22
# eval-why: the Prewitt kernels from np.outer are written in correlation orientation (-1 on the left/top) but go through ndimage.convolve, so the slopes change sign and the aspect from arctan2 points 180 degrees away from np.gradient's
# eval-fix: return ndimage.convolve(dem, cekirdek, mode="nearest") => return ndimage.correlate(dem, cekirdek, mode="nearest")
"""Sayisal yukseklik modelinden (DEM) baki haritasi; jeoloji saha raporu icin."""
import numpy as np
from scipy import ndimage

# Prewitt, x yonu: -1 solda, +1 sagda; y yonu: -1 ustte
PREWITT_X = np.outer([1.0, 1.0, 1.0], [-1.0, 0.0, 1.0]) / 6.0
PREWITT_Y = PREWITT_X.T.copy()


def turev(dem, cekirdek):
    return ndimage.convolve(dem, cekirdek, mode="nearest")


def baki(dem):
    """Downslope direction in degrees, measured from +x (east) counter-clockwise."""
    gx = turev(dem, PREWITT_X)
    gy = turev(dem, PREWITT_Y)
    return np.degrees(np.arctan2(-gy, -gx))


yy, xx = np.mgrid[0:30, 0:40].astype(float)
dem = 0.02 * xx**2 - 0.015 * xx * yy + 0.3 * yy + 5.0
ic = (slice(2, -2), slice(2, -2))

bizim = baki(dem)[ic]
gy_ref, gx_ref = np.gradient(dem)
referans = np.degrees(np.arctan2(-gy_ref, -gx_ref))[ic]
fark = np.abs((bizim - referans + 180.0) % 360.0 - 180.0)
print("max aspect error (deg):", fark.max())
print("EVAL-RESULT:", "agree" if fark.max() < 1e-6 else "differ")
