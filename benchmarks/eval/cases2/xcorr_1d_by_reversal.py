# eval-label: clean
# eval-why: a 1-D cross-correlation is written as np.convolve with the reversed real template, which is exactly np.correlate
import numpy as np


def lag_scores(signal_a, template):
    """Cross-correlation of a real signal with a template, all lags."""
    return np.convolve(signal_a, template[::-1], mode="full")


rng = np.random.default_rng(44)
sig = rng.standard_normal(300)
template = sig[120:150].copy()
scores = lag_scores(sig, template)
best = np.argmax(scores) - (len(template) - 1)
ok = np.allclose(scores, np.correlate(sig, template, "full")) and best == 120
print("best lag", best)
print("EVAL-RESULT:", "agree" if ok else "differ")
