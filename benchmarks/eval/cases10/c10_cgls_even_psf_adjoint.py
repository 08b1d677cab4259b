# eval-label: clean
# eval-why: the scipy 2-D pair anchors 'same' at (m-1)//2 for both functions, so correlate2d(r, psf, 'same') is the exact adjoint of convolve2d(x, psf, 'same') even for the even 6x4 PSF; the dot test and a gradient step agree.
"""CGLS deblurring of detector frames with a measured (even-sized, asymmetric) PSF."""
import numpy as np
from scipy.signal import convolve2d, correlate2d

rng = np.random.default_rng(40)
psf = rng.random((6, 4)) ** 3
psf[0, :] *= 4.0                       # ghost of the entrance slit, top rows
psf /= psf.sum()


def A(x):
    return convolve2d(x, psf, mode="same")


def AT(r):
    # adjoint of the 'same' convolution: same-mode correlation, same anchor
    return correlate2d(r, psf, mode="same")


def cgls(y, n_iter=15):
    x = np.zeros_like(y)
    r = y - A(x)
    s = AT(r)
    p, gamma = s.copy(), np.vdot(s, s)
    for _ in range(n_iter):
        q = A(p)
        alpha = gamma / np.vdot(q, q)
        x += alpha * p
        r -= alpha * q
        s = AT(r)
        gamma_new = np.vdot(s, s)
        p = s + (gamma_new / gamma) * p
        gamma = gamma_new
    return x


def discrepancy_stop(y, noise_sigma, max_iter=60, tau=1.02):
    """Morozov: increase the iteration count until ||A x - y|| <= tau * sigma * sqrt(N)."""
    target = tau * noise_sigma * np.sqrt(y.size)
    for n in range(1, max_iter + 1):
        x = cgls(y, n)
        if np.linalg.norm(A(x) - y) <= target:
            return x, n
    return x, max_iter


truth = np.zeros((30, 28))
truth[8:12, 5:20] = 1.0
frame = A(truth) + 1e-3 * rng.normal(size=truth.shape)
est = cgls(frame)
print("rel. error", np.linalg.norm(est - truth) / np.linalg.norm(truth))

u, v = rng.normal(size=(30, 28)), rng.normal(size=(30, 28))
dot_ok = np.isclose(np.vdot(A(u), v), np.vdot(u, AT(v)), rtol=1e-10)
print("EVAL-RESULT:", "agree" if dot_ok else "differ")
