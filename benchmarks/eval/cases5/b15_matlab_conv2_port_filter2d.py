# eval-label: buggy
# eval-expect: CNV204@27|14
# eval-why: cv2.filter2D (and its ndimage.correlate stand-in) correlates; MATLAB's conv2 convolves, so the asymmetric derivative kernels come out mirrored.
# eval-fix: filter2D(frame, -1, DX) => filter2D(frame, -1, DX[::-1, ::-1])
# eval-fix: filter2D(frame, -1, DY) => filter2D(frame, -1, DY[::-1, ::-1])
# Port of derivative_maps.m (MATLAB):  Ix = conv2(I, dx_kernel, 'same');
import numpy as np
from scipy.signal import convolve2d

try:
    import cv2

    def filter2D(src, ddepth, kernel):
        return cv2.filter2D(src, ddepth, kernel, borderType=cv2.BORDER_CONSTANT)
except ImportError:  # no OpenCV on the cluster: same operation with scipy
    from scipy import ndimage

    def filter2D(src, ddepth, kernel):
        return ndimage.correlate(src, kernel, mode="constant", cval=0.0)

DX = np.array([[0.0, 0.0, 0.0], [1.0, -1.0, 0.0], [0.0, 0.0, 0.0]], dtype=np.float32)
DY = DX.T.copy()


def derivative_maps(frame):
    """Ix = conv2(I, dx, 'same'); Iy = conv2(I, dy, 'same')  (as in the .m file)."""
    ix = filter2D(frame, -1, DX)
    iy = filter2D(frame, -1, DY)
    return ix, iy


if __name__ == "__main__":
    rng = np.random.default_rng(3)
    frame = rng.random((24, 32)).astype(np.float32)
    ix, iy = derivative_maps(frame)
    ref_x = convolve2d(frame, DX, mode="same")
    ref_y = convolve2d(frame, DY, mode="same")
    ok = np.allclose(ix, ref_x, atol=1e-5) and np.allclose(iy, ref_y, atol=1e-5)
    print("matches MATLAB conv2:", ok)
    print("EVAL-RESULT:", "agree" if ok else "differ")
