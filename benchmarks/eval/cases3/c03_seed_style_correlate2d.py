# eval-label: clean
# eval-why: the hand-computed top-left window sum is compared with correlate2d, which uses the kernel as written
import numpy as np
from scipy.signal import correlate2d

ipryeok = np.random.randint(5, size=(10, 10))
keoneol = np.random.randint(5, size=(3, 3))

print("ipryeok top-left:\n", ipryeok[:3, :3])
print("keoneol:\n", keoneol)
jikjeop = (ipryeok[:3, :3] * keoneol).sum()
gyeolgwa = correlate2d(ipryeok, keoneol, "valid")
print("manual", jikjeop, "scipy", gyeolgwa[0, 0])

modu = np.array([[(ipryeok[i:i + 3, j:j + 3] * keoneol).sum() for j in range(8)] for i in range(8)])
print("EVAL-RESULT:", "agree" if jikjeop == gyeolgwa[0, 0] and np.array_equal(modu, gyeolgwa) else "differ")
