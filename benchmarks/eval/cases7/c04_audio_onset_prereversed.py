# eval-label: clean
# eval-why: the difference kernel is written pre-reversed ([1, 0, -1]) for np.convolve, so the slope has the right sign and argmax finds the attack
# onset detector, convolution spelling (kernel already reversed for np.convolve)
import numpy as np

sr = 8000
t = np.arange(int(0.5 * sr)) / sr
env = np.where(t < 0.1, 0.0, np.exp(-(t - 0.1) * 12.0))
env = np.convolve(env, np.ones(41) / 41, "same")

d_kernel = np.array([1.0, 0.0, -1.0])   # np.convolve flips it: x[n+1] - x[n-1]
slope = np.convolve(env, d_kernel, "same")
onset = int(np.argmax(slope))
true_onset = int(np.argmax(np.gradient(env)))
print("onset at %.4f s" % (onset / sr))
print("EVAL-RESULT:", "agree" if abs(onset - true_onset) <= 2 else "differ")
