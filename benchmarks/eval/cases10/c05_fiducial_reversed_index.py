# eval-label: clean
# eval-why: template matching wants a correlation; reversing the template by index arithmetic and calling fftconvolve gives exactly correlate2d, which the script checks.
"""Locate the cross-shaped fiducial on a wafer image (template matching)."""
import numpy as np
from scipy import signal

tmpl = np.zeros((7, 7))
tmpl[3, :] = 1.0
tmpl[:, 3] = 1.0
tmpl[0:2, 5:7] = 2.0          # orientation mark in the upper right
tmpl -= tmpl.mean()

rng = np.random.default_rng(21)
wafer = rng.normal(0.0, 0.2, size=(64, 64))
wafer[30:37, 12:19] += tmpl + tmpl.mean()

# score[i, j] = sum_{m, n} wafer[i + m, j + n] * tmpl[m, n]  (a correlation):
# fftconvolve flips its second argument, so hand it the template pre-reversed.
m, n = tmpl.shape
rr = (m - 1) - np.arange(m)
cc = (n - 1) - np.arange(n)
score = signal.fftconvolve(wafer, tmpl[np.ix_(rr, cc)], mode="valid")

peak = np.unravel_index(np.argmax(score), score.shape)
check = signal.correlate2d(wafer, tmpl, mode="valid")
print("fiducial top-left at", peak)
ok = np.allclose(score, check) and peak == (30, 12)
print("EVAL-RESULT:", "agree" if ok else "differ")
