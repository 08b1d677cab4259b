# eval-label: buggy
# eval-expect: CNV101@18|21|22
# eval-why: the four-loop accumulation with zero padding is a 'same' cross-correlation, compared with convolve2d(..., 'same').
# eval-fix: * w[m][n] => * w[2 - m][2 - n]
import numpy as np
from scipy.signal import convolve2d

img = np.arange(36, dtype=float).reshape(6, 6) % 7
w = [[0.0, 1.0, 2.0], [0.5, 0.0, 0.0], [0.0, -1.0, 0.0]]

padded = np.pad(img, 1)
manual = np.zeros_like(img)
for i in range(img.shape[0]):
    for j in range(img.shape[1]):
        acc = 0.0
        for m in range(3):
            for n in range(3):
                acc += padded[i + m][j + n] * w[m][n]
        manual[i, j] = acc

library = convolve2d(img, np.array(w), mode="same")
ok = np.allclose(manual, library)
print("manual == convolve2d:", ok)

if __name__ == "__main__":
    print("EVAL-RESULT:", "agree" if ok else "differ")
