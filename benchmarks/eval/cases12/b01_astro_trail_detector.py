# eval-label: buggy
# eval-expect: CNV101@53|72
# eval-why: the detector's matched filter is a window sum (a cross-correlation) but its unit test checks it against signal.convolve2d of the same trailed-star kernel, which rotates the kernel 180 degrees
# eval-fix: signal.convolve2d(frame, kern, mode="valid") => signal.correlate2d(frame, kern, mode="valid")
"""Source extraction for a survey camera: registry -> factory -> Detector.filtered."""
import numpy as np
from scipy import signal

KERNEL_REGISTRY = {}


def register(name):
    def deco(fn):
        KERNEL_REGISTRY[name] = fn
        return fn
    return deco


@register("tophat")
def _tophat(size=5, **_):
    return np.ones((size, size)) / size**2


@register("trail")
def _trail(length=5, width=1.2, angle_deg=20.0, **_):
    """A star smeared by a tracking error: a half-line starting at the centroid."""
    yy, xx = np.mgrid[-length:length + 1, -length:length + 1].astype(float)
    ang = np.deg2rad(angle_deg)
    along = xx * np.cos(ang) + yy * np.sin(ang)
    across = -xx * np.sin(ang) + yy * np.cos(ang)
    prof = np.exp(-0.5 * (across / width) ** 2) * ((along >= 0) & (along <= length))
    return prof / prof.sum()


def make_kernel(spec):
    spec = dict(spec)
    return KERNEL_REGISTRY[spec.pop("kind")](**spec)


class Detector:
    def __init__(self, frame, kernel, nsigma=4.0):
        self.frame = np.asarray(frame, dtype=float)
        self.kernel = kernel
        self.nsigma = nsigma

    @property
    def filtered(self):
        kh, kw = self.kernel.shape
        rows, cols = self.frame.shape
        out = np.empty((rows - kh + 1, cols - kw + 1))
        for r in range(out.shape[0]):
            for c in range(out.shape[1]):
                out[r, c] = (self.frame[r:r + kh, c:c + kw] * self.kernel).sum()
        return out

    def sources(self):
        f = self.filtered
        med = np.median(f)
        mad = 1.4826 * np.median(np.abs(f - med))
        peaks = np.argwhere(f > med + self.nsigma * mad)
        return peaks + np.array(self.kernel.shape) // 2


# ---- tests/test_detector.py -------------------------------------------------
def test_filtered_matches_reference():
    rng = np.random.default_rng(7)
    frame = rng.normal(100.0, 3.0, (40, 44))
    frame[20, 22] += 400.0
    kern = make_kernel({"kind": "trail", "length": 4, "angle_deg": 35.0})
    det = Detector(frame, kern)
    got = det.filtered
    want = signal.convolve2d(frame, kern, mode="valid")
    print("sources:", det.sources()[:3].tolist())
    return np.allclose(got, want)


ok = test_filtered_matches_reference()
print("EVAL-RESULT:", "agree" if ok else "differ")
