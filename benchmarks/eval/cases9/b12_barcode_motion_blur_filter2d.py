# eval-label: buggy
# eval-expect: CNV204@55|50
# eval-why: cv2.filter2D correlates, so the forward model documented as a convolution with the motion PSF smears the frame the wrong way for this one-sided kernel
# eval-fix: cv2.filter2D(frame, -1, kernel, borderType=cv2.BORDER_CONSTANT) => cv2.filter2D(frame, -1, cv2.flip(kernel, -1), borderType=cv2.BORDER_CONSTANT)
"""Motion-blur forward model for the barcode-reader deblurring benchmark.

Ported from the MATLAB prototype (blurred = conv2(frame, psf, 'same')).
"""
import numpy as np

try:
    import cv2
except ImportError:  # headless CI without OpenCV: same semantics via scipy
    from scipy import ndimage

    class _CV2Standin:
        BORDER_CONSTANT = 0

        @staticmethod
        def filter2D(src, ddepth, kernel, borderType=0):
            return ndimage.correlate(src, kernel, mode="constant", cval=0.0)

        @staticmethod
        def flip(src, code):
            return src[::-1, ::-1] if code == -1 else (src[::-1] if code == 0 else src[:, ::-1])

    cv2 = _CV2Standin()


def linear_motion_psf(length=5, decay=0.55):
    """Shutter opens fast and closes slowly: a one-sided diagonal streak."""
    psf = np.zeros((length, length))
    for t in range(length):
        psf[t, min(length - 1, (t * 3) // 2 % length)] = decay ** t
    return psf / psf.sum()


class MotionBlurModel:
    """Forward operator used to generate blurred barcode crops."""

    def __init__(self, length=5):
        self.psf = linear_motion_psf(length)
        self.length = length

    def __repr__(self):
        return f"MotionBlurModel(length={self.length})"

    def apply(self, frame):
        """Convolve the frame with the motion PSF (zero outside the crop)."""
        return blur_with(np.asarray(frame, dtype=np.float64), self.psf)


def blur_with(frame, kernel):
    # kernel is the physical PSF; output has the size of the input
    return cv2.filter2D(frame, -1, kernel, borderType=cv2.BORDER_CONSTANT)


def barcode(width=40, height=15, seed=6):
    rng = np.random.default_rng(seed)
    bars = (rng.random(width) > 0.5).astype(float)
    return np.tile(bars, (height, 1))


def impulse_matches_psf(model):
    """A bright dot in the scene must turn into the PSF centred on the dot."""
    frame = np.zeros((15, 15))
    frame[7, 7] = 1.0
    out = model.apply(frame)
    h = model.length // 2
    return np.allclose(out[7 - h:7 + h + 1, 7 - h:7 + h + 1], model.psf, atol=1e-7)


if __name__ == "__main__":
    m = MotionBlurModel()
    print(m, "contrast:", float(np.ptp(m.apply(barcode()))))
    print("EVAL-RESULT:", "agree" if impulse_matches_psf(m) else "differ")
