# eval-label: clean
# eval-why: the central-difference kernel is written pre-reversed ([1, 0, -1]) for np.convolve, so the signed velocity matches np.gradient
import numpy as np

dt = 0.02
t = np.arange(0, 3, dt)
height = 20.0 - 0.5 * 9.81 * t**2

# np.convolve flips its second argument, so write the stencil back to front
stencil = np.array([1.0, 0.0, -1.0]) / (2 * dt)
speed = np.convolve(height, stencil, mode="same")
descending = speed < 0

ref = np.gradient(height, dt)
print("descending fraction:", descending[1:-1].mean())
print("EVAL-RESULT:", "agree" if np.allclose(speed[1:-1], ref[1:-1]) else "differ")
