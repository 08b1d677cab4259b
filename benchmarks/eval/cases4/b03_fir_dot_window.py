# eval-label: buggy
# eval-expect: CNV101@13|14
# eval-why: the FIR output written as a dot product of each window with the taps is a correlation; np.convolve reverses the taps
# eval-fix: x[i:i + m] @ h for => x[i:i + m] @ h[::-1] for
import numpy as np

x = np.sin(np.linspace(0, 6, 40)) + 0.1 * np.arange(40)
taps = np.array([0.5, 0.3, 0.15, 0.05])
h = taps.copy()
m = len(h)

# direct-form FIR, one output per full window
fir = np.array([x[i:i + m] @ h for i in range(len(x) - m + 1)])
lib = np.convolve(x, h, mode="valid")

print(fir[:4])
print(lib[:4])
print("EVAL-RESULT:", "agree" if np.allclose(fir, lib) else "differ")
