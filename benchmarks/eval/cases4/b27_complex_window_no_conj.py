# eval-label: buggy
# eval-expect: CNV401@13|14
# eval-why: the hand-written complex cross-correlation multiplies by the template without conjugating it, while correlate2d conjugates the second operand
# eval-fix: * t).sum() => * np.conj(t)).sum()
import numpy as np
from scipy.signal import correlate2d

rng = np.random.default_rng(6)
field = rng.standard_normal((12, 12)) + 1j * rng.standard_normal((12, 12))
t = np.exp(1j * np.pi / 4 * np.arange(9)).reshape(3, 3)  # phase-ramp template

# complex cross-correlation by hand, top-left corner first
hand = np.array([[(field[i:i + 3, j:j + 3] * t).sum() for j in range(10)] for i in range(10)])
lib = correlate2d(field, t, mode="valid")
best_hand = np.unravel_index(np.argmax(np.abs(hand)), hand.shape)
best_lib = np.unravel_index(np.argmax(np.abs(lib)), lib.shape)
print("peaks:", best_hand, best_lib)
print("EVAL-RESULT:", "agree" if np.allclose(hand, lib) else "differ")
