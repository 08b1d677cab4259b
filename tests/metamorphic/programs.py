"""Runnable scripts on which every rewrite is executed before and after.

Each program uses numpy, scipy and cv2 only, draws its data from a seeded generator,
and prints or asserts its results, so a rewrite that changed behaviour shows as a
different output, a different exception, or different module-level values.  Between
them they give every rewrite family a site (the torch flips cannot run here: torch is
not a test dependency).
"""

from __future__ import annotations

PROGRAMS: dict[str, str] = {
    "seed_question": """\
import numpy as np
from scipy.signal import convolve2d
X = np.random.rand(10, 10)
K = np.random.rand(3, 3)
top_left = (X[:3, :3] * K).sum()
Y = convolve2d(X, K[::-1, ::-1], "valid")
assert np.allclose(top_left, Y[0, 0])
print(top_left, Y[0, 0])
""",
    "window_loop": """\
import numpy as np
from scipy import signal
pic = np.random.rand(7, 6)
taps = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
out = np.zeros((pic.shape[0] - 1, pic.shape[1] - 2))
for i in range(out.shape[0]):
    for j in range(out.shape[1]):
        out[i, j] = np.sum(pic[i:i + 2, j:j + 3] * taps)
ref = signal.correlate2d(pic, taps, "valid")
np.testing.assert_allclose(out, ref)
corner = np.multiply(pic[0:2, 0:3], taps).sum()
assert abs(corner - ref[0, 0]) < 1e-9
print(out.round(6))
""",
    "flip_spellings": """\
import numpy as np
import scipy.ndimage as ndi
from scipy.signal import convolve2d, correlate2d
img = np.random.rand(6, 6)
ker = np.random.rand(3, 3)
a = convolve2d(img, np.flip(ker), "valid")
b = correlate2d(img, np.rot90(ker, 2), "valid")
c = convolve2d(img, np.flipud(np.fliplr(ker)), "full")
d = correlate2d(img, np.flip(ker, (0, 1)), "same")
half = convolve2d(img, ker[::-1], "valid")
half_lr = correlate2d(img, np.fliplr(ker), "valid")
tr = ndi.convolve(img, ker.T)
tr2 = ndi.correlate(img, np.transpose(ker))
q1 = ndi.convolve(img, np.rot90(ker))
q3 = ndi.correlate(img, np.rot90(ker, 3))
q_neg = ndi.correlate(img, np.rot90(ker, -3))
taps = np.array([1.0, -2.0, 0.5])
line = np.convolve(np.arange(8.0), taps[::-1])
stack = np.random.rand(2, 3, 3, 3)
turned = np.rot90(stack, 2, axes=(2, 3))
spatial = stack[:, :, ::-1, ::-1]
assert np.allclose(turned, spatial)
print(a.sum(), b.sum(), c.sum(), d.sum(), half.sum(), half_lr.sum())
print(tr.sum(), tr2.sum(), q1.sum(), q3.sum(), q_neg.sum(), line)
""",
    "reductions": """\
import numpy as np
from scipy.signal import correlate2d
grid = np.random.rand(5, 5)
w = np.random.rand(3, 3)
s1 = (grid[1:4, 1:4] * w).sum()
s2 = np.einsum('ij,ij->', grid[0:3, 0:3], w)
s3 = np.tensordot(grid[:3, 2:5], w, axes=2)
s4 = (grid[2:5, 0:3] * w).sum(axis=(0, 1))
full = correlate2d(grid, w, "valid")
np.testing.assert_allclose([s1, s2, s3, s4], [full[1, 1], full[0, 0], full[0, 2], full[2, 0]])
print(s1, s2, s3, s4)
""",
    "functions_and_classes": """\
import numpy as np
from scipy.signal import convolve2d, correlate2d


def conv_forward(frame, taps):
    return correlate2d(frame, taps, "valid")


def conv_backward(frame, taps, grad):
    grad_frame = convolve2d(grad, taps, "full")
    grad_taps = correlate2d(frame, grad, "valid")
    return grad_frame, grad_taps


class Layer:
    def __init__(self, taps):
        self.taps = taps

    def forward(self, frame):
        self.frame = frame
        return correlate2d(frame, self.taps[::-1, ::-1][::-1, ::-1], "valid")

    def backward(self, grad):
        return convolve2d(grad, self.taps, "full"), correlate2d(self.frame, grad, "valid")


frame = np.random.rand(6, 6)
taps = np.random.rand(3, 3)
layer = Layer(taps)
out = conv_forward(frame, taps)
assert np.allclose(out, layer.forward(frame))
grad = np.random.rand(*out.shape)
gf, gt = conv_backward(frame, taps, grad=grad)
lf, lt = layer.backward(grad)
expected = gf
np.testing.assert_allclose(lf, expected)
assert np.allclose(gt, lt)
print(np.round(gf, 6), np.round(gt, 6))
""",
    "filter2d_and_ndimage": """\
import cv2
import numpy as np
from scipy import ndimage
from scipy.ndimage import convolve, correlate
tile = np.random.rand(8, 8).astype(np.float64)
pair = np.array([[1.0, 2.0, 0.0], [3.0, 4.0, 1.0], [0.0, 1.0, 2.0]])
via_cv = cv2.filter2D(tile, -1, pair, borderType=cv2.BORDER_REFLECT)
via_nd = correlate(tile, pair, mode="reflect")
assert np.allclose(via_cv, via_nd)
flipped = ndimage.convolve(tile, pair[::-1, ::-1], mode="reflect")
assert np.allclose(flipped, via_nd)
blur = convolve(tile, np.ones((3, 3)) / 9.0)
print(via_cv.sum(), blur.sum())
""",
    "wrapped_assertions": """\
import numpy as np
import scipy.signal as sig


def helper(values):
    return values * 2


data = np.arange(12.0).reshape(3, 4)
kern = np.array([[0.0, 1.0], [2.0, 3.0]])
res = sig.convolve2d(data, kern, mode="valid")
assert res.shape == (2, 3)
assert np.allclose(res[0, 0], (data[:2, :2] * kern[::-1, ::-1]).sum())
np.testing.assert_allclose(helper(res), 2 * res)
print(res)
""",
}
