# eval-label: buggy
# eval-expect: CNV201@23|24
# eval-why: the central-difference taps (-1/2, 0, +1/2) are written in correlation orientation, so convolve1d returns mu[i-1] - mu[i+1] and the argmax picks a point away from the rising absorption edge.
# eval-fix: ndimage.convolve1d(mu_s, taps, mode="nearest") => ndimage.correlate1d(mu_s, taps, mode="nearest")
"""Edge-energy (E0) finder for the beamline's XANES quick-look.

E0 is taken as the energy of the maximum of the first derivative of the
normalised absorption mu(E) on a uniform energy grid.
"""
import numpy as np
from scipy import ndimage

SETTINGS = {
    "smooth_sigma": 1.5,
    "derivative": {"taps": (-0.5, 0.0, 0.5), "unit": "per step"},
    "grid_step_ev": 0.25,
}


def find_e0(energy, mu, cfg=SETTINGS):
    taps = np.asarray(cfg["derivative"]["taps"], dtype=float)
    mu_s = ndimage.gaussian_filter1d(mu, cfg["smooth_sigma"])
    dmu = ndimage.convolve1d(mu_s, taps, mode="nearest")
    e0_idx = int(np.argmax(dmu))
    return energy[e0_idx], dmu / cfg["grid_step_ev"]


# synthetic Fe K-edge: arctan step at 7112 eV with a white line and noise
energy = np.arange(7080.0, 7160.0, SETTINGS["grid_step_ev"])
rng = np.random.default_rng(11)
mu = 0.5 + np.arctan((energy - 7112.0) / 1.2) / np.pi
mu += 0.3 * np.exp(-0.5 * ((energy - 7118.0) / 2.0) ** 2)
mu += rng.normal(0, 0.002, energy.size)

e0, deriv = find_e0(energy, mu)
slope_ref = np.gradient(ndimage.gaussian_filter1d(mu, SETTINGS["smooth_sigma"]))
e0_ref = energy[int(np.argmax(slope_ref))]
print(f"E0 from filter {e0:.2f} eV, from np.gradient {e0_ref:.2f} eV")
print("EVAL-RESULT:", "agree" if abs(e0 - e0_ref) < 0.3 else "differ")
