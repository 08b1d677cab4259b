# eval-label: buggy
# eval-expect: CNV101@23|30
# eval-why: a four-loop accumulation acc += pad[y+m, x+n] * k[m, n] (a correlation) is compared with signal.convolve2d of the Sobel x kernel
# eval-fix: ref = signal.convolve2d(gray, sobel_x, mode="same", boundary="fill") => ref = signal.correlate2d(gray, sobel_x, mode="same", boundary="fill")
import numpy as np
from scipy import signal

sobel_x = np.array([[-1, 0, 1],
                    [-2, 0, 2],
                    [-1, 0, 1]], dtype=float)


def apply_filter(gray, k):
    H, W = gray.shape
    kh, kw = k.shape
    pad = np.pad(gray, ((kh // 2,), (kw // 2,)), mode="constant")
    res = np.zeros_like(gray, dtype=float)
    for y in range(H):
        for x in range(W):
            acc = 0.0
            for m in range(kh):
                for n in range(kw):
                    acc += pad[y + m, x + n] * k[m, n]
            res[y, x] = acc
    return res


gray = np.random.default_rng(0).random((16, 16)) * 255
mine = apply_filter(gray, sobel_x)
ref = signal.convolve2d(gray, sobel_x, mode="same", boundary="fill")
print("mean |diff| =", np.mean(np.abs(mine - ref)))
print("EVAL-RESULT:", "agree" if np.allclose(mine, ref) else "differ")
