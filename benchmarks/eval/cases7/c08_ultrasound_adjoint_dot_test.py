# eval-label: clean
# eval-why: the RF forward model convolves with the pulse-echo PSF and the adjoint (named as such) correlates with the same PSF; a dot test proves the pair is consistent
"""Linear-array ultrasound: forward model and its adjoint for least-squares deconvolution."""
import numpy as np
from scipy import ndimage


def pulse_echo_psf(n_axial=15, n_lateral=5, fs=40e6, fc=5e6):
    t = np.arange(n_axial) / fs
    axial = np.sin(2 * np.pi * fc * t) * np.exp(-t * 1.2e7)
    return np.outer(axial, np.hanning(n_lateral + 2)[1:-1])


def forward(scatterers, psf):
    """RF frame: scatterers convolved with the PSF (zero borders)."""
    return ndimage.convolve(scatterers, psf, mode="constant")


def adjoint(rf, psf):
    """Adjoint of `forward`: correlation with the same PSF."""
    return ndimage.correlate(rf, psf, mode="constant")


def envelope(rf):
    from scipy.signal import hilbert
    return np.abs(hilbert(rf, axis=0))


def log_compress(env, dynamic_range_db=50.0):
    db = 20 * np.log10(env / (env.max() + 1e-12) + 1e-12)
    return np.clip((db + dynamic_range_db) / dynamic_range_db, 0.0, 1.0)


def frames(n, shape=(64, 24), seed=4):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        yield rng.standard_normal(shape), rng.standard_normal(shape)


def landweber(rf, psf, n_iter=5, step=0.5):
    est = np.zeros_like(rf)
    for _ in range(n_iter):
        est += step * adjoint(rf - forward(est, psf), psf)
    return est


if __name__ == "__main__":
    psf = pulse_echo_psf()
    ok = True
    for x, y in frames(3):
        lhs = np.vdot(forward(x, psf), y)
        rhs = np.vdot(x, adjoint(y, psf))
        ok &= bool(np.isclose(lhs, rhs))
    print("EVAL-RESULT:", "agree" if ok else "differ")
