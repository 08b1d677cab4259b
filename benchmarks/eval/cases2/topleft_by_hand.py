# eval-label: buggy
# eval-expect: CNV101@19|20
# eval-why: the top-left 3x3 product-sum (a correlation) is taken as the expected first value of convolve2d 'valid' with an asymmetric, float-converted kernel
# eval-fix: lib_value = convolve2d(image, kern, "valid")[0, 0] => lib_value = correlate2d(image, kern, "valid")[0, 0]
import numpy as np
from scipy.signal import convolve2d, correlate2d


def random_kernel(seed):
    r = np.random.RandomState(seed)
    return r.randint(0, 5, size=(3, 3)).astype(np.float64)


image = np.random.RandomState(42).randint(0, 5, size=(10, 10))
kern = random_kernel(5)
print("window:\n", image[0:3, 0:3])
print("kernel:\n", kern)

hand_value = float(np.sum(image[0:3, 0:3] * kern))
lib_value = convolve2d(image, kern, "valid")[0, 0]
print("by hand:", hand_value, "scipy:", lib_value)
print("EVAL-RESULT:", "agree" if np.isclose(hand_value, lib_value) else "differ")
