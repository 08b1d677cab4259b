# eval-label: buggy
# eval-expect: CNV202@26
# eval-why: the B-mode simulator documents the RF frame as the scatterer map convolved with the pulse-echo PSF, but ndimage.correlate uses the one-sided (asymmetric) pulse mirrored in depth
# eval-fix: yield ndimage.correlate(scatterers, psf, mode="constant") => yield ndimage.convolve(scatterers, psf, mode="constant")
"""Linear-array ultrasound phantom: RF frames from a convolutional image-formation model.

rf = scatterers (*) h, with h the separable pulse-echo PSF: a causal, decaying
pulse along depth times a lateral beam profile.
"""
import numpy as np
from scipy import ndimage, signal

FC, FS = 5e6, 40e6


def pulse_echo_psf(n_axial=15, n_lateral=5):
    t = np.arange(n_axial) / FS
    axial = np.sin(2 * np.pi * FC * t) * np.exp(-t * 1.2e7)  # causal ring-down
    lateral = np.hanning(n_lateral + 2)[1:-1]
    return np.outer(axial, lateral)


def rf_frames(phantoms, psf):
    """Yield one RF frame per phantom: the scatterers convolved with the PSF."""
    for scatterers in phantoms:
        yield ndimage.correlate(scatterers, psf, mode="constant")


def envelope(rf):
    """Envelope detection along depth via the analytic signal."""
    return np.abs(signal.hilbert(rf, axis=0))


def log_compress(env, dynamic_range_db=50.0):
    env = env / (env.max() + 1e-12)
    db = 20 * np.log10(env + 1e-12)
    return np.clip((db + dynamic_range_db) / dynamic_range_db, 0.0, 1.0)


def bmode(phantom_iter, psf):
    """Displayable B-mode images, one per phantom."""
    return [log_compress(envelope(rf)) for rf in rf_frames(phantom_iter, psf)]


def phantoms(n, shape=(64, 24), seed=4):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        p = np.zeros(shape)
        idx = rng.integers(0, p.size, 20)
        p.flat[idx] = rng.standard_normal(20)
        yield p


if __name__ == "__main__":
    psf = pulse_echo_psf()
    ok = True
    images = bmode(phantoms(1), psf)
    assert images[0].shape == (64, 24)
    for frame, ph in zip(rf_frames(phantoms(3), psf), phantoms(3)):
        truth = signal.convolve(ph, psf, mode="same")
        ok &= np.allclose(frame, truth)
    print("EVAL-RESULT:", "agree" if ok else "differ")
