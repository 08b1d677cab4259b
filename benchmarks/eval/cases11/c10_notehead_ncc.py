# eval-label: clean
# eval-why: the normalised template score uses signal.correlate of the page with the zero-mean template (a documented correlation) and fftconvolve only with a box of ones for the local energy, and it matches a brute-force NCC loop
"""Optical music recognition: normalised cross-correlation of a notehead template."""
import numpy as np
from scipy import signal

yy, xx = np.mgrid[-3:4, -3:4]
template = ((xx / 3.2) ** 2 + (yy / 2.2) ** 2 <= 1.0).astype(float)
template[:, 6] = 1.0
template[4:, :2] = 0.0

rng = np.random.default_rng(4)
page = 0.2 * rng.random((60, 80))
for r, c in [(10, 12), (30, 50), (44, 21)]:
    page[r - 3:r + 4, c - 3:c + 4] += template


def ncc(page, tpl):
    t = tpl - tpl.mean()
    n = t.size
    num = signal.correlate(page, t, mode="valid")
    box = np.ones_like(t)
    s1 = signal.fftconvolve(page, box, mode="valid")
    s2 = signal.fftconvolve(page ** 2, box, mode="valid")
    local_var = np.maximum(s2 - s1 ** 2 / n, 1e-12)
    return num / np.sqrt(local_var * (t ** 2).sum())


def ncc_loop(page, tpl):
    kh, kw = tpl.shape
    t = tpl - tpl.mean()
    out = np.empty((page.shape[0] - kh + 1, page.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            w = page[i:i + kh, j:j + kw]
            w = w - w.mean()
            out[i, j] = (w * t).sum() / np.sqrt((w ** 2).sum() * (t ** 2).sum())
    return out


score = ncc(page, template)
peaks = np.argsort(score.ravel())[-3:]
print("peaks at", sorted(tuple(int(v) for v in np.unravel_index(i, score.shape)) for i in peaks))
print("EVAL-RESULT:", "agree" if np.allclose(score, ncc_loop(page, template), atol=1e-8) else "differ")
