# eval-label: clean
# eval-why: the complex matched filter conjugates and reverses the wavelet before np.convolve, which equals np.correlate.
import numpy as np


def morlet(n=33, w0=5.0):
    t = np.linspace(-4, 4, n)
    return np.exp(1j * w0 * t) * np.exp(-(t**2) / 2)


def wavelet_response(data, psi):
    """c[k] = sum_n data[n + k] * conj(psi[n])"""
    return np.convolve(data, np.conj(psi[::-1]), mode="valid")


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    data = rng.normal(size=200) + 1j * rng.normal(size=200)
    psi = morlet()
    ok = np.allclose(wavelet_response(data, psi), np.correlate(data, psi, mode="valid"))
    print("EVAL-RESULT:", "agree" if ok else "differ")
