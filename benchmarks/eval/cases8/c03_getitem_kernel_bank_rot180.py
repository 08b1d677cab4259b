# eval-label: clean
# eval-why: the bank's "rot180" view reverses both spatial axes, so the correlation-only accelerator run on it reproduces convolve2d exactly
"""Kernel bank for the DSP accelerator, which can only correlate.

Convolutions are run as correlations with the kernel rotated by 180 degrees;
``bank["rot180", name]`` returns that rotated view.
"""
import numpy as np
from scipy import signal


class KernelBank:
    def __init__(self):
        self._kernels = {}

    def add(self, name, kernel):
        self._kernels[name] = np.asarray(kernel, dtype=float)

    def __getitem__(self, key):
        if isinstance(key, tuple):
            view, name = key
            k = self._kernels[name]
            if view == "rot180":
                return np.flip(k, axis=(0, 1))
            raise KeyError(view)
        return self._kernels[key]

    def __contains__(self, name):
        return name in self._kernels

    def names(self):
        return sorted(self._kernels)


def accel_correlate(img, kernel):
    """Bit-exact model of the accelerator's only filter primitive."""
    return signal.correlate2d(img, kernel, mode="same", boundary="fill")


def convolve(bank, img, name):
    return accel_correlate(img, bank["rot180", name])


bank = KernelBank()
bank.add("kirsch_n", [[5, 5, 5], [-3, 0, -3], [-3, -3, -3]])
bank.add("diag", [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]])
rng = np.random.default_rng(2)
img = rng.integers(0, 255, size=(14, 14)).astype(float)
ok = all(np.allclose(convolve(bank, img, n), signal.convolve2d(img, bank[n], mode="same"))
         for n in bank.names())
print("EVAL-RESULT:", "agree" if ok else "differ")
