# eval-label: clean
# eval-why: a 1-D real kernel reversed once ([::-1] is a full flip in 1-D) turns np.convolve into np.correlate
import numpy as np


def sliding_dot(signal, template):
    """Correlation score of the template at every full overlap."""
    return np.convolve(signal, template[::-1], mode="valid")


rng = np.random.default_rng(15)
sig = rng.standard_normal(200)
tpl = sig[60:75].copy()
scores = sliding_dot(sig, tpl)
ref = np.correlate(sig, tpl, mode="valid")
best = int(np.argmax(scores))
print("template found at", best)
print("EVAL-RESULT:", "agree" if np.allclose(scores, ref) and best == 60 else "differ")
