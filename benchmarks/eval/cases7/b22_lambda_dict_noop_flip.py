# eval-label: buggy
# eval-expect: CNV301@12|19
# eval-why: k[::-1][::-1] reverses axis 0 twice and returns the kernel unchanged, so the "convolution by correlating with the rotated kernel" is still a plain correlation
# eval-fix: k[::-1][::-1] => k[::-1, ::-1]
# kernel transforms used by the augmentation / filtering toolbox
import numpy as np
from scipy.signal import convolve2d, correlate2d

TRANSFORMS = {
    "identity": lambda k: k,
    "mirror_lr": lambda k: k[:, ::-1],
    "rot180": lambda k: k[::-1][::-1],
    "transpose": lambda k: k.T,
}


def convolve_via_correlate(img, kernel, mode="valid"):
    """True convolution = correlation with the kernel rotated by 180 degrees."""
    return correlate2d(img, TRANSFORMS["rot180"](kernel), mode)


rng = np.random.default_rng(14)
img = rng.random((9, 11))
kernel = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
ok = all(np.allclose(convolve_via_correlate(img, kernel, m), convolve2d(img, kernel, m))
         for m in ("valid", "full"))
print("EVAL-RESULT:", "agree" if ok else "differ")
