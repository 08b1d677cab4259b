# eval-label: buggy
# eval-expect: CNV101@15|19
# eval-why: a list-comprehension window sum (correlation) is compared with ndimage.convolve of the same image and the same (astype float) asymmetric kernel
# eval-fix: ndimage.convolve(pic, kern, mode="constant") => ndimage.correlate(pic, kern, mode="constant")
import numpy as np
from scipy import ndimage

rng = np.random.default_rng(11)
pic = rng.integers(0, 256, size=(9, 9)).astype(np.float32)
kern = np.array([[1, 2, 0], [0, 1, -1], [-2, 0, 1]]).astype(float)
kh, kw = kern.shape

rows = pic.shape[0] - kh + 1
cols = pic.shape[1] - kw + 1
manual = np.array([[(pic[i:i + kh, j:j + kw] * kern).sum() for j in range(cols)]
                   for i in range(rows)])

# ndimage keeps the input shape; the interior is the 'valid' part
lib = ndimage.convolve(pic, kern, mode="constant")[1:-1, 1:-1]
ok = np.allclose(manual, lib, atol=1e-3)
print("manual[0,0] =", manual[0, 0], " ndimage =", lib[0, 0])
print("EVAL-RESULT:", "agree" if ok else "differ")
