# eval-label: buggy
# eval-expect: CNV402@51|53|50
# eval-why: the 2x2 box is even, and convolve2d 'same' anchors it at (m-1)//2 while ndimage.convolve anchors at m//2, so the two back-ends of the pyramid's pre-filter differ by a one-pixel shift
# eval-fix: slow = ndimage.convolve(img, box, mode="constant") => slow = ndimage.convolve(img, box, mode="constant", origin=-1)
"""Anti-aliasing pre-filter for the 2x image pyramid, with two interchangeable back-ends."""
import numpy as np
from scipy import ndimage
from scipy.signal import convolve2d

box = np.ones((2, 2)) / 4.0


def prefilter_scipy(img):
    return convolve2d(img, box, mode="same")


def prefilter_ndimage(img):
    return ndimage.convolve(img, box, mode="constant")


def pyramid(img, levels, prefilter):
    out = [img]
    for _ in range(levels - 1):
        img = prefilter(img)[::2, ::2]
        out.append(img)
    return out


def laplacian_pyramid(img, levels, prefilter):
    """Band-pass levels: each Gaussian level minus the upsampled next one."""
    gauss = pyramid(img, levels, prefilter)
    bands = []
    for fine, coarse in zip(gauss[:-1], gauss[1:]):
        up = np.kron(coarse, np.ones((2, 2)))[: fine.shape[0], : fine.shape[1]]
        bands.append(fine - up)
    return bands + [gauss[-1]]


def reconstruct(bands):
    img = bands[-1]
    for band in reversed(bands[:-1]):
        img = np.kron(img, np.ones((2, 2)))[: band.shape[0], : band.shape[1]] + band
    return img


BACKENDS = {"scipy": prefilter_scipy, "ndimage": prefilter_ndimage}


def backends_agree(img):
    fast = convolve2d(img, box, mode="same")
    slow = ndimage.convolve(img, box, mode="constant")
    try:
        assert np.allclose(fast, slow)
    except AssertionError:
        return False
    return True


if __name__ == "__main__":
    img = np.random.default_rng(0).random((16, 16))
    print([p.shape for p in pyramid(img, 3, prefilter_scipy)])
    for name, fn in BACKENDS.items():
        print(name, [b.shape for b in laplacian_pyramid(img, 3, fn)])
    print("EVAL-RESULT:", "agree" if backends_agree(img) else "differ")
