# eval-label: buggy
# eval-expect: CNV201@13
# eval-why: a central-difference kernel written in correlation order [-1, 0, 1] goes through np.convolve, so the velocity has the wrong sign; it is checked against np.gradient
# eval-fix: deriv = np.array([-1.0, 0.0, 1.0]) / (2 * dt) => deriv = np.array([1.0, 0.0, -1.0]) / (2 * dt)
import numpy as np

dt = 0.01
t = np.arange(0, 2, dt)
pos = 0.5 * 9.81 * t**2 + 3.0 * t          # falling body, metres

# central difference: (x[n+1] - x[n-1]) / 2dt
deriv = np.array([-1.0, 0.0, 1.0]) / (2 * dt)
vel = np.convolve(pos, deriv, mode="same")
falling = vel > 0

ref = np.gradient(pos, dt)
interior = slice(1, -1)
print("fraction of samples moving down:", falling.mean())
ok = np.allclose(vel[interior], ref[interior])
print("EVAL-RESULT:", "agree" if ok else "differ")
