# eval-label: buggy
# eval-expect: CNV201@15
# eval-why: [-1, 0, 1] is a forward difference in correlation orientation; np.convolve reverses it, so the signed slope is negated and argmax lands on the note's decay instead of its attack
# eval-fix: np.convolve(env, [-1.0, 0.0, 1.0], "same") => np.correlate(env, [-1.0, 0.0, 1.0], "same")
# onset detector for the practice-pad recordings (notebook exported as a script)
import numpy as np

sr = 8000
t = np.arange(int(0.5 * sr)) / sr
# one drum hit: fast attack at 0.1 s, slow exponential decay
env = np.where(t < 0.1, 0.0, np.exp(-(t - 0.1) * 12.0))
env = np.convolve(env, np.ones(41) / 41, "same")          # smooth the envelope

# %% slope of the envelope
slope = np.convolve(env, [-1.0, 0.0, 1.0], "same")
onset = int(np.argmax(slope))
print("onset at %.4f s" % (onset / sr))

# %% check against numpy's central difference
true_onset = int(np.argmax(np.gradient(env)))
print("EVAL-RESULT:", "agree" if abs(onset - true_onset) <= 2 else "differ")
